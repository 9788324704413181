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
        var start = 0
        while start < caret, DisplayWidth.of(String(chars[start..<caret])) >= width { start += 1 }
        let shown = DisplayWidth.truncated(String(chars[start...]), to: width, ellipsis: false)
        return (shown, DisplayWidth.of(String(chars[start..<caret])))
    }
}
