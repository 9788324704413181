import CaseModel

/// The panes of the tab bar, in its order: the one list the tab bar, Tab and S-Tab, F6 and the
/// keys 1–5 read, so every pane is reached the same way from everywhere.
enum DeskPane: Int, CaseIterable, Sendable {
    case queue, escalation, partners, consultations, access, report

    var title: TextKey {
        switch self {
        case .queue: .tabQueue
        case .escalation: .tabEscalation
        case .partners: .tabPartners
        case .consultations: .tabConsultations
        case .access: .tabAccess
        case .report: .tabReport
        }
    }

    /// The pane `state` is in: a detail belongs to its list, a form to the pane it was opened from.
    init(of state: AppState) { self = state.mode.view.tab(state) }

    /// The case a pane switch to Escalatie opens: the one in view, or the queue's selection.
    static func caseInView(_ state: AppState) -> CaseID? {
        switch state.mode {
        case .detail(let id): id
        case .action: state.action?.caseID
        case .escalation: state.escalation?.caseID
        default: state.selectedID
        }
    }
}
