import CaseModel
import Foundation

/// The Escalatie pane's working copy for one case: the triage checklist, ZRM scores, indicators and
/// triggers, and the decision being prepared.
public struct EscalationForm: Hashable, Sendable {
    /// The store's position when the pane opened: a colleague's commit after it may contest the step.
    public var basis: UInt64 = 0
    /// Where Esc goes back to: the case's detail it was opened from, or the queue.
    public var returnTo: AppState.Place = .queue
    /// One line of the pane.
    public enum Row: Hashable, Sendable {
        case criterion(Int)
        case criterionNote(Int)
        case zrm(String)
        case indicator(String)
        case trigger(String)
        case outcome, phase, rationale, deviation, referredTo
        /// Who holds a responsibility: the organisation (empty keeps the phase's default) and the person.
        case holder(Responsibility)
        case holderPerson(Responsibility)
        /// A plan task: the partner, what is to be done, and when (a date or working days).
        case task(Int)
        case taskWhat(Int)
        case taskDue(Int)
        case review

        /// Rows of the triage (criteria and their notes, ZRM, indicators, triggers), not the decision.
        var isTriage: Bool {
            switch self {
            case .criterion, .criterionNote, .zrm, .indicator, .trigger: return true
            default: return false
            }
        }

        public var isText: Bool {
            switch self {
            case .criterionNote, .rationale, .deviation, .referredTo, .holder, .holderPerson, .task, .taskWhat,
                .taskDue,
                .review:
                return true
            default: return false
            }
        }
    }

    /// How many task rows the pane offers.
    public static let taskRows = 3

    /// Free text per text row (notes, holders, tasks, review date, rationale, ...).
    public var texts: [Row: String] = [:]

    public var caseID: CaseID
    public var criteria: [Int: Answer] = [:]
    public var zrm: [String: Int] = [:]
    public var indicators: Set<String> = []
    public var triggers: Set<String> = []
    /// Nil: follow the recommendation.
    public var outcome: TriageOutcome?
    public var phase: AVEPhase?
    public var focus = 0
    public var cursor = 0
    /// Where a selection in the focused text field began (Shift with ←, →, Home, End); nil: none.
    public var anchor: Int?
    public var errors: [Row: String] = [:]
    /// What was typed on the focused choice so far (`TypeAhead`); cleared when the focus moves.
    public var typed = ""

    /// Something of the decision is filled in: an outcome or phase chosen, or any of its texts.
    public var hasDecisionInput: Bool {
        outcome != nil || phase != nil
            || texts.contains { row, text in
                row != .rationale && !row.isTriage && !text.trimmingCharacters(in: .whitespaces).isEmpty
            }
    }

    /// The same answers, texts and choices as `other` (what the advisor typed or chose).
    public func hasSameInput(as other: EscalationForm) -> Bool {
        texts.filter { !$0.value.isEmpty } == other.texts.filter { !$0.value.isEmpty } && criteria == other.criteria
            && zrm == other.zrm
            && indicators == other.indicators && triggers == other.triggers && outcome == other.outcome
            && phase == other.phase
    }

    /// A form for `c`, filled with its latest triage and decision.
    public init(for c: Case) {
        caseID = c.id
        if let triage = c.triage {
            for answer in triage.criteria {
                criteria[answer.number] = answer.answer
                if !answer.note.isEmpty { texts[.criterionNote(answer.number)] = answer.note }
            }
            zrm = triage.zrmScores
            indicators = Set(triage.indicators)
            triggers = Set(triage.triggers)
        }
        if let decision = c.decision {
            outcome = decision.outcome
            phase = decision.phase
            texts[.rationale] = decision.rationale
            texts[.deviation] = decision.deviationReason ?? ""
            texts[.referredTo] = decision.referredTo ?? ""
            for h in decision.holders {
                texts[.holder(h.responsibility)] = h.holder.organisation
                texts[.holderPerson(h.responsibility)] = h.holder.person
            }
            for (index, task) in decision.tasks.prefix(Self.taskRows).enumerated() {
                texts[.task(index)] = task.partner
                texts[.taskWhat(index)] = task.task
                texts[.taskDue(index)] = task.due.dutch
            }
            if let review = decision.nextReview { texts[.review] = review.dutch }
        }
    }

    public static func rows(_ instrument: Instrument) -> [Row] {
        instrument.criteria.flatMap { [Row.criterion($0.number), .criterionNote($0.number)] }
            + instrument.zrmDomains.map { .zrm($0) }
            + instrument.indicators.map { .indicator($0.code) } + instrument.triggers.map { .trigger($0.code) }
            + [.outcome, .phase, .rationale, .deviation, .referredTo]
            + Responsibility.allCases.flatMap { [.holder($0), .holderPerson($0)] }
            + (0..<taskRows).flatMap { [.task($0), .taskWhat($0), .taskDue($0)] } + [.review]
    }

    public func text(_ row: Row) -> String { texts[row] ?? "" }

    public mutating func setText(_ row: Row, _ value: String) { texts[row] = value }

    /// The triage as the recommendation rule reads it (ZRM dated today).
    public func assessment(riskSignals: [RiskSignal], today: CalendarDate) -> TriageAssessment {
        TriageAssessment(
            criteria: criteria, zrm: zrm.isEmpty ? nil : ZRMScores(scores: zrm, assessedOn: today),
            riskSignals: riskSignals, indicators: indicators, triggers: triggers)
    }

    /// The triage event this form describes.
    public func triageEvent(today: CalendarDate) -> TriageRecorded {
        TriageRecorded(
            caseID: caseID,
            criteria: Set(criteria.keys).union(
                texts.keys.compactMap { if case .criterionNote(let n) = $0 { n } else { nil } }
            )
            .sorted().map {
                CriterionAnswer(
                    number: $0, answer: criteria[$0] ?? .unknown,
                    note: text(.criterionNote($0)).trimmingCharacters(in: .whitespaces))
            },
            zrmScores: zrm, zrmAssessedOn: zrm.isEmpty ? nil : today,
            indicators: indicators.sorted(), triggers: triggers.sorted())
    }

    /// The decision draft (outcome and phase default to the recommendation).
    public func decisionDraft(recommendation: Recommendation) -> DecisionDraft {
        var draft = DecisionDraft()
        draft.outcome = (outcome ?? recommendation.outcome).rawValue
        // No phase chosen: the instrument's phase for the outcome (the recommended one if that is followed).
        draft.phase = phase.map { String($0.rawValue) } ?? (outcome == nil ? String(recommendation.phase.rawValue) : "")
        draft.rationale = text(.rationale)
        draft.deviationReason = text(.deviation)
        draft.referredTo = text(.referredTo)
        // Typed entries from the rows; nothing is written out as command-line text to be read back.
        draft.holders = Responsibility.allCases.compactMap { r in
            let organisation = text(.holder(r)).trimmingCharacters(in: .whitespaces)
            let person = text(.holderPerson(r)).trimmingCharacters(in: .whitespaces)
            guard !organisation.isEmpty || !person.isEmpty else { return nil }
            return HolderEntry(responsibility: r.rawValue, organisation: organisation, person: person)
        }
        draft.tasks = (0..<Self.taskRows).compactMap { index in
            let entry = TaskEntry(partner: text(.task(index)), task: text(.taskWhat(index)), due: text(.taskDue(index)))
            let given = [entry.partner, entry.task, entry.due].contains {
                !$0.trimmingCharacters(in: .whitespaces).isEmpty
            }
            return given ? entry : nil
        }
        draft.nextReview = text(.review)
        return draft
    }
}
