import Foundation

/// One time a case's data went to a partner: to whom, which kinds of data, on which ground, when
/// and by whom, and (for an organisation that has not signed the region's covenant) why.
public struct Sharing: Codable, Hashable, Sendable {
    /// Numbered per case, from 1.
    public var number: Int
    public var organisation: OrganisationID
    /// The contact person, when it went to one.
    public var contact: ContactID?
    /// Who received it as named then (an organisation or a contact may be renamed or removed later).
    public var recipient: String
    /// Whether the organisation had signed the covenant when it was shared.
    public var covenant: Bool
    public var categories: [DataCategory]
    public var ground: LegalGround
    public var at: Date
    public var by: String
    /// Why it was shared; required when the organisation has not signed the covenant.
    public var reason: String

    public init(
        number: Int, organisation: OrganisationID, contact: ContactID?, recipient: String, covenant: Bool,
        categories: [DataCategory], ground: LegalGround, at: Date, by: String, reason: String
    ) {
        self.number = number
        self.organisation = organisation
        self.contact = contact
        self.recipient = recipient
        self.covenant = covenant
        self.categories = categories
        self.ground = ground
        self.at = at
        self.by = by
        self.reason = reason
    }
}

/// A case's data shared with a partner.
public struct CaseShared: Codable, Hashable, Sendable {
    public var caseID: CaseID
    public var sharing: Sharing

    public init(caseID: CaseID, sharing: Sharing) {
        self.caseID = caseID
        self.sharing = sharing
    }
}

/// A sharing as typed: with whom (a contact `CP-…` or an organisation `O-…`, or a name that is
/// one of them), which categories, on which ground (default: the case's), why.
public struct SharingDraft: Hashable, Sendable {
    public var with = ""
    public var categories = ""
    public var ground = ""
    public var reason = ""

    public init() {}

    /// The event for `c`, checked against the partner directory, or every reason it cannot be.
    public func validate(_ c: Case, partners: PartnerDirectory, at: Date, by advisor: String) -> Result<
        CaseShared, ValidationErrors
    > {
        func trimmed(_ s: String) -> String { s.trimmingCharacters(in: .whitespacesAndNewlines) }
        var errors: [ValidationError] = []
        if let refusal = CaseStep.share.refusal(for: c) { errors.append(refusal) }
        var organisation: Organisation?
        var contact: Contact?
        let recipient = trimmed(with)
        if recipient.isEmpty {
            errors.append(ValidationError(.required, field: "with"))
        } else if let id = try? ContactID(recipient), let found = partners.contacts[id] {
            contact = found
            organisation = partners.organisations[found.organisation]
        } else if let id = try? OrganisationID(recipient), let found = partners.organisations[id] {
            organisation = found
        } else {
            let key = Vocabulary.key(recipient)
            let contacts = partners.contacts.values.filter { Vocabulary.key($0.name) == key }
            let organisations = partners.organisations.values.filter { Vocabulary.key($0.name) == key }
            if contacts.count == 1, let found = contacts.first {
                contact = found
                organisation = partners.organisations[found.organisation]
            } else if contacts.isEmpty, organisations.count == 1 {
                organisation = organisations.first
            } else {
                errors.append(
                    ValidationError(
                        contacts.count + organisations.count > 1 ? .ambiguousContact : .unknownRecipient, field: "with",
                        value: recipient))
            }
        }
        var categories: [DataCategory] = []
        do throws(ValidationError) { categories = try DataCategory.parsing(trimmed(self.categories)) } catch {
            errors.append(error)
        }
        if categories.isEmpty && errors.allSatisfy({ $0.field != "categories" }) {
            errors.append(ValidationError(.required, field: "categories"))
        }
        var ground = c.lawful?.ground
        if !trimmed(self.ground).isEmpty {
            do throws(ValidationError) { ground = try LegalGround(parsing: trimmed(self.ground)) } catch {
                errors.append(error)
            }
        } else if ground == nil {
            errors.append(ValidationError(.noGround, field: "ground", value: c.id.description))
        }
        let why = trimmed(reason)
        if why.count > NoteDraft.maximumLength {
            errors.append(ValidationError(.tooLong, field: "reason", detail: String(NoteDraft.maximumLength)))
        }
        // An organisation outside the covenant gets data only with a written reason, first.
        if let organisation, !organisation.covenantSigned, why.isEmpty {
            errors.append(ValidationError(.noCovenantReason, field: "reason", value: organisation.name))
        }
        guard errors.isEmpty, let organisation, let ground else { return .failure(ValidationErrors(errors)) }
        return .success(
            CaseShared(
                caseID: c.id,
                sharing: Sharing(
                    number: c.sharings.count + 1, organisation: organisation.id, contact: contact?.id,
                    recipient: contact.map { "\($0.name) (\(organisation.name))" } ?? organisation.name,
                    covenant: organisation.covenantSigned, categories: categories, ground: ground, at: at,
                    by: advisor, reason: why)))
    }
}
