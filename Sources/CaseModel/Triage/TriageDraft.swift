import Foundation

/// Triage input as typed: `1=ja:note`, `Financiën=2`, indicator and trigger codes.
public struct TriageDraft: Hashable, Sendable {
    public var criteria: [String] = []
    public var zrm: [String] = []
    public var zrmDate = ""
    public var indicators: [String] = []
    public var triggers: [String] = []

    public init() {}

    static let answers: [String: Answer] = [
        "ja": .yes, "yes": .yes, "j": .yes, "y": .yes, "nee": .no, "no": .no, "n": .no,
        "onbekend": .unknown, "unknown": .unknown, "?": .unknown,
    ]

    /// Checks every part against the instrument; returns the event or all errors.
    public func validate(_ c: Case, instrument: Instrument, today: CalendarDate) -> Result<
        TriageRecorded, ValidationErrors
    > {
        var errors: [ValidationError] = []
        if let refusal = CaseStep.triage.refusal(for: c) { errors.append(refusal) }
        var answers: [CriterionAnswer] = []
        for text in criteria {
            let (head, note) = Self.split(text, at: ":")
            let parts = head.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count == 2, let number = Int(parts[0]), let answer = Self.answers[parts[1].lowercased()] else {
                errors.append(ValidationError(.answerFormat, field: "criterion", value: text))
                continue
            }
            guard instrument.criteria.contains(where: { $0.number == number }) else {
                errors.append(
                    ValidationError(
                        .unknownCriterion, field: "criterion", value: String(number),
                        detail: instrument.criteria.map { String($0.number) }.joined(separator: ", ")))
                continue
            }
            answers.removeAll { $0.number == number }
            answers.append(CriterionAnswer(number: number, answer: answer, note: note))
        }
        var scores: [String: Int] = [:]
        for text in zrm {
            let parts = text.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count == 2,
                let domain = instrument.zrmDomains.first(where: { Vocabulary.key($0) == Vocabulary.key(parts[0]) })
            else {
                errors.append(
                    ValidationError(
                        .unknownDomain, field: "zrm", value: text, detail: instrument.zrmDomains.joined(separator: ", ")
                    ))
                continue
            }
            guard let score = Int(parts[1]), (1...5).contains(score) else {
                errors.append(ValidationError(.scoreRange, field: "zrm", value: text))
                continue
            }
            scores[domain] = score
        }
        var assessedOn: CalendarDate?
        if !zrmDate.isEmpty {
            assessedOn = CalendarDate(iso: zrmDate) ?? CalendarDate(dutch: zrmDate)
            if assessedOn == nil { errors.append(ValidationError(.dateFormat, field: "zrm-date", value: zrmDate)) }
            if let date = assessedOn, date > today {
                errors.append(ValidationError(.dateInFuture, field: "zrm-date", value: zrmDate))
            }
        } else if !scores.isEmpty {
            assessedOn = today
        }
        let indicatorCodes = instrument.indicators.map(\.code)
        let triggerCodes = instrument.triggers.map(\.code)
        for code in indicators where !indicatorCodes.contains(code) {
            errors.append(
                ValidationError(
                    .unknownIndicator, field: "indicator", value: code, detail: indicatorCodes.joined(separator: ", ")))
        }
        for code in triggers where !triggerCodes.contains(code) {
            errors.append(
                ValidationError(
                    .unknownTrigger, field: "trigger", value: code, detail: triggerCodes.joined(separator: ", ")))
        }
        guard errors.isEmpty else { return .failure(ValidationErrors(errors)) }
        return .success(
            TriageRecorded(
                caseID: c.id, criteria: answers.sorted { $0.number < $1.number }, zrmScores: scores,
                zrmAssessedOn: scores.isEmpty ? nil : assessedOn,
                indicators: Array(Set(indicators)).sorted(), triggers: Array(Set(triggers)).sorted()))
    }

    static func split(_ text: String, at separator: Character) -> (String, String) {
        guard let index = text.firstIndex(of: separator) else { return (text, "") }
        return (String(text[..<index]), text[text.index(after: index)...].trimmingCharacters(in: .whitespaces))
    }
}
