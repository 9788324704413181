import Foundation
import Screen

/// A list with column titles, the selected row reversed: the layout of the Partners and Consulten lists.
enum ListTable {
    /// Rows the partner and consultation lists show at once.
    static func visibleRows(_ state: AppState) -> Int { max(1, DeskLayout(state.size).listRows.height) }

    struct Column {
        var title: String
        var width: Int
    }

    /// `widths` below zero share what is left of the row (in proportion).
    static func columns(_ spec: [(String, Int)], width: Int) -> [Column] {
        let fixed = spec.filter { $0.1 > 0 }.reduce(0) { $0 + $1.1 + 1 }
        let shares = spec.filter { $0.1 < 0 }.reduce(0) { $0 - $1.1 }
        let room = max(0, width - fixed - 2)
        return spec.map { Column(title: $0.0, width: $0.1 > 0 ? $0.1 : max(8, room * -$0.1 / max(1, shares) - 1)) }
    }

    /// A list's search line (the same in the Wachtrij's status line, Partners and Consulten):
    /// "Zoek: …" while typing or when a search holds, with the count on the right; otherwise
    /// `idle`, dim. Returns where the cursor stands while typing.
    static func searchLine(
        query: String, editing: Bool, summary: String, idle: String, _ context: DeskContext,
        in rect: Rect, into buffer: inout ScreenBuffer
    ) -> (x: Int, y: Int)? {
        var x = rect.x
        if editing || !query.isEmpty {
            x += buffer.write(" " + context.text(.filterPrompt) + ": ", x: x, y: rect.y, style: Theme.label, clip: rect)
            x += buffer.write(query, x: x, y: rect.y, style: .bold, clip: rect)
        } else {
            x += buffer.write(
                " " + DisplayWidth.truncated(idle, to: max(0, rect.width - DisplayWidth.of(summary) - 4)), x: x,
                y: rect.y,
                style: .dim, clip: rect)
        }
        if rect.maxX - x > DisplayWidth.of(summary) + 3 {
            buffer.write(
                summary + " ", x: rect.maxX - DisplayWidth.of(summary) - 1, y: rect.y, style: Theme.info, clip: rect)
        }
        return editing ? (x: min(x, rect.maxX - 1), y: rect.y) : nil
    }

    /// Draws the rows `scroll..<scroll + visible` of `count`; `row` makes only those.
    static func render(
        _ columns: [Column], count: Int, row: (Int) -> [(String, Style)], selection: Int, scroll: Int,
        in rect: Rect, into buffer: inout ScreenBuffer
    ) {
        var x = rect.x + 1
        for column in columns {
            buffer.write(
                DisplayWidth.truncated(column.title, to: column.width), x: x, y: rect.y, style: Theme.columnTitles,
                clip: rect)
            x += column.width + 1
        }
        for (offset, index) in (min(scroll, count)..<count).prefix(max(0, rect.height - 1)).enumerated() {
            let y = rect.y + 1 + offset
            let selected = index == selection
            if selected { buffer.fill(Rect(x: rect.x, y: y, width: rect.width, height: 1), style: Theme.selected) }
            var x = rect.x + 1
            for (column, cell) in zip(columns, row(index)) {
                var style = cell.1
                if selected { style.reverse = true }
                buffer.write(DisplayWidth.truncated(cell.0, to: column.width), x: x, y: y, style: style, clip: rect)
                x += column.width + 1
            }
        }
    }
}
