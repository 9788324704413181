import Foundation

/// Comma- or semicolon-separated values as spreadsheets write them (RFC 4180 quoting).
public enum CSV {
    public struct Row: Hashable, Sendable {
        /// The line of the file the row starts on, counting from 1.
        public var line: Int
        public var fields: [String]
    }

    public enum ReadError: Error, Hashable, Sendable {
        /// Neither UTF-8, Windows-1252 nor Mac Roman.
        case encoding
        case empty
        /// A quoted field that never ends, starting on this line.
        case unterminatedQuote(line: Int)
    }

    /// Text from a file: UTF-8 with or without a byte-order mark, the Windows-1252 that older
    /// Excel versions write for "CSV (gescheiden door lijstscheidingsteken)", or the Mac Roman of
    /// Excel for Mac's "CSV (Macintosh)", which also ends its lines with a bare CR.
    public static func text(_ bytes: [UInt8]) throws(ReadError) -> String {
        var body = bytes[...]
        if body.starts(with: [0xEF, 0xBB, 0xBF]) { body = body.dropFirst(3) }
        if let text = String(validating: body, as: UTF8.self) { return text }
        if looksMacRoman(body) { return macRoman(body) }
        if let text = String(data: Data(body), encoding: .windowsCP1252) { return text }
        throw .encoding
    }

    /// Mac Roman rather than Windows-1252: lines end in a bare CR (as only classic Mac files do),
    /// a byte Windows-1252 does not define occurs, or the upper half reads as Dutch text in Mac
    /// Roman better than in Windows-1252. Each byte above 0x7F scores in both: a letter Dutch uses
    /// (é ë ï ö ü è à á ä ç ê ô û â î) 2, Windows-1252's dashes and apostrophes between letters or
    /// digits (`ma–do`, `zo’n`) 2, other punctuation beside a space 1, anything else 0. So
    /// Windows-1252's `–` and `’` inside words stay Windows-1252, and Mac Roman's `é` (0x8E, Ž in
    /// Windows-1252) and `ë` (0x91, ‘) are read as the letters they are. A tie is Windows-1252.
    static func looksMacRoman(_ bytes: ArraySlice<UInt8>) -> Bool {
        let undefinedInWindows: Set<UInt8> = [0x81, 0x8D, 0x8F, 0x90, 0x9D]
        if bytes.contains(where: undefinedInWindows.contains) { return true }
        if bytes.contains(0x0D) && !bytes.contains(0x0A) { return true }
        let dutchLetters = Set("éëïöüèàáäçêôûâîÉËÏÖÜÈÀÁÄÇÊÔÛÂÎ".unicodeScalars)
        let joiners = Set("–—’‘".unicodeScalars)
        let punctuation = Set("“”„•…€‰«»°·".unicodeScalars).union(joiners)
        func isWordByte(_ b: UInt8?) -> Bool {
            guard let b else { return false }
            return (0x30...0x39).contains(b) || (0x41...0x5A).contains(b) || (0x61...0x7A).contains(b) || b >= 0x80
        }
        func isSpace(_ b: UInt8?) -> Bool {
            b == nil || b == 0x20 || b == 0x0A || b == 0x0D || b == 0x3B || b == 0x2C || b == 0x22
        }
        func score(_ scalar: Unicode.Scalar, before: UInt8?, after: UInt8?) -> Int {
            if dutchLetters.contains(scalar) { return 2 }
            if joiners.contains(scalar), isWordByte(before), isWordByte(after) { return 2 }
            if punctuation.contains(scalar), isSpace(before) || isSpace(after) { return 1 }
            return 0
        }
        var mac = 0
        var windows = 0
        var index = bytes.startIndex
        while index < bytes.endIndex {
            let byte = bytes[index]
            if byte >= 0x80 {
                let before: UInt8? = index > bytes.startIndex ? bytes[index - 1] : nil
                let after: UInt8? = index + 1 < bytes.endIndex ? bytes[index + 1] : nil
                mac += score(macRomanHigh[Int(byte - 0x80)], before: before, after: after)
                if let scalar = String(data: Data([byte]), encoding: .windowsCP1252)?.unicodeScalars.first {
                    windows += score(scalar, before: before, after: after)
                }
            }
            index += 1
        }
        return mac > windows
    }

    /// Mac Roman decoded by its table (Foundation's `.macOSRoman` on Linux maps the upper half
    /// wrongly: 0x91 "ë" comes out as "¶"). The table is Unicode's, as Python's `mac_roman` codec has it.
    static func macRoman(_ bytes: ArraySlice<UInt8>) -> String {
        var scalars = String.UnicodeScalarView()
        for byte in bytes { scalars.append(byte < 0x80 ? Unicode.Scalar(byte) : macRomanHigh[Int(byte - 0x80)]) }
        return String(scalars)
    }

    private static let macRomanHigh: [Unicode.Scalar] = [
        "\u{00C4}", "\u{00C5}", "\u{00C7}", "\u{00C9}", "\u{00D1}", "\u{00D6}", "\u{00DC}", "\u{00E1}",
        "\u{00E0}", "\u{00E2}", "\u{00E4}", "\u{00E3}", "\u{00E5}", "\u{00E7}", "\u{00E9}", "\u{00E8}",
        "\u{00EA}", "\u{00EB}", "\u{00ED}", "\u{00EC}", "\u{00EE}", "\u{00EF}", "\u{00F1}", "\u{00F3}",
        "\u{00F2}", "\u{00F4}", "\u{00F6}", "\u{00F5}", "\u{00FA}", "\u{00F9}", "\u{00FB}", "\u{00FC}",
        "\u{2020}", "\u{00B0}", "\u{00A2}", "\u{00A3}", "\u{00A7}", "\u{2022}", "\u{00B6}", "\u{00DF}",
        "\u{00AE}", "\u{00A9}", "\u{2122}", "\u{00B4}", "\u{00A8}", "\u{2260}", "\u{00C6}", "\u{00D8}",
        "\u{221E}", "\u{00B1}", "\u{2264}", "\u{2265}", "\u{00A5}", "\u{00B5}", "\u{2202}", "\u{2211}",
        "\u{220F}", "\u{03C0}", "\u{222B}", "\u{00AA}", "\u{00BA}", "\u{03A9}", "\u{00E6}", "\u{00F8}",
        "\u{00BF}", "\u{00A1}", "\u{00AC}", "\u{221A}", "\u{0192}", "\u{2248}", "\u{2206}", "\u{00AB}",
        "\u{00BB}", "\u{2026}", "\u{00A0}", "\u{00C0}", "\u{00C3}", "\u{00D5}", "\u{0152}", "\u{0153}",
        "\u{2013}", "\u{2014}", "\u{201C}", "\u{201D}", "\u{2018}", "\u{2019}", "\u{00F7}", "\u{25CA}",
        "\u{00FF}", "\u{0178}", "\u{2044}", "\u{20AC}", "\u{2039}", "\u{203A}", "\u{FB01}", "\u{FB02}",
        "\u{2021}", "\u{00B7}", "\u{201A}", "\u{201E}", "\u{2030}", "\u{00C2}", "\u{00CA}", "\u{00C1}",
        "\u{00CB}", "\u{00C8}", "\u{00CD}", "\u{00CE}", "\u{00CF}", "\u{00CC}", "\u{00D3}", "\u{00D4}",
        "\u{F8FF}", "\u{00D2}", "\u{00DA}", "\u{00DB}", "\u{00D9}", "\u{0131}", "\u{02C6}", "\u{02DC}",
        "\u{00AF}", "\u{02D8}", "\u{02D9}", "\u{02DA}", "\u{00B8}", "\u{02DD}", "\u{02DB}", "\u{02C7}",
    ]

    /// Whether a row holds nothing: spreadsheets save the empty rows inside the used range as
    /// `;;;;` lines.
    public static func isBlank(_ row: Row) -> Bool {
        row.fields.allSatisfy { $0.trimmingCharacters(in: .whitespaces).isEmpty }
    }

    /// The separator of the header line: whichever of `;` and `,` it holds more of, outside quotes.
    public static func delimiter(of text: String) -> Character {
        var semicolons = 0
        var commas = 0
        var quoted = false
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
        let chars = Array(
            text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n").unicodeScalars)
        var i = 0
        func endRow() {
            fields.append(String(field))
            if !(fields.count == 1 && fields[0].isEmpty && !fieldWasQuoted) {
                rows.append(Row(line: rowLine, fields: fields))
            }
            fields = []
            field = String.UnicodeScalarView()
            fieldWasQuoted = false
        }
        while i < chars.count {
            let ch = chars[i]
            if quoted {
                if ch == "\"" {
                    if i + 1 < chars.count && chars[i + 1] == "\"" {
                        field.append("\"")
                        i += 1
                    } else {
                        quoted = false
                    }
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
        let clean = String(
            String.UnicodeScalarView(
                text.replacingOccurrences(of: "\r\n", with: "\n").unicodeScalars.filter {
                    $0 == "\n" || $0 == "\t"
                        || !($0.properties.generalCategory == .control || $0.properties.generalCategory == .format)
                }))
        let formula = "=+-@".contains(clean.first ?? " ")
        guard formula || clean.contains(where: { $0 == delimiter || $0 == "\"" || $0 == "\n" }) else { return clean }
        let safe = formula ? "'" + clean : clean
        return "\"" + safe.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// A field as read, with the formula guard `field` adds taken off.
    public static func field(read text: String) -> String {
        if text.hasPrefix("'"), let next = text.dropFirst().first, "=+-@".contains(next) {
            return String(text.dropFirst())
        }
        return text
    }

    /// A whole file as Dutch spreadsheets open it: byte-order mark, separator, CRLF line ends.
    public static func document(_ rows: [[String]], delimiter: Character = ";") -> String {
        "\u{FEFF}"
            + rows.map { $0.map { field($0, delimiter: delimiter) }.joined(separator: String(delimiter)) }.joined(
                separator: "\r\n") + "\r\n"
    }
}
