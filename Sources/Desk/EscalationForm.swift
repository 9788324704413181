import CaseModel
import Foundation

/// The Escalatie pane's working copy for one case: the triage checklist, ZRM scores, indicators and
/// triggers, and the decision being prepared.
public struct EscalationForm: Hashable, Sendable {
    /// One line of the pane.
    public enum Row: Hashable, Sendable {
        case criterion(Int)
        case zrm(String)
        case indicator(String)
        case trigger(String)
        case outcome, phase, rationale, deviation, referredTo

        public var isText: Bool { [.rationale, .deviation, .referredTo].contains(self) }
    }

    public var caseID: CaseID
    public var criteria: [Int: Answer] = [:]
    public var zrm: [String: Int] = [:]
    public var indicators: Set<String> = []
    public var triggers: Set<String> = []
    /// Nil: follow the recommendation.
    public var outcome: TriageOutcome?
    public var phase: AVEPhase?
    public var rationale = ""
    public var deviation = ""
    public var referredTo = ""
    public var focus = 0
    public var cursor = 0
    public var errors: [Row: String] = [:]

    /// A form for `c`, filled with its latest triage and decision.
    public init(for c: Case) {
        caseID = c.id
        if let triage = c.triage {
            for answer in triage.criteria { criteria[answer.number] = answer.answer }
            zrm = triage.zrmScores
            indicators = Set(triage.indicators)
            triggers = Set(triage.triggers)
        }
        if let decision = c.decision {
            outcome = decision.outcome
            phase = decision.phase
            rationale = decision.rationale
            deviation = decision.deviationReason ?? ""
            referredTo = decision.referredTo ?? ""
        }
    }

    public static func rows(_ instrument: Instrument) -> [Row] {
        instrument.criteria.map { .criterion($0.number) } + instrument.zrmDomains.map { .zrm($0) }
            + instrument.indicators.map { .indicator($0.code) } + instrument.triggers.map { .trigger($0.code) }
            + [.outcome, .phase, .rationale, .deviation, .referredTo]
    }

    public func text(_ row: Row) -> String {
        switch row {
        case .rationale: return rationale
        case .deviation: return deviation
        case .referredTo: return referredTo
        default: return ""
        }
    }

    public mutating func setText(_ row: Row, _ value: String) {
        switch row {
        case .rationale: rationale = value
        case .deviation: deviation = value
        case .referredTo: referredTo = value
        default: break
        }
    }

    /// The triage as the recommendation rule reads it (ZRM dated today).
    public func assessment(riskSignals: [RiskSignal], today: CalendarDate) -> TriageAssessment {
        TriageAssessment(criteria: criteria, zrm: zrm.isEmpty ? nil : ZRMScores(scores: zrm, assessedOn: today),
                         riskSignals: riskSignals, indicators: indicators, triggers: triggers)
    }

    /// The triage event this form describes.
    public func triageEvent(today: CalendarDate) -> TriageRecorded {
        TriageRecorded(caseID: caseID, criteria: criteria.keys.sorted().map { CriterionAnswer(number: $0, answer: criteria[$0] ?? .unknown) },
                       zrmScores: zrm, zrmAssessedOn: zrm.isEmpty ? nil : today,
                       indicators: indicators.sorted(), triggers: triggers.sorted())
    }

    /// The decision draft (outcome and phase default to the recommendation).
    public func decisionDraft(recommendation: Recommendation) -> DecisionDraft {
        var draft = DecisionDraft()
        draft.outcome = (outcome ?? recommendation.outcome).rawValue
        // No phase chosen: the instrument's phase for the outcome (the recommended one if that is followed).
        draft.phase = phase.map { String($0.rawValue) } ?? (outcome == nil ? String(recommendation.phase.rawValue) : "")
        draft.rationale = rationale
        draft.deviationReason = deviation
        draft.referredTo = referredTo
        return draft
    }
}
