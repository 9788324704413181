import Foundation

/// Comma- or semicolon-separated values as spreadsheets write them (RFC 4180 quoting).
public enum CSV {
    public struct Row: Hashable, Sendable {
        /// The line of the file the row starts on, counting from 1.
        public var line: Int
        public var fields: [String]
    }

    public enum ReadError: Error, Hashable, Sendable {
        /// Neither UTF-8 nor Windows-1252.
        case encoding
        case empty
        /// A quoted field that never ends, starting on this line.
        case unterminatedQuote(line: Int)
    }

    /// Text from a file: UTF-8 with or without a byte-order mark, or the Windows-1252 that older
    /// Excel versions write for "CSV (gescheiden door lijstscheidingsteken)".
    public static func text(_ bytes: [UInt8]) throws(ReadError) -> String {
        var body = bytes[...]
        if body.starts(with: [0xEF, 0xBB, 0xBF]) { body = body.dropFirst(3) }
        if let text = String(validating: body, as: UTF8.self) { return text }
        if let text = String(data: Data(body), encoding: .windowsCP1252) { return text }
        throw .encoding
    }

    /// The separator of the header line: whichever of `;` and `,` it holds more of, outside quotes.
    public static func delimiter(of text: String) -> Character {
        var semicolons = 0, commas = 0, quoted = false
        for ch in text {
            if ch == "\"" { quoted.toggle() }
            if quoted { continue }
            if ch == "\n" || ch == "\r" { break }
            if ch == ";" { semicolons += 1 } else if ch == "," { commas += 1 }
        }
        return semicolons >= commas && semicolons > 0 ? ";" : ","
    }

    /// Every row with the line it starts on; empty lines are skipped.
    public static func rows(_ text: String, delimiter: Character) throws(ReadError) -> [Row] {
        var rows: [Row] = []
        var fields: [String] = []
        var field = String.UnicodeScalarView()
        var quoted = false
        var fieldWasQuoted = false
        var line = 1
        var rowLine = 1
        // Scalars, not Characters: a quote followed by a combining mark must still end a field.
        let chars = Array(text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n").unicodeScalars)
        var i = 0
        func endRow() {
            fields.append(String(field))
            if !(fields.count == 1 && fields[0].isEmpty && !fieldWasQuoted) { rows.append(Row(line: rowLine, fields: fields)) }
            fields = []
            field = String.UnicodeScalarView()
            fieldWasQuoted = false
        }
        while i < chars.count {
            let ch = chars[i]
            if quoted {
                if ch == "\"" {
                    if i + 1 < chars.count && chars[i + 1] == "\"" { field.append("\""); i += 1 } else { quoted = false }
                } else {
                    if ch == "\n" { line += 1 }
                    field.append(ch)
                }
            } else if ch == "\"" && field.isEmpty {
                quoted = true
                fieldWasQuoted = true
            } else if Character(ch) == delimiter {
                fields.append(String(field))
                field = String.UnicodeScalarView()
                fieldWasQuoted = false
            } else if ch == "\n" {
                endRow()
                line += 1
                rowLine = line
            } else {
                field.append(ch)
            }
            i += 1
        }
        if quoted { throw .unterminatedQuote(line: rowLine) }
        if !field.isEmpty || !fields.isEmpty || fieldWasQuoted { endRow() }
        return rows
    }

    /// One field for writing: control characters removed, quoted when it holds the separator, a
    /// quote or a line break, and a leading `=`, `+`, `-` or `@` neutralised with `'` so a spreadsheet
    /// shows it as text instead of running it as a formula (`field(read:)` takes that `'` off again).
    public static func field(_ text: String, delimiter: Character = ";") -> String {
        let clean = String(String.UnicodeScalarView(text.replacingOccurrences(of: "\r\n", with: "\n").unicodeScalars.filter {
            $0 == "\n" || $0 == "\t" || !($0.properties.generalCategory == .control || $0.properties.generalCategory == .format)
        }))
        let formula = "=+-@".contains(clean.first ?? " ")
        guard formula || clean.contains(where: { $0 == delimiter || $0 == "\"" || $0 == "\n" }) else { return clean }
        let safe = formula ? "'" + clean : clean
        return "\"" + safe.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// A field as read, with the formula guard `field` adds taken off.
    public static func field(read text: String) -> String {
        if text.hasPrefix("'"), let next = text.dropFirst().first, "=+-@".contains(next) { return String(text.dropFirst()) }
        return text
    }

    /// A whole file as Dutch spreadsheets open it: byte-order mark, separator, CRLF line ends.
    public static func document(_ rows: [[String]], delimiter: Character = ";") -> String {
        "\u{FEFF}" + rows.map { $0.map { field($0, delimiter: delimiter) }.joined(separator: String(delimiter)) }.joined(separator: "\r\n") + "\r\n"
    }
}
