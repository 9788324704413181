import Foundation

/// Something that happened to a case, in the past tense. The store keeps these; a case's current
/// state is derived from them and from nothing else.
public enum CaseEvent: Hashable, Sendable {
    case registered(CaseRegistered)
    case statusChanged(StatusChanged)
    case noteAdded(NoteAdded)
    case deadlineMet(DeadlineMet)
    case triageRecorded(TriageRecorded)
    case decisionRecorded(DecisionRecorded)
    case reviewRecorded(ReviewRecorded)
    case handedBack(CaseHandedBack)
    case handbackChecked(HandbackChecked)
    case zsmAnswered(ZSMAnswered)
    case zsmDecisionRecorded(ZSMDecisionRecorded)
    case caseRestored(CaseRestored)
    case taskDone(TaskDone)
    case taskRescheduled(TaskRescheduled)
    case taskAdded(TaskAdded)
    case assigned(CaseAssigned)
    case lawfulBasisRecorded(LawfulBasisRecorded)
    case shared(CaseShared)
    case purged(CasePurged)
    case corrected(RegistrationCorrected)
    case reopened(CaseReopened)
    case personAdded(PersonAdded)
    case personRemoved(PersonRemoved)

    public var caseID: CaseID {
        switch self {
        case .registered(let e): return e.id
        case .statusChanged(let e): return e.caseID
        case .noteAdded(let e): return e.caseID
        case .deadlineMet(let e): return e.caseID
        case .triageRecorded(let e): return e.caseID
        case .decisionRecorded(let e): return e.caseID
        case .reviewRecorded(let e): return e.caseID
        case .handedBack(let e): return e.caseID
        case .handbackChecked(let e): return e.caseID
        case .zsmAnswered(let e): return e.caseID
        case .zsmDecisionRecorded(let e): return e.caseID
        case .caseRestored(let e): return e.caseID
        case .taskDone(let e): return e.caseID
        case .taskRescheduled(let e): return e.caseID
        case .taskAdded(let e): return e.caseID
        case .assigned(let e): return e.caseID
        case .lawfulBasisRecorded(let e): return e.caseID
        case .shared(let e): return e.caseID
        case .purged(let e): return e.caseID
        case .corrected(let e): return e.caseID
        case .reopened(let e): return e.caseID
        case .personAdded(let e): return e.caseID
        case .personRemoved(let e): return e.caseID
        }
    }

    /// The event's name as it stands in the journal and in exports.
    public var typeName: String {
        switch self {
        case .registered: return "CaseRegistered"
        case .statusChanged: return "StatusChanged"
        case .noteAdded: return "NoteAdded"
        case .deadlineMet: return "DeadlineMet"
        case .triageRecorded: return "TriageRecorded"
        case .decisionRecorded: return "DecisionRecorded"
        case .reviewRecorded: return "ReviewRecorded"
        case .handedBack: return "CaseHandedBack"
        case .handbackChecked: return "HandbackChecked"
        case .zsmAnswered: return "ZSMAnswered"
        case .zsmDecisionRecorded: return "ZSMDecisionRecorded"
        case .caseRestored: return "CaseRestored"
        case .taskDone: return "TaskDone"
        case .taskRescheduled: return "TaskRescheduled"
        case .taskAdded: return "TaskAdded"
        case .assigned: return "CaseAssigned"
        case .lawfulBasisRecorded: return "LawfulBasisRecorded"
        case .shared: return "CaseShared"
        case .purged: return "CasePurged"
        case .corrected: return "RegistrationCorrected"
        case .reopened: return "CaseReopened"
        case .personAdded: return "PersonAdded"
        case .personRemoved: return "PersonRemoved"
        }
    }
}

/// A case was registered (aanmelding).
public struct CaseRegistered: Codable, Hashable, Sendable {
    public var id: CaseID
    public var person: Person
    public var gemeente: String
    public var wijkteam: String?
    public var source: Source
    public var referrer: Referrer?
    public var reason: String
    public var goal: String
    public var receivedAt: Date
    public var riskSignals: [RiskSignal]
    public var advisor: String?
    public var deadlines: [Deadline]

    public init(
        id: CaseID, person: Person, gemeente: String, wijkteam: String?, source: Source,
        referrer: Referrer?, reason: String, goal: String, receivedAt: Date,
        riskSignals: [RiskSignal], advisor: String?, deadlines: [Deadline]
    ) {
        self.id = id
        self.person = person
        self.gemeente = gemeente
        self.wijkteam = wijkteam
        self.source = source
        self.referrer = referrer
        self.reason = reason
        self.goal = goal
        self.receivedAt = receivedAt
        self.riskSignals = riskSignals
        self.advisor = advisor
        self.deadlines = deadlines
    }
}

/// A case moved to another status in the ZVH's process.
public struct StatusChanged: Codable, Hashable, Sendable {
    public var caseID: CaseID
    public var from: CaseStatus
    public var to: CaseStatus

    public init(caseID: CaseID, from: CaseStatus, to: CaseStatus) {
        self.caseID = caseID
        self.from = from
        self.to = to
    }
}

/// What kind of entry a note on a case is: a contact moment (by phone, in person, by e-mail, in a
/// meeting of partners) or a plain note.
public enum NoteKind: String, Codable, Hashable, Sendable, CaseIterable {
    case telefoon, gesprek
    case email = "e-mail"
    case overleg, notitie

    /// A contact moment, which can meet the deadline to contact the referrer; a plain note cannot.
    public var isContact: Bool { self != .notitie }

    static let words: [String: NoteKind] = [
        "telefoon": .telefoon, "tel": .telefoon, "gebeld": .telefoon, "bellen": .telefoon, "phone": .telefoon,
        "call": .telefoon,
        "gesprek": .gesprek, "meeting": .gesprek, "conversation": .gesprek, "huisbezoek": .gesprek, "visit": .gesprek,
        "email": .email, "e-mail": .email, "mail": .email, "overleg": .overleg, "consultation": .overleg,
        "case-meeting": .overleg,
        "notitie": .notitie, "note": .notitie,
    ]

    public init(parsing text: String) throws(ValidationError) {
        guard let kind = Self.words[text.trimmingCharacters(in: .whitespaces).lowercased()] else {
            throw ValidationError(
                .unknownNoteKind, field: "kind", value: text,
                detail: Self.allCases.map(\.rawValue).joined(separator: ", "))
        }
        self = kind
    }
}

/// A note, or a contact moment, was added to a case's timeline: what kind, with whom, and whether
/// it was the contact with the referrer (the melder) that a new registration is owed.
public struct NoteAdded: Codable, Hashable, Sendable {
    public var caseID: CaseID
    public var text: String
    public var kind: NoteKind
    /// With whom (a name, an organisation); empty for a plain note.
    public var with: String
    /// The contact with the referrer: it meets the contact-the-referrer deadline.
    public var withReferrer: Bool

    public init(caseID: CaseID, text: String, kind: NoteKind = .notitie, with: String = "", withReferrer: Bool = false)
    {
        self.caseID = caseID
        self.text = text
        self.kind = kind
        self.with = with
        self.withReferrer = withReferrer
    }

    private enum CodingKeys: String, CodingKey { case caseID, text, kind, with, withReferrer }

    /// Notes written before contact moments existed have only a case and a text.
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        caseID = try c.decode(CaseID.self, forKey: .caseID)
        text = try c.decode(String.self, forKey: .text)
        kind = try c.decodeIfPresent(NoteKind.self, forKey: .kind) ?? .notitie
        with = try c.decodeIfPresent(String.self, forKey: .with) ?? ""
        withReferrer = try c.decodeIfPresent(Bool.self, forKey: .withReferrer) ?? false
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(caseID, forKey: .caseID)
        try c.encode(text, forKey: .text)
        if kind != .notitie { try c.encode(kind, forKey: .kind) }
        if !with.isEmpty { try c.encode(with, forKey: .with) }
        if withReferrer { try c.encode(withReferrer, forKey: .withReferrer) }
    }
}

/// A deadline of a case was met (the referrer was contacted, the ZSM request answered, ...).
public struct DeadlineMet: Codable, Hashable, Sendable {
    public var caseID: CaseID
    public var kind: Deadline.Kind

    public init(caseID: CaseID, kind: Deadline.Kind) {
        self.caseID = caseID
        self.kind = kind
    }
}

extension CaseEvent: Codable {
    private enum CodingKeys: String, CodingKey { case type, data }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let type = try c.decode(String.self, forKey: .type)
        switch type {
        case "CaseRegistered": self = .registered(try c.decode(CaseRegistered.self, forKey: .data))
        case "StatusChanged": self = .statusChanged(try c.decode(StatusChanged.self, forKey: .data))
        case "NoteAdded": self = .noteAdded(try c.decode(NoteAdded.self, forKey: .data))
        case "DeadlineMet": self = .deadlineMet(try c.decode(DeadlineMet.self, forKey: .data))
        case "TriageRecorded": self = .triageRecorded(try c.decode(TriageRecorded.self, forKey: .data))
        case "DecisionRecorded": self = .decisionRecorded(try c.decode(DecisionRecorded.self, forKey: .data))
        case "ReviewRecorded": self = .reviewRecorded(try c.decode(ReviewRecorded.self, forKey: .data))
        case "CaseHandedBack": self = .handedBack(try c.decode(CaseHandedBack.self, forKey: .data))
        case "HandbackChecked": self = .handbackChecked(try c.decode(HandbackChecked.self, forKey: .data))
        case "ZSMAnswered": self = .zsmAnswered(try c.decode(ZSMAnswered.self, forKey: .data))
        case "ZSMDecisionRecorded": self = .zsmDecisionRecorded(try c.decode(ZSMDecisionRecorded.self, forKey: .data))
        case "CaseRestored": self = .caseRestored(try c.decode(CaseRestored.self, forKey: .data))
        case "TaskDone": self = .taskDone(try c.decode(TaskDone.self, forKey: .data))
        case "TaskRescheduled": self = .taskRescheduled(try c.decode(TaskRescheduled.self, forKey: .data))
        case "TaskAdded": self = .taskAdded(try c.decode(TaskAdded.self, forKey: .data))
        case "CaseAssigned": self = .assigned(try c.decode(CaseAssigned.self, forKey: .data))
        case "LawfulBasisRecorded": self = .lawfulBasisRecorded(try c.decode(LawfulBasisRecorded.self, forKey: .data))
        case "CaseShared": self = .shared(try c.decode(CaseShared.self, forKey: .data))
        case "CasePurged": self = .purged(try c.decode(CasePurged.self, forKey: .data))
        case "RegistrationCorrected": self = .corrected(try c.decode(RegistrationCorrected.self, forKey: .data))
        case "CaseReopened": self = .reopened(try c.decode(CaseReopened.self, forKey: .data))
        case "PersonAdded": self = .personAdded(try c.decode(PersonAdded.self, forKey: .data))
        case "PersonRemoved": self = .personRemoved(try c.decode(PersonRemoved.self, forKey: .data))
        default:
            throw DecodingError.dataCorruptedError(forKey: .type, in: c, debugDescription: "unknown event type \(type)")
        }
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(typeName, forKey: .type)
        switch self {
        case .registered(let e): try c.encode(e, forKey: .data)
        case .statusChanged(let e): try c.encode(e, forKey: .data)
        case .noteAdded(let e): try c.encode(e, forKey: .data)
        case .deadlineMet(let e): try c.encode(e, forKey: .data)
        case .triageRecorded(let e): try c.encode(e, forKey: .data)
        case .decisionRecorded(let e): try c.encode(e, forKey: .data)
        case .reviewRecorded(let e): try c.encode(e, forKey: .data)
        case .handedBack(let e): try c.encode(e, forKey: .data)
        case .handbackChecked(let e): try c.encode(e, forKey: .data)
        case .zsmAnswered(let e): try c.encode(e, forKey: .data)
        case .zsmDecisionRecorded(let e): try c.encode(e, forKey: .data)
        case .caseRestored(let e): try c.encode(e, forKey: .data)
        case .taskDone(let e): try c.encode(e, forKey: .data)
        case .taskRescheduled(let e): try c.encode(e, forKey: .data)
        case .taskAdded(let e): try c.encode(e, forKey: .data)
        case .assigned(let e): try c.encode(e, forKey: .data)
        case .lawfulBasisRecorded(let e): try c.encode(e, forKey: .data)
        case .shared(let e): try c.encode(e, forKey: .data)
        case .purged(let e): try c.encode(e, forKey: .data)
        case .corrected(let e): try c.encode(e, forKey: .data)
        case .reopened(let e): try c.encode(e, forKey: .data)
        case .personAdded(let e): try c.encode(e, forKey: .data)
        case .personRemoved(let e): try c.encode(e, forKey: .data)
        }
    }
}

/// A command was undone: the case is put back as it was before commit `undoneSequence` (or
/// removed, when that commit registered it). The undone commit stays in the journal; this is the
/// compensating event, so history is never rewritten.
public struct CaseRestored: Codable, Hashable, Sendable {
    public var caseID: CaseID
    public var undoneSequence: UInt64
    public var before: Case?

    public init(caseID: CaseID, undoneSequence: UInt64, before: Case?) {
        self.caseID = caseID
        self.undoneSequence = undoneSequence
        self.before = before
    }
}

/// Events that were committed together: one command's worth, written to the journal as one record,
/// so a command that touches several cases lands whole or not at all.
///
/// Case events, partner events and consultation events are kept in lists of their own, each applied
/// to its own derived state (in that order, so a consultation can be promoted to the case the same
/// commit registers). Records written before partners and consultations existed simply lack those lists.
public struct Commit: Hashable, Sendable {
    /// Position in the journal, counting from 1.
    public var sequence: UInt64
    public var at: Date
    /// The advisor on whose behalf the change was made.
    public var actor: String
    /// Who the store itself knows wrote it (a database role, an operating system login), beside the
    /// advisor the client named; nil when the store did not record it. Set by the store when it
    /// reads the commit back, never part of what the client writes.
    public var author: String?
    public var events: [CaseEvent]
    public var partnerEvents: [PartnerEvent]
    public var consultationEvents: [ConsultationEvent]
    /// Numbers handed out by a commit that was lost (only in the empty commit `schakel repair`
    /// puts in its place): the numbering goes at least this far, so they are never handed out again.
    public var reserved: Numbering?

    public init(
        sequence: UInt64, at: Date, actor: String, author: String? = nil, events: [CaseEvent],
        partnerEvents: [PartnerEvent] = [], consultationEvents: [ConsultationEvent] = [], reserved: Numbering? = nil
    ) {
        self.sequence = sequence
        self.at = at
        self.actor = actor
        self.author = author
        self.events = events
        self.partnerEvents = partnerEvents
        self.consultationEvents = consultationEvents
        self.reserved = reserved
    }

    public var eventCount: Int { events.count + partnerEvents.count + consultationEvents.count }
}

extension Commit: Codable {
    private enum CodingKeys: String, CodingKey {
        case sequence, at, actor, author, events, partnerEvents, consultationEvents, reserved
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        sequence = try c.decode(UInt64.self, forKey: .sequence)
        at = try c.decode(Date.self, forKey: .at)
        actor = try c.decode(String.self, forKey: .actor)
        author = try c.decodeIfPresent(String.self, forKey: .author)
        events = try c.decode([CaseEvent].self, forKey: .events)
        partnerEvents = try c.decodeIfPresent([PartnerEvent].self, forKey: .partnerEvents) ?? []
        consultationEvents = try c.decodeIfPresent([ConsultationEvent].self, forKey: .consultationEvents) ?? []
        reserved = try c.decodeIfPresent(Numbering.self, forKey: .reserved)
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(sequence, forKey: .sequence)
        try c.encode(at, forKey: .at)
        try c.encode(actor, forKey: .actor)
        try c.encodeIfPresent(author, forKey: .author)
        try c.encode(events, forKey: .events)
        if !partnerEvents.isEmpty { try c.encode(partnerEvents, forKey: .partnerEvents) }
        if !consultationEvents.isEmpty { try c.encode(consultationEvents, forKey: .consultationEvents) }
        try c.encodeIfPresent(reserved, forKey: .reserved)
    }
}
