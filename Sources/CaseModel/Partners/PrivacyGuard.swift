import Foundation

/// Finds what looks like identifying data in text that should be anonymous (an informal
/// consultation's sketch): a number that passes the BSN 11-test, a date of birth, a postcode with a
/// house number, a phone number, an email address, or the name of a person in the store.
public struct PrivacyGuard: Hashable, Sendable {
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        case bsn
        case birthDate = "birth-date"
        case postcodeAndNumber = "postcode-number"
        case phone, email, name
    }

    public struct Finding: Hashable, Sendable {
        public var kind: Kind
        /// The text that gave it away, as it stands.
        public var match: String
    }

    private struct KnownName: Hashable, Sendable {
        var name: String
        var key: [String]
    }

    /// Full names (first and last) of the people in the store, as they are written.
    private var names: [KnownName] = []
    private var seen = Set<[String]>()

    public init(knownNames: some Sequence<String>) {
        for name in knownNames { remember(name) }
    }

    /// The one way the guard learns the store's people: everyone on every case given (each person
    /// of a household, open and closed cases alike), for the desk and the command line.
    public init(cases: some Sequence<Case>) {
        for c in cases { remember(c) }
    }

    /// Adds everyone on a case (one registered or changed since the guard was made).
    public mutating func remember(_ c: Case) {
        for person in c.persons { remember(person.name) }
    }

    /// Adds a name (a person registered since the guard was made).
    public mutating func remember(_ name: String) {
        let key = Self.words(name)
        // One word alone ("Jan") is too common to count as identifying.
        guard key.count >= 2, seen.insert(key).inserted else { return }
        names.append(KnownName(name: name, key: key))
    }

    static let dutchMonths = [
        "januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
        "september", "oktober", "november", "december",
    ]

    public func findings(in text: String) -> [Finding] {
        var found: [Finding] = []
        func add(_ kind: Kind, _ match: String) {
            if !found.contains(Finding(kind: kind, match: match)) { found.append(Finding(kind: kind, match: match)) }
        }
        let ns = text as NSString
        func matches(_ pattern: String) -> [String] {
            guard let regex = try? NSRegularExpression(pattern: pattern, options: [.caseInsensitive]) else { return [] }
            return regex.matches(in: text, range: NSRange(location: 0, length: ns.length)).map {
                ns.substring(with: $0.range)
            }
        }
        // BSN: nine digits (or eight), perhaps grouped, passing the 11-test.
        for candidate in matches(#"(?<![\d+])\d{2,4}(?:[ .-]?\d{2,4}){1,3}(?!\d)"#) {
            let digits = candidate.filter(\.isNumber)
            if (8...9).contains(digits.count), BSN.passesElevenTest(digits.count == 8 ? "0" + digits : digits) {
                add(.bsn, candidate)
            }
        }
        // Dates that can be a date of birth: a full date with a four-digit year in the past.
        for candidate in matches(#"\b\d{1,2}[-/.]\d{1,2}[-/.](?:19|20)\d{2}\b|\b(?:19|20)\d{2}-\d{2}-\d{2}\b"#) {
            let normal = candidate.replacingOccurrences(of: "/", with: "-").replacingOccurrences(of: ".", with: "-")
            if CalendarDate(iso: normal) != nil || CalendarDate(dutch: normal) != nil { add(.birthDate, candidate) }
        }
        let months = Self.dutchMonths.joined(separator: "|")
        for candidate in matches(#"\b\d{1,2}\s+(?:\#(months))\s+(?:19|20)\d{2}\b"#) { add(.birthDate, candidate) }
        // A postcode followed by a house number (or the number then the postcode).
        for candidate in matches(
            #"\b[1-9]\d{3}\s?[A-Z]{2}\b[\s,]*(?:nr\.?\s*)?\d{1,5}\b|\b\d{1,5}[a-z]?,?\s+[1-9]\d{3}\s?[A-Z]{2}\b"#)
        {
            add(.postcodeAndNumber, candidate)
        }
        // Phone numbers in the usual Dutch writings.
        for candidate in matches(#"(?:\+31|0031|\b0)[\s\-()0]*\d(?:[\s\-()]?\d){7,9}\b"#) {
            if (try? PhoneNumber(candidate)) != nil { add(.phone, candidate.trimmingCharacters(in: .whitespaces)) }
        }
        for candidate in matches(#"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}"#) { add(.email, candidate) }
        // Names of people in the store, as whole words in order.
        let words = Self.words(text)
        for known in names where Self.contains(words, known.key) { add(.name, known.name) }
        // A phone number or a date can look like a BSN by chance; report those once, as what they are.
        let others = found.filter { $0.kind == .phone || $0.kind == .birthDate }.map { $0.match.filter(\.isNumber) }
        return found.filter { finding in
            guard finding.kind == .bsn else { return true }
            let digits = finding.match.filter(\.isNumber)
            return !others.contains { $0.hasSuffix(digits) || digits.hasSuffix($0) || $0.contains(digits) }
        }
    }

    static func words(_ text: String) -> [String] {
        Vocabulary.searchable(text).split(whereSeparator: { !$0.isLetter }).map(String.init)
    }

    static func contains(_ words: [String], _ key: [String]) -> Bool {
        guard !key.isEmpty, words.count >= key.count else { return false }
        for start in 0...(words.count - key.count) where Array(words[start..<(start + key.count)]) == key {
            return true
        }
        return false
    }
}
