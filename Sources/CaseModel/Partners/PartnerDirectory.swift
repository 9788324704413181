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
    /// Who is involved in which case. A set: the order links were made in carries no meaning, and
    /// a region's replay asks "is this link there?" once per link event.
    private var linkSet: Set<CaseLink>
    /// Every link, in one fixed order (case, contact, role).
    public var links: [CaseLink] {
        linkSet.sorted {
            ($0.caseID, $0.contact.value, $0.role.rawValue) < ($1.caseID, $1.contact.value, $1.role.rawValue)
        }
    }
    public func isLinked(_ link: CaseLink) -> Bool { linkSet.contains(link) }
    public internal(set) var lastOrganisationNumber: Int
    public internal(set) var lastContactNumber: Int
    /// Derived, so that a file of 100,000 lines is read in linear time: each organisation by its
    /// name's key (the lowest number where two share one), each organisation's contacts.
    private var organisationByKey: [String: OrganisationID] = [:]
    private var contactsByOrganisation: [OrganisationID: Set<ContactID>] = [:]

    public init(
        organisations: [OrganisationID: Organisation] = [:], contacts: [ContactID: Contact] = [:],
        lastReached: [ContactID: CalendarDate] = [:], links: [CaseLink] = [],
        lastOrganisationNumber: Int = 0, lastContactNumber: Int = 0
    ) {
        self.organisations = organisations
        self.contacts = contacts
        self.lastReached = lastReached
        self.linkSet = Set(links)
        self.lastOrganisationNumber = lastOrganisationNumber
        self.lastContactNumber = lastContactNumber
        for o in organisations.values { index(o.id, name: o.name) }
        for c in contacts.values { contactsByOrganisation[c.organisation, default: []].insert(c.id) }
    }

    /// Equal as directories, whatever the derived indexes hold.
    public static func == (lhs: PartnerDirectory, rhs: PartnerDirectory) -> Bool {
        lhs.organisations == rhs.organisations && lhs.contacts == rhs.contacts && lhs.lastReached == rhs.lastReached
            && lhs.linkSet == rhs.linkSet && lhs.lastOrganisationNumber == rhs.lastOrganisationNumber
            && lhs.lastContactNumber == rhs.lastContactNumber
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(organisations)
        hasher.combine(contacts)
        hasher.combine(lastReached)
        hasher.combine(linkSet)
        hasher.combine(lastOrganisationNumber)
        hasher.combine(lastContactNumber)
    }

    private mutating func index(_ id: OrganisationID, name: String) {
        let key = Vocabulary.key(name)
        guard !key.isEmpty else { return }
        if let other = organisationByKey[key], other < id { return }
        organisationByKey[key] = id
    }

    /// Finds the organisation a key belongs to again (after a rename or a change taken back).
    private mutating func reindex(key: String) {
        guard !key.isEmpty else { return }
        organisationByKey[key] = organisations.values.filter { Vocabulary.key($0.name) == key }.map(\.id).min()
    }

    /// Puts an organisation in the index as it now is, having been `old` before.
    private mutating func reindex(_ id: OrganisationID, from old: Organisation?) {
        if let old, let now = organisations[id], Vocabulary.key(old.name) == Vocabulary.key(now.name) { return }
        if let old, organisationByKey[Vocabulary.key(old.name)] == id { reindex(key: Vocabulary.key(old.name)) }
        if let now = organisations[id] { index(now.id, name: now.name) }
    }

    /// Moves a contact in the index from the organisation it had (`old`) to the one it has.
    private mutating func reindex(_ id: ContactID, from old: Contact?) {
        if let old { contactsByOrganisation[old.organisation]?.remove(id) }
        if let now = contacts[id] { contactsByOrganisation[now.organisation, default: []].insert(id) }
    }

    public var isEmpty: Bool { organisations.isEmpty && contacts.isEmpty }

    /// Takes in case links as a snapshot holds them, for a store that loads only some cases (the
    /// links of the cases it loads); a link already here is kept once.
    public mutating func adopt(links more: [CaseLink]) {
        linkSet.formUnion(more)
    }

    /// The directory as two are compared. Links are a set, so this is the directory itself.
    public var canonical: PartnerDirectory { self }

    /// The directory without its case links (a snapshot keeps those per case).
    public var withoutLinks: PartnerDirectory {
        var copy = self
        copy.linkSet = []
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
    ///
    /// What each event changed is written down as it goes, and taken back in reverse when a later
    /// one is refused: no copy of the directory is kept (a copy would make the first change of each
    /// collection copy it whole, on every commit of a region's replay).
    public mutating func apply(_ events: [PartnerEvent], cases: CaseBook) throws(ApplyError) {
        var undo: [Change] = []
        do {
            for event in events { try apply(event, cases: cases, recording: &undo) }
        } catch {
            for change in undo.reversed() { revert(change) }
            throw error
        }
    }

    /// One change, as it can be taken back.
    private enum Change {
        case organisation(OrganisationID, Organisation?, lastNumber: Int)
        case contact(ContactID, Contact?, lastNumber: Int)
        case reached(ContactID, CalendarDate?)
        case linked(CaseLink)
        case unlinked([CaseLink])
    }

    private mutating func revert(_ change: Change) {
        switch change {
        case .organisation(let id, let old, let number):
            let now = organisations[id]
            organisations[id] = old
            lastOrganisationNumber = number
            if let now { reindex(key: Vocabulary.key(now.name)) }
            if let old { index(id, name: old.name) }
        case .contact(let id, let old, let number):
            let now = contacts[id]
            contacts[id] = old
            lastContactNumber = number
            if let now { contactsByOrganisation[now.organisation]?.remove(id) }
            if let old { contactsByOrganisation[old.organisation, default: []].insert(id) }
        case .reached(let id, let old): lastReached[id] = old
        case .linked(let link): linkSet.remove(link)
        case .unlinked(let links): linkSet.formUnion(links)
        }
    }

    /// Checks the event, then changes the directory; a refused event changes nothing.
    private mutating func apply(_ event: PartnerEvent, cases: CaseBook, recording undo: inout [Change])
        throws(ApplyError)
    {
        switch event {
        case .organisationRecorded(let o):
            undo.append(.organisation(o.id, organisations[o.id], lastNumber: lastOrganisationNumber))
            if organisations[o.id] == nil {
                // New numbers are handed out in order, so they are never used twice.
                guard o.id.value == lastOrganisationNumber + 1 else { throw .numberOutOfTurn(o.id.description) }
                lastOrganisationNumber = o.id.value
            }
            let old = organisations[o.id]
            organisations[o.id] = o
            reindex(o.id, from: old)
        case .contactRecorded(let c):
            guard organisations[c.organisation] != nil else { throw .unknownOrganisation(c.organisation) }
            undo.append(.contact(c.id, contacts[c.id], lastNumber: lastContactNumber))
            if contacts[c.id] == nil {
                guard c.id.value == lastContactNumber + 1 else { throw .numberOutOfTurn(c.id.description) }
                lastContactNumber = c.id.value
            }
            let old = contacts[c.id]
            contacts[c.id] = c
            reindex(c.id, from: old)
        case .contactRemoved(let id):
            guard let old = contacts[id] else { throw .unknownContact(id) }
            undo.append(.contact(id, old, lastNumber: lastContactNumber))
            undo.append(.reached(id, lastReached[id]))
            let gone = linkSet.filter { $0.contact == id }
            undo.append(.unlinked(Array(gone)))
            contacts[id] = nil
            contactsByOrganisation[old.organisation]?.remove(id)
            lastReached[id] = nil
            linkSet.subtract(gone)
        case .caseLinked(let link):
            guard contacts[link.contact] != nil else { throw .unknownContact(link.contact) }
            guard cases[link.caseID] != nil else { throw .unknownCase(link.caseID) }
            if linkSet.insert(link).inserted { undo.append(.linked(link)) }
        case .caseUnlinked(let link):
            if linkSet.remove(link) != nil { undo.append(.unlinked([link])) }
        case .contactReached(let e):
            guard contacts[e.contact] != nil else { throw .unknownContact(e.contact) }
            undo.append(.reached(e.contact, lastReached[e.contact]))
            lastReached[e.contact] = max(lastReached[e.contact] ?? e.on, e.on)
        }
    }

    // MARK: Reading

    public func contacts(of organisation: OrganisationID) -> [Contact] {
        (contactsByOrganisation[organisation] ?? []).compactMap { contacts[$0] }.sorted {
            $0.name.lowercased() < $1.name.lowercased()
        }
    }

    /// Who is involved in a case, in the order of their roles.
    public func links(of caseID: CaseID) -> [CaseLink] {
        linkSet.filter { $0.caseID == caseID }.sorted { ($0.role, $0.contact) < ($1.role, $1.contact) }
    }

    /// The cases a contact is involved in.
    public func links(of contact: ContactID) -> [CaseLink] {
        linkSet.filter { $0.contact == contact }.sorted { $0.caseID < $1.caseID }
    }

    /// The organisation named `text` (ignoring case, spaces and diacritics).
    public func organisation(named text: String) -> Organisation? {
        let key = Vocabulary.key(text)
        guard !key.isEmpty, let id = organisationByKey[key] else { return nil }
        return organisations[id]
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
        let words = SearchWords(query)
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
                let haystack =
                    [
                        entry.contact?.name ?? "", entry.contact?.role ?? "", entry.organisation.name,
                        entry.organisation.type.rawValue,
                    ]
                    // Every number (also typed without the dash, "0581234", or as dialled from
                    // abroad) and every address.
                    + (entry.contact?.phones ?? []).map {
                        $0.number.national + " " + $0.number.national.filter(\.isNumber) + " " + $0.number.e164
                    }
                    + (entry.contact?.emails ?? []).map(\.address.value) + entry.organisation.gemeenten
                let text = Vocabulary.searchable(haystack.joined(separator: " | "))
                return words.matches(searchable: text)
            }
        }
        // Each entry's key made once (lowercasing in the comparison made thousands of strings per sort).
        let keyed = entries.map { entry in
            (
                organisation: entry.organisation.name.lowercased(), contact: entry.contact?.name.lowercased() ?? "",
                number: entry.contact?.id.value ?? 0, entry: entry
            )
        }
        return keyed.sorted {
            ($0.organisation, $0.contact, $0.number) < ($1.organisation, $1.contact, $1.number)
        }.map(\.entry)
    }
}
