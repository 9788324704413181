import Screen

/// Where the parts of the desk are for a terminal size, in one place: the views draw into it, the
/// reducers page by it, and a click is found in it. (The row counts were "height minus 5, 7 and 4"
/// in three files before.)
struct DeskLayout {
    let screen: Rect

    init(_ size: (width: Int, height: Int)) { screen = Rect(x: 0, y: 0, width: size.width, height: size.height) }

    var header: Rect { screen.rows(from: 0, count: 1) }
    var tabs: Rect { screen.rows(from: 1, count: 1) }
    /// Between the tab bar and the status line.
    var pane: Rect { Rect(x: 0, y: 2, width: screen.width, height: max(0, screen.height - 4)) }
    var status: Rect { screen.rows(from: screen.height - 2, count: 1) }
    var footer: Rect { screen.rows(from: screen.height - 1, count: 1) }
    /// The queue's rows, under its column titles.
    var queueRows: Rect { pane.rows(from: 1) }
    /// The rows of the Partners and Consulten lists: under a search line, a blank line and the titles.
    var listRows: Rect { pane.rows(from: 3) }
}

/// What a click or the wheel means where it happened: the tab bar switches pane, a row of a list
/// selects it (and a click on the selected row opens it, so a double-click opens too), a field of
/// a form takes the focus, the wheel moves a list or scrolls a detail.
enum DeskMouse {
    static func commands(for event: MouseEvent, in state: AppState, context: DeskContext) -> [Command] {
        guard !state.isShowingHelp else { return event.action == .click ? [.closeHelp] : [] }
        guard state.discardPending == nil else { return [] }
        let layout = DeskLayout(state.size)
        switch event.action {
        case .wheelUp, .wheelDown:
            let movement: Command.Movement = event.action == .wheelUp ? .up : .down
            switch state.mode {
            case .queue, .partners, .consultations, .access:
                return Array(repeating: .moveSelection(movement), count: 3)
            case .detail, .partnerDetail, .consultationDetail, .accessDetail, .report:
                return Array(repeating: .scrollDetail(movement), count: 3)
            default: return []
            }
        case .click:
            if layout.tabs.contains(x: event.x, y: event.y) {
                let tabs = Chrome.tabRects(context, in: layout.tabs)
                return tabs.firstIndex { $0.contains(x: event.x, y: event.y) }.map { [.showTab($0)] } ?? []
            }
            guard layout.pane.contains(x: event.x, y: event.y) else { return [] }
            return click(x: event.x, y: event.y, state, context, layout)
        }
    }

    private static func click(x: Int, y: Int, _ state: AppState, _ context: DeskContext, _ layout: DeskLayout)
        -> [Command]
    {
        func row(in rows: Rect, scroll: Int, count: Int) -> [Command] {
            guard rows.contains(x: x, y: y) else { return [] }
            let index = scroll + y - rows.y
            return index < count ? [.clickRow(index)] : []
        }
        switch state.mode {
        case .queue: return row(in: layout.queueRows, scroll: state.scroll, count: state.rows.count)
        case .partners: return row(in: layout.listRows, scroll: state.partnerScroll, count: state.partnerRows.count)
        case .consultations:
            return row(in: layout.listRows, scroll: state.consultationScroll, count: state.consultationRows.count)
        case .access:
            return row(in: layout.listRows, scroll: state.accessScroll, count: state.accessOverview.count)
        case .form:
            guard let form = state.registration else { return [] }
            let shown = FormPane.shownFields(form, in: layout.pane)
            let index = shown.lowerBound + y - (layout.pane.y + 2)
            return shown.contains(index) ? [.focusField(index)] : []
        case .action, .entry:
            guard let form = state.action?.form ?? state.entry?.form else { return [] }
            let notes = state.entry.map { EntryPane.notes($0, state, context).count } ?? 0
            let shown = FieldFormPane.shownFields(form, notes: notes, in: layout.pane)
            let index = shown.lowerBound + y - (layout.pane.y + 2)
            return shown.contains(index) ? [.focusField(index)] : []
        case .escalation:
            return EscalationPane.row(at: y, state, context, in: layout.pane).map { [.focusField($0)] } ?? []
        case .detail, .partnerDetail, .consultationDetail, .accessDetail, .report:
            return []
        }
    }
}
