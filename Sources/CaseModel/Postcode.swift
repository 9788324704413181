import Foundation

/// A Dutch postcode, normalised to `1234 AB`.
///
/// Four digits (the first not zero) and two capital letters; the letter pairs SA, SD and SS are
/// never issued.
public struct Postcode: Hashable, Sendable, Codable, CustomStringConvertible {
    public let value: String

    public init(_ text: String) throws(ValidationError) {
        let compact = text.filter { $0 != " " }.uppercased()
        let chars = Array(compact)
        guard chars.count == 6,
            chars[0...3].allSatisfy({ $0.isASCII && $0.isNumber }), chars[0] != "0",
            chars[4...5].allSatisfy({ $0.isASCII && $0.isLetter }),
            !["SA", "SD", "SS"].contains(String(chars[4...5]))
        else {
            throw ValidationError(.postcodeFormat, field: "postcode", value: text)
        }
        value = String(chars[0...3]) + " " + String(chars[4...5])
    }

    /// A postcode read back from the store's own snapshot (checked when recorded): not validated again.
    public init(trusted value: String) {
        self.value = value
    }

    public var description: String { value }

    public init(from decoder: Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        do { try self.init(text) } catch {
            throw DecodingError.dataCorrupted(
                .init(codingPath: decoder.codingPath, debugDescription: "invalid postcode"))
        }
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(value)
    }
}
