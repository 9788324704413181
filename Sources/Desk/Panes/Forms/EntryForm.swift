import CaseModel
import Foundation

/// The quick-entry forms of the Partners and Consulten panes, and linking a contact to a case.
public struct EntryForm: Hashable, Sendable {
    /// The store's position when the form opened: a colleague's edit of the same record after it
    /// contests the save (the form carries the whole record as it was).
    public var basis: UInt64 = 0
    public enum Kind: Hashable, Sendable {
        /// A consultation, logged during a phone call, or the one with this number corrected.
        case consultation(editing: ConsultationID?)
        /// An organisation and perhaps a contact; the numbers when an existing one is edited.
        case partner(organisation: OrganisationID?, contact: ContactID?)
        /// A contact linked to a case in a role.
        case link(CaseID)
    }

    public var kind: Kind
    public var form: FieldForm
    /// What looked identifying at the last attempt to save; saving the same text again keeps it.
    public var pendingFindings: [PrivacyGuard.Finding] = []
    /// Where Esc and saving lead back to.
    public var returnTo: AppState.Place

    typealias Field = FieldForm.Field

    /// The consultation form, in the order a phone call goes: who calls, what they ask, the
    /// situation, the advice, and what next.
    static func consultation(_ existing: Consultation? = nil, _ context: DeskContext, returnTo: AppState.Place)
        -> EntryForm
    {
        let t = context.text
        let followUps = FollowUp.allCases
        let c = existing
        return EntryForm(
            kind: .consultation(editing: c?.id),
            form: FieldForm([
                Field(.wijkteam, .consultFormWijkteam, value: c?.wijkteam ?? "", required: true),
                Field(.member, .consultFormMember, value: c?.member ?? ""),
                Field(.question, .consultFormQuestion, value: c?.question ?? "", required: true),
                Field(.sketch, .consultFormSketch, value: c?.sketch ?? ""),
                Field(.advice, .consultFormAdvice, value: c?.advice ?? ""),
                Field(
                    .followUp, .consultFormFollowUp, value: (c?.followUp ?? FollowUp.none).rawValue,
                    choices: followUps.map(\.rawValue), labels: followUps.map { t.label($0) }),
                Field(.thread, .consultFormThread, value: c?.thread ?? ""),
                Field(
                    .safety, .consultFormSafety, value: c?.safetySignal == true ? "j" : "n", choices: ["n", "j"],
                    labels: [t.label(Answer.no), t.label(Answer.yes)]),
                Field(.duration, .consultFormDuration, value: c?.durationMinutes.map(String.init) ?? ""),
                Field(.when, .consultFormWhen, value: c.map { t.moment($0.at, in: context.timeZone) } ?? ""),
                Field(.gemeente, .consultFormGemeente, value: c?.gemeente ?? ""),
            ]), returnTo: returnTo)
    }

    static func partner(
        _ organisation: Organisation?, _ contact: Contact?, _ context: DeskContext, returnTo: AppState.Place
    ) -> EntryForm {
        var draft = PartnerDraft()
        if let organisation { draft = PartnerDraft(organisation, contact) }
        let types = PartnerType.allCases
        return EntryForm(
            kind: .partner(organisation: organisation?.id, contact: contact?.id),
            form: FieldForm([
                Field(.organisation, .partnerOrganisation, value: draft.organisation, required: true),
                // "—" keeps the kind of an organisation that exists; a new one needs a kind.
                Field(
                    .type, .partnerType, value: draft.type, choices: [""] + types.map(\.rawValue),
                    labels: ["—"] + types.map { context.text.label($0) }),
                Field(.gemeenten, .partnerFormGemeenten, value: draft.gemeenten),
                // "—" here too: an organisation typed that exists keeps what is known of its covenant.
                Field(
                    .covenant, .partnerFormCovenant, value: draft.covenant, choices: ["", "n", "j"],
                    labels: ["—", context.text.label(Answer.no), context.text.label(Answer.yes)]),
                Field(.covenantDate, .partnerFormCovenantDate, value: draft.covenantDate),
                Field(.name, .partnerName, value: draft.name),
                Field(.role, .partnerRole, value: draft.role),
                Field(.phone, .partnerPhone, value: draft.phone),
                Field(.email, .partnerEmail, value: draft.email),
                Field(.availability, .partnerAvailability, value: draft.availability),
                Field(.notes, .partnerNotes, value: draft.notes),
            ]), returnTo: returnTo)
    }

    static func link(_ caseID: CaseID, _ context: DeskContext) -> EntryForm {
        let roles = CaseContactRole.allCases
        return EntryForm(
            kind: .link(caseID),
            form: FieldForm([
                Field(.contact, .linkContact, required: true),
                Field(
                    .role, .linkRole, value: CaseContactRole.behandelaar.rawValue,
                    choices: roles.map(\.rawValue), labels: roles.map { context.text.label($0) }),
                Field(
                    .action, .linkAction, value: "link", choices: ["link", "unlink"],
                    labels: [context.text(.linkActionLink), context.text(.linkActionUnlink)]),
            ]), returnTo: .detail(caseID))
    }

    var consultationDraft: ConsultationDraft {
        var d = ConsultationDraft()
        d.wijkteam = form.value(.wijkteam)
        d.member = form.value(.member)
        d.question = form.value(.question)
        d.sketch = form.value(.sketch)
        d.advice = form.value(.advice)
        d.followUp = form.value(.followUp)
        d.thread = form.value(.thread)
        d.safetySignal = form.value(.safety)
        d.duration = form.value(.duration)
        d.when = form.value(.when)
        d.gemeente = form.value(.gemeente)
        return d
    }

    var partnerDraft: PartnerDraft {
        var d = PartnerDraft()
        d.organisation = form.value(.organisation)
        d.type = form.value(.type)
        d.gemeenten = form.value(.gemeenten)
        d.covenant = form.value(.covenant)
        d.covenantDate = form.value(.covenantDate)
        d.name = form.value(.name)
        d.role = form.value(.role)
        d.phone = form.value(.phone)
        d.email = form.value(.email)
        d.availability = form.value(.availability)
        d.notes = form.value(.notes)
        if case .partner(let organisation, let contact) = kind {
            d.editingOrganisation = organisation
            d.editingContact = contact
        }
        return d
    }
}
