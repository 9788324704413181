import CaseModel
import Foundation

/// How the Consulten pane and a consultation's card answer commands.
enum ConsultationsReducer {
    static func reduceConsultations(_ state: inout AppState, _ command: Command, context: DeskContext) -> [Effect] {
        state.message = nil
        switch command {
        case .moveSelection(let movement):
            state.consultationSelection = Reducer.moved(
                state.consultationSelection, movement, count: state.consultationRows.count,
                page: ListTable.visibleRows(state))
        case .newConsultation:
            guard !state.refusesReadOnly(context) else { break }
            var form: EntryForm = .consultation(nil, context, returnTo: .consultations)
            form.basis = state.storePosition
            state.route = .entry(form)
            if state.privacy == nil { return [.preparePrivacyGuard] }
        case .editConsultation:
            guard let c = state.selectedConsultation else { break }
            return edit(c, &state, context: context)
        case .startFilter, .acceptFilter, .cancelFilter, .insert, .erase:
            switch ListSearch.apply(&state.consultationQuery, editing: &state.isEditingFilter, command) {
            case .changed:
                state.consultationSelection = 0
                state.refilterConsultations()
            case .leave: state.route = .queue
            case .same: break
            }
        case .openDetail:
            guard let c = state.selectedConsultation else { break }
            state.route = .consultationDetail(c.id)
        case .registerConsultation:
            guard let c = state.selectedConsultation else { break }
            register(c, &state, context: context)
        default:
            break
        }
        return []
    }
    static func reduceConsultationDetail(_ state: inout AppState, _ command: Command, context: DeskContext) -> [Effect]
    {
        guard case .consultationDetail(let id) = state.mode else { return [] }
        state.message = nil
        switch command {
        case .back: state.route = .consultations
        case .registerConsultation:
            if let c = state.consultations[id] { register(c, &state, context: context) }
        case .editConsultation:
            if let c = state.consultations[id] { return edit(c, &state, context: context) }
        default: break
        }
        return []
    }

    /// A purged consultation is neither corrected nor registered: its text is gone for good.
    private static func refusesPurged(_ c: Consultation, _ state: inout AppState, _ context: DeskContext) -> Bool {
        guard let purged = c.purgedAt else { return false }
        state.message = .init(
            text: context.text.message(
                for: ValidationError(
                    .purgedRecord, field: "consult", detail: context.text.moment(purged, in: context.timeZone))),
            isError: true)
        return true
    }

    /// Opens the consultation form on a logged consultation, to correct it.
    private static func edit(_ c: Consultation, _ state: inout AppState, context: DeskContext) -> [Effect] {
        guard !state.refusesReadOnly(context) else { return [] }
        guard !refusesPurged(c, &state, context) else { return [] }
        var form: EntryForm = .consultation(c, context, returnTo: AppState.Place(state.mode) ?? .queue)
        form.basis = state.storePosition
        state.route = .entry(form)
        return state.privacy == nil ? [.preparePrivacyGuard] : []
    }

    /// Opens the registration form filled in from the consultation (and the rest of its open thread).
    private static func register(_ c: Consultation, _ state: inout AppState, context: DeskContext) {
        guard !state.refusesReadOnly(context) else { return }
        guard !refusesPurged(c, &state, context) else { return }
        if let promoted = state.consultations.promotedTo[c.id] {
            state.message = .init(
                text: context.text.message(
                    for: ValidationError(.alreadyRegistered, field: "consult", detail: promoted.description)),
                isError: true)
            return
        }
        state.route = .registration(
            RegistrationForm(
                prefilled: RegistrationDraft(from: c), promoting: state.consultations.openThread(of: c).map(\.id)))
    }
}
