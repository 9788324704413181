import CaseModel
import Foundation
import Screen

/// Renders the whole desk for a state: header, tabs, the focused pane, status line, footer, overlay.
public enum DeskView {
    /// The smallest terminal the desk draws in; below it, it says so instead.
    public static let minimumSize = (width: 60, height: 16)

    public static func render(_ state: AppState, context: DeskContext) -> (
        buffer: ScreenBuffer, cursor: (x: Int, y: Int)?
    ) {
        var buffer = ScreenBuffer(width: state.size.width, height: state.size.height)
        let area = buffer.area
        guard area.width >= minimumSize.width, area.height >= minimumSize.height else {
            buffer.write("Schakel: \(minimumSize.width)x\(minimumSize.height)+", x: 0, y: 0, style: .bold)
            return (buffer, nil)
        }
        let layout = DeskLayout(state.size)
        Chrome.renderHeader(state, context, in: layout.header, into: &buffer)
        Chrome.renderTabs(state, context, in: layout.tabs, into: &buffer)
        let pane = layout.pane
        var cursor = state.mode.view.render(state, context, in: pane, into: &buffer)
        let statusCursor = Chrome.renderStatus(state, context, in: layout.status, into: &buffer)
        if Chrome.messageOverflows(state, context, width: area.width) {
            // Two rows (status and footer), or three (the pane's last row too) for a longer one.
            let rows = Chrome.messageRows(state, context, width: area.width) > 2 && area.height > 6 ? 3 : 2
            Chrome.renderLongMessage(
                state, context, in: area.rows(from: area.height - rows, count: rows), into: &buffer)
        } else {
            Chrome.renderFooter(state, context, in: layout.footer, into: &buffer)
        }
        if state.isShowingHelp {
            var underneath = state
            underneath.isShowingHelp = false
            HelpOverlay.render(state, context, scopes: DeskKeymap.scopes(for: underneath), in: pane, into: &buffer)
            cursor = nil
        }
        if context.noColor { buffer = buffer.withoutColor() }
        return (buffer, statusCursor ?? cursor)
    }
}
