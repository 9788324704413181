import CaseModel
import Foundation
import SchakelResources
import Screen

/// The language the desk speaks: Dutch by default, English on request.
public enum Language: String, CaseIterable, Sendable {
    case nl, en
}

/// Looks up the desk's texts in Resources/Data/strings.json and fills in `{0}`, `{1}`, ...
public struct Localizer: Sendable {
    public let language: Language
    private let table: [String: String]

    /// Why the strings could not be loaded (a build without its resources).
    public struct Missing: Error, CustomStringConvertible {
        public var description: String { "the UI strings (strings.json) are missing from this build" }
    }

    public init(language: Language) throws {
        guard let data = SchakelResources.data(named: "strings"),
            let all = try? JSONDecoder().decode([String: [String: String]].self, from: data),
            let table = all[language.rawValue]
        else { throw Missing() }
        self.language = language
        self.table = table
    }

    /// All texts of one language as the resource holds them (for tests).
    public static func table(for language: Language) -> [String: String]? {
        guard let data = SchakelResources.data(named: "strings") else { return nil }
        return (try? JSONDecoder().decode([String: [String: String]].self, from: data))?[language.rawValue]
    }

    public func callAsFunction(_ key: TextKey, _ arguments: CustomStringConvertible...) -> String {
        text(key, arguments)
    }

    /// The text kept under a key given as text (a key binding's title), or nil when there is none:
    /// read from the table at once, for `TextKey(rawValue:)` compares with every key in turn.
    public func text(named key: String) -> String? { table[key] }

    /// The text of `key` with `arguments` filled in (for callers that pass them on).
    public func text(_ key: TextKey, _ arguments: [CustomStringConvertible]) -> String {
        var text = Self.plurals(table[key.rawValue] ?? key.rawValue, arguments)
        for (index, argument) in arguments.enumerated() {
            text = text.replacingOccurrences(of: "{\(index)}", with: argument.description)
        }
        return text
    }

    /// `{0|taak|taken}`: the first form when argument 0 is 1 (or -1), else the second.
    static func plurals(_ text: String, _ arguments: [CustomStringConvertible]) -> String {
        guard text.contains("|") else { return text }
        var result = ""
        var rest = Substring(text)
        while let open = rest.firstIndex(of: "{") {
            result += rest[..<open]
            guard let close = rest[open...].firstIndex(of: "}") else { break }
            let inner = rest[rest.index(after: open)..<close].split(separator: "|", omittingEmptySubsequences: false)
            if inner.count == 3, let index = Int(inner[0]), arguments.indices.contains(index) {
                let one = Int(arguments[index].description).map { abs($0) == 1 } ?? false
                result += one ? inner[1] : inner[2]
            } else {
                result += rest[open...close]
            }
            rest = rest[rest.index(after: close)...]
        }
        return result + rest
    }

    /// A text whose key is made from a code, e.g. `source.` + `politie`; the code itself if unknown.
    public func label(_ prefix: String, _ code: String) -> String {
        table[prefix + "." + code] ?? code
    }

    /// A key as the footer and help name it: Space and Shift-F keys in the run's language.
    public func keyLabel(_ key: Key) -> String {
        switch key {
        case .character(" "): return self(.keySpace)
        case .function(let n) where n > 12: return "S-F\(n - 12)"
        default: return key.label
        }
    }

    public func label(_ source: Source) -> String { label("source", source.rawValue) }
    public func label(_ status: CaseStatus) -> String { label("status", status.rawValue) }
    public func label(_ signal: RiskSignal) -> String { label("risk", signal.rawValue) }
    public func label(_ kind: Deadline.Kind) -> String { label("deadline", kind.rawValue) }
    public func label(_ responsibility: Responsibility) -> String { label("resp", responsibility.rawValue) }
    public func label(_ outcome: TriageOutcome) -> String { label("outcome", outcome.rawValue) }
    public func label(_ answer: Answer) -> String { label("answer", answer.rawValue) }
    public func label(_ type: PartnerType) -> String { label("partnerType", type.rawValue) }
    public func label(_ role: CaseContactRole) -> String { label("role", role.rawValue) }
    public func label(_ followUp: FollowUp) -> String { label("followUp", followUp.rawValue) }
    public func label(_ kind: PrivacyGuard.Kind) -> String { label("privacy", kind.rawValue) }
    public func label(_ ground: LegalGround) -> String { label("ground", ground.rawValue) }
    public func label(_ level: Confidentiality) -> String { label("confidentiality", level.rawValue) }
    public func label(_ category: DataCategory) -> String { label("category", category.rawValue) }

    /// Whether and when the person was told, or why not.
    public func describe(_ informing: Informing?) -> String {
        switch informing {
        case .informed(let on, let by): return self(.informingInformed, on.dutch, by)
        case .notInformed(let reason): return self(.informingNot, reason)
        case nil: return self(.informingUnknown)
        }
    }

    /// A case's basis in one line: ground, exception, informing, confidentiality.
    public func describe(_ basis: LawfulBasis) -> String {
        var parts = [basis.ground.map { label($0) } ?? self(.detailNoGround)]
        if !basis.exception.isEmpty { parts.append(basis.exception) }
        parts.append(describe(basis.informing))
        parts.append(label(basis.confidentiality))
        return parts.joined(separator: "; ")
    }

    /// Why the desk suggests registering: "3 consulten in 8 weken: overweeg aanmelding".
    public func describe(_ suggestion: RegistrationSuggestion, rule: ThreadRule) -> String {
        switch suggestion {
        case .agreed: return self(.suggestAgreed)
        case .safetySignal: return self(.suggestSafety)
        case .repeated(let count): return self(.suggestRepeated, count, rule.weeks)
        }
    }

    /// The findings of the privacy guard as a phrase: "telefoonnummer ‘06-12345678’, naam uit het register ‘Anne de Vries’".
    public func describe(_ findings: [PrivacyGuard.Finding]) -> String {
        findings.map { "\(label($0.kind)) ‘\($0.match)’" }.joined(separator: ", ")
    }

    /// One reason of a recommendation as a phrase: "criteria 1, 2 en 3 vervuld".
    public func describe(_ reason: Recommendation.Reason) -> String {
        func numbers(_ list: [Int]) -> String { list.map(String.init).joined(separator: ", ") }
        switch reason {
        case .criteriaMet(let list): return self(.reasonCriteriaMet, numbers(list))
        case .criteriaNotMet: return self(.reasonCriteriaNotMet)
        case .criteriaOpen(let list): return self(.reasonCriteriaOpen, numbers(list))
        case .lowDomains(let count): return self(.reasonLowDomains, count)
        case .acuteDomains(let count): return self(.reasonAcuteDomains, count)
        case .noZRM: return self(.reasonNoZRM)
        case .zrmOutdated(let days): return self(.reasonZrmOutdated, days)
        case .safety(let signals): return self(.reasonSafety, signals.map { label($0) }.joined(separator: ", "))
        case .trigger(let code): return self(.reasonTrigger, code)
        case .indicator(let code): return self(.reasonIndicator, code)
        }
    }

    /// A validation error as one line for a person: the field's message, and the known values if useful.
    public func message(for error: ValidationError) -> String {
        var text = label("error", error.code.rawValue).replacingOccurrences(of: "{0}", with: error.detail)
        if !error.value.isEmpty { text += " (\(error.value))" }
        if [
            .unknownGemeente, .unknownWijkteam, .unknownSource, .unknownRiskSignal, .unknownOutcome, .unknownCriterion,
            .unknownDomain, .unknownIndicator, .unknownTrigger, .unknownPartnerType, .unknownRole, .unknownFollowUp,
            .unknownNoteKind, .unknownTaskAction, .unknownField, .unknownPersonRole, .unknownReachKind, .unknownGround,
            .unknownConfidentiality, .unknownCategory, .unknownGrouping,
        ].contains(error.code), !error.detail.isEmpty {
            text += "; " + self(.errorKnown, error.detail)
        }
        return text
    }

    /// `di 24-11-2026`.
    public func day(_ date: CalendarDate) -> String {
        label("weekday", String(date.weekday)) + " " + date.dutch
    }

    /// `24-11-2026 14:05` in the given time zone.
    public func moment(_ date: Date, in timeZone: TimeZone) -> String {
        let day = CalendarDate(date, in: timeZone)
        let seconds = Int(date.timeIntervalSince1970) + timeZone.secondsFromGMT(for: date)
        let minutes = ((seconds % 86_400) + 86_400) % 86_400 / 60
        return day.dutch + String(format: " %02d:%02d", minutes / 60, minutes % 60)
    }
}
