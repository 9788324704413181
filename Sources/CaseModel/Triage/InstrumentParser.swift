import Foundation

/// Why an instrument file was refused: the file, the line (0 when the whole file is meant), and what.
public struct InstrumentError: Error, Hashable, Sendable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var message: String

    public init(file: String, line: Int, message: String) {
        self.file = file
        self.line = line
        self.message = message
    }

    public var description: String { line > 0 ? "\(file):\(line): \(message)" : "\(file): \(message)" }
}

/// Reads an instrument from its text form: `[section]` headers, `key = value` lines, `#` comments.
///
/// A plain, line-based format rather than JSON: advisors and regional coordinators edit it, may
/// comment it, and every mistake can be named by its line.
public enum InstrumentParser {
    struct Entry {
        var key: String
        var value: String
        var line: Int
    }

    struct Section {
        var name: String
        var line: Int
        var entries: [Entry] = []
    }

    public static func parse(_ text: String, file: String) throws(InstrumentError) -> Instrument {
        let sections = try split(text, file: file)
        var reader = Reader(file: file, sections: sections)
        return try reader.instrument()
    }

    static func split(_ text: String, file: String) throws(InstrumentError) -> [Section] {
        var sections = [Section(name: "", line: 0)]
        for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let number = index + 1
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") { continue }
            if line.hasPrefix("[") {
                guard line.hasSuffix("]"), line.count > 2 else {
                    throw InstrumentError(file: file, line: number, message: "a section header looks like [name]")
                }
                let name = String(line.dropFirst().dropLast()).trimmingCharacters(in: .whitespaces).lowercased()
                if let earlier = sections.first(where: { $0.name == name }) {
                    throw InstrumentError(
                        file: file, line: number,
                        message: "section [\(name)] appears twice (first on line \(earlier.line))")
                }
                sections.append(Section(name: name, line: number))
                continue
            }
            guard let equals = line.firstIndex(of: "=") else {
                throw InstrumentError(
                    file: file, line: number, message: "expected \"key = value\", a [section] or a # comment")
            }
            let key = line[..<equals].trimmingCharacters(in: .whitespaces).lowercased()
            let value = line[line.index(after: equals)...].trimmingCharacters(in: .whitespaces)
            guard !key.isEmpty else {
                throw InstrumentError(file: file, line: number, message: "the key before \"=\" is missing")
            }
            guard !value.isEmpty else {
                throw InstrumentError(file: file, line: number, message: "\"\(key)\" has no value")
            }
            sections[sections.count - 1].entries.append(Entry(key: key, value: value, line: number))
        }
        return sections
    }

    /// Dutch and English weekday names, to ISO numbers (1 is Monday).
    static let weekdays: [String: Int] = [
        "maandag": 1, "dinsdag": 2, "woensdag": 3, "donderdag": 4, "vrijdag": 5, "zaterdag": 6, "zondag": 7,
        "monday": 1, "tuesday": 2, "wednesday": 3, "thursday": 4, "friday": 5, "saturday": 6, "sunday": 7,
    ]
}
