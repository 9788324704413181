import Screen

/// The Partners pane: the directory, searched with `/`.
enum PartnersView: PaneView {
    static func render(_ state: AppState, _ context: DeskContext, in rect: Rect, into buffer: inout ScreenBuffer)
        -> (x: Int, y: Int)?
    {
        PartnersPane.render(state, context, in: rect, into: &buffer)
    }
    static func reduce(_ state: inout AppState, _ command: Command, context: DeskContext) -> [Effect] {
        PartnersReducer.reducePartners(&state, command, context: context)
    }
    static func scopes(_ state: AppState) -> [KeyScope] { state.isEditingFilter ? [.filter] : [.partners] }
    static func tab(_ state: AppState) -> DeskPane {
        .partners
    }
}

/// A contact's (or an organisation's) card.
enum PartnerCardView: PaneView {
    static func render(_ state: AppState, _ context: DeskContext, in rect: Rect, into buffer: inout ScreenBuffer)
        -> (x: Int, y: Int)?
    {
        if case .partnerDetail(let organisation, let contact) = state.route {
            PartnersPane.renderDetail(state, organisation, contact, context, in: rect, into: &buffer)
        }
        return nil
    }
    static func reduce(_ state: inout AppState, _ command: Command, context: DeskContext) -> [Effect] {
        PartnersReducer.reducePartnerDetail(&state, command, context: context)
    }
    static func scopes(_ state: AppState) -> [KeyScope] { [.partnerDetail] }
    static func tab(_ state: AppState) -> DeskPane {
        .partners
    }
}
