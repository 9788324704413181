import Foundation

/// Where a registration came from.
public enum Source: String, Codable, CaseIterable, Sendable {
    case wijkteam
    case politie
    case omZSM = "om-zsm"
    case veiligThuis = "veilig-thuis"
    case reclassering
    case woningcorporatie
    case gemeente
    case ggd
    case other = "overig"

    /// Parses a code or a common way of writing it (`zsm`, `Veilig Thuis`, `GGD`), case-insensitively.
    public init(parsing text: String) throws(ValidationError) {
        let key = Vocabulary.key(text)
        let aliases: [String: Source] = [
            "zsm": .omZSM, "om": .omZSM, "omzsm": .omZSM, "veiligthuis": .veiligThuis, "vt": .veiligThuis,
            "politie": .politie, "police": .politie, "wijkteam": .wijkteam, "reclassering": .reclassering,
            "woningcorporatie": .woningcorporatie, "corporatie": .woningcorporatie, "gemeente": .gemeente,
            "ggd": .ggd, "meldpuntzorgenoverlast": .ggd, "overig": .other, "other": .other, "anders": .other,
        ]
        guard let source = aliases[key] else {
            throw ValidationError(
                .unknownSource, field: "source", value: text,
                detail: Source.allCases.map(\.rawValue).joined(separator: ", "))
        }
        self = source
    }
}

/// Where a case is in the ZVH's process.
public enum CaseStatus: String, Codable, CaseIterable, Sendable {
    case nieuw
    case screening
    case triage
    case ondersteuning
    case procesregie
    case teruggelegd
    case afgesloten

    public var isOpen: Bool { self != .afgesloten }
}

/// A phase of the AVE escalation model (Aanpak ter Voorkoming van Escalatie), 1 (green) to 4 (dark red).
public enum AVEPhase: Int, Codable, CaseIterable, Sendable, Comparable {
    case one = 1
    case two, three, four

    public static func < (lhs: AVEPhase, rhs: AVEPhase) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// The four responsibilities the AVE model names for every phase.
///
/// Casusregie steers the content of the help; procesregie steers the process (is it going as agreed,
/// are the right partners at the table).
public enum Responsibility: String, Codable, CodingKeyRepresentable, CaseIterable, Sendable {
    case casusregie
    case procesregie
    case operationeel
    case bestuurlijk
}

/// A signal that raises a case's urgency because safety may be at stake.
public enum RiskSignal: String, Codable, CaseIterable, Sendable, Comparable {
    case geweld
    case wapens
    case kinderen
    case huiselijkGeweld = "huiselijk-geweld"
    case radicalisering
    case verwardGedrag = "verward-gedrag"
    case mensenhandel
    case ondermijning

    public static func < (lhs: RiskSignal, rhs: RiskSignal) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }

    /// Parses a code, with or without dashes, case-insensitively.
    public init(parsing text: String) throws(ValidationError) {
        let key = Vocabulary.key(text)
        guard let signal = RiskSignal.allCases.first(where: { Vocabulary.key($0.rawValue) == key }) else {
            throw ValidationError(
                .unknownRiskSignal, field: "risk", value: text,
                detail: RiskSignal.allCases.map(\.rawValue).joined(separator: ", "))
        }
        self = signal
    }
}

/// Helpers for matching what people type against codes and names.
public enum Vocabulary {
    /// Lowercased, without diacritics, spaces, dashes, slashes or dots: `Súdwest-Fryslân` → `sudwestfryslan`.
    ///
    /// The same folding as `searchable` (ASCII lowercased in place; Foundation's locale-aware
    /// folding cost 30 % of a registration in a store with 50,000 consultations, whose thread
    /// labels are keyed on every open).
    public static func key(_ text: String) -> String {
        if let fast = asciiFolded(text, dropping: true) { return fast }
        var out = String.UnicodeScalarView()
        for scalar in searchable(text).unicodeScalars where !ignoredInKeys.contains(scalar) { out.append(scalar) }
        return String(out)
    }

    private static let ignoredInKeys: Set<Unicode.Scalar> = [" ", "-", "/", ".", "_", "'"]

    /// True when `haystack` contains `needle`, comparing UTF-8 bytes (both already `searchable`).
    public static func contains(_ haystack: String, _ needle: String) -> Bool {
        if needle.isEmpty { return true }
        var haystack = haystack
        var needle = needle
        // Native strings are contiguous UTF-8: compare bytes in place, without copies, since this
        // runs for every open case on every key typed in the search.
        return haystack.withUTF8 { h in
            needle.withUTF8 { n in
                guard n.count <= h.count, let first = n.first else { return false }
                var i = 0
                while i <= h.count - n.count {
                    if h[i] == first && memcmp(h.baseAddress! + i, n.baseAddress!, n.count) == 0 { return true }
                    i += 1
                }
                return false
            }
        }
    }

    /// Lowercased and without diacritics, for searching as you type.
    ///
    /// ASCII (most names and codes) is lowercased directly; only other letters go through
    /// Unicode decomposition, so indexing a region's whole history stays fast.
    public static func searchable(_ text: String) -> String {
        if let fast = asciiFolded(text, dropping: false) { return fast }
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if scalar.isASCII {
                out.append((65...90).contains(scalar.value) ? Unicode.Scalar(UInt8(scalar.value + 32)) : scalar)
                continue
            }
            for part in String(scalar).decomposedStringWithCanonicalMapping.unicodeScalars
            where part.properties.generalCategory != .nonspacingMark {
                out.append(contentsOf: part.properties.lowercaseMapping.unicodeScalars)
            }
        }
        return String(out)
    }

    /// An ASCII text lowercased byte by byte (and without what keys ignore, when `dropping`); nil
    /// for any other text. Most text is ASCII, and a region's 50,000 thread labels are keyed when
    /// the consultation log is read: scalar by scalar, that was a tenth of opening the desk.
    private static func asciiFolded(_ text: String, dropping: Bool) -> String? {
        var text = text
        return text.withUTF8 { bytes -> String? in
            for byte in bytes where byte >= 0x80 { return nil }
            return String(unsafeUninitializedCapacity: bytes.count) { out in
                var count = 0
                for byte in bytes {
                    // The bytes of `ignoredInKeys`: space - / . _ '
                    if dropping && (byte == 32 || byte == 45 || byte == 47 || byte == 46 || byte == 95 || byte == 39) {
                        continue
                    }
                    out[count] = (65...90).contains(byte) ? byte + 32 : byte
                    count += 1
                }
                return count
            }
        }
    }
}

/// What someone typed into a search: its words, lowercased and without diacritics. A text matches
/// when it contains every word, in any order. The queue, Partners, Consulten and the command line's
/// `--filter` all search this one way, so "jansen leeuw" finds the same row everywhere.
public struct SearchWords: Hashable, Sendable {
    public let words: [String]

    public init(_ text: String) {
        words = Vocabulary.searchable(text).split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
    }

    public var isEmpty: Bool { words.isEmpty }

    /// True when `haystack` (already `Vocabulary.searchable`) holds every word.
    public func matches(searchable haystack: String) -> Bool {
        words.allSatisfy { Vocabulary.contains(haystack, $0) }
    }

    /// True when every match of `self` is a match of `other` too: typing on narrows (every word
    /// of `other` is contained in a word of `self`), so a search can filter its last result.
    public func narrows(_ other: SearchWords) -> Bool {
        other.words.enumerated().allSatisfy { index, word in
            words.indices.contains(index) && Vocabulary.contains(words[index], word)
        }
    }
}
