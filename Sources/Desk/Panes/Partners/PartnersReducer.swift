import CaseModel
import Foundation

/// How the Partners pane and a contact's card answer commands.
enum PartnersReducer {
    static func reducePartners(_ state: inout AppState, _ command: Command, context: DeskContext) -> [Effect] {
        state.message = nil
        switch command {
        case .moveSelection(let movement):
            state.partnerSelection = Reducer.moved(
                state.partnerSelection, movement, count: state.partnerRows.count, page: ListTable.visibleRows(state))
        case .startFilter, .acceptFilter, .cancelFilter, .insert, .erase:
            switch ListSearch.apply(&state.partnerQuery, editing: &state.isEditingFilter, command) {
            case .changed:
                state.partnerSelection = 0
                state.refilterPartners()
            case .leave: state.route = .queue
            case .same: break
            }
        case .openDetail:
            guard let entry = state.selectedPartner else { break }
            state.route = .partnerDetail(entry.organisation.id, entry.contact?.id)
        case .newPartner:
            guard !state.refusesReadOnly(context) else { break }
            var form: EntryForm = .partner(nil, nil, context, returnTo: .partners)
            form.basis = state.storePosition
            state.route = .entry(form)
        case .editPartner:
            guard let entry = state.selectedPartner else { break }
            return edit(entry.organisation.id, entry.contact?.id, &state, context: context)
        case .contactReached:
            guard let contact = state.selectedPartner?.contact else { break }
            return reached(contact.id, &state, context: context)
        default:
            break
        }
        return []
    }

    static func reducePartnerDetail(_ state: inout AppState, _ command: Command, context: DeskContext) -> [Effect] {
        guard case .partnerDetail(let organisation, let contact) = state.mode else { return [] }
        state.message = nil
        switch command {
        case .back: state.route = .partners
        case .editPartner: return edit(organisation, contact, &state, context: context)
        case .contactReached:
            if let contact { return reached(contact, &state, context: context) }
        default: break
        }
        return []
    }

    private static func edit(
        _ organisation: OrganisationID, _ contact: ContactID?, _ state: inout AppState, context: DeskContext
    ) -> [Effect] {
        guard !state.refusesReadOnly(context), let found = state.partners.organisations[organisation] else {
            return []
        }
        var form: EntryForm = .partner(
            found, contact.flatMap { state.partners.contacts[$0] }, context,
            returnTo: AppState.Place(state.mode) ?? .queue)
        form.basis = state.storePosition
        state.route = .entry(form)
        return []
    }

    private static func reached(_ contact: ContactID, _ state: inout AppState, context: DeskContext) -> [Effect] {
        guard !state.refusesReadOnly(context), let found = state.partners.contacts[contact] else { return [] }
        return [
            .recordPartners(
                [.contactReached(ContactReached(contact: contact, on: context.today))],
                message: context.text(.partnerReached, found.name, context.today.dutch))
        ]
    }
}
