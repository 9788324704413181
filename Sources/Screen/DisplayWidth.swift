/// How many terminal columns text takes, and how to make outside text safe to draw.
///
/// Dutch diacritics are one column; East Asian wide characters and emoji are two; combining marks
/// and other zero-width characters join the grapheme before them.
public enum DisplayWidth {
    /// Columns taken by one grapheme cluster (0, 1 or 2).
    public static func of(_ character: Character) -> Int {
        let scalars = character.unicodeScalars
        guard let first = scalars.first else { return 0 }
        if scalars.contains(where: { $0.value == 0xFE0F }) && first.properties.isEmoji { return 2 }
        return of(first)
    }

    /// Columns taken by one scalar on its own.
    public static func of(_ scalar: Unicode.Scalar) -> Int {
        let v = scalar.value
        // Printable ASCII, and the Latin letters Dutch and Frisian use (up to U+02FF, where the
        // combining marks start; the soft hyphen aside): one column, without asking Unicode's
        // property tables, which cost most of a frame.
        if v >= 0x20 && v < 0x7F { return 1 }
        if v < 0x20 || (0x7F..<0xA0).contains(v) { return 0 }
        if v < 0x300 { return v == 0xAD ? 0 : 1 }
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format: return 0
        default: break
        }
        if isWide(v) || scalar.properties.isEmojiPresentation { return 2 }
        return 1
    }

    private static func isWide(_ v: UInt32) -> Bool {
        switch v {
        case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF,
            0xA000...0xA4CF, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60,
            0xFFE0...0xFFE6, 0x1F300...0x1F64F, 0x1F900...0x1F9FF, 0x20000...0x2FFFD, 0x30000...0x3FFFD:
            return true
        default:
            return false
        }
    }

    /// Columns taken by a string (after `sanitized`).
    public static func of(_ text: String) -> Int {
        if isPrintableASCII(text) { return text.utf8.count }
        return sanitized(text).reduce(0) { $0 + of($1) }
    }

    /// True when every byte is a printable ASCII character: one column each, nothing to clean.
    static func isPrintableASCII(_ text: String) -> Bool {
        text.utf8.allSatisfy { $0 >= 0x20 && $0 < 0x7F }
    }

    /// Makes text from outside safe to draw: control characters (escape included) become their
    /// visible Control Pictures (␛, ␇, ...), C1 controls and bidirectional overrides become `�`,
    /// and tabs and line breaks become spaces. Nothing can move the cursor or change the terminal.
    public static func sanitized(_ text: String) -> String {
        var needsWork = false
        for scalar in text.unicodeScalars where !isSafe(scalar) {
            needsWork = true
            break
        }
        guard needsWork else { return text }
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            let v = scalar.value
            switch v {
            case 0x09, 0x0A, 0x0D: out.append(" ")
            case 0x00..<0x20: out.append(Unicode.Scalar(0x2400 + v)!)
            case 0x7F: out.append("\u{2421}")
            case 0x80..<0xA0, 0x202A...0x202E, 0x2066...0x2069, 0x200E, 0x200F, 0x061C: out.append("\u{FFFD}")
            default: out.append(scalar)
            }
        }
        return String(out)
    }

    /// JSON as it may reach a terminal: the characters a JSON encoder leaves as they are but a
    /// terminal acts on (C1 controls, DEL, bidirectional overrides such as U+202E) written as
    /// `\\uXXXX` escapes, which every JSON reader reads back as the same text. They occur only
    /// inside strings (JSON's own syntax is ASCII), so the document means exactly what it did.
    public static func jsonSafe(_ json: String) -> String {
        guard json.unicodeScalars.contains(where: { $0.value >= 0x7F && !isSafe($0) }) else { return json }
        var out = ""
        for scalar in json.unicodeScalars {
            if scalar.value >= 0x7F && !isSafe(scalar) {
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    private static func isSafe(_ scalar: Unicode.Scalar) -> Bool {
        let v = scalar.value
        if v >= 0x20 && v < 0x7F { return true }
        if v < 0x20 || (0x7F..<0xA0).contains(v) { return false }
        return
            !((0x202A...0x202E).contains(v) || (0x2066...0x2069).contains(v) || v == 0x200E || v == 0x200F
            || v == 0x061C)
    }

    /// The longest prefix of `text` (sanitized) that fits in `width` columns, with `…` when cut.
    /// Never splits a grapheme, never returns more than `width` columns.
    public static func truncated(_ text: String, to width: Int, ellipsis: Bool = true) -> String {
        guard width > 0 else { return "" }
        if isPrintableASCII(text) {
            let count = text.utf8.count
            if count <= width { return text }
            let kept = String(decoding: text.utf8.prefix(ellipsis ? width - 1 : width), as: UTF8.self)
            return ellipsis ? kept + "…" : kept
        }
        let clean = sanitized(text)
        var used = 0
        var result = ""
        for character in clean {
            let w = of(character)
            if used + w > width {
                guard ellipsis else { return result }
                while used + 1 > width, let last = result.last {
                    result.removeLast()
                    used -= of(last)
                }
                return result + "…"
            }
            result.append(character)
            used += w
        }
        return result
    }

    /// `text` cut or padded with spaces to exactly `width` columns.
    public static func padded(_ text: String, to width: Int, alignRight: Bool = false) -> String {
        let cut = truncated(text, to: width)
        let gap = String(repeating: " ", count: max(0, width - of(cut)))
        return alignRight ? gap + cut : cut + gap
    }
}
