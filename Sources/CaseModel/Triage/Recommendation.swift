import Foundation

/// ZRM scores of a person (1 acute problematiek … 5 volledig zelfredzaam) and when they were given.
public struct ZRMScores: Hashable, Sendable {
    public var scores: [String: Int]
    public var assessedOn: CalendarDate

    public init(scores: [String: Int], assessedOn: CalendarDate) {
        self.scores = scores
        self.assessedOn = assessedOn
    }
}

/// What triage knows about a case: the criteria checklist, ZRM scores, risk signals, and the
/// extra indicators and AVE triggers that apply (by their codes in the instrument).
public struct TriageAssessment: Hashable, Sendable {
    public var criteria: [Int: Answer]
    public var zrm: ZRMScores?
    public var riskSignals: [RiskSignal]
    public var indicators: Set<String>
    public var triggers: Set<String>

    public init(
        criteria: [Int: Answer] = [:], zrm: ZRMScores? = nil, riskSignals: [RiskSignal] = [],
        indicators: Set<String> = [], triggers: Set<String> = []
    ) {
        self.criteria = criteria
        self.zrm = zrm
        self.riskSignals = riskSignals
        self.indicators = indicators
        self.triggers = triggers
    }
}

/// A recommended outcome and AVE phase, with the reasons spelled out so the advisor can weigh them
/// (and give a reason of their own when deciding otherwise).
public struct Recommendation: Hashable, Sendable {
    public enum Reason: Hashable, Sendable {
        /// The rule holds; these criteria were answered yes.
        case criteriaMet([Int])
        case criteriaNotMet
        /// The rule cannot be decided yet; these criteria are still unknown.
        case criteriaOpen([Int])
        /// Life domains scored 1 or 2 (a strong signal for criterion 1).
        case lowDomains(count: Int)
        /// Life domains scored 1 (acute).
        case acuteDomains(count: Int)
        case noZRM
        /// The ZRM scores are older than the instrument allows, and were not used.
        case zrmOutdated(days: Int)
        case safety([RiskSignal])
        case trigger(String)
        case indicator(String)
    }

    public var outcome: TriageOutcome
    public var phase: AVEPhase
    public var reasons: [Reason]
}

extension Instrument {
    /// The recommendation for an assessment, by this rule:
    ///
    /// - The criteria rule holds: the ZVH takes procesregie; with safety at stake and either
    ///   criterion 4 or three or more acute domains, administrative escalation (AVE 4).
    /// - The rule cannot be decided yet: support (meekijken) when there are signs (safety, two or
    ///   more domains at 1–2, a trigger or an indicator), else advice.
    /// - The rule does not hold: support when two or more domains are at 1–2, or a trigger, or two
    ///   indicators; advice when there is safety or one low domain; otherwise not a ZVH case.
    ///
    /// The phase is the one the instrument gives the outcome.
    public func recommend(_ a: TriageAssessment, today: CalendarDate) -> Recommendation {
        let fits = rule.evaluate(a.criteria)
        let mentioned = rule.criteria.sorted()
        var reasons: [Recommendation.Reason] = []
        switch fits {
        case .yes: reasons.append(.criteriaMet(mentioned.filter { a.criteria[$0] == .yes }))
        case .no: reasons.append(.criteriaNotMet)
        case .unknown: reasons.append(.criteriaOpen(mentioned.filter { (a.criteria[$0] ?? .unknown) == .unknown }))
        }

        var low = 0
        var acute = 0
        if let zrm = a.zrm {
            let age = today.dayNumber - zrm.assessedOn.dayNumber
            if age > zrmValidDays {
                reasons.append(.zrmOutdated(days: age))
            } else {
                low = zrm.scores.values.filter { $0 <= 2 }.count
                acute = zrm.scores.values.filter { $0 == 1 }.count
                if low > 0 { reasons.append(.lowDomains(count: low)) }
                if acute > 0 { reasons.append(.acuteDomains(count: acute)) }
            }
        } else {
            reasons.append(.noZRM)
        }
        if !a.riskSignals.isEmpty { reasons.append(.safety(a.riskSignals.sorted())) }
        reasons += a.triggers.sorted().map { .trigger($0) }
        reasons += a.indicators.sorted().map { .indicator($0) }

        let safety = !a.riskSignals.isEmpty || a.triggers.contains("safety")
        let outcome: TriageOutcome
        switch fits {
        case .yes:
            outcome = safety && (a.criteria[4] == .yes || acute >= 3) ? .administrative : .procesregie
        case .unknown:
            outcome = safety || low >= 2 || !a.triggers.isEmpty || !a.indicators.isEmpty ? .support : .advice
        case .no:
            if low >= 2 || !a.triggers.isEmpty || a.indicators.count >= 2 {
                outcome = .support
            } else if safety || low >= 1 {
                outcome = .advice
            } else {
                outcome = .referral
            }
        }
        return Recommendation(outcome: outcome, phase: self.outcome(outcome)?.phase ?? .two, reasons: reasons)
    }
}
