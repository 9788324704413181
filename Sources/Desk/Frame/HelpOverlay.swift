import Foundation
import Screen

/// The `?` / F1 overlay: every key of the focused pane from the keymap (keys with one meaning on
/// one row), the keys that hold in every pane, and where the pane has them, what its markers mean.
/// Framed with line characters, so it stands out under NO_COLOR and on a light background too.
enum HelpOverlay {
    static func rows(_ state: AppState, _ context: DeskContext, scopes: [KeyScope]) -> [(keys: String, title: String)] {
        var rows: [(keys: String, title: String)] = []
        var byTitle: [String: Int] = [:]
        for scope in scopes {
            // As the footer: only what the case's status allows (a closed case offers reopening).
            for binding in DeskKeymap.shared.bindings(in: scope) where DeskKeymap.isOffered(binding.action, in: state) {
                let title = context.text.text(named: binding.title) ?? binding.title
                let keys = binding.keys.map { context.text.keyLabel($0) }.joined(separator: " ")
                if let index = byTitle[title] {
                    rows[index].keys += " " + keys
                } else {
                    byTitle[title] = rows.count
                    rows.append((keys, title))
                }
            }
        }
        // What is typed rather than bound: letters in a form, answers and scores in Escalatie.
        let t = context.text
        if scopes.contains(where: { [.form, .escalation, .action, .entry].contains($0) }) {
            rows.append(("a–z", t(.helpTyping)))
        }
        if scopes.contains(.escalation) {
            rows.append((t(.helpAnswerKeys), t(.helpAnswer)))
            rows.append(("1–5 0", t(.helpScore)))
        }
        return rows
    }

    /// What the markers in the pane's rows stand for.
    static func legend(_ state: AppState, _ context: DeskContext) -> [(keys: String, title: String)] {
        let t = context.text
        switch state.mode {
        case .queue: return [("!!", t(.legendOverdue)), ("!", t(.legendSoon))]
        case .consultations: return [("⚑", t(.legendSuggestion)), ("→", t(.legendPromoted))]
        default: return []
        }
    }

    static func render(
        _ state: AppState, _ context: DeskContext, scopes: [KeyScope], in area: Rect, into buffer: inout ScreenBuffer
    ) {
        let t = context.text
        let keys = rows(state, context, scopes: scopes)
        let legend = legend(state, context)
        // As many columns as the rows need to fit the height (a small terminal gets two or three),
        // each as wide as its own keys and titles, or as its share of the width allows.
        let legendLines = legend.isEmpty ? 0 : legend.count + 2
        let fitting = max(1, area.height - 5 - legendLines)
        let columns = max(1, min(3, (keys.count + fitting - 1) / fitting))
        let perColumn = (keys.count + columns - 1) / columns
        var layout: [(keyWidth: Int, width: Int)] = (0..<columns).map { column in
            let part = keys.dropFirst(column * perColumn).prefix(perColumn)
            let keyWidth = min(16, part.map { DisplayWidth.of($0.keys) }.max() ?? 1)
            return (keyWidth, keyWidth + 1 + (part.map { DisplayWidth.of($0.title) }.max() ?? 1))
        }
        // Too wide: the widest column gives way first, one cell at a time.
        let room = area.width - 4 - 2 * (columns - 1)
        while layout.reduce(0, { $0 + $1.width }) > room,
            let widest = layout.indices.max(by: { layout[$0].width < layout[$1].width }),
            layout[widest].width > layout[widest].keyWidth + 6
        {
            layout[widest].width -= 1
        }
        let legendWidth = legend.map { 4 + DisplayWidth.of($0.title) }.max() ?? 0
        let contentWidth = max(
            legendWidth, layout.reduce(0) { $0 + $1.width } + 2 * (columns - 1), DisplayWidth.of(t(.helpFooter)))
        let width = min(area.width, contentWidth + 4)
        let box = area.centered(width: width, height: min(area.height - 1, perColumn + legendLines + 4))
        buffer.fill(box, style: Theme.box)
        frame(box, title: t(.helpTitle), into: &buffer)
        let inner = Rect(x: box.x + 1, y: box.y + 1, width: box.width - 2, height: box.height - 2)
        func line(_ row: (keys: String, title: String), x: Int, y: Int, keyWidth: Int, width: Int) {
            guard y < inner.maxY - 1 else { return }
            buffer.write(
                DisplayWidth.padded(DisplayWidth.truncated(row.keys, to: keyWidth), to: keyWidth), x: x, y: y,
                style: Theme.box.merged(with: .bold), clip: inner)
            buffer.write(
                DisplayWidth.truncated(row.title, to: max(4, width - keyWidth - 1)), x: x + keyWidth + 1, y: y,
                style: Theme.box, clip: inner)
        }
        var x = inner.x + 1
        for (column, shape) in layout.enumerated() {
            for (offset, row) in keys.dropFirst(column * perColumn).prefix(perColumn).enumerated() {
                line(row, x: x, y: inner.y + offset, keyWidth: shape.keyWidth, width: shape.width)
            }
            x += shape.width + 2
        }
        if !legend.isEmpty {
            var y = inner.y + perColumn + 1
            if y < inner.maxY - 1 {
                buffer.write(
                    t(.legendTitle), x: inner.x + 1, y: y, style: Theme.box.merged(with: Style(underline: true)),
                    clip: inner)
            }
            for row in legend {
                y += 1
                line(row, x: inner.x + 1, y: y, keyWidth: 3, width: inner.width - 2)
            }
        }
        buffer.write(
            t(.helpFooter), x: inner.x + 1, y: inner.maxY - 1, style: Theme.box.merged(with: .dim), clip: inner)
    }

    /// A line frame around `box` with its title in the top line.
    private static func frame(_ box: Rect, title: String, into buffer: inout ScreenBuffer) {
        guard box.width >= 4, box.height >= 3 else { return }
        let horizontal = String(repeating: "─", count: box.width - 2)
        buffer.write("┌" + horizontal + "┐", x: box.x, y: box.y, style: Theme.box, clip: box)
        buffer.write("└" + horizontal + "┘", x: box.x, y: box.maxY - 1, style: Theme.box, clip: box)
        for y in (box.y + 1)..<(box.maxY - 1) {
            buffer.write("│", x: box.x, y: y, style: Theme.box, clip: box)
            buffer.write("│", x: box.maxX - 1, y: y, style: Theme.box, clip: box)
        }
        buffer.write(
            " " + DisplayWidth.truncated(title, to: box.width - 6) + " ", x: box.x + 2, y: box.y,
            style: Theme.box.merged(with: .bold), clip: box)
    }
}
