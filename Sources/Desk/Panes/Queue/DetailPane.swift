import CaseModel
import Foundation
import Screen

/// The case detail: person, reason and goal, responsibilities, deadlines, the urgency breakdown
/// ("why is this on top") and the timeline, as a scrollable page.
enum DetailPane {
    struct Line {
        var text: String
        var style: Style = .plain
        var label: String? = nil
    }

    static func render(
        _ state: AppState, _ id: CaseID, _ context: DeskContext, in rect: Rect, into buffer: inout ScreenBuffer
    ) {
        guard let c = state.anyCase(id) else { return }
        // The reducer keeps the offset within the content; the clamp here only covers a resize.
        let lines = self.lines(
            c, urgency: state.urgencies[id], timeline: state.timeline, context: context, width: rect.width - 2,
            partners: state.partners, consultations: state.consultations, position: position(of: id, in: state),
            access: state.caseAccess?.caseID == id ? state.caseAccess : nil)
        draw(lines, top: state.detailScroll, in: rect, into: &buffer)
    }

    /// Labelled lines from `top` on, as many as fit.
    static func draw(_ lines: [Line], top wanted: Int, in rect: Rect, into buffer: inout ScreenBuffer) {
        let top = min(wanted, max(0, lines.count - rect.height))
        for (row, line) in lines.dropFirst(top).prefix(rect.height).enumerated() {
            let y = rect.y + row
            var x = rect.x + 1
            if let label = line.label {
                x += buffer.write(DisplayWidth.padded(label, to: 22), x: x, y: y, style: Theme.label, clip: rect)
            }
            buffer.write(line.text, x: x, y: y, style: line.style, clip: rect)
        }
    }

    /// Where the case stands in the whole queue ("3 van 40"), if it is open.
    static func position(of id: CaseID, in state: AppState) -> (index: Int, count: Int)? {
        state.queuePosition(of: id)
    }

    static func lines(
        _ c: Case, urgency: Urgency?, timeline: [Case.TimelineEntry]?, context: DeskContext, width: Int,
        partners: PartnerDirectory = PartnerDirectory(), consultations: ConsultationLog = ConsultationLog(),
        position: (index: Int, count: Int)? = nil, access: CaseAccess? = nil
    ) -> [Line] {
        let t = context.text
        let none = t(.detailNone)
        var out: [Line] = []
        func section(_ key: TextKey) {
            out.append(Line(text: ""))
            out.append(Line(text: t(key), style: Theme.section))
        }
        func field(_ key: TextKey, _ value: String, _ style: Style = .plain) {
            let wrapped = TextWrap.lines(value.isEmpty ? none : value, width: max(10, width - 23))
            for (index, part) in wrapped.enumerated() {
                out.append(Line(text: part, style: style, label: index == 0 ? t(key) : ""))
            }
        }
        func paragraph(_ text: String) {
            for part in TextWrap.lines(text.isEmpty ? none : text, width: max(10, width - 2)) {
                out.append(Line(text: "  " + part))
            }
        }

        let p = c.primaryPerson
        out.append(Line(text: "\(c.id)  \(p.name)", style: .bold))
        let phase = c.avePhase.map { "AVE \($0.rawValue)" } ?? t(.detailNotSet)
        field(.detailStatus, t.label(c.status))
        if let purged = c.purgedAt {
            out.append(Line(text: t(.detailPurged, t.moment(purged, in: context.timeZone)), style: Theme.info))
        }
        field(.detailAve, phase, Theme.ave(c.avePhase))
        // Why it is where it is in the queue, at the top: the place and the weightiest reasons
        // (the whole breakdown is under Urgentie).
        if let urgency, c.status.isOpen {
            let reasons = urgency.parts.sorted { $0.points > $1.points }.prefix(2)
                .map { describe($0.part, t, minutes: urgency.minutesToZSMDeadline) }
            let place = position.map { t(.detailPosition, $0.index + 1, $0.count) }
            let why =
                ([place].compactMap { $0 } + [reasons.isEmpty ? t(.urgencyNone) : reasons.joined(separator: "; ")])
                .joined(separator: " — ")
            field(.detailWhyHere, why, urgency.isOverdue ? Theme.overdue : .plain)
        }

        section(.detailPerson)
        field(.detailName, p.name)
        field(.detailBirthdate, p.birthDate.map { "\($0.dutch) (\(t(.detailAge, $0.age(on: context.today))))" } ?? "")
        field(.detailBsn, p.bsn?.digits ?? "")
        if let a = p.address {
            field(
                .detailAddress,
                [a.street, a.postcode?.value ?? "", a.place].filter { !$0.isEmpty }.joined(separator: ", "))
        } else {
            field(.detailAddress, "")
        }
        // The rest of the family or household, each with how they belong.
        if c.persons.count > 1 {
            section(.detailHousehold)
            for other in c.persons.dropFirst() {
                let born = other.birthDate.map { "  \($0.dutch) (\(t(.detailAge, $0.age(on: context.today))))" } ?? ""
                let number = other.bsn.map { "  BSN \($0.digits)" } ?? ""
                out.append(Line(text: other.name + born + number, label: t.label("personRole", other.role.rawValue)))
            }
        }

        section(.detailRegistration)
        field(.detailSource, t.label(c.source))
        field(
            .detailReferrer,
            c.referrer.map { [$0.organisation, $0.contact].filter { !$0.isEmpty }.joined(separator: ", ") } ?? "")
        field(.detailReceived, t.moment(c.receivedAt, in: context.timeZone))
        field(.detailGemeente, c.gemeente)
        field(.detailWijkteam, c.wijkteam ?? "")
        field(.detailAdvisor, c.advisor ?? "")

        // Who to call comes early: it is what an advisor opens a case for in the middle of a call.
        section(.detailInvolved)
        let links = partners.links(of: c.id)
        if links.isEmpty { out.append(Line(text: "  " + t(.detailNoInvolved), style: .dim)) }
        for link in links {
            guard let contact = partners.contacts[link.contact] else { continue }
            let organisation = partners.organisations[contact.organisation]?.name ?? ""
            let reach = [contact.phone?.national, contact.email?.value].compactMap { $0 }.joined(separator: "  ")
            let text =
                [contact.name, organisation].filter { !$0.isEmpty }.joined(separator: ", ")
                + (reach.isEmpty ? "" : "  " + reach)
            out.append(Line(text: text, label: t.label(link.role)))
            if !contact.availability.isEmpty { out.append(Line(text: contact.availability, style: .dim, label: "")) }
        }

        section(.detailReason)
        paragraph(c.reason)
        section(.detailGoal)
        paragraph(c.goal)

        section(.detailRisks)
        paragraph(c.riskSignals.map { t.label($0) }.joined(separator: ", "))

        section(.detailResponsibilities)
        for responsibility in Responsibility.allCases {
            let holder = c.responsibilities[responsibility].map {
                [$0.organisation, $0.person].filter { !$0.isEmpty }.joined(separator: ", ")
            }
            out.append(Line(text: holder ?? none, label: t.label(responsibility)))
        }

        triageLines(c, context: context, width: width, into: &out)

        section(.detailDeadlines)
        if c.deadlines.isEmpty { paragraph("") }
        for deadline in c.deadlines {
            // A met deadline no longer counts: it shows its date and that it was met.
            var due: String
            switch deadline.due {
            case .day(let day):
                due = t.day(day)
                if !deadline.met {
                    due += "  (\(t(.unitWorkingDays, context.calendar.workingDays(from: context.today, to: day))))"
                }
            case .moment(let moment):
                due = t.moment(moment, in: context.timeZone)
                if !deadline.met {
                    due += "  (\(timeLeft(Int((moment.timeIntervalSince(context.clock.now) / 60).rounded(.down)), t)))"
                }
            }
            let label = deadline.number.map { t.label(deadline.kind) + " T\($0)" } ?? t.label(deadline.kind)
            let outcome =
                deadline.lapsed
                ? "  – " + t(.detailLapsed)
                : deadline.metLate(in: context.timeZone)
                    ? "  ✓ " + t(.detailMetLate, late(deadline, context)) : deadline.met ? "  ✓ " + t(.detailMet) : ""
            out.append(
                Line(
                    text: due + outcome + (deadline.label.map { "  " + $0 } ?? ""),
                    style: deadline.met ? .dim : .plain, label: label))
        }

        section(.detailUrgency)
        if let urgency {
            if urgency.parts.isEmpty { paragraph(t(.urgencyNone)) }
            for part in urgency.parts {
                out.append(
                    Line(
                        text: "  " + DisplayWidth.padded(t(.detailPoints, part.points), to: 9, alignRight: true) + "  "
                            + describe(part.part, t, minutes: urgency.minutesToZSMDeadline)))
            }
            out.append(Line(text: "  " + t(.urgencyTotal, urgency.total), style: .bold))
        }

        let earlier = consultations.consultations(promotedTo: c.id)
        if !earlier.isEmpty {
            section(.detailConsultations)
            for consultation in earlier {
                let head =
                    "\(t.moment(consultation.at, in: context.timeZone))  \(consultation.id)  \(consultation.wijkteam)"
                    + (consultation.member.isEmpty ? "" : ", \(consultation.member)")
                out.append(Line(text: "  " + head, style: .bold))
                for (key, text) in [
                    (TextKey.consultFormQuestion, consultation.question), (.consultFormSketch, consultation.sketch),
                    (.consultFormAdvice, consultation.advice),
                ] where !text.isEmpty {
                    for (index, part) in TextWrap.lines(text, width: max(10, width - 23)).enumerated() {
                        out.append(Line(text: part, label: index == 0 ? "  " + t(key) : ""))
                    }
                }
            }
        }

        lawfulLines(c, context: context, width: width, into: &out)

        section(.detailTimeline)
        if let timeline {
            for entry in timeline {
                // An undo says what it took back, not which journal record.
                let what =
                    entry.undid.isEmpty
                    ? describe(entry.event, t)
                    : t(.eventUndid, entry.undid.map { describe($0, t) }.joined(separator: "; "))
                let text = "\(t.moment(entry.at, in: context.timeZone))  \(entry.actor): \(what)"
                for (index, part) in TextWrap.lines(text, width: max(10, width - 2)).enumerated() {
                    out.append(Line(text: (index == 0 ? "  " : "      ") + part))
                }
            }
        } else {
            paragraph(t(.detailLoading))
        }
        if let access { accessLines(access, context: context, width: width, into: &out) }
        return out
    }

    /// The triage (checklist, ZRM, recommendation with reasons) and the decision, when there are.
    static func triageLines(_ c: Case, context: DeskContext, width: Int, into out: inout [Line]) {
        let t = context.text
        if let triage = c.triage {
            out.append(Line(text: ""))
            out.append(Line(text: t(.detailTriage), style: Theme.section))
            for answer in triage.criteria.sorted(by: { $0.number < $1.number }) {
                let note = answer.note.isEmpty ? "" : " — " + answer.note
                out.append(Line(text: t.label(answer.answer) + note, label: t(.detailCriterion, answer.number)))
            }
            if let on = triage.zrmAssessedOn {
                let scores = triage.zrmScores.sorted { ($0.value, $0.key) < ($1.value, $1.key) }.map {
                    "\($0.key) \($0.value)"
                }
                for (index, part) in TextWrap.lines(scores.joined(separator: ", "), width: max(10, width - 23))
                    .enumerated()
                {
                    out.append(Line(text: part, label: index == 0 ? t(.detailZrm, on.dutch) : ""))
                }
            }
            if let instrument = context.instrument {
                let recommendation = instrument.recommend(
                    triage.assessment(riskSignals: c.riskSignals), today: context.today)
                out.append(
                    Line(
                        text: "\(t.label(recommendation.outcome)), AVE \(recommendation.phase.rawValue)", style: .bold,
                        label: t(.detailRecommendation)))
                for reason in recommendation.reasons { out.append(Line(text: "· " + t.describe(reason), label: "")) }
            }
        }
        guard let decision = c.decision else { return }
        out.append(Line(text: ""))
        out.append(Line(text: t(.detailDecision), style: Theme.section))
        out.append(
            Line(
                text: "\(t.label(decision.outcome)), AVE \(decision.phase.rawValue)", style: Theme.ave(decision.phase),
                label: t(.detailOutcome)))
        for (index, part) in TextWrap.lines(decision.rationale, width: max(10, width - 23)).enumerated() {
            out.append(Line(text: part, label: index == 0 ? t(.detailRationale) : ""))
        }
        if let deviation = decision.deviationReason {
            let recommended = "\(t.label(decision.recommendedOutcome)), AVE \(decision.recommendedPhase.rawValue)"
            for (index, part) in TextWrap.lines("\(recommended) → \(deviation)", width: max(10, width - 23))
                .enumerated()
            {
                out.append(Line(text: part, label: index == 0 ? t(.detailDeviation) : ""))
            }
        }
        if let partner = decision.referredTo { out.append(Line(text: partner, label: t(.detailReferredTo))) }
        // The plan's tasks and the review live on in Termijnen, where they are ticked off and moved;
        // repeating the decided dates here would show what is no longer true.
        if !decision.tasks.isEmpty {
            out.append(Line(text: t(.detailPlanInDeadlines, decision.tasks.count), label: t(.detailPlan)))
        }
    }

    /// How late a deadline was met: "0u55" for a moment, "2 wd" for a day.
    static func late(_ deadline: Deadline, _ context: DeskContext) -> String {
        guard let metAt = deadline.metAt else { return "" }
        switch deadline.due {
        case .moment(let moment):
            // Counted up to the minute: an answer 20 seconds late is "0u01 te laat", not "0u00".
            return timeLeft(Int((metAt.timeIntervalSince(moment) / 60).rounded(.up)), context.text)
        case .day(let day):
            let days = context.calendar.workingDays(from: day, to: CalendarDate(metAt, in: context.timeZone))
            return context.text(.unitWorkingDays, max(1, days))
        }
    }

    /// Hours and minutes under a day ("1u45", "-0u20"), whole hours beyond ("30 u").
    static func timeLeft(_ minutes: Int, _ t: Localizer) -> String {
        guard abs(minutes) < 24 * 60 else { return t(.unitHours, minutes / 60) }
        return t(
            .unitHoursMinutes, (minutes < 0 ? "-" : "") + String(abs(minutes) / 60),
            String(format: "%02d", abs(minutes) % 60))
    }

    /// One part of the urgency in words; a ZSM deadline under a day to the minute (`minutes` left).
    static func describe(_ part: Urgency.Part, _ t: Localizer, minutes: Int? = nil) -> String {
        switch part {
        case .zsmOpen(let hours):
            if let minutes, abs(minutes) < 24 * 60 {
                return minutes >= 0
                    ? t(.urgencyZsmTime, timeLeft(minutes, t)) : t(.urgencyZsmLateTime, timeLeft(-minutes, t))
            }
            return hours >= 0 ? t(.urgencyZsm, hours) : t(.urgencyZsmLate, -hours)
        case .overdue(let days, let kind): return t(.urgencyOverdue, days, t.label(kind))
        case .reviewOverdue(let days): return t(.urgencyReviewOverdue, days)
        case .tasksOverdue(let count, let days): return t(.urgencyTasksOverdue, count, days)
        case .dueSoon(let days, let kind):
            return days == 0 ? t(.urgencyDueToday, t.label(kind)) : t(.urgencyDueSoon, days, t.label(kind))
        case .safety(let signals): return t(.urgencySafety, signals.map { t.label($0) }.joined(separator: ", "))
        case .avePhase(let phase): return t(.urgencyAve, phase.rawValue)
        case .waiting(let days): return t(.urgencyWaiting, days)
        case .stagnating(let days): return t(.urgencyStagnating, days)
        }
    }

    static func describe(_ event: CaseEvent, _ t: Localizer) -> String {
        switch event {
        case .registered(let e): return t(.eventCaseRegistered, t.label(e.source))
        case .lawfulBasisRecorded(let e): return t(.eventLawfulBasis, t.describe(e.basis))
        case .purged(let e): return t(.eventPurged, e.months)
        case .shared(let e):
            return t(
                .eventShared, e.sharing.recipient, e.sharing.categories.map { t.label($0) }.joined(separator: ", "),
                t.label(e.sharing.ground))
        case .statusChanged(let e): return t(.eventStatusChanged, t.label(e.from), t.label(e.to))
        case .noteAdded(let e):
            guard e.kind.isContact else { return t(.eventNoteAdded, e.text) }
            let kind = t.label("noteKind", e.kind.rawValue)
            if e.withReferrer { return t(.eventContactWithReferrer, kind, e.with, e.text) }
            return e.with.isEmpty ? t(.eventContact, kind, e.text) : t(.eventContactWith, kind, e.with, e.text)
        case .deadlineMet(let e): return t(.eventDeadlineMet, t.label(e.kind))
        case .triageRecorded: return t(.eventTriageRecorded)
        case .decisionRecorded(let e): return t(.eventDecisionRecorded, t.label(e.outcome), e.phase.rawValue)
        case .reviewRecorded(let e): return t(.eventReviewRecorded, e.note)
        case .handedBack(let e):
            let tasks = e.openTasks.map { $0 == .carriedOver ? t(.eventTasksCarriedOver) : t(.eventTasksClosed) }
            return t(.eventCaseHandedBack, e.wijkteam, e.contact, e.handoverDate.dutch, e.checkDate.dutch)
                + (tasks.map { "; " + $0 } ?? "")
        case .taskDone(let e): return t(.eventTaskDone, e.task) + (e.note.isEmpty ? "" : ": " + e.note)
        case .taskRescheduled(let e): return t(.eventTaskRescheduled, e.task, e.due.dutch, e.reason)
        case .taskAdded(let e): return t(.eventTaskAdded, e.task.partner, e.task.task, e.task.due.dutch)
        case .assigned(let e): return t(.eventCaseAssigned, e.advisor) + (e.reason.isEmpty ? "" : ": " + e.reason)
        case .reopened(let e): return t(.eventCaseReopened, e.reason)
        case .personAdded(let e):
            return t(.eventPersonAdded, e.person.name, t.label("personRole", e.person.role.rawValue))
        case .personRemoved(let e): return t(.eventPersonRemoved, e.name)
        case .corrected(let e):
            let changes = e.changes.map {
                t(
                    .eventCorrectionChange, t.label("form", $0.field), $0.old.isEmpty ? "—" : $0.old,
                    $0.new.isEmpty ? "—" : $0.new)
            }
            return t(.eventRegistrationCorrected, e.reason) + ": " + changes.joined(separator: "; ")
        case .zsmAnswered(let e):
            return t(.eventZSMAnswered, t.label(e.known ? Answer.yes : Answer.no), e.advice)
                + (e.context.isEmpty ? "" : " — " + e.context)
        case .zsmDecisionRecorded(let e): return t(.eventZSMDecisionRecorded, e.decision)
        case .caseRestored(let e): return t(.eventCaseRestored, e.undoneSequence)
        case .handbackChecked(let e):
            return e.result == .stable
                ? t(.eventHandbackStable, e.note) : t(.eventHandbackReescalated, e.phase?.rawValue ?? 3, e.note)
        }
    }
}
