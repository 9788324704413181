import CaseModel
import Screen

/// The Wachtrij: the queue, searched with `/`.
enum QueueView: PaneView {
    static func render(_ state: AppState, _ context: DeskContext, in rect: Rect, into buffer: inout ScreenBuffer)
        -> (x: Int, y: Int)?
    {
        QueuePane.render(state, context, in: rect, into: &buffer)
        return nil
    }
    static func reduce(_ state: inout AppState, _ command: Command, context: DeskContext) -> [Effect] {
        QueueReducer.reduceQueue(&state, command, context)
    }
    static func scopes(_ state: AppState) -> [KeyScope] { state.isEditingFilter ? [.filter] : [.queue] }
    static func tab(_ state: AppState) -> DeskPane {
        .queue
    }
}

/// A case's detail.
enum CaseDetailView: PaneView {
    static func render(_ state: AppState, _ context: DeskContext, in rect: Rect, into buffer: inout ScreenBuffer)
        -> (x: Int, y: Int)?
    {
        if case .detail(let id) = state.route { DetailPane.render(state, id, context, in: rect, into: &buffer) }
        return nil
    }
    static func reduce(_ state: inout AppState, _ command: Command, context: DeskContext) -> [Effect] {
        QueueReducer.reduceDetail(&state, command, context)
        return []
    }
    static func scopes(_ state: AppState) -> [KeyScope] { [.detail] }
    static func tab(_ state: AppState) -> DeskPane {
        .queue
    }
}

/// The registration form (Aanmelding).
enum RegistrationView: PaneView {
    static func render(_ state: AppState, _ context: DeskContext, in rect: Rect, into buffer: inout ScreenBuffer)
        -> (x: Int, y: Int)?
    {
        FormPane.render(state, context, in: rect, into: &buffer)
    }
    static func reduce(_ state: inout AppState, _ command: Command, context: DeskContext) -> [Effect] {
        FormReducer.reduce(&state, command, context: context)
    }
    static func scopes(_ state: AppState) -> [KeyScope] { [.form] }
    static func tab(_ state: AppState) -> DeskPane {
        state.registration?.promoting.isEmpty == false ? .consultations : .queue
    }
}

/// A step on a case from its detail (review, afschalen, check, ZSM, note, task, ...).
enum StepFormView: PaneView {
    static func render(_ state: AppState, _ context: DeskContext, in rect: Rect, into buffer: inout ScreenBuffer)
        -> (x: Int, y: Int)?
    {
        ActionPane.render(state, context, in: rect, into: &buffer)
    }
    static func reduce(_ state: inout AppState, _ command: Command, context: DeskContext) -> [Effect] {
        ActionReducer.reduce(&state, command, context: context)
    }
    static func scopes(_ state: AppState) -> [KeyScope] { [.action] }
    static func tab(_ state: AppState) -> DeskPane {
        .queue
    }
}
