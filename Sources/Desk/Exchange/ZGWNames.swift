import CaseModel
import Foundation

/// A name and an address as Schakel keeps them (one line each), in the parts the ZGW APIs'
/// `natuurlijk_persoon` asks for. Schakel never asked for the parts, so this is a reading, not
/// a record: the name as written stays in the case, and docs/ZGW.md says how it is read.
public enum ZGWNames {
    public struct Name: Equatable, Sendable {
        public var voornamen: String
        public var voorletters: String
        public var voorvoegsel: String
        public var geslachtsnaam: String
    }

    /// Dutch surname prefixes (voorvoegsels), lower case: a run of them before the last word
    /// begins the surname ("Jan van der Berg": voornamen Jan, voorvoegsel van der, geslachtsnaam Berg).
    static let prefixes: Set<String> = [
        "van", "de", "der", "den", "het", "'t", "te", "ten", "ter", "in", "op", "aan", "bij", "onder", "over", "uit",
        "voor", "d'", "du", "da", "del", "della", "di", "dos", "la", "le", "les", "los", "vande", "vanden", "vander",
    ]

    /// The surname is the last word, with the prefixes right before it; the words before those are
    /// the given names. One word is a surname alone.
    public static func name(_ full: String) -> Name {
        let words = full.split(whereSeparator: \.isWhitespace).map(String.init)
        guard let last = words.last else {
            return Name(voornamen: "", voorletters: "", voorvoegsel: "", geslachtsnaam: "")
        }
        var start = words.count - 1
        while start > 1, prefixes.contains(words[start - 1].lowercased()) { start -= 1 }
        // "Van Dijk" alone: the prefix belongs to the surname, there are no given names.
        if start == 1, words.count > 1, prefixes.contains(words[0].lowercased()) { start = 0 }
        let given = Array(words[..<start])
        let voorvoegsel = words[start..<(words.count - 1)].joined(separator: " ")
        let initials = given.compactMap(\.first).map { "\($0.uppercased())." }.joined()
        return Name(
            voornamen: given.joined(separator: " "), voorletters: initials, voorvoegsel: voorvoegsel,
            geslachtsnaam: last)
    }

    public struct Street: Equatable, Sendable {
        public var openbareRuimte: String
        public var huisnummer: Int?
        public var huisletter: String?
        public var toevoeging: String?
    }

    /// "Nieuwestad 12a-2": the street's name, then the house number with its letter and addition
    /// when the last word starts with digits; else the whole line is the street's name.
    public static func street(_ line: String) -> Street {
        var words = line.split(whereSeparator: \.isWhitespace).map(String.init)
        guard words.count > 1, let last = words.last, let first = last.first, first.isASCII, first.isNumber else {
            return Street(openbareRuimte: line.trimmingCharacters(in: .whitespaces))
        }
        words.removeLast()
        let digits = last.prefix { $0.isASCII && $0.isNumber }
        var rest = Substring(last.dropFirst(digits.count))
        var letter: String?
        if let next = rest.first, next.isLetter, rest.dropFirst().first.map({ !$0.isLetter }) ?? true {
            letter = String(next).uppercased()
            rest = rest.dropFirst()
        }
        let addition = rest.drop { $0 == "-" || $0 == " " }
        return Street(
            openbareRuimte: words.joined(separator: " "), huisnummer: Int(digits), huisletter: letter,
            toevoeging: addition.isEmpty ? nil : String(addition))
    }
}
