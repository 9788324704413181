import Foundation

/// One answered criterion of the checklist, with the advisor's note.
public struct CriterionAnswer: Codable, Hashable, Sendable {
    public var number: Int
    public var answer: Answer
    public var note: String

    public init(number: Int, answer: Answer, note: String = "") {
        self.number = number
        self.answer = answer
        self.note = note
    }
}

/// Who holds one responsibility after a decision: organisation and, where known, the person.
public struct ResponsibilityAssignment: Codable, Hashable, Sendable {
    public var responsibility: Responsibility
    public var holder: ResponsibilityHolder

    public init(_ responsibility: Responsibility, _ holder: ResponsibilityHolder) {
        self.responsibility = responsibility
        self.holder = holder
    }
}

/// A task of the plan of approach (plan van aanpak): which partner does what, by when.
public struct PlanTask: Codable, Hashable, Sendable {
    public var partner: String
    public var task: String
    public var due: CalendarDate

    public init(partner: String, task: String, due: CalendarDate) {
        self.partner = partner
        self.task = task
        self.due = due
    }
}

/// Triage looked at a case: the criteria checklist, ZRM scores, indicators and triggers.
public struct TriageRecorded: Codable, Hashable, Sendable {
    public var caseID: CaseID
    public var criteria: [CriterionAnswer]
    public var zrmScores: [String: Int]
    public var zrmAssessedOn: CalendarDate?
    public var indicators: [String]
    public var triggers: [String]

    public init(
        caseID: CaseID, criteria: [CriterionAnswer], zrmScores: [String: Int], zrmAssessedOn: CalendarDate?,
        indicators: [String], triggers: [String]
    ) {
        self.caseID = caseID
        self.criteria = criteria
        self.zrmScores = zrmScores
        self.zrmAssessedOn = zrmAssessedOn
        self.indicators = indicators
        self.triggers = triggers
    }

    /// The assessment the recommendation rule reads.
    public func assessment(riskSignals: [RiskSignal]) -> TriageAssessment {
        TriageAssessment(
            criteria: Dictionary(criteria.map { ($0.number, $0.answer) }, uniquingKeysWith: { _, last in last }),
            zrm: zrmAssessedOn.map { ZRMScores(scores: zrmScores, assessedOn: $0) },
            riskSignals: riskSignals, indicators: Set(indicators), triggers: Set(triggers))
    }
}

/// The decision on a case after triage: outcome, AVE phase, who holds which responsibility, why,
/// and the plan of approach.
public struct DecisionRecorded: Codable, Hashable, Sendable {
    public var caseID: CaseID
    public var outcome: TriageOutcome
    public var phase: AVEPhase
    public var holders: [ResponsibilityAssignment]
    public var rationale: String
    /// What the instrument recommended when the decision was taken.
    public var recommendedOutcome: TriageOutcome
    public var recommendedPhase: AVEPhase
    /// Required when the decision differs from the recommendation.
    public var deviationReason: String?
    /// For "not a ZVH case": the partner the case was referred to.
    public var referredTo: String?
    public var tasks: [PlanTask]
    public var nextReview: CalendarDate?

    public init(
        caseID: CaseID, outcome: TriageOutcome, phase: AVEPhase, holders: [ResponsibilityAssignment], rationale: String,
        recommendedOutcome: TriageOutcome, recommendedPhase: AVEPhase, deviationReason: String?, referredTo: String?,
        tasks: [PlanTask], nextReview: CalendarDate?
    ) {
        self.caseID = caseID
        self.outcome = outcome
        self.phase = phase
        self.holders = holders
        self.rationale = rationale
        self.recommendedOutcome = recommendedOutcome
        self.recommendedPhase = recommendedPhase
        self.deviationReason = deviationReason
        self.referredTo = referredTo
        self.tasks = tasks
        self.nextReview = nextReview
    }

    public var deviates: Bool { outcome != recommendedOutcome || phase != recommendedPhase }

    /// The status a case takes with this decision.
    public var resultingStatus: CaseStatus {
        switch outcome {
        case .procesregie, .administrative: return .procesregie
        case .support: return .ondersteuning
        case .advice, .referral: return .afgesloten
        }
    }
}
