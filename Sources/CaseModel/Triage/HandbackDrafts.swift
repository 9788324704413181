import Foundation

private func trimmed(_ s: String) -> String { s.trimmingCharacters(in: .whitespacesAndNewlines) }

private func parseDate(_ text: String) -> CalendarDate? {
    CalendarDate(iso: trimmed(text)) ?? CalendarDate(dutch: trimmed(text))
}

private func require(_ step: CaseStep, _ c: Case, into errors: inout [ValidationError]) {
    if let refusal = step.refusal(for: c) { errors.append(refusal) }
}

/// A procesregie review as typed: a note, and the next review date (default: the cadence).
public struct ReviewDraft: Hashable, Sendable {
    public var note = ""
    public var nextReview = ""

    public init() {}

    public func validate(
        _ c: Case, instrument: Instrument, calendar: WorkingDayCalendar,
        today: CalendarDate
    ) -> Result<ReviewRecorded, ValidationErrors> {
        var errors: [ValidationError] = []
        require(.review, c, into: &errors)
        if trimmed(note).isEmpty { errors.append(ValidationError(.required, field: "note")) }
        var next: CalendarDate?
        if trimmed(nextReview).isEmpty {
            let plain = today.adding(days: 7 * instrument.cadence.reviewWeeks)
            next = calendar.isWorkingDay(plain) ? plain : calendar.adding(workingDays: 1, to: plain)
        } else if let date = parseDate(nextReview) {
            if date < today { errors.append(ValidationError(.dateInPast, field: "next", value: nextReview)) }
            next = date
        } else {
            errors.append(ValidationError(.dateFormat, field: "next", value: nextReview))
        }
        guard errors.isEmpty else { return .failure(ValidationErrors(errors)) }
        return .success(ReviewRecorded(caseID: c.id, note: trimmed(note), nextReview: next))
    }
}

/// A handback (afschalen) as typed: to which wijkteam and contact, on what conditions, when the warm
/// handover is, and when the check falls (default: the instrument's months after the handover).
public struct HandbackDraft: Hashable, Sendable {
    public var wijkteam = ""
    public var contact = ""
    public var conditions = ""
    public var handover = ""
    public var check = ""
    /// For the plan's open tasks: overdragen (carried over to the wijkteam) or afsluiten (closed, not
    /// done). Asked only when there are open tasks, and then required: never silently marked done.
    public var openTasks = ""

    public init() {}

    static let openTaskChoices: [String: OpenTasksAtHandback] = [
        "overdragen": .carriedOver, "carry": .carriedOver, "carry-over": .carriedOver, "carried": .carriedOver,
        "afsluiten": .closed, "sluiten": .closed, "close": .closed, "closed": .closed,
    ]

    public func validate(
        _ c: Case, instrument: Instrument, region: Region,
        today: CalendarDate
    ) -> Result<CaseHandedBack, ValidationErrors> {
        var errors: [ValidationError] = []
        require(.handBack, c, into: &errors)
        var team = c.wijkteam ?? ""
        if !trimmed(wijkteam).isEmpty {
            do throws(ValidationError) {
                team = try region.wijkteam(named: wijkteam, in: try region.gemeente(named: c.gemeente))
            } catch {
                errors.append(error)
            }
        } else if team.isEmpty {
            errors.append(ValidationError(.required, field: "wijkteam"))
        }
        if trimmed(contact).isEmpty { errors.append(ValidationError(.required, field: "to")) }
        if trimmed(conditions).isEmpty { errors.append(ValidationError(.required, field: "conditions")) }
        let handoverDate = trimmed(handover).isEmpty ? today : parseDate(handover)
        if handoverDate == nil { errors.append(ValidationError(.dateFormat, field: "handover", value: handover)) }
        var checkDate = handoverDate.map { $0.adding(months: instrument.cadence.checkMonths) }
        if !trimmed(check).isEmpty {
            checkDate = parseDate(check)
            if checkDate == nil { errors.append(ValidationError(.dateFormat, field: "check", value: check)) }
        }
        if let handoverDate, let checkDate, checkDate <= handoverDate {
            errors.append(ValidationError(.dateInPast, field: "check", value: checkDate.description))
        }
        var tasks: OpenTasksAtHandback?
        let open = c.openTasks
        if !open.isEmpty {
            tasks = Self.openTaskChoices[trimmed(openTasks).lowercased()]
            if tasks == nil {
                let listed = open.map { "T\($0.number) \($0.deadline.label ?? "")" }.joined(separator: ", ")
                errors.append(
                    ValidationError(
                        trimmed(openTasks).isEmpty ? .openTasksUndecided : .answerFormat, field: "open-tasks",
                        value: trimmed(openTasks).isEmpty ? listed : openTasks,
                        detail: OpenTasksAtHandback.allCases.map(\.rawValue).joined(separator: ", ")))
            }
        }
        guard errors.isEmpty, let handoverDate, let checkDate else { return .failure(ValidationErrors(errors)) }
        return .success(
            CaseHandedBack(
                caseID: c.id, wijkteam: team, contact: trimmed(contact), conditions: trimmed(conditions),
                handoverDate: handoverDate, checkDate: checkDate, openTasks: tasks))
    }
}

/// The check after a handback as typed: stable or re-escalate (at a phase), with a note.
public struct HandbackCheckDraft: Hashable, Sendable {
    public var result = ""
    public var note = ""
    public var phase = ""

    public init() {}

    static let results: [String: HandbackChecked.Result] = [
        "stabiel": .stable, "stable": .stable, "opschalen": .reescalate, "reescalate": .reescalate,
        "re-escalate": .reescalate,
    ]

    /// With the instrument, a re-escalation takes the new phase's holders and a review date like a decision.
    public func validate(
        _ c: Case, instrument: Instrument? = nil, calendar: WorkingDayCalendar = WorkingDayCalendar(),
        today: CalendarDate? = nil
    ) -> Result<HandbackChecked, ValidationErrors> {
        var errors: [ValidationError] = []
        require(.check, c, into: &errors)
        let chosen = Self.results[trimmed(result).lowercased()]
        if chosen == nil {
            errors.append(
                ValidationError(
                    trimmed(result).isEmpty ? .required : .unknownOutcome, field: "result", value: result,
                    detail: HandbackChecked.Result.allCases.map(\.rawValue).joined(separator: ", ")))
        }
        if trimmed(note).isEmpty { errors.append(ValidationError(.required, field: "note")) }
        var phaseValue: AVEPhase?
        if chosen == .reescalate {
            if trimmed(phase).isEmpty {
                phaseValue = .three
            } else if let n = Int(trimmed(phase)), let p = AVEPhase(rawValue: n) {
                phaseValue = p
            } else {
                errors.append(ValidationError(.phaseRange, field: "phase", value: phase))
            }
        }
        guard errors.isEmpty, let chosen else { return .failure(ValidationErrors(errors)) }
        var holders: [ResponsibilityAssignment]?
        var review: CalendarDate?
        if chosen == .reescalate, let instrument, let phaseValue, let defaults = instrument.phase(phaseValue), let today
        {
            holders = Responsibility.allCases.compactMap { r in
                defaults.holders[r].map { ResponsibilityAssignment(r, ResponsibilityHolder(organisation: $0)) }
            }
            let plain = today.adding(days: 7 * instrument.cadence.reviewWeeks)
            review = calendar.isWorkingDay(plain) ? plain : calendar.adding(workingDays: 1, to: plain)
        }
        return .success(
            HandbackChecked(
                caseID: c.id, result: chosen, note: trimmed(note), phase: phaseValue, wijkteam: c.wijkteam ?? "",
                holders: holders, nextReview: review))
    }
}

extension CalendarDate {
    /// The same day `months` later; the last day of the month when that day does not exist there.
    /// The same day `months` later (earlier when negative), on the month's last day where it is
    /// shorter; held to the calendar's ends (years 1 and 9999), never wrapping round.
    public func adding(months: Int) -> CalendarDate {
        let (sum, overflow) = (year * 12 + (month - 1)).addingReportingOverflow(months)
        let first = 12
        let last = 9_999 * 12 + 11
        if overflow || sum > last { return CalendarDate(year: 9_999, month: 12, day: 31) ?? self }
        if sum < first { return CalendarDate(year: 1, month: 1, day: 1) ?? self }
        let y = sum / 12
        let m = sum % 12 + 1
        let d = min(day, CalendarDate.daysIn(month: m, year: y))
        return CalendarDate(year: y, month: m, day: d) ?? self
    }
}
