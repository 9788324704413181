import Foundation

/// How the Inzage pane and an advisor's card answer commands.
enum AccessReducer {
    static func reduceList(_ state: inout AppState, _ command: Command, context: DeskContext) -> [Effect] {
        state.message = nil
        switch command {
        case .moveSelection(let movement):
            state.accessSelection = Reducer.moved(
                state.accessSelection, movement, count: state.accessOverview.count, page: ListTable.visibleRows(state))
        case .openDetail:
            guard state.accessOverview.indices.contains(state.accessSelection) else { break }
            let advisor = state.accessOverview[state.accessSelection].advisor
            state.route = .accessDetail(advisor)
            state.detailScroll = 0
            return [.loadAdvisorAccess(advisor)]
        default: break
        }
        return []
    }

    static func reduceDetail(_ state: inout AppState, _ command: Command, context: DeskContext) -> [Effect] {
        guard case .accessDetail(let advisor) = state.mode else { return [] }
        switch command {
        case .scrollDetail(let movement):
            let lines = AccessPane.lines(
                state.advisorAccess, advisor: advisor, context: context, width: state.size.width - 2
            ).count
            Reducer.scrollDetail(&state, movement, lines: lines)
        case .back:
            state.route = .access
            state.message = nil
            return [.loadAccessOverview]
        default: break
        }
        return []
    }

    /// The effect a move into the Inzage pane needs: the overview read afresh (the log grows).
    static func entering(from before: AppState.Mode, _ state: AppState) -> [Effect] {
        guard state.mode == .access, before != .access else { return [] }
        return [.loadAccessOverview]
    }
}
