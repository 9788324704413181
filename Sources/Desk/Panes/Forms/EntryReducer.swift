import CaseModel
import Foundation

/// How the consultation, partner and link forms answer commands.
enum EntryReducer {
    static func reduceEntry(_ state: inout AppState, _ command: Command, context: DeskContext) -> [Effect] {
        guard var entry = state.entry else {
            state.route = .queue
            return []
        }
        state.message = nil
        defer { state.entry = entry }
        switch entry.form.handle(command) {
        case .save:
            return save(&entry, &state, context: context)
        case .cancel:
            state.route = entry.returnTo.route
            state.message = .init(text: context.text(.formCancelled), isError: false)
        case .edited, .none:
            break
        }
        return []
    }

    private static func save(_ entry: inout EntryForm, _ state: inout AppState, context: DeskContext) -> [Effect] {
        entry.form.errors = [:]
        switch entry.kind {
        case .consultation(let editing):
            let draft = entry.consultationDraft
            let original = editing.flatMap { state.consultations[$0] }
            let id = original?.id ?? state.consultations.nextID
            let advisor = original == nil ? context.advisor : original?.advisor
            let check = draft.validate(
                id: id, region: context.region, now: context.clock.now, timeZone: context.timeZone, advisor: advisor)
            if case .failure(let failure) = check {
                state.message = entry.form.show(failure, context.text)
                return []
            }
            // Anonymous by default: what looks identifying is named, and saved only when asked again.
            let findings = draft.findings(
                state.privacy ?? PrivacyGuard(cases: Array(state.cases.values) + Array(state.closedCases.values)))
            if !findings.isEmpty && findings != entry.pendingFindings {
                entry.pendingFindings = findings
                state.message = .init(text: context.text(.consultFormPrivacyShort), isError: true)
                return []
            }
            guard
                case .success(let consultation) = draft.validate(
                    id: id, region: context.region, now: context.clock.now, timeZone: context.timeZone,
                    advisor: advisor, accepted: findings)
            else { return [] }
            if let original {
                guard consultation != original else {
                    state.route = entry.returnTo.route
                    state.message = .init(text: context.text(.partnerUnchanged), isError: false)
                    return []
                }
                return [.recordConsultation(.corrected(consultation))]
            }
            return [.recordConsultation(.logged(consultation))]
        case .partner:
            let draft = entry.partnerDraft
            switch draft.events(in: state.partners, region: context.region, today: context.today) {
            case .failure(let failure):
                state.message = entry.form.show(failure, context.text)
                return []
            case .success(let events) where events.isEmpty:
                state.route = entry.returnTo.route
                state.message = .init(text: context.text(.partnerUnchanged), isError: false)
                return []
            case .success(let events):
                let name =
                    [draft.name, draft.organisation].map { $0.trimmingCharacters(in: .whitespaces) }.first {
                        !$0.isEmpty
                    } ?? ""
                return [.recordPartners(events, message: context.text(.partnerSaved, name))]
            }
        case .link(let caseID):
            var draft = LinkDraft()
            draft.caseID = caseID.description
            draft.contact = entry.form.value(.contact)
            draft.role = entry.form.value(.role)
            switch draft.validate(caseExists: { state.cases[$0] != nil }, directory: state.partners) {
            case .failure(let failure):
                state.message = entry.form.show(failure, context.text)
                return []
            case .success(let link):
                let name = state.partners.contacts[link.contact]?.name ?? link.contact.description
                guard entry.form.value(.action) == "unlink" else {
                    return [
                        .recordPartners(
                            [.caseLinked(link)], message: context.text(.linkSaved, name, context.text.label(link.role)))
                    ]
                }
                guard state.partners.isLinked(link) else {
                    state.message = entry.form.show(
                        ValidationErrors([ValidationError(.notLinked, field: "contact", value: name)]), context.text)
                    return []
                }
                return [
                    .recordPartners(
                        [.caseUnlinked(link)], message: context.text(.linkRemoved, name, context.text.label(link.role)))
                ]
            }
        }
    }

    /// From a case's detail: a form to link a contact person to it.
    static func openLink(_ state: inout AppState, context: DeskContext) {
        state.message = nil
        guard case .detail(let id) = state.mode, !state.refusesReadOnly(context) else { return }
        var form: EntryForm = .link(id, context)
        form.basis = state.storePosition
        state.route = .entry(form)
    }
}
