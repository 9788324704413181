import Foundation

/// A case (casus) as it stands now: derived from its events by `CaseBook`.
public struct Case: Hashable, Sendable, Identifiable, Codable {
    /// One line of a case's history: what happened, when, and on whose behalf.
    public struct TimelineEntry: Hashable, Sendable, Codable {
        public var at: Date
        public var actor: String
        public var event: CaseEvent
        /// For an undo: the steps it took back (on this case), so the timeline says what they were.
        public var undid: [CaseEvent]

        public init(at: Date, actor: String, event: CaseEvent, undid: [CaseEvent] = []) {
            self.at = at
            self.actor = actor
            self.event = event
            self.undid = undid
        }
    }

    public var id: CaseID
    public var persons: [Person]
    public var gemeente: String
    public var wijkteam: String?
    public var source: Source
    public var referrer: Referrer?
    public var reason: String
    public var goal: String
    public var receivedAt: Date
    public var status: CaseStatus
    public var avePhase: AVEPhase?
    public var responsibilities: [Responsibility: ResponsibilityHolder]
    public var riskSignals: [RiskSignal]
    public var deadlines: [Deadline]
    public var advisor: String?
    public var lastActivityAt: Date
    /// Where the commits that touched this case stand in the journal, oldest first: the store reads
    /// the timeline from there when it is asked for, so the hot state stays small.
    public var history: [UInt64]
    /// The latest triage of the case, if any.
    public var triage: TriageRecorded?
    /// The latest decision on the case, if any.
    public var decision: DecisionRecorded?
    /// The ground for processing and sharing, the informing and the confidentiality (nil: none
    /// recorded yet; the desk shows that, and the header counts such cases).
    public var lawful: LawfulBasis?
    /// Every sharing with a partner, in order ("gedeeld met").
    public var sharings: [Sharing] = []
    /// When its personal data were removed at the end of the retention period (nil: not purged).
    public var purgedAt: Date?
    /// Its steps with their moments, for the reports (nil only in a case an undo written before
    /// courses were kept restores: the book then keeps the course it had).
    public var course: CaseCourse?

    /// The first person named: the one the queue shows.
    public var primaryPerson: Person { persons.first ?? Person(name: "") }

    /// True while a ZSM request on this case waits for its answer.
    public var hasOpenZSMRequest: Bool {
        deadlines.contains { $0.kind == .zsmAnswer && !$0.met }
    }

    public var openDeadlines: [Deadline] { deadlines.filter { !$0.met } }

    /// Marks every open deadline of `kind` met (it stops counting).
    mutating func meet(_ kind: Deadline.Kind, at: Date) {
        for index in deadlines.indices where deadlines[index].kind == kind && !deadlines[index].met {
            deadlines[index].met = true
            deadlines[index].metAt = at
        }
    }

    /// Ends the open deadlines of `kind` without their being met (see `Deadline.lapsed`).
    /// `at` is kept as when it ended (`metAt`): a report counts one that lapsed after it was due as late.
    mutating func lapse(_ kind: Deadline.Kind, at: Date) {
        for index in deadlines.indices where deadlines[index].kind == kind && !deadlines[index].met {
            deadlines[index].met = true
            deadlines[index].lapsed = true
            deadlines[index].metAt = at
        }
    }

    /// True once the ZVH has answered the case's ZSM request.
    public var hasAnsweredZSMRequest: Bool {
        deadlines.contains { $0.kind == .zsmAnswer && $0.met }
    }

    /// A case with every field given (the snapshot reads cases back this way).
    public init(
        id: CaseID, persons: [Person], gemeente: String, wijkteam: String?, source: Source, referrer: Referrer?,
        reason: String, goal: String, receivedAt: Date, status: CaseStatus, avePhase: AVEPhase?,
        responsibilities: [Responsibility: ResponsibilityHolder], riskSignals: [RiskSignal], deadlines: [Deadline],
        advisor: String?, lastActivityAt: Date, history: [UInt64], triage: TriageRecorded? = nil,
        decision: DecisionRecorded? = nil, lawful: LawfulBasis? = nil, sharings: [Sharing] = [], purgedAt: Date? = nil,
        course: CaseCourse? = nil
    ) {
        self.id = id
        self.persons = persons
        self.gemeente = gemeente
        self.wijkteam = wijkteam
        self.source = source
        self.referrer = referrer
        self.reason = reason
        self.goal = goal
        self.receivedAt = receivedAt
        self.status = status
        self.avePhase = avePhase
        self.responsibilities = responsibilities
        self.riskSignals = riskSignals
        self.deadlines = deadlines
        self.advisor = advisor
        self.lastActivityAt = lastActivityAt
        self.history = history
        self.triage = triage
        self.decision = decision
        self.lawful = lawful
        self.sharings = sharings
        self.purgedAt = purgedAt
        self.course = course
    }

    /// A new case from its registration.
    public init(registration e: CaseRegistered, at: Date, reference: UInt64) {
        id = e.id
        persons = [e.person]
        gemeente = e.gemeente
        wijkteam = e.wijkteam
        source = e.source
        referrer = e.referrer
        reason = e.reason
        goal = e.goal
        receivedAt = e.receivedAt
        status = .nieuw
        avePhase = nil
        responsibilities = [:]
        riskSignals = e.riskSignals.sorted()
        // The registration's deadlines run from when the case was received.
        deadlines = e.deadlines.map { d in
            var started = d
            started.setAt = started.setAt ?? e.receivedAt
            return started
        }
        advisor = e.advisor
        lastActivityAt = at
        history = [reference]
        course = CaseCourse(marks: [CaseCourse.Mark(at: at, kind: .status, status: .nieuw)])
    }
}
