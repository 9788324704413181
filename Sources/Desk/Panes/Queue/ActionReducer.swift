import CaseModel
import Foundation

/// How the action form (review, afschalen, check, ZSM, a note) answers commands.
enum ActionReducer {
    static func open(_ kind: ActionForm.Kind, _ state: inout AppState, context: DeskContext) {
        state.message = nil  // what was said before belongs to what was done before
        guard case .detail(let id) = state.mode, let c = state.anyCase(id) else { return }
        guard !state.isReadOnly else {
            state.message = .init(text: context.text(.errorReadOnly), isError: true)
            return
        }
        // Every step but a note follows the instrument.
        guard context.instrument != nil || [.note, .task, .assign, .correct, .reopen, .person].contains(kind) else {
            state.message = .init(text: context.text(.escalationNoInstrument), isError: true)
            return
        }
        if let refusal = kind.step.refusal(for: c) {
            if refusal.code == .statusNotAllowed {
                state.message = .init(
                    text: context.text(
                        .actionNotNow, context.text.label(c.status),
                        kind.step.allowedStatuses.map { context.text.label($0) }.joined(separator: ", ")), isError: true
                )
            } else {
                state.message = .init(text: context.text.message(for: refusal), isError: true)
            }
            return
        }
        var form = ActionForm(kind, for: c, instrument: context.instrument, today: context.today, text: context.text)
        form.basis = state.storePosition
        state.route = .action(form)
    }

    static func reduce(_ state: inout AppState, _ command: Command, context: DeskContext) -> [Effect] {
        guard var action = state.action, let c = state.anyCase(action.caseID) else {
            state.route = .queue
            return []
        }
        state.message = nil
        defer { state.action = action }
        switch action.form.handle(command) {
        case .save:
            let change = action.change
            switch change.events(on: c, rules: context.rules, partners: state.partners) {
            case .success:
                action.form.errors = [:]
                return [.perform(change, basis: action.basis)]
            case .failure(let failure):
                state.message = action.form.show(failure, context.text)
                // Not possible any more because a colleague changed the case meanwhile: say who.
                if let change = Reducer.colleagueChange(on: c.id, after: action.basis, in: state) {
                    state.message = .init(text: context.text.conflict(c.id, change), isError: true)
                    action.basis = state.storePosition
                }
            }
        case .cancel:
            state.route = .detail(c.id)  // the form goes with the route
        case .edited, .none:
            break
        }
        return []
    }
}
