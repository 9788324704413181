import CaseModel
import Screen

/// The desk's styles in one place. Colour adds meaning but never carries it alone: every coloured
/// thing also says what it is in text (AVE 3, -2 wd), so NO_COLOR loses nothing.
enum Theme {
    static let header = Style(foreground: .white, background: .blue, bold: true)
    static let tabActive = Style(bold: true, reverse: true)
    static let tabInactive = Style.plain
    static let columnTitles = Style(bold: true, underline: true)
    static let selected = Style(reverse: true)
    static let footerKey = Style(bold: true, reverse: true)
    static let footerText = Style.plain
    static let error = Style(foreground: .red, bold: true)
    static let info = Style(foreground: .green)
    static let overdue = Style(foreground: .red, bold: true)
    static let soon = Style(foreground: .yellow)
    static let section = Style(foreground: .cyan, bold: true)
    static let label = Style(dim: true)
    static let focusedField = Style(underline: true)
    static let box = Style(foreground: .white, background: .black)

    /// AVE phases from green to dark red.
    static func ave(_ phase: AVEPhase?) -> Style {
        switch phase {
        case .one: return Style(foreground: .green, bold: true)
        case .two: return Style(foreground: .yellow, bold: true)
        case .three: return Style(foreground: .red, bold: true)
        case .four: return Style(foreground: .white, background: .red, bold: true)
        case nil: return .dim
        }
    }
}
