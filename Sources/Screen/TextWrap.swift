/// Breaks text into lines of at most `width` columns, at spaces where it can, inside words where
/// it must. Text is sanitized first, so a line never holds a control character.
public enum TextWrap {
    public static func lines(_ text: String, width: Int) -> [String] {
        guard width > 0 else { return [] }
        var result: [String] = []
        var line = ""
        var lineWidth = 0
        for word in DisplayWidth.sanitized(text).split(separator: " ", omittingEmptySubsequences: true) {
            var word = String(word)
            var wordWidth = DisplayWidth.of(word)
            if lineWidth > 0 && lineWidth + 1 + wordWidth <= width {
                line += " " + word
                lineWidth += 1 + wordWidth
                continue
            }
            if lineWidth > 0 { result.append(line) }
            while wordWidth > width {
                let head = DisplayWidth.truncated(word, to: width, ellipsis: false)
                result.append(head)
                word = String(word.dropFirst(head.count))
                wordWidth = DisplayWidth.of(word)
            }
            line = word
            lineWidth = wordWidth
        }
        if lineWidth > 0 || result.isEmpty { result.append(line) }
        return result
    }
}
