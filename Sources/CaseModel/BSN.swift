import Foundation

/// A burgerservicenummer: nine digits that pass the 11-test.
///
/// The 11-test: 9·d1 + 8·d2 + … + 2·d8 − 1·d9 must be divisible by 11 (and the number not zero).
/// Eight-digit numbers are old BSNs written without their leading zero and are accepted as such.
public struct BSN: Hashable, Sendable, Codable, CustomStringConvertible {
    public let digits: String

    /// Accepts digits with spaces, dots or dashes between them, as people write them.
    public init(_ text: String) throws(ValidationError) {
        let stripped = text.filter { !" .-".contains($0) }
        guard (8...9).contains(stripped.count), stripped.allSatisfy({ $0.isASCII && $0.isNumber }) else {
            throw ValidationError(.bsnFormat, field: "bsn", value: text)
        }
        let nine = stripped.count == 8 ? "0" + stripped : stripped
        guard BSN.passesElevenTest(nine) else {
            throw ValidationError(.bsnElevenTest, field: "bsn", value: text)
        }
        digits = nine
    }

    /// A BSN read back from the store's own snapshot, which was checked when it was recorded and is
    /// protected by a checksum since: not validated again.
    public init(trusted digits: String) {
        self.digits = digits
    }

    /// True when nine ASCII digits pass the 11-test.
    public static func passesElevenTest(_ nine: String) -> Bool {
        let values = nine.compactMap { $0.wholeNumberValue }
        guard values.count == 9, values.contains(where: { $0 != 0 }) else { return false }
        var sum = 0
        for (index, digit) in values.enumerated() {
            sum += digit * (index == 8 ? -1 : 9 - index)
        }
        return sum % 11 == 0
    }

    public var description: String { digits }

    public init(from decoder: Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        do { try self.init(text) } catch {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "invalid BSN"))
        }
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(digits)
    }
}
