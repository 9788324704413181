import Screen

/// The Inzage pane: the advisors and how much the access log holds of each.
enum AccessView: PaneView {
    static func render(_ state: AppState, _ context: DeskContext, in rect: Rect, into buffer: inout ScreenBuffer)
        -> (x: Int, y: Int)?
    {
        AccessPane.render(state, context, in: rect, into: &buffer)
        return nil
    }
    static func reduce(_ state: inout AppState, _ command: Command, context: DeskContext) -> [Effect] {
        AccessReducer.reduceList(&state, command, context: context)
    }
    static func scopes(_ state: AppState) -> [KeyScope] { [.access] }
    static func tab(_ state: AppState) -> DeskPane { .access }
}

/// One advisor's entries in the access log, newest first.
enum AdvisorAccessView: PaneView {
    static func render(_ state: AppState, _ context: DeskContext, in rect: Rect, into buffer: inout ScreenBuffer)
        -> (x: Int, y: Int)?
    {
        if case .accessDetail(let advisor) = state.route {
            let lines = AccessPane.lines(state.advisorAccess, advisor: advisor, context: context, width: rect.width - 2)
            DetailPane.draw(lines, top: state.detailScroll, in: rect, into: &buffer)
        }
        return nil
    }
    static func reduce(_ state: inout AppState, _ command: Command, context: DeskContext) -> [Effect] {
        AccessReducer.reduceDetail(&state, command, context: context)
    }
    static func scopes(_ state: AppState) -> [KeyScope] { [.accessDetail] }
    static func tab(_ state: AppState) -> DeskPane { .access }
}
