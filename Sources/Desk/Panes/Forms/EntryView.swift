import Screen

/// The consultation, partner and link forms.
enum EntryView: PaneView {
    static func render(_ state: AppState, _ context: DeskContext, in rect: Rect, into buffer: inout ScreenBuffer)
        -> (x: Int, y: Int)?
    {
        EntryPane.render(state, context, in: rect, into: &buffer)
    }
    static func reduce(_ state: inout AppState, _ command: Command, context: DeskContext) -> [Effect] {
        EntryReducer.reduceEntry(&state, command, context: context)
    }
    static func scopes(_ state: AppState) -> [KeyScope] { [.entry] }
    static func tab(_ state: AppState) -> DeskPane {
        switch state.entry?.kind {
        case .consultation?: .consultations
        case .partner?: .partners
        default: .queue
        }
    }
}
