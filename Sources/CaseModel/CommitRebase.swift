import Foundation

/// The numbers a ledger has handed out: what a new record's number is counted from.
public struct Numbering: Hashable, Sendable, Codable {
    public var lastCaseNumber: [Int: Int]
    public var lastOrganisation: Int
    public var lastContact: Int
    public var lastConsultation: Int

    public init(lastCaseNumber: [Int: Int], lastOrganisation: Int, lastContact: Int, lastConsultation: Int) {
        self.lastCaseNumber = lastCaseNumber
        self.lastOrganisation = lastOrganisation
        self.lastContact = lastContact
        self.lastConsultation = lastConsultation
    }

    /// Each number as far as the further of the two goes.
    public func union(_ other: Numbering) -> Numbering {
        Numbering(
            lastCaseNumber: lastCaseNumber.merging(other.lastCaseNumber, uniquingKeysWith: max),
            lastOrganisation: max(lastOrganisation, other.lastOrganisation),
            lastContact: max(lastContact, other.lastContact),
            lastConsultation: max(lastConsultation, other.lastConsultation))
    }
}

extension Ledger {
    public var numbering: Numbering {
        get {
            Numbering(
                lastCaseNumber: book.lastCaseNumber, lastOrganisation: partners.lastOrganisationNumber,
                lastContact: partners.lastContactNumber, lastConsultation: consultations.lastNumber)
        }
        set {
            book.lastCaseNumber = newValue.lastCaseNumber
            partners.lastOrganisationNumber = newValue.lastOrganisation
            partners.lastContactNumber = newValue.lastContact
            consultations.lastNumber = newValue.lastConsultation
        }
    }
}

extension Numbering {
    /// Nothing handed out.
    public static let none = Numbering(lastCaseNumber: [:], lastOrganisation: 0, lastContact: 0, lastConsultation: 0)
}

extension Commit {
    /// What must have been handed out before this commit, on a ledger whose numbering is
    /// `current`, for the records it creates to follow in turn: for each kind it creates beyond
    /// `current`, its lowest new number less one (the other kinds: nothing).
    public func numbersBefore(_ current: Numbering) -> Numbering {
        var needed = Numbering.none
        for case .registered(let e) in events where e.id.sequence > (current.lastCaseNumber[e.id.year] ?? 0) + 1 {
            needed.lastCaseNumber[e.id.year] = max(needed.lastCaseNumber[e.id.year] ?? 0, e.id.sequence - 1)
        }
        let organisations = partnerEvents.compactMap { e -> Int? in
            if case .organisationRecorded(let o) = e, o.id.value > current.lastOrganisation { o.id.value } else { nil }
        }
        let contacts = partnerEvents.compactMap { e -> Int? in
            if case .contactRecorded(let c) = e, c.id.value > current.lastContact { c.id.value } else { nil }
        }
        let logged = consultationEvents.compactMap { e -> Int? in
            if case .logged(let c) = e, c.id.value > current.lastConsultation { c.id.value } else { nil }
        }
        if let first = organisations.min() { needed.lastOrganisation = first - 1 }
        if let first = contacts.min() { needed.lastContact = first - 1 }
        if let first = logged.min() { needed.lastConsultation = first - 1 }
        return needed
    }

    /// The numbers this commit hands out beyond `current`: every case number it registers, and
    /// the organisation, contact and consultation numbers it makes in turn from `current` on (a
    /// number out of turn is left out: a ledger makes those in turn, so it is not what one made).
    public func numbersHandedOut(after current: Numbering) -> Numbering {
        var out = Numbering.none
        for case .registered(let e) in events where e.id.sequence > (current.lastCaseNumber[e.id.year] ?? 0) {
            out.lastCaseNumber[e.id.year] = max(out.lastCaseNumber[e.id.year] ?? 0, e.id.sequence)
        }
        func inTurn(_ numbers: [Int], after last: Int) -> Int {
            var end = last
            for number in numbers.sorted() where number == end + 1 { end = number }
            return end > last ? end : 0
        }
        out.lastOrganisation = inTurn(
            partnerEvents.compactMap { if case .organisationRecorded(let o) = $0 { o.id.value } else { nil } },
            after: current.lastOrganisation)
        out.lastContact = inTurn(
            partnerEvents.compactMap { if case .contactRecorded(let c) = $0 { c.id.value } else { nil } },
            after: current.lastContact)
        out.lastConsultation = inTurn(
            consultationEvents.compactMap { if case .logged(let c) = $0 { c.id.value } else { nil } },
            after: current.lastConsultation)
        return out
    }
}

/// Moving a change made on an older state onto the log as it now ends (optimistic concurrency).
///
/// A change is validated against the state it was made on; when colleagues committed in between,
/// it is first *rebased*: the records it creates get the next free numbers (two advisors who both
/// register "the next case" each get one), and then it is validated again by applying it. A change
/// that does the same step to the same record as a colleague did meanwhile is *contested*: it is not
/// written, and the advisor is told who did what.
extension Commit {
    /// The commit with every record it creates renumbered after what `current` has handed out,
    /// when it was made while `madeOn` was the numbering. References inside the commit follow.
    public func renumbered(madeOn: Numbering, onto current: Numbering) -> Commit {
        guard madeOn != current else { return self }
        var caseMap: [CaseID: CaseID] = [:]
        var next = current.lastCaseNumber
        for case .registered(let e) in events where e.id.sequence > (madeOn.lastCaseNumber[e.id.year] ?? 0) {
            let number = (next[e.id.year] ?? 0) + 1
            next[e.id.year] = number
            caseMap[e.id] = CaseID(year: e.id.year, sequence: number)
        }
        let organisationShift = current.lastOrganisation - madeOn.lastOrganisation
        let contactShift = current.lastContact - madeOn.lastContact
        let consultationShift = current.lastConsultation - madeOn.lastConsultation
        func caseID(_ id: CaseID) -> CaseID { caseMap[id] ?? id }
        func organisation(_ id: OrganisationID) -> OrganisationID {
            id.value > madeOn.lastOrganisation ? OrganisationID(id.value + organisationShift) : id
        }
        func contact(_ id: ContactID) -> ContactID {
            id.value > madeOn.lastContact ? ContactID(id.value + contactShift) : id
        }
        func consultation(_ id: ConsultationID) -> ConsultationID {
            id.value > madeOn.lastConsultation ? ConsultationID(id.value + consultationShift) : id
        }

        var copy = self
        copy.events = events.map { event in
            switch event {
            case .registered(var e):
                e.id = caseID(e.id)
                return .registered(e)
            // The ground recorded with the registration follows its case's number.
            case .lawfulBasisRecorded(var e):
                e.caseID = caseID(e.caseID)
                return .lawfulBasisRecorded(e)
            default: return event
            }
        }
        copy.partnerEvents = partnerEvents.map { event in
            switch event {
            case .organisationRecorded(var o):
                o.id = organisation(o.id)
                return .organisationRecorded(o)
            case .contactRecorded(var c):
                c.id = contact(c.id)
                c.organisation = organisation(c.organisation)
                return .contactRecorded(c)
            case .contactRemoved(let id): return .contactRemoved(contact(id))
            case .caseLinked(var link):
                link.contact = contact(link.contact)
                link.caseID = caseID(link.caseID)
                return .caseLinked(link)
            case .caseUnlinked(var link):
                link.contact = contact(link.contact)
                link.caseID = caseID(link.caseID)
                return .caseUnlinked(link)
            case .contactReached(var e):
                e.contact = contact(e.contact)
                return .contactReached(e)
            }
        }
        copy.consultationEvents = consultationEvents.map { event in
            switch event {
            case .logged(var c):
                c.id = consultation(c.id)
                return .logged(c)
            case .corrected, .purged: return event
            case .promoted(var p):
                p.consultations = p.consultations.map(consultation)
                p.caseID = caseID(p.caseID)
                return .promoted(p)
            }
        }
        return copy
    }

    /// The record this commit changes that `other` (a colleague's, committed meanwhile) changed in
    /// the same way, if any: the same step on the same case (two decisions, two handbacks), any step
    /// after a colleague's undo of that case, an undo of a case a colleague touched in any way, the
    /// same consultation corrected or registered, the same partner record edited or removed. Notes and task steps never contest each other; new records are
    /// renumbered instead (`renumbered`).
    public func contested(by other: Commit) -> String? {
        for event in events {
            if case .registered = event { continue }
            if case .noteAdded = event { continue }
            // Tasks are known by number: the case book refuses ticking one twice, and says who did.
            if case .taskDone = event { continue }
            if case .taskRescheduled = event { continue }
            if case .taskAdded = event { continue }
            for theirs in other.events where theirs.caseID == event.caseID {
                if theirs.typeName == event.typeName { return event.caseID.description }
                if case .caseRestored = theirs { return event.caseID.description }
                // An undo restores the whole case as it was: anything a colleague did to it since
                // would be erased.
                if case .caseRestored = event { return event.caseID.description }
            }
            if case .caseRestored = event,
                other.partnerEvents.contains(where: { $0.caseID == event.caseID })
                    || other.consultationEvents.contains(where: {
                        if case .promoted(let p) = $0 { p.caseID == event.caseID } else { false }
                    })
            {
                return event.caseID.description
            }
        }
        let theirConsultations = Set(other.consultationEvents.flatMap(\.consultationIDs))
        for event in consultationEvents {
            if case .logged = event { continue }
            if let shared = event.consultationIDs.first(where: theirConsultations.contains) {
                return shared.description
            }
        }
        let theirRecords = Set(other.partnerEvents.compactMap(\.editedRecord))
        for event in partnerEvents {
            if let record = event.editedRecord, theirRecords.contains(record) { return record }
        }
        return nil
    }
}

extension ConsultationEvent {
    /// The consultations the event is about.
    var consultationIDs: [ConsultationID] {
        switch self {
        case .logged(let c), .corrected(let c): return [c.id]
        case .promoted(let p): return p.consultations
        case .purged(let p): return p.consultations
        }
    }
}

extension PartnerEvent {
    /// The organisation or contact an edit or removal is about (`O-3`, `CP-12`); links and "spoke
    /// today" do not contest anything.
    var editedRecord: String? {
        switch self {
        case .organisationRecorded(let o): return o.id.description
        case .contactRecorded(let c): return c.id.description
        case .contactRemoved(let id): return id.description
        case .caseLinked, .caseUnlinked, .contactReached: return nil
        }
    }
}
