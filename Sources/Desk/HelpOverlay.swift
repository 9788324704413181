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
        let width = min(area.width - 2, max(40, keyWidth + 4 + (rows.map { DisplayWidth.of($0.1) }.max() ?? 10)))
        let box = area.centered(width: width, height: min(area.height - 1, rows.count + 4))
        buffer.fill(box, style: Theme.box)
        buffer.write(" " + context.text(.helpTitle), x: box.x, y: box.y, style: Theme.box.merged(with: .bold), clip: box)
        for (index, row) in rows.prefix(max(0, box.height - 3)).enumerated() {
            let y = box.y + 1 + index
            buffer.write(DisplayWidth.padded(row.0, to: keyWidth), x: box.x + 2, y: y, style: Theme.box.merged(with: .bold), clip: box)
            buffer.write(row.1, x: box.x + 3 + keyWidth, y: y, style: Theme.box, clip: box)
        }
        buffer.write(" " + context.text(.helpFooter), x: box.x, y: box.maxY - 1, style: Theme.box.merged(with: .dim), clip: box)
    }
}
