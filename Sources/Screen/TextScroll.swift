/// The part of a one-line text field that is shown: scrolled so the cursor stays inside the field
/// (a long text is typed with its end in view), and from its beginning, cut with "…", when the
/// field is not focused. One rule for every text field of the desk.
public enum TextScroll {
    /// What to draw of `text` in `width` columns with the cursor at `caret` (characters), and the
    /// cursor's column within the field (nil when not focused).
    public static func visible(_ text: String, caret: Int, width: Int, focused: Bool) -> (shown: String, cursor: Int?) {
        guard width > 0 else { return ("", focused ? 0 : nil) }
        let chars = Array(text)
        guard focused else { return (DisplayWidth.truncated(text, to: width, ellipsis: true), nil) }
        let caret = min(max(0, caret), chars.count)
        let start = firstShown(chars, caret: caret, width: width)
        let shown = DisplayWidth.truncated(String(chars[start...]), to: width, ellipsis: false)
        return (shown, DisplayWidth.of(String(chars[start..<caret])))
    }

    /// The first character shown when the cursor is at `caret`.
    static func firstShown(_ chars: [Character], caret: Int, width: Int) -> Int {
        var start = 0
        while start < caret, DisplayWidth.of(String(chars[start..<caret])) >= width { start += 1 }
        return start
    }

    /// The part of `selection` (characters) that is in view in the focused field: the column it
    /// starts at and its text, to be drawn reversed over the field.
    public static func selected(_ text: String, caret: Int, width: Int, selection: Range<Int>?) -> (
        column: Int, text: String
    )? {
        let chars = Array(text)
        guard let selection, width > 0, selection.upperBound <= chars.count else { return nil }
        let start = firstShown(chars, caret: min(max(0, caret), chars.count), width: width)
        let from = max(start, selection.lowerBound)
        let to = selection.upperBound
        guard from < to else { return nil }
        let column = DisplayWidth.of(String(chars[start..<from]))
        guard column < width else { return nil }
        return (column, DisplayWidth.truncated(String(chars[from..<to]), to: width - column, ellipsis: false))
    }
}
