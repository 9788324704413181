import Foundation

/// The partner organisations, their contact people and who is involved in which case, as derived
/// from the journal's partner events.
public struct PartnerDirectory: Hashable, Sendable {
    public enum ApplyError: Error, Hashable, Sendable, CustomStringConvertible {
        case unknownOrganisation(OrganisationID)
        case unknownContact(ContactID)
        case unknownCase(CaseID)
        case numberOutOfTurn(String)

        public var description: String {
            switch self {
            case .unknownOrganisation(let id): return "event for unknown organisation \(id)"
            case .unknownContact(let id): return "event for unknown contact \(id)"
            case .unknownCase(let id): return "contact linked to unknown case \(id)"
            case .numberOutOfTurn(let id): return "new record \(id) skips numbers"
            }
        }
    }

    public private(set) var organisations: [OrganisationID: Organisation]
    public private(set) var contacts: [ContactID: Contact]
    /// The last day each contact was spoken to.
    public private(set) var lastReached: [ContactID: CalendarDate]
    public private(set) var links: [CaseLink]
    public private(set) var lastOrganisationNumber: Int
    public private(set) var lastContactNumber: Int

    public init(organisations: [OrganisationID: Organisation] = [:], contacts: [ContactID: Contact] = [:],
                lastReached: [ContactID: CalendarDate] = [:], links: [CaseLink] = [],
                lastOrganisationNumber: Int = 0, lastContactNumber: Int = 0) {
        self.organisations = organisations
        self.contacts = contacts
        self.lastReached = lastReached
        self.links = links
        self.lastOrganisationNumber = lastOrganisationNumber
        self.lastContactNumber = lastContactNumber
    }

    public var isEmpty: Bool { organisations.isEmpty && contacts.isEmpty }

    /// Takes in case links as a snapshot holds them, for a store that loads only some cases (the
    /// links of the cases it loads); a link already here is kept once.
    public mutating func adopt(links more: [CaseLink]) {
        for link in more where !links.contains(link) { links.append(link) }
    }

    /// The same directory with its links in one fixed order (case, contact, role): the order links
    /// were made in carries no meaning, so two directories are compared this way.
    public var canonical: PartnerDirectory {
        var copy = self
        copy.links.sort { ($0.caseID, $0.contact.value, $0.role.rawValue) < ($1.caseID, $1.contact.value, $1.role.rawValue) }
        return copy
    }

    /// The directory without its case links (a snapshot keeps those per case).
    public var withoutLinks: PartnerDirectory {
        var copy = self
        copy.links = []
        return copy
    }

    /// How many lines `search("")` gives: every contact, and every organisation without one.
    public var entryCount: Int {
        contacts.count + organisations.count - Set(contacts.values.map(\.organisation)).count
    }
    public var nextOrganisationID: OrganisationID { OrganisationID(lastOrganisationNumber + 1) }
    public var nextContactID: ContactID { ContactID(lastContactNumber + 1) }

    /// Applies one commit's partner events whole, or throws and leaves the directory as it was.
    /// `cases` is the case book after the same commit's case events.
    public mutating func apply(_ events: [PartnerEvent], cases: CaseBook) throws(ApplyError) {
        guard !events.isEmpty else { return }
        let before = self
        do {
            for event in events { try apply(event, cases: cases) }
        } catch {
            self = before
            throw error
        }
    }

    private mutating func apply(_ event: PartnerEvent, cases: CaseBook) throws(ApplyError) {
        switch event {
        case .organisationRecorded(let o):
            if organisations[o.id] == nil {
                // New numbers are handed out in order, so they are never used twice.
                guard o.id.value == lastOrganisationNumber + 1 else { throw .numberOutOfTurn(o.id.description) }
                lastOrganisationNumber = o.id.value
            }
            organisations[o.id] = o
        case .contactRecorded(let c):
            guard organisations[c.organisation] != nil else { throw .unknownOrganisation(c.organisation) }
            if contacts[c.id] == nil {
                guard c.id.value == lastContactNumber + 1 else { throw .numberOutOfTurn(c.id.description) }
                lastContactNumber = c.id.value
            }
            contacts[c.id] = c
        case .contactRemoved(let id):
            guard contacts[id] != nil else { throw .unknownContact(id) }
            contacts[id] = nil
            lastReached[id] = nil
            links.removeAll { $0.contact == id }
        case .caseLinked(let link):
            guard contacts[link.contact] != nil else { throw .unknownContact(link.contact) }
            guard cases[link.caseID] != nil else { throw .unknownCase(link.caseID) }
            if !links.contains(link) { links.append(link) }
        case .caseUnlinked(let link):
            links.removeAll { $0 == link }
        case .contactReached(let e):
            guard contacts[e.contact] != nil else { throw .unknownContact(e.contact) }
            lastReached[e.contact] = max(lastReached[e.contact] ?? e.on, e.on)
        }
    }

    // MARK: Reading

    public func contacts(of organisation: OrganisationID) -> [Contact] {
        contacts.values.filter { $0.organisation == organisation }.sorted { $0.name.lowercased() < $1.name.lowercased() }
    }

    /// Who is involved in a case, in the order of their roles.
    public func links(of caseID: CaseID) -> [CaseLink] {
        links.filter { $0.caseID == caseID }.sorted { ($0.role, $0.contact) < ($1.role, $1.contact) }
    }

    /// The cases a contact is involved in.
    public func links(of contact: ContactID) -> [CaseLink] {
        links.filter { $0.contact == contact }.sorted { $0.caseID < $1.caseID }
    }

    /// The organisation named `text` (ignoring case, spaces and diacritics).
    public func organisation(named text: String) -> Organisation? {
        let key = Vocabulary.key(text)
        guard !key.isEmpty else { return nil }
        return organisations.values.first { Vocabulary.key($0.name) == key }
    }

    /// One line of the directory: a contact with their organisation, or an organisation that has no contacts yet.
    public struct Entry: Hashable, Sendable {
        public var organisation: Organisation
        public var contact: Contact?
    }

    /// Every contact (and every organisation without contacts), sorted by organisation then name,
    /// narrowed to those where each word of `query` occurs in the name, organisation, gemeenten,
    /// role, partner type, phone number (as dialled nationally) or email address, so a number on
    /// the caller display finds its owner too.
    public func search(_ query: String) -> [Entry] {
        let words = Vocabulary.searchable(query).split(separator: " ").map(String.init)
        var entries: [Entry] = []
        var withContacts = Set<OrganisationID>()
        for contact in contacts.values {
            guard let organisation = organisations[contact.organisation] else { continue }
            withContacts.insert(organisation.id)
            entries.append(Entry(organisation: organisation, contact: contact))
        }
        for organisation in organisations.values where !withContacts.contains(organisation.id) {
            entries.append(Entry(organisation: organisation, contact: nil))
        }
        if !words.isEmpty {
            entries = entries.filter { entry in
                let haystack = [entry.contact?.name ?? "", entry.contact?.role ?? "", entry.organisation.name,
                                entry.organisation.type.rawValue, entry.contact?.phone?.national ?? "",
                                entry.contact?.email?.value ?? ""] + entry.organisation.gemeenten
                let text = Vocabulary.searchable(haystack.joined(separator: " | "))
                return words.allSatisfy { Vocabulary.contains(text, $0) }
            }
        }
        return entries.sorted {
            let left = ($0.organisation.name.lowercased(), $0.contact?.name.lowercased() ?? "")
            let right = ($1.organisation.name.lowercased(), $1.contact?.name.lowercased() ?? "")
            return left != right ? left < right : ($0.contact?.id.value ?? 0) < ($1.contact?.id.value ?? 0)
        }
    }
}
