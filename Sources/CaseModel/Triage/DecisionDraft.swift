import Foundation

/// A decision as typed: outcome and phase codes, rationale, holders, tasks, review date.
public struct DecisionDraft: Hashable, Sendable {
    public var outcome = ""
    /// Empty: the phase the instrument gives the outcome.
    public var phase = ""
    public var rationale = ""
    public var deviationReason = ""
    public var referredTo = ""
    /// `casusregie=Wijkteam Noord/J. Jansen`; responsibilities not named keep the phase's default holder.
    public var holders: [String] = []
    /// `partner|task|due`, due as a date or a number of working days from today.
    public var tasks: [String] = []
    /// Empty: for procesregie, the instrument's review cadence from today.
    public var nextReview = ""

    public init() {}

    static let outcomes: [String: TriageOutcome] = [
        "advies": .advice, "advice": .advice, "meekijken": .support, "ondersteuning": .support, "support": .support,
        "procesregie": .procesregie, "bestuurlijk": .administrative, "administrative": .administrative,
        "verwijzen": .referral, "referral": .referral,
    ]

    public func validate(
        _ c: Case, instrument: Instrument, calendar: WorkingDayCalendar,
        today: CalendarDate
    ) -> Result<DecisionRecorded, ValidationErrors> {
        var errors: [ValidationError] = []
        func trimmed(_ s: String) -> String { s.trimmingCharacters(in: .whitespacesAndNewlines) }
        if let refusal = CaseStep.decide.refusal(for: c) { errors.append(refusal) }
        guard let triage = c.triage else { return .failure(ValidationErrors(errors)) }
        let recommendation = instrument.recommend(triage.assessment(riskSignals: c.riskSignals), today: today)
        let chosen = Self.outcomes[trimmed(outcome).lowercased()]
        if chosen == nil {
            errors.append(
                ValidationError(
                    trimmed(outcome).isEmpty ? .required : .unknownOutcome, field: "outcome", value: outcome,
                    detail: TriageOutcome.allCases.map(\.rawValue).joined(separator: ", ")))
        }
        var phaseValue: AVEPhase?
        if trimmed(phase).isEmpty {
            phaseValue = chosen.flatMap { instrument.outcome($0)?.phase }
        } else if let number = Int(trimmed(phase)), let value = AVEPhase(rawValue: number) {
            phaseValue = value
        } else {
            errors.append(ValidationError(.phaseRange, field: "phase", value: phase))
        }
        if trimmed(rationale).isEmpty { errors.append(ValidationError(.required, field: "rationale")) }
        if let chosen, let phaseValue, (chosen, phaseValue) != (recommendation.outcome, recommendation.phase),
            trimmed(deviationReason).isEmpty
        {
            errors.append(
                ValidationError(
                    .deviationReasonRequired, field: "deviation",
                    detail: "\(recommendation.outcome.rawValue), AVE \(recommendation.phase.rawValue)"))
        }
        if chosen == .referral, trimmed(referredTo).isEmpty {
            errors.append(ValidationError(.referralPartnerRequired, field: "to"))
        }

        var assignments: [Responsibility: ResponsibilityHolder] = [:]
        if let phaseValue, let defaults = instrument.phase(phaseValue) {
            for r in Responsibility.allCases {
                assignments[r] = ResponsibilityHolder(organisation: defaults.holders[r] ?? "")
            }
        }
        for text in holders {
            let (key, value) = TriageDraft.split(text, at: "=")
            let (organisation, person) = TriageDraft.split(value, at: "/")
            guard let r = Responsibility.allCases.first(where: { Vocabulary.key($0.rawValue) == Vocabulary.key(key) }),
                !trimmed(organisation).isEmpty
            else {
                errors.append(ValidationError(.holderFormat, field: "holder", value: text))
                continue
            }
            assignments[r] = ResponsibilityHolder(organisation: trimmed(organisation), person: person)
        }

        var plan: [PlanTask] = []
        for text in tasks {
            let parts = text.split(separator: "|", omittingEmptySubsequences: false).map { trimmed(String($0)) }
            guard parts.count == 3, !parts[0].isEmpty, !parts[1].isEmpty else {
                errors.append(ValidationError(.taskFormat, field: "task", value: text))
                continue
            }
            let due: CalendarDate?
            if let days = Int(parts[2]), (0...250).contains(days) {
                due = calendar.adding(workingDays: days, to: today)
            } else {
                due = CalendarDate(iso: parts[2]) ?? CalendarDate(dutch: parts[2])
            }
            guard let due else {
                errors.append(ValidationError(.taskFormat, field: "task", value: text))
                continue
            }
            guard due >= today else {
                errors.append(ValidationError(.dateInPast, field: "task", value: text))
                continue
            }
            plan.append(PlanTask(partner: parts[0], task: parts[1], due: due))
        }

        var review: CalendarDate?
        if !trimmed(nextReview).isEmpty {
            review = CalendarDate(iso: trimmed(nextReview)) ?? CalendarDate(dutch: trimmed(nextReview))
            if review == nil { errors.append(ValidationError(.dateFormat, field: "review", value: nextReview)) }
            if let date = review, date < today {
                errors.append(ValidationError(.dateInPast, field: "review", value: nextReview))
            }
        } else if chosen == .procesregie || chosen == .administrative {
            // Every N weeks, moved on to a working day.
            let plain = today.adding(days: 7 * instrument.cadence.reviewWeeks)
            review = calendar.isWorkingDay(plain) ? plain : calendar.adding(workingDays: 1, to: plain)
        }

        guard errors.isEmpty, let chosen, let phaseValue else { return .failure(ValidationErrors(errors)) }
        let deviates = (chosen, phaseValue) != (recommendation.outcome, recommendation.phase)
        return .success(
            DecisionRecorded(
                caseID: c.id, outcome: chosen, phase: phaseValue,
                holders: Responsibility.allCases.compactMap { r in
                    assignments[r].map { ResponsibilityAssignment(r, $0) }
                },
                rationale: trimmed(rationale), recommendedOutcome: recommendation.outcome,
                recommendedPhase: recommendation.phase,
                deviationReason: deviates ? trimmed(deviationReason) : nil,
                referredTo: chosen == .referral ? trimmed(referredTo) : nil, tasks: plan, nextReview: review))
    }
}
