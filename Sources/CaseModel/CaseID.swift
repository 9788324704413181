import Foundation

/// A case's readable number: the year it was registered and a sequence within that year, `2026-0042`.
public struct CaseID: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    public let year: Int
    public let sequence: Int

    public init(year: Int, sequence: Int) {
        self.year = year
        self.sequence = sequence
    }

    /// Parses `2026-0042` (also `2026-42`).
    public init(_ text: String) throws(ValidationError) {
        let parts = text.trimmingCharacters(in: .whitespaces).split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count == 4,
            parts.allSatisfy({ !$0.isEmpty && $0.count <= 6 && $0.allSatisfy { $0.isASCII && $0.isNumber } }),
            let year = Int(parts[0]), let sequence = Int(parts[1]), sequence > 0
        else {
            throw ValidationError(.caseIDFormat, field: "id", value: text)
        }
        self.init(year: year, sequence: sequence)
    }

    public var description: String {
        func padded(_ n: Int) -> String {
            let digits = String(n)
            return digits.count >= 4 ? digits : String(repeating: "0", count: 4 - digits.count) + digits
        }
        return padded(year) + "-" + padded(sequence)
    }

    public static func < (lhs: CaseID, rhs: CaseID) -> Bool {
        (lhs.year, lhs.sequence) < (rhs.year, rhs.sequence)
    }

    public init(from decoder: Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        do { try self.init(text) } catch {
            throw DecodingError.dataCorrupted(
                .init(codingPath: decoder.codingPath, debugDescription: "invalid case id \(text)"))
        }
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
