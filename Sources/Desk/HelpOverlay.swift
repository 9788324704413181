import Foundation
import Screen

/// The `?` overlay: every key of the focused pane, from the keymap.
enum HelpOverlay {
    static func render(_ state: AppState, _ context: DeskContext, scopes: [KeyScope], in area: Rect, into buffer: inout ScreenBuffer) {
        var rows: [(String, String)] = []
        for scope in scopes {
            for binding in DeskKeymap.shared.bindings(in: scope) {
                let title = TextKey(rawValue: binding.title).map { context.text($0) } ?? binding.title
                rows.append((binding.keys.map(\.label).joined(separator: " "), title))
            }
        }
        let keyWidth = min(18, rows.map { DisplayWidth.of($0.0) }.max() ?? 4)
        let columnWidth = keyWidth + 3 + (rows.map { DisplayWidth.of($0.1) }.max() ?? 10)
        // As many columns as the rows need to fit the height (a small terminal gets two or three).
        let fitting = max(1, area.height - 5)
        let columns = max(1, min((rows.count + fitting - 1) / fitting, max(1, (area.width - 2) / (columnWidth + 2))))
        let perColumn = (rows.count + columns - 1) / columns
        let width = min(area.width - 2, max(40, columns * (columnWidth + 2) + 1))
        let box = area.centered(width: width, height: min(area.height - 1, perColumn + 4))
        buffer.fill(box, style: Theme.box)
        buffer.write(" " + context.text(.helpTitle), x: box.x, y: box.y, style: Theme.box.merged(with: .bold), clip: box)
        for (index, row) in rows.enumerated() {
            let column = index / max(1, perColumn), line = index % max(1, perColumn)
            guard line < box.height - 3 else { continue }
            let x = box.x + 2 + column * (columnWidth + 2), y = box.y + 1 + line
            buffer.write(DisplayWidth.padded(row.0, to: keyWidth), x: x, y: y, style: Theme.box.merged(with: .bold), clip: box)
            buffer.write(row.1, x: x + 1 + keyWidth, y: y, style: Theme.box, clip: box)
        }
        buffer.write(" " + context.text(.helpFooter), x: box.x, y: box.maxY - 1, style: Theme.box.merged(with: .dim), clip: box)
    }
}
