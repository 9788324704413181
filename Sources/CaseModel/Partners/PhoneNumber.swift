import Foundation

/// A telephone number, normalised to international form (`+31612345678`), read from any of the
/// ways people write Dutch numbers: `06-12345678`, `06 1234 5678`, `+31 6 12345678`,
/// `0031 6 12345678`, `(058) 123 45 67`, `+31 (0)58 1234567`, `0800-1234`, `06/12345678`,
/// `058.299.12.34`, and with a label in front (`tel: 058-2991234`, `Tel. 06 12345678`, `tel:+31…`),
/// as libphonenumber reads them (the tests hold the two side by side).
public struct PhoneNumber: Hashable, Sendable, Codable, CustomStringConvertible {
    /// E.164: `+` and digits.
    public let e164: String

    public init(_ text: String) throws(ValidationError) {
        var raw = text.trimmingCharacters(in: .whitespaces)
        // A label in front: "tel:", "Tel.", "telefoon:", "phone:", "T:" (a tel: URI too).
        let lowered = raw.lowercased()
        for label in ["telefoon:", "telefoon", "phone:", "tel.:", "tel:", "tel.", "tel ", "t:"]
        where lowered.hasPrefix(label) {
            raw = String(raw.dropFirst(label.count)).trimmingCharacters(in: .whitespaces)
            break
        }
        // "++31 …": a doubled plus is one (libphonenumber reads it so).
        while raw.hasPrefix("++") { raw.removeFirst() }
        // "+31 (0)58 …": the (0) is the trunk prefix people add for national callers.
        raw = raw.replacingOccurrences(of: "(0)", with: "")
        let allowed = Set("0123456789+ -()./")
        guard !raw.isEmpty, raw.allSatisfy({ allowed.contains($0) }), raw.dropFirst().allSatisfy({ $0 != "+" }) else {
            throw ValidationError(.phoneFormat, field: "phone", value: text)
        }
        var digits = raw.filter(\.isNumber)
        if raw.hasPrefix("+") {
            // Already international.
        } else if digits.hasPrefix("00") {
            digits.removeFirst(2)
        } else if digits.hasPrefix("0") {
            digits = "31" + digits.dropFirst()
        } else {
            throw ValidationError(.phoneFormat, field: "phone", value: text)
        }
        if digits.hasPrefix("31") {
            // "+31 0 6 …": a trunk 0 written after the country code is dropped, as libphonenumber does.
            if digits.dropFirst(2).hasPrefix("0") { digits = "31" + digits.dropFirst(3) }
            let national = digits.dropFirst(2)
            let service =
                national.hasPrefix("800") || national.hasPrefix("900") || national.hasPrefix("906")
                || national.hasPrefix("909")
            guard national.count == 9 || (service && (national.count == 7 || national.count == 10)),
                national.first != "0"
            else {
                throw ValidationError(.phoneFormat, field: "phone", value: text)
            }
        } else {
            guard (8...15).contains(digits.count) else {
                throw ValidationError(.phoneFormat, field: "phone", value: text)
            }
        }
        e164 = "+" + digits
    }

    /// A number checked before (read back from the store's own snapshot).
    public init(trusted e164: String) { self.e164 = e164 }

    /// The Dutch way to write it for callers in the Netherlands, with the dash after the area code
    /// (`06-12345678`, `058-2991234`, `0511-123456`, `0800-1234`), or the international form.
    /// The dash also keeps the leading zero when a spreadsheet opens a CSV file (`0612345678`
    /// becomes the number 612345678 there and is saved back so).
    public var national: String {
        guard e164.hasPrefix("+31") else { return e164 }
        let digits = String(e164.dropFirst(3))
        let area = Self.dutchAreaLength(digits)
        return "0" + digits.prefix(area) + "-" + digits.dropFirst(area)
    }

    /// Two-digit area codes (after the 0) of the Dutch numbering plan; mobile (6) is one digit, and
    /// every other geographic or service code three (0511, 0800, 0900).
    private static let twoDigitAreas: Set<Substring> = [
        "10", "13", "15", "20", "23", "24", "26", "30", "33", "35", "36", "38", "40", "43", "45", "46", "50", "53",
        "55", "58",
        "70", "71", "72", "73", "74", "75", "76", "77", "78", "79", "84", "85", "87", "88", "91",
    ]

    private static func dutchAreaLength(_ digits: String) -> Int {
        if digits.hasPrefix("6") { return 1 }
        return twoDigitAreas.contains(digits.prefix(2)) ? 2 : 3
    }

    public var description: String { e164 }

    /// Stored as its E.164 text, read back through the same checks.
    public init(from decoder: Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        do { try self.init(text) } catch {
            throw DecodingError.dataCorrupted(
                .init(codingPath: decoder.codingPath, debugDescription: "invalid phone number \(text)"))
        }
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(e164)
    }
}

/// An email address: trimmed, the domain lowercased, and plausibly shaped (one `@`, a dotted domain).
public struct EmailAddress: Hashable, Sendable, Codable, CustomStringConvertible {
    public let value: String

    public init(_ text: String) throws(ValidationError) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let parts = trimmed.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, parts[0].count <= 64,
            !trimmed.contains(where: { $0.isWhitespace || $0 == "," || $0 == ";" }),
            let domain = Optional(parts[1].lowercased()), domain.contains("."), !domain.hasPrefix("."),
            !domain.hasSuffix("."),
            !domain.contains(".."), domain.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "." || $0 == "-" })
        else {
            throw ValidationError(.emailFormat, field: "email", value: text)
        }
        value = parts[0] + "@" + domain
    }

    /// An address checked before (read back from the store's own snapshot).
    public init(trusted value: String) { self.value = value }

    public var description: String { value }

    public init(from decoder: Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        do { try self.init(text) } catch {
            throw DecodingError.dataCorrupted(
                .init(codingPath: decoder.codingPath, debugDescription: "invalid email address \(text)"))
        }
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(value)
    }
}
