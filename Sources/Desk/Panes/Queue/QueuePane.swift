import CaseModel
import Foundation
import Screen

/// The Wachtrij (queue): one row per open case, most urgent first.
enum QueuePane {
    enum Kind { case marker, id, name, place, source, ave, status, deadline, waiting }

    struct Column {
        var kind: Kind
        var title: TextKey?
        var width: Int
        var alignRight = false
    }

    /// Column widths for a terminal width: fixed columns first, the rest shared by name and
    /// gemeente. Below 100 columns the source and waiting time make room for name and gemeente
    /// (both stay in the detail view).
    static func columns(width: Int) -> [Column] {
        let wide = width >= 100
        var fixed: [Column] = [
            Column(kind: .marker, title: nil, width: 3),
            Column(kind: .id, title: .colId, width: 10),
        ]
        var tail: [Column] = []
        if wide { tail.append(Column(kind: .source, title: .colSource, width: 11)) }
        tail += [
            Column(kind: .ave, title: .colAve, width: 5),
            Column(kind: .status, title: .colStatus, width: 14),
            Column(kind: .deadline, title: .colDeadline, width: 8, alignRight: true),
        ]
        if wide { tail.append(Column(kind: .waiting, title: .colWaiting, width: 6, alignRight: true)) }
        let flexible = max(12, width - (fixed + tail).reduce(0) { $0 + $1.width })
        let name = flexible * 45 / 100
        fixed.append(Column(kind: .name, title: .colName, width: name))
        fixed.append(Column(kind: .place, title: .colGemeente, width: flexible - name))
        return fixed + tail
    }

    static func render(_ state: AppState, _ context: DeskContext, in rect: Rect, into buffer: inout ScreenBuffer) {
        guard rect.height > 0 else { return }
        let t = context.text
        let columns = columns(width: rect.width)
        var x = rect.x
        for column in columns {
            let title = column.title.map { t($0) } ?? ""
            buffer.write(
                DisplayWidth.padded(title, to: column.width - 1, alignRight: column.alignRight), x: x, y: rect.y,
                style: Theme.columnTitles, clip: rect)
            x += column.width
        }
        let body = rect.rows(from: 1)
        if state.rows.isEmpty {
            let text = state.cases.isEmpty ? t(.queueEmpty) : t(.queueNoMatch)
            for (index, line) in TextWrap.lines(text, width: max(1, body.width - 4)).enumerated() {
                buffer.write(line, x: body.x + 2, y: body.y + 1 + index, style: .dim, clip: body)
            }
            return
        }
        for line in 0..<body.height {
            let index = state.scroll + line
            guard state.rows.indices.contains(index), let c = state.anyCase(state.rows[index].id) else { break }
            renderRow(
                c, state.rows[index].urgency, columns, context, selected: index == state.selection,
                y: body.y + line, rect: body, into: &buffer)
        }
    }

    private static func renderRow(
        _ c: Case, _ urgency: Urgency, _ columns: [Column], _ context: DeskContext,
        selected: Bool, y: Int, rect: Rect, into buffer: inout ScreenBuffer
    ) {
        let t = context.text
        let deadline = deadlineText(urgency, t)
        let today = context.today
        let waited = max(0, today.dayNumber - CalendarDate(c.receivedAt, in: context.timeZone).dayNumber)
        // A closed case calls for nothing and waits for nothing.
        let marker: (String, Style) =
            if !c.status.isOpen {
                ("  ", .plain)
            } else if urgency.isOverdue || c.hasOpenZSMRequest {
                ("!!", Theme.overdue)
            } else if !c.riskSignals.isEmpty || (urgency.workingDaysToDeadline ?? 99) <= 1 {
                ("! ", Theme.soon)
            } else {
                ("  ", .plain)
            }
        let place = [c.gemeente, c.wijkteam].compactMap { $0 }.joined(separator: " / ")
        func cell(_ kind: Kind) -> (String, Style) {
            switch kind {
            case .marker: return marker
            case .id: return (c.id.description, .plain)
            // The person the case is about, and how many more of the household are on it.
            case .name: return (c.primaryPerson.name + (c.persons.count > 1 ? " +\(c.persons.count - 1)" : ""), .bold)
            case .place: return (place, .plain)
            case .source: return (t.label(c.source), .plain)
            case .ave: return (c.avePhase.map { "AVE\($0.rawValue)" } ?? "—", Theme.ave(c.avePhase))
            case .status: return (t.label(c.status), .plain)
            case .deadline: return deadline
            case .waiting: return (c.status.isOpen ? t(.unitDays, waited) : "", .plain)
            }
        }
        let cells = columns.map { cell($0.kind) }
        var x = rect.x
        for (column, cell) in zip(columns, cells) {
            var style = cell.1
            if selected { style.reverse = true }
            let text = DisplayWidth.padded(cell.0, to: column.width - 1, alignRight: column.alignRight) + " "
            buffer.write(text, x: x, y: y, style: selected ? Theme.selected.merged(with: style) : style, clip: rect)
            x += column.width
        }
        if selected, x < rect.maxX {
            buffer.fill(Rect(x: x, y: y, width: rect.maxX - x, height: 1), style: Theme.selected)
        }
    }

    /// The nearest deadline, in hours for ZSM and working days otherwise, coloured by how close it is.
    static func deadlineText(_ urgency: Urgency, _ t: Localizer) -> (String, Style) {
        if let hours = urgency.hoursToZSMDeadline {
            let style = hours < 2 ? Theme.overdue : Theme.soon
            // Under a day, hours and minutes: "1u45", "-0u20" (late).
            if let minutes = urgency.minutesToZSMDeadline, abs(minutes) < 24 * 60 {
                return (DetailPane.timeLeft(minutes, t), style)
            }
            return (t(.unitHours, hours), style)
        }
        guard let days = urgency.workingDaysToDeadline else { return ("", .plain) }
        let style: Style = days < 0 ? Theme.overdue : days <= 1 ? Theme.soon : .plain
        return (t(.unitWorkingDays, days), style)
    }
}

extension Style {
    /// This style with `other`'s colours and attributes added.
    func merged(with other: Style) -> Style {
        Style(
            foreground: other.foreground ?? foreground, background: other.background ?? background,
            bold: bold || other.bold, reverse: reverse || other.reverse,
            underline: underline || other.underline, dim: dim || other.dim)
    }
}
