import CaseModel
import Foundation
import Screen

/// The frame around the panes: header, tab bar, status line and footer.
enum Chrome {
    static func renderHeader(_ state: AppState, _ context: DeskContext, in rect: Rect, into buffer: inout ScreenBuffer)
    {
        let t = context.text
        buffer.fill(rect, style: Theme.header)
        // The ZVH's name gives way first: advisor, day and counts matter more on a narrow screen.
        var facts = ["\(t(.headerAdvisor)): \(context.advisor)", t.day(context.today)]
        if state.isReadOnly { facts.append(t(.headerReadOnly)) }
        if !state.present.isEmpty { facts.append(t(.headerPresent, state.present.joined(separator: ", "))) }
        var counts =
            "\(t(.headerNew)) \(state.newCount) · \(t(.headerOverdue)) \(state.overdueCount) · \(t(.headerZsmOpen)) \(state.zsmOpenCount) "
        let middle = " │ " + facts.joined(separator: " │ ")
        // Cases without a ground are counted where the facts (who, what day, who else is in) still
        // fit whole beside them; the detail of each says it anyway.
        let noGround = "· \(t(.headerNoGround)) \(state.noGroundCount) "
        if state.noGroundCount > 0,
            DisplayWidth.of(middle) + DisplayWidth.of(counts) + DisplayWidth.of(noGround) + 1 <= rect.width
        {
            counts += noGround
        }
        let room = rect.width - DisplayWidth.of(counts) - DisplayWidth.of(middle) - 2
        let name = room >= 8 ? DisplayWidth.truncated(context.region.zvhName, to: room) : ""
        let left = " " + name + (name.isEmpty ? String(middle.dropFirst(3)) : middle)
        buffer.write(
            DisplayWidth.truncated(left, to: rect.width - DisplayWidth.of(counts) - 1), x: rect.x, y: rect.y,
            style: Theme.header, clip: rect)
        buffer.write(
            counts, x: max(rect.x, rect.maxX - DisplayWidth.of(counts)), y: rect.y, style: Theme.header, clip: rect)
    }

    static func renderTabs(_ state: AppState, _ context: DeskContext, in rect: Rect, into buffer: inout ScreenBuffer) {
        buffer.fill(rect)
        // Tab, S-Tab and 1–5 visit every pane; Escalatie opens on the case in view.
        let active = DeskPane(of: state).rawValue
        for (index, place) in tabRects(context, in: rect).enumerated() {
            buffer.write(
                " \(tabTitle(DeskPane.allCases[index], context)) ", x: place.x, y: rect.y,
                style: index == active ? Theme.tabActive : Theme.tabInactive, clip: rect)
        }
    }

    static func tabTitle(_ pane: DeskPane, _ context: DeskContext) -> String {
        "\(pane.rawValue + 1) " + context.text(pane.title)
    }

    /// Where each pane's tab is in the tab bar (drawing and clicks share it).
    static func tabRects(_ context: DeskContext, in rect: Rect) -> [Rect] {
        var x = rect.x + 1
        return DeskPane.allCases.map { pane in
            let width = DisplayWidth.of(" \(tabTitle(pane, context)) ")
            defer { x += width + 1 }
            return Rect(x: x, y: rect.y, width: width, height: 1)
        }
    }

    static func renderStatus(_ state: AppState, _ context: DeskContext, in rect: Rect, into buffer: inout ScreenBuffer)
        -> (x: Int, y: Int)?
    {
        buffer.fill(rect)
        let t = context.text
        if state.mode == .queue && (state.isEditingFilter || !state.filterText.isEmpty || !state.quickFilters.isEmpty) {
            var text = " \(t(state.quickFilters.contains(.known) ? .knownPrompt : .filterPrompt)): \(state.filterText)"
            let cursorX = rect.x + DisplayWidth.of(text)
            let quick = state.quickFilters.map { filter -> String in
                switch filter {
                case .overdue: return t(.quickOverdue)
                case .zsm: return t(.quickZsm)
                case .mine: return t(.quickMine)
                case .gemeente(let name): return t(.quickGemeente, name)
                case .agenda: return t(.quickAgenda, t.day(context.agenda([], at: state.now).meeting))
                case .closed: return t(.quickClosed)
                case .stagnating: return t(.quickStagnating)
                case .known: return t(.quickKnown)
                }
            }
            // Out of what the rows are taken from: the open cases, the closed ones, or both.
            let total =
                state.quickFilters.contains(.known)
                ? state.cases.count + state.closedCases.count
                : state.quickFilters.contains(.closed) ? state.closedCases.count : state.openCount
            let summary = ([t(.filterSummary, state.rows.count, total)] + quick).joined(separator: " · ")
            text += state.isEditingFilter ? " " : ""
            buffer.write(text, x: rect.x, y: rect.y, style: .bold, clip: rect)
            let summaryWidth = DisplayWidth.of(summary) + 1
            if rect.width - DisplayWidth.of(text) > summaryWidth + 2 {
                buffer.write(summary, x: rect.maxX - summaryWidth, y: rect.y, style: Theme.info, clip: rect)
            }
            if state.isEditingFilter, state.message == nil { return (min(cursorX, rect.maxX - 1), rect.y) }
        }
        if let message = statusMessage(state, context) {
            buffer.fill(rect)
            buffer.write(
                " " + message.text, x: rect.x, y: rect.y, style: message.isError ? Theme.error : Theme.info, clip: rect)
        }
        return nil
    }

    /// What the status line says: the message of the moment, else the whole error of the focused
    /// field (beside the field it may be cut off at the edge).
    static func statusMessage(_ state: AppState, _ context: DeskContext) -> AppState.Message? {
        if let message = state.message { return message }
        if let damage = state.storeDamage { return .init(text: damage, isError: true) }
        let error: String?
        switch state.mode {
        case .form: error = state.registration.flatMap { $0.errors[$0.focus] }.map { context.text.message(for: $0) }
        case .action: error = state.action.map { $0.form.errors[$0.form.fields[$0.form.focus].key] } ?? nil
        case .entry: error = state.entry.map { $0.form.errors[$0.form.fields[$0.form.focus].key] } ?? nil
        case .escalation:
            guard let form = state.escalation, let instrument = context.instrument else { return nil }
            let rows = EscalationForm.rows(instrument)
            error = rows.indices.contains(form.focus) ? form.errors[rows[form.focus]] : nil
        default: error = nil
        }
        return error.map { .init(text: "! " + $0, isError: true) }
    }

    /// Whether the status message needs the footer's row too to be read whole.
    static func messageOverflows(_ state: AppState, _ context: DeskContext, width: Int) -> Bool {
        guard let message = statusMessage(state, context) else { return false }
        return DisplayWidth.of(" " + message.text) > width
    }

    /// How many rows the status message takes when wrapped to `width`.
    static func messageRows(_ state: AppState, _ context: DeskContext, width: Int) -> Int {
        statusMessage(state, context).map { TextWrap.lines($0.text, width: max(10, width - 2)).count } ?? 0
    }

    /// A message too long for one line, over the status and footer rows (the footer's keys give
    /// way while it is shown; a message longer still ends in "…").
    static func renderLongMessage(
        _ state: AppState, _ context: DeskContext, in rect: Rect, into buffer: inout ScreenBuffer
    ) {
        guard let message = statusMessage(state, context) else { return }
        buffer.fill(rect)
        var lines = TextWrap.lines(message.text, width: max(10, rect.width - 2))
        if lines.count > rect.height {
            lines = Array(lines.prefix(rect.height))
            lines[lines.count - 1] = DisplayWidth.truncated(lines[lines.count - 1] + " …", to: rect.width - 2)
        }
        for (index, line) in lines.enumerated() {
            buffer.write(
                " " + line, x: rect.x, y: rect.y + index, style: message.isError ? Theme.error : Theme.info, clip: rect)
        }
    }

    /// The keys of the focused scope, from the keymap: `Enter openen  / zoeken  n nieuwe aanmelding …`.
    /// When they do not all fit, the help key (which lists them all) keeps its place at the end.
    static func renderFooter(_ state: AppState, _ context: DeskContext, in rect: Rect, into buffer: inout ScreenBuffer)
    {
        buffer.fill(rect)
        let shown = DeskKeymap.scopes(for: state).flatMap { DeskKeymap.shared.bindings(in: $0) }
            .filter { $0.inFooter && DeskKeymap.isOffered($0.action, in: state) }
        func parts(_ binding: DeskKeymap.Binding) -> (keys: String, title: String, width: Int) {
            let keys = binding.keys.prefix(2).map { context.text.keyLabel($0) }.joined(separator: "/")
            let title = context.text.text(named: binding.title) ?? binding.title
            return (keys, title, DisplayWidth.of(keys) + DisplayWidth.of(title) + 3)
        }
        let help = shown.first { $0.action == .showHelp }
        let reserved = help.map { parts($0).width } ?? 0
        var x = rect.x
        func draw(_ binding: DeskKeymap.Binding) {
            let (keys, title, _) = parts(binding)
            x += buffer.write(keys, x: x, y: rect.y, style: Theme.footerKey, clip: rect)
            x += buffer.write(" " + title + "  ", x: x, y: rect.y, style: Theme.footerText, clip: rect)
        }
        let rest = shown.filter { $0.action != .showHelp }
        for (index, binding) in rest.enumerated() {
            // Room for this one, and for "…" if more are to follow that do not fit.
            let more = index < rest.count - 1 ? 3 : 0
            guard
                x + parts(binding).width + reserved + more <= rect.maxX
                    || x + parts(binding).width + reserved <= rect.maxX && index == rest.count - 1
            else {
                // Keys that do not fit are in the help; "…" says there are more.
                x += buffer.write("…  ", x: x, y: rect.y, style: Theme.footerText, clip: rect)
                break
            }
            draw(binding)
        }
        if let help { draw(help) }
    }
}
