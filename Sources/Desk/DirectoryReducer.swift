import CaseModel
import Foundation

/// How the Partners and Consulten panes, and their forms, answer commands.
enum DirectoryReducer {
    /// Rows the partner and consultation lists show at once (their pane has a line above the
    /// column titles).
    static func visibleRows(_ state: AppState) -> Int { max(1, DeskLayout(state.size).listRows.height) }

    /// Tab, S-Tab, F6 and S-F6: the next or previous pane. Escalatie opens on the case in view
    /// (or the queue's selection); where it cannot open (no case, read-only, no instrument) the
    /// step goes on to the pane after it, and the status line says why.
    static func switchTab(_ state: inout AppState, by step: Int, context: DeskContext) {
        let all = DeskPane.allCases
        var target = (DeskPane(of: state).rawValue + step + all.count) % all.count
        if all[target] == .escalation, !canEscalate(state, context) {
            let why: TextKey =
                state.isReadOnly
                ? .errorReadOnly : context.instrument == nil ? .escalationNoInstrument : .escalationNeedsCase
            target = (target + step + all.count) % all.count
            show(all[target], &state, context: context)
            state.message = .init(text: context.text(why), isError: false)
            return
        }
        show(all[target], &state, context: context)
    }

    private static func canEscalate(_ state: AppState, _ context: DeskContext) -> Bool {
        !state.isReadOnly && context.instrument != nil && DeskPane.caseInView(state).flatMap { state.cases[$0] } != nil
    }

    /// Straight to one pane (1–4, or a click on its tab). A form left this way was asked about first.
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

    private static func refuseReadOnly(_ state: inout AppState, _ context: DeskContext) -> Bool {
        guard state.isReadOnly else { return false }
        state.message = .init(text: context.text(.errorReadOnly), isError: true)
        return true
    }

    // MARK: Partners

    static func reducePartners(_ state: inout AppState, _ command: Command, context: DeskContext) -> [Effect] {
        state.message = nil
        switch command {
        case .moveSelection(let movement):
            state.partnerSelection = Reducer.moved(
                state.partnerSelection, movement, count: state.partnerRows.count, page: visibleRows(state))
        case .startFilter, .acceptFilter, .cancelFilter, .insert, .erase:
            switch search(&state.partnerQuery, editing: &state.isEditingFilter, command) {
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
            guard !refuseReadOnly(&state, context) else { break }
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
        guard !refuseReadOnly(&state, context), let found = state.partners.organisations[organisation] else {
            return []
        }
        var form: EntryForm = .partner(
            found, contact.flatMap { state.partners.contacts[$0] }, context, returnTo: state.mode)
        form.basis = state.storePosition
        state.route = .entry(form)
        return []
    }

    private static func reached(_ contact: ContactID, _ state: inout AppState, context: DeskContext) -> [Effect] {
        guard !refuseReadOnly(&state, context), let found = state.partners.contacts[contact] else { return [] }
        return [
            .recordPartners(
                [.contactReached(ContactReached(contact: contact, on: context.today))],
                message: context.text(.partnerReached, found.name, context.today.dutch))
        ]
    }

    // MARK: Consulten

    static func reduceConsultations(_ state: inout AppState, _ command: Command, context: DeskContext) -> [Effect] {
        state.message = nil
        switch command {
        case .moveSelection(let movement):
            state.consultationSelection = Reducer.moved(
                state.consultationSelection, movement, count: state.consultationRows.count,
                page: visibleRows(state))
        case .newConsultation:
            guard !refuseReadOnly(&state, context) else { break }
            var form: EntryForm = .consultation(nil, context, returnTo: .consultations)
            form.basis = state.storePosition
            state.route = .entry(form)
            if state.privacy == nil { return [.preparePrivacyGuard] }
        case .editConsultation:
            guard let c = state.selectedConsultation else { break }
            return edit(c, &state, context: context)
        case .startFilter, .acceptFilter, .cancelFilter, .insert, .erase:
            switch search(&state.consultationQuery, editing: &state.isEditingFilter, command) {
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

    /// A list's search, the same in Partners and Consulten as in the Wachtrij: `/` starts it,
    /// typing narrows, Enter keeps it, Esc while typing clears it; Esc after that clears it too,
    /// and on an empty search goes back to the Wachtrij. Returns true when the query changed.
    enum SearchOutcome { case changed, same, leave }

    private static func search(_ query: inout String, editing: inout Bool, _ command: Command) -> SearchOutcome {
        switch command {
        case .startFilter:
            editing = true
        case .acceptFilter:
            editing = false
        case .insert(let character):
            guard editing, query.count < 100 else { return .same }
            query.append(character)
            return .changed
        case .erase:
            guard editing, !query.isEmpty else { return .same }
            query.removeLast()
            return .changed
        case .cancelFilter:
            let wasEditing = editing
            editing = false
            if query.isEmpty { return wasEditing ? .same : .leave }
            query = ""
            return .changed
        default:
            break
        }
        return .same
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

    /// Opens the consultation form on a logged consultation, to correct it.
    private static func edit(_ c: Consultation, _ state: inout AppState, context: DeskContext) -> [Effect] {
        guard !refuseReadOnly(&state, context) else { return [] }
        var form: EntryForm = .consultation(c, context, returnTo: state.mode)
        form.basis = state.storePosition
        state.route = .entry(form)
        return state.privacy == nil ? [.preparePrivacyGuard] : []
    }

    /// Opens the registration form filled in from the consultation (and the rest of its open thread).
    private static func register(_ c: Consultation, _ state: inout AppState, context: DeskContext) {
        guard !refuseReadOnly(&state, context) else { return }
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

    // MARK: Forms

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
            state.route = AppState.Route(entry.returnTo)
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
                    state.route = AppState.Route(entry.returnTo)
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
                state.route = AppState.Route(entry.returnTo)
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
            draft.contact = entry.form.value("contact")
            draft.role = entry.form.value("role")
            switch draft.validate(caseExists: { state.cases[$0] != nil }, directory: state.partners) {
            case .failure(let failure):
                state.message = entry.form.show(failure, context.text)
                return []
            case .success(let link):
                let name = state.partners.contacts[link.contact]?.name ?? link.contact.description
                guard entry.form.value("action") == "unlink" else {
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
        guard case .detail(let id) = state.mode, !refuseReadOnly(&state, context) else { return }
        var form: EntryForm = .link(id, context)
        form.basis = state.storePosition
        state.route = .entry(form)
    }
}
