import Screen

/// The Escalatie pane: triage and decision on one case.
enum EscalationView: PaneView {
    static func render(_ state: AppState, _ context: DeskContext, in rect: Rect, into buffer: inout ScreenBuffer)
        -> (x: Int, y: Int)?
    {
        EscalationPane.render(state, context, in: rect, into: &buffer)
    }
    static func reduce(_ state: inout AppState, _ command: Command, context: DeskContext) -> [Effect] {
        EscalationReducer.reduce(&state, command, context: context)
    }
    static func scopes(_ state: AppState) -> [KeyScope] { [.escalation] }
    static func tab(_ state: AppState) -> DeskPane {
        .escalation
    }
}
