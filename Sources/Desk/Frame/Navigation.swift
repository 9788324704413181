import CaseModel
import Foundation

/// Moving between the panes of the tab bar (Tab, S-Tab, F6, S-F6, 1–6 and a click on a tab).
enum Navigation {
    /// Tab, S-Tab, F6 and S-F6: the next or previous pane. Escalatie opens on the case in view
    /// (or the queue's selection); where it cannot open (no case, read-only, no instrument) the
    /// step goes on to the pane after it, and the status line says why.
    static func switchTab(_ state: inout AppState, by step: Int, context: DeskContext) {
        let all = DeskPane.allCases
        var target = (DeskPane(of: state).rawValue + step + all.count) % all.count
        if all[target] == .escalation, !canEscalate(state, context) {
            let closed = DeskPane.caseInView(state).flatMap { state.closedCases[$0]?.id }
            let why =
                state.isReadOnly
                ? context.text(.errorReadOnly)
                : context.instrument == nil
                    ? context.text(.escalationNoInstrument)
                    : closed.map { context.text(.escalationClosed, $0) } ?? context.text(.escalationNeedsCase)
            target = (target + step + all.count) % all.count
            show(all[target], &state, context: context)
            state.message = .init(text: why, isError: false)
            return
        }
        show(all[target], &state, context: context)
    }

    private static func canEscalate(_ state: AppState, _ context: DeskContext) -> Bool {
        !state.isReadOnly && context.instrument != nil && DeskPane.caseInView(state).flatMap { state.cases[$0] } != nil
    }

    /// Straight to one pane (1–6, or a click on its tab). A form left this way was asked about first.
    static func show(_ pane: DeskPane, _ state: inout AppState, context: DeskContext) {
        if pane == .escalation {
            guard state.mode != .escalation else { return }
            let id = DeskPane.caseInView(state)
            // Where it cannot open, `open` says why and the form in view stays.
            if canEscalate(state, context) { leaveForm(&state) }
            EscalationReducer.open(&state, caseID: id, context: context)
            return
        }
        leaveForm(&state)
        state.message = nil
        state.isEditingFilter = false
        switch pane {
        case .queue: state.route = .queue
        case .partners:
            state.route = .partners
            state.refilterPartners()
        case .consultations: state.route = .consultations
        case .access: if state.mode != .access { state.route = .access }
        case .report: state.route = .report
        case .escalation: break
        }
    }

    /// Drops the form in view (its input was asked about): a form is never left half in the state.
    private static func leaveForm(_ state: inout AppState) {
        switch state.mode {
        case .form, .escalation, .action, .entry: state.route = .queue
        default: break
        }
    }
}

extension AppState {
    /// On a read-only desk: says so in the status line and returns true (the step is not taken).
    mutating func refusesReadOnly(_ context: DeskContext) -> Bool {
        guard isReadOnly else { return false }
        message = .init(text: context.text(.errorReadOnly), isError: true)
        return true
    }
}
