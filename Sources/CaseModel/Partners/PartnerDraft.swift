import Foundation

/// An organisation and (optionally) one of its contact people, as typed into the partner form, given
/// on the command line, or read from a line of a CSV file: raw text, not yet checked.
///
/// An organisation is found by its name; a new name makes a new organisation (and then its type is
/// required). A contact is found by name within the organisation, so importing the same file twice
/// updates instead of doubling.
public struct PartnerDraft: Hashable, Sendable {
    public var organisation = ""
    public var type = ""
    /// Gemeenten served, separated by commas; empty or `regio` for the whole region.
    public var gemeenten = ""
    /// `j`/`n`; empty keeps what is known (no for a new organisation).
    public var covenant = ""
    public var covenantDate = ""
    public var name = ""
    public var role = ""
    /// Every number, the preferred first: `058-2991234, 06-12345678 (werk)` (see `ContactReach`).
    public var phone = ""
    /// Every address, the preferred first: `a@b.nl, c@d.nl (thuis)`.
    public var email = ""
    public var availability = ""
    public var notes = ""
    /// Set when an existing record is edited (so a name can change).
    public var editingOrganisation: OrganisationID?
    public var editingContact: ContactID?

    public init() {}

    public init(_ organisation: Organisation, _ contact: Contact?) {
        self.organisation = organisation.name
        self.type = organisation.type.rawValue
        self.gemeenten = organisation.gemeenten.joined(separator: ", ")
        self.covenant = organisation.covenantSigned ? "j" : "n"
        self.covenantDate = organisation.covenantDate?.dutch ?? ""
        self.editingOrganisation = organisation.id
        if let contact {
            name = contact.name
            role = contact.role
            phone = ContactReach.text(contact.phones)
            email = ContactReach.text(contact.emails)
            availability = contact.availability
            notes = contact.notes
            editingContact = contact.id
        }
    }

    public static let maximumLength = 500

    public var hasContact: Bool {
        ![name, role, phone, email, availability, notes].allSatisfy { $0.trimmingCharacters(in: .whitespaces).isEmpty }
    }

    /// The events that record this draft in `directory`, or every error found. Nothing is recorded
    /// when nothing changes.
    public func events(in directory: PartnerDirectory, region: Region, today: CalendarDate) -> Result<
        [PartnerEvent], ValidationErrors
    > {
        var errors: [ValidationError] = []
        func trimmed(_ s: String) -> String { s.trimmingCharacters(in: .whitespacesAndNewlines) }
        for (field, value) in [
            ("organisation", organisation), ("name", name), ("role", role), ("availability", availability),
            ("notes", notes), ("gemeenten", gemeenten),
        ]
        where value.count > Self.maximumLength {
            errors.append(ValidationError(.tooLong, field: field, detail: String(Self.maximumLength)))
        }
        let orgName = trimmed(organisation)
        if orgName.isEmpty { errors.append(ValidationError(.required, field: "organisation")) }

        var existing: Organisation?
        if let id = editingOrganisation {
            existing = directory.organisations[id]
            if existing == nil {
                errors.append(ValidationError(.unknownOrganisation, field: "organisation", value: id.description))
            }
            if let other = directory.organisation(named: orgName), other.id != id {
                errors.append(ValidationError(.duplicateOrganisation, field: "organisation", value: orgName))
            }
        } else {
            existing = directory.organisation(named: orgName)
        }

        var partnerType = existing?.type
        if !trimmed(type).isEmpty {
            do { partnerType = try PartnerType(parsing: type) } catch { errors.append(error) }
        } else if existing == nil {
            errors.append(
                ValidationError(
                    .required, field: "type", detail: PartnerType.allCases.map(\.rawValue).joined(separator: ", ")))
        }
        var served = existing?.gemeenten ?? []
        if !trimmed(gemeenten).isEmpty || existing == nil {
            served = []
            for part in gemeenten.split(whereSeparator: { $0 == "," || $0 == ";" }).map({ trimmed(String($0)) })
            where !part.isEmpty {
                if ["regio", "region", "alle", "all"].contains(Vocabulary.key(part)) {
                    served = []
                    break
                }
                do {
                    let name = try region.gemeente(named: part).name
                    if !served.contains(name) { served.append(name) }
                } catch { errors.append(error) }
            }
        }
        var signed = existing?.covenantSigned ?? false
        if !trimmed(covenant).isEmpty {
            do { signed = try ConsultationDraft.yesNo(covenant, field: "covenant") } catch { errors.append(error) }
        }
        var signedOn = existing?.covenantDate
        if !trimmed(covenantDate).isEmpty {
            if let date = CalendarDate(iso: trimmed(covenantDate)) ?? CalendarDate(dutch: trimmed(covenantDate)) {
                if date > today {
                    errors.append(ValidationError(.dateInFuture, field: "covenant-date", value: covenantDate))
                }
                signedOn = date
                if trimmed(covenant).isEmpty { signed = true }
            } else {
                errors.append(ValidationError(.dateFormat, field: "covenant-date", value: covenantDate))
            }
        }
        if !signed { signedOn = nil }

        // Found by name (a file, `partner add`), numbers and addresses are added to those known;
        // edited in the form, the list as typed is the list.
        let orgForLookup =
            editingOrganisation.flatMap { directory.organisations[$0] }
            ?? directory.organisation(named: trimmed(organisation))
        let knownByName =
            editingContact == nil
            ? orgForLookup.flatMap { org in
                directory.contacts(of: org.id).first { Vocabulary.key($0.name) == Vocabulary.key(trimmed(name)) }
            } : nil
        var phones: [ContactPhone] = []
        switch ContactReach.phones(phone, over: knownByName?.phones ?? []) {
        case .success(let given): phones = given
        case .failure(let failure): errors += failure.errors
        }
        var emails: [ContactEmail] = []
        switch ContactReach.emails(email, over: knownByName?.emails ?? []) {
        case .success(let given): emails = given
        case .failure(let failure): errors += failure.errors
        }
        if hasContact && trimmed(name).isEmpty { errors.append(ValidationError(.required, field: "name")) }
        if let id = editingContact, directory.contacts[id] == nil {
            errors.append(ValidationError(.unknownContact, field: "contact", value: id.description))
        }
        guard errors.isEmpty, let partnerType else { return .failure(ValidationErrors(errors)) }

        var events: [PartnerEvent] = []
        // Found by name, an organisation keeps the spelling it has; only editing renames.
        let org = Organisation(
            id: existing?.id ?? directory.nextOrganisationID, type: partnerType,
            name: editingOrganisation == nil ? existing?.name ?? orgName : orgName,
            gemeenten: served, covenantSigned: signed, covenantDate: signedOn)
        if org != existing { events.append(.organisationRecorded(org)) }
        if hasContact {
            let sameName = directory.contacts(of: org.id).first {
                Vocabulary.key($0.name) == Vocabulary.key(trimmed(name))
            }
            let contactID = editingContact ?? sameName?.id ?? directory.nextContactID
            // Found by name (a file, `partner add`), a contact is updated with what the entry
            // carries; an empty field keeps what is known, and numbers and addresses are added to
            // those known (the entry's first becomes the preferred one). Only the form, which shows
            // every field, can empty one or take a number away.
            let known = editingContact == nil ? sameName : nil
            func given(_ value: String, else old: String?) -> String {
                trimmed(value).isEmpty ? old ?? "" : trimmed(value)
            }
            let contact = Contact(
                id: contactID, organisation: org.id, name: known?.name ?? trimmed(name),
                role: given(role, else: known?.role),
                phones: phones, emails: emails,
                availability: given(availability, else: known?.availability), notes: given(notes, else: known?.notes))
            if contact != directory.contacts[contactID] { events.append(.contactRecorded(contact)) }
        }
        return .success(events)
    }
}
