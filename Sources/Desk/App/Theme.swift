import CaseModel
import Screen

/// The desk's styles in one place. Colour adds meaning but never carries it alone: every coloured
/// thing also says what it is in text (AVE 3, -2 wd), so NO_COLOR loses nothing.
///
/// Readable on light and dark backgrounds alike (DECISIONS 87): text on the terminal's own
/// background is coloured only red or magenta, which read on white and on black; yellow, green and
/// white are used only as backgrounds with black text (or white on blue, red, black), since yellow
/// or cyan text vanishes on a light terminal and blue text on a dark one.
enum Theme {
    static let header = Style(foreground: .white, background: .blue, bold: true)
    static let tabActive = Style(bold: true, reverse: true)
    static let tabInactive = Style.plain
    static let columnTitles = Style(bold: true, underline: true)
    static let selected = Style(reverse: true)
    static let footerKey = Style(bold: true, reverse: true)
    static let footerText = Style.plain
    static let error = Style(foreground: .red, bold: true)
    static let info = Style(bold: true)
    static let overdue = Style(foreground: .red, bold: true)
    /// A case without a ground, a sharing outside the covenant: what an FG would ask about.
    static let warning = Style(foreground: .red, bold: true)
    static let soon = Style(foreground: .black, background: .yellow)
    static let section = Style(foreground: .magenta, bold: true)
    static let label = Style(dim: true)
    static let focusedField = Style(underline: true)
    /// Selected text in a field: reversed, so it shows without colour too.
    static let selectedText = Style(reverse: true)
    static let box = Style(foreground: .white, background: .black)

    /// AVE phases from green to dark red.
    static func ave(_ phase: AVEPhase?) -> Style {
        switch phase {
        case .one: return Style(foreground: .black, background: .green, bold: true)
        case .two: return Style(foreground: .black, background: .yellow, bold: true)
        case .three: return Style(foreground: .red, bold: true)
        case .four: return Style(foreground: .white, background: .red, bold: true)
        case nil: return .dim
        }
    }

    /// Every style above (the test of the rule reads it).
    static var all: [Style] {
        [
            header, tabActive, tabInactive, columnTitles, selected, footerKey, footerText, error, info, overdue, soon,
            section, warning,
            label, focusedField, selectedText, box,
        ] + ([nil] + AVEPhase.allCases).map(ave)
    }
}
