import Foundation

/// A decision as typed: outcome and phase codes, rationale, holders, tasks, review date.
public struct DecisionDraft: Hashable, Sendable {
    public var outcome = ""
    /// Empty: the phase the instrument gives the outcome.
    public var phase = ""
    public var rationale = ""
    public var deviationReason = ""
    public var referredTo = ""
    /// Who holds which responsibility; responsibilities not named keep the phase's default holder.
    public var holders: [HolderEntry] = []
    /// The plan's tasks.
    public var tasks: [TaskEntry] = []
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
        for holder in holders {
            guard
                let r = Responsibility.allCases.first(where: {
                    Vocabulary.key($0.rawValue) == Vocabulary.key(holder.responsibility)
                })
            else {
                errors.append(ValidationError(.holderFormat, field: "holder", value: holder.text))
                continue
            }
            // A person named without an organisation is a person at the phase's default holder.
            let named = trimmed(holder.organisation)
            let organisation = named.isEmpty ? assignments[r]?.organisation ?? "" : named
            guard !organisation.isEmpty else {
                errors.append(ValidationError(.holderFormat, field: "holder", value: holder.text))
                continue
            }
            assignments[r] = ResponsibilityHolder(organisation: organisation, person: trimmed(holder.person))
        }

        var plan: [PlanTask] = []
        for entry in tasks {
            let (partner, task, dueText) = (trimmed(entry.partner), trimmed(entry.task), trimmed(entry.due))
            // The command line's text without its three parts; then what is missing, each by itself.
            guard entry.isWhole else {
                errors.append(ValidationError(.taskFormat, field: "task", value: entry.text))
                continue
            }
            guard !partner.isEmpty, !task.isEmpty else {
                errors.append(
                    ValidationError(
                        .required, field: "task", value: entry.text, detail: partner.isEmpty ? "partner" : "task"))
                continue
            }
            let due: CalendarDate?
            if let days = Int(dueText), (0...250).contains(days) {
                due = calendar.adding(workingDays: days, to: today)
            } else {
                due = CalendarDate(iso: dueText) ?? CalendarDate(dutch: dueText)
            }
            guard let due else {
                errors.append(
                    ValidationError(
                        dueText.isEmpty ? .required : .dateFormat, field: "task", value: entry.text, detail: "due"))
                continue
            }
            guard due >= today else {
                errors.append(ValidationError(.dateInPast, field: "task", value: entry.text))
                continue
            }
            plan.append(PlanTask(partner: partner, task: task, due: due))
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

/// Who holds a responsibility in a decision, as named: the organisation and, if known, the person.
/// The desk fills it from its own fields; the command line reads it from `casusregie=Org/Person`.
public struct HolderEntry: Hashable, Sendable {
    /// The responsibility's code as typed (`casusregie`).
    public var responsibility: String
    public var organisation: String
    public var person: String

    public init(responsibility: String, organisation: String, person: String = "") {
        self.responsibility = responsibility
        self.organisation = organisation
        self.person = person
    }

    /// `casusregie=Wijkteam Noord/J. Jansen`, as the command line's `--holder` takes it.
    public init(text: String) {
        let (key, value) = TriageDraft.split(text, at: "=")
        let (organisation, person) = TriageDraft.split(value, at: "/")
        self.init(responsibility: key, organisation: organisation, person: person)
    }

    /// As the command line writes it (and an error quotes it).
    public var text: String { "\(responsibility)=\(organisation)" + (person.isEmpty ? "" : "/\(person)") }
}

/// A task of the plan as named: the partner, what, and when (a date, or working days from today).
/// The desk fills it from its own fields; the command line reads it from `partner|task|due`.
public struct TaskEntry: Hashable, Sendable {
    public var partner: String
    public var task: String
    public var due: String
    /// False when the command line's text did not have its three parts.
    public var isWhole: Bool
    /// The command line's text, quoted as given in an error.
    private var original: String?

    public init(partner: String, task: String, due: String) {
        (self.partner, self.task, self.due, isWhole) = (partner, task, due, true)
    }

    /// `Politie|Huisbezoek|5`, as the command line's `--task` takes it.
    public init(text: String) {
        let parts = text.split(separator: "|", omittingEmptySubsequences: false).map(String.init)
        self.init(
            partner: parts.first ?? "", task: parts.count > 1 ? parts[1] : "", due: parts.count > 2 ? parts[2] : "")
        isWhole = parts.count == 3
        original = text
    }

    /// As the command line writes it (and an error quotes it).
    public var text: String { original ?? [partner, task, due].joined(separator: "|") }
}
