import Screen

/// The Consulten pane: the consultations, newest first, searched with `/`.
enum ConsultationsView: PaneView {
    static func render(_ state: AppState, _ context: DeskContext, in rect: Rect, into buffer: inout ScreenBuffer)
        -> (x: Int, y: Int)?
    {
        ConsultationsPane.render(state, context, in: rect, into: &buffer)
    }
    static func reduce(_ state: inout AppState, _ command: Command, context: DeskContext) -> [Effect] {
        ConsultationsReducer.reduceConsultations(&state, command, context: context)
    }
    static func scopes(_ state: AppState) -> [KeyScope] { state.isEditingFilter ? [.filter] : [.consultations] }
    static func tab(_ state: AppState) -> DeskPane {
        .consultations
    }
}

/// One consultation's card.
enum ConsultationCardView: PaneView {
    static func render(_ state: AppState, _ context: DeskContext, in rect: Rect, into buffer: inout ScreenBuffer)
        -> (x: Int, y: Int)?
    {
        if case .consultationDetail(let id) = state.route {
            ConsultationsPane.renderDetail(state, id, context, in: rect, into: &buffer)
        }
        return nil
    }
    static func reduce(_ state: inout AppState, _ command: Command, context: DeskContext) -> [Effect] {
        ConsultationsReducer.reduceConsultationDetail(&state, command, context: context)
    }
    static func scopes(_ state: AppState) -> [KeyScope] { [.consultationDetail] }
    static func tab(_ state: AppState) -> DeskPane {
        .consultations
    }
}
