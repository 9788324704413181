/// An answer to a criterion: yes, no, or not yet known.
public enum Answer: String, CaseIterable, Sendable, Hashable, Codable {
    case yes, no, unknown
}

/// When a case fits the ZVH, as a small expression over criterion numbers: `(1 and 2 and 3) or 4`.
///
/// Evaluated in three-valued logic: `yes and unknown` is unknown, `yes or unknown` is yes, so an
/// answer is only as certain as what is known.
public indirect enum CriteriaRule: Hashable, Sendable, CustomStringConvertible {
    case criterion(Int)
    case all([CriteriaRule])
    case any([CriteriaRule])

    public func evaluate(_ answers: [Int: Answer]) -> Answer {
        switch self {
        case .criterion(let n):
            return answers[n] ?? .unknown
        case .all(let parts):
            let values = parts.map { $0.evaluate(answers) }
            if values.contains(.no) { return .no }
            return values.allSatisfy { $0 == .yes } ? .yes : .unknown
        case .any(let parts):
            let values = parts.map { $0.evaluate(answers) }
            if values.contains(.yes) { return .yes }
            return values.allSatisfy { $0 == .no } ? .no : .unknown
        }
    }

    /// The criterion numbers the rule mentions.
    public var criteria: Set<Int> {
        switch self {
        case .criterion(let n): return [n]
        case .all(let parts), .any(let parts): return parts.reduce(into: Set()) { $0.formUnion($1.criteria) }
        }
    }

    public var description: String {
        switch self {
        case .criterion(let n): return String(n)
        case .all(let parts): return parts.map { $0.nested }.joined(separator: " and ")
        case .any(let parts): return parts.map { $0.nested }.joined(separator: " or ")
        }
    }

    private var nested: String {
        if case .criterion = self { return description }
        return "(" + description + ")"
    }

    /// Why a rule could not be read: what, and at which character.
    public struct SyntaxError: Error, Hashable, Sendable {
        public var message: String
        public var position: Int
    }

    /// How deep parentheses may nest, and how long a rule may be: a rule is a few criteria, and a
    /// hostile file must get a clear error, not a stack overflow.
    public static let deepest = 32
    public static let longest = 4_000

    /// Parses `1 and 2`, `(1 and 2 and 3) or 4`, with `and` binding tighter than `or`.
    public static func parse(_ text: String) throws(SyntaxError) -> CriteriaRule {
        guard text.utf8.count <= longest else {
            throw SyntaxError(message: "the rule is longer than \(longest) characters", position: longest)
        }
        var parser = Parser(tokens: try tokenize(text))
        let rule = try parser.parseOr()
        if let extra = parser.peek {
            throw SyntaxError(message: "unexpected \"\(extra.text)\"", position: extra.position)
        }
        return rule
    }

    struct Token {
        var text: String
        var position: Int
    }

    static func tokenize(_ text: String) throws(SyntaxError) -> [Token] {
        var tokens: [Token] = []
        var current = ""
        var start = 0
        for (index, character) in text.enumerated() {
            if character == "(" || character == ")" || character == " " {
                if !current.isEmpty { tokens.append(Token(text: current, position: start)) }
                current = ""
                if character != " " { tokens.append(Token(text: String(character), position: index)) }
            } else {
                if current.isEmpty { start = index }
                current.append(character)
            }
        }
        if !current.isEmpty { tokens.append(Token(text: current, position: start)) }
        guard !tokens.isEmpty else { throw SyntaxError(message: "the rule is empty", position: 0) }
        return tokens
    }

    struct Parser {
        var tokens: [Token]
        var index = 0
        var depth = 0

        var peek: Token? { index < tokens.count ? tokens[index] : nil }

        mutating func parseOr() throws(SyntaxError) -> CriteriaRule {
            var parts = [try parseAnd()]
            while peek?.text.lowercased() == "or" {
                index += 1
                parts.append(try parseAnd())
            }
            return parts.count == 1 ? parts[0] : .any(parts)
        }

        mutating func parseAnd() throws(SyntaxError) -> CriteriaRule {
            var parts = [try parseTerm()]
            while peek?.text.lowercased() == "and" {
                index += 1
                parts.append(try parseTerm())
            }
            return parts.count == 1 ? parts[0] : .all(parts)
        }

        mutating func parseTerm() throws(SyntaxError) -> CriteriaRule {
            guard let token = peek else {
                throw SyntaxError(message: "a criterion number or \"(\" is missing at the end", position: -1)
            }
            index += 1
            if token.text == "(" {
                depth += 1
                guard depth <= CriteriaRule.deepest else {
                    throw SyntaxError(
                        message: "parentheses nest deeper than \(CriteriaRule.deepest)", position: token.position)
                }
                defer { depth -= 1 }
                let inner = try parseOr()
                guard peek?.text == ")" else {
                    throw SyntaxError(message: "\")\" is missing", position: token.position)
                }
                index += 1
                return inner
            }
            guard let number = Int(token.text), number > 0 else {
                throw SyntaxError(
                    message: "expected a criterion number, found \"\(token.text)\"", position: token.position)
            }
            return .criterion(number)
        }
    }
}
