import Foundation

/// The ZVH answered a ZSM request: is the person known here, the context, and the advice on how
/// to settle the case (afdoeningsadvies).
public struct ZSMAnswered: Codable, Hashable, Sendable {
    public var caseID: CaseID
    public var known: Bool
    public var context: String
    public var advice: String

    public init(caseID: CaseID, known: Bool, context: String, advice: String) {
        self.caseID = caseID
        self.known = known
        self.context = context
        self.advice = advice
    }
}

/// The justice chain's decision on a ZSM request, as it came back to the ZVH.
public struct ZSMDecisionRecorded: Codable, Hashable, Sendable {
    public var caseID: CaseID
    public var decision: String

    public init(caseID: CaseID, decision: String) {
        self.caseID = caseID
        self.decision = decision
    }
}

/// A ZSM answer as typed.
public struct ZSMAnswerDraft: Hashable, Sendable {
    public var known = ""
    public var context = ""
    public var advice = ""

    public init() {}

    public func validate(_ c: Case) -> Result<ZSMAnswered, ValidationErrors> {
        var errors: [ValidationError] = []
        if let refusal = CaseStep.zsmAnswer.refusal(for: c) { errors.append(refusal) }
        let answers = ["ja": true, "yes": true, "bekend": true, "nee": false, "no": false, "onbekend": false]
        let knownValue = answers[known.trimmingCharacters(in: .whitespaces).lowercased()]
        if knownValue == nil {
            errors.append(ValidationError(known.isEmpty ? .required : .yesNoFormat, field: "known", value: known))
        }
        if advice.trimmingCharacters(in: .whitespaces).isEmpty {
            errors.append(ValidationError(.required, field: "advice"))
        }
        guard errors.isEmpty, let knownValue else { return .failure(ValidationErrors(errors)) }
        return .success(
            ZSMAnswered(
                caseID: c.id, known: knownValue, context: context.trimmingCharacters(in: .whitespaces),
                advice: advice.trimmingCharacters(in: .whitespaces)))
    }
}

/// The ZSM decision as typed.
public struct ZSMDecisionDraft: Hashable, Sendable {
    public var decision = ""

    public init() {}

    public func validate(_ c: Case) -> Result<ZSMDecisionRecorded, ValidationErrors> {
        var errors: [ValidationError] = []
        if let refusal = CaseStep.zsmDecision.refusal(for: c) { errors.append(refusal) }
        if decision.trimmingCharacters(in: .whitespaces).isEmpty {
            errors.append(ValidationError(.required, field: "decision"))
        }
        guard errors.isEmpty else { return .failure(ValidationErrors(errors)) }
        return .success(ZSMDecisionRecorded(caseID: c.id, decision: decision.trimmingCharacters(in: .whitespaces)))
    }
}
