import Foundation

/// All cases of a store, as derived from its commits; the only place events change state.
public struct CaseBook: Hashable, Sendable {
    /// Why a commit could not be applied: the journal or an import says something impossible.
    public enum ApplyError: Error, Hashable, Sendable, CustomStringConvertible {
        case duplicateCase(CaseID)
        case unknownCase(CaseID)
        case statusMismatch(CaseID, expected: CaseStatus, found: CaseStatus)
        case sequenceGap(expected: UInt64, found: UInt64)
        case caseClosed(CaseID)
        case noTriage(CaseID)
        case wrongStatus(CaseID, CaseStatus)
        case unknownTask(CaseID, Int)
        case taskAlreadyDone(CaseID, Int)
        case personTwice(CaseID, String)
        case unknownPerson(CaseID, String)
        /// A sharing numbered otherwise than the next of the case (two written at once).
        case sharingOutOfOrder(CaseID, Int)

        public var description: String {
            switch self {
            case .duplicateCase(let id): return "case \(id) is registered twice"
            case .unknownCase(let id): return "event for unknown case \(id)"
            case .statusMismatch(let id, let expected, let found):
                return "case \(id) has status \(found.rawValue), event expects \(expected.rawValue)"
            case .sequenceGap(let expected, let found): return "commit \(found) follows \(expected - 1)"
            case .caseClosed(let id): return "case \(id) is closed"
            case .noTriage(let id): return "case \(id) has no triage to decide on"
            case .wrongStatus(let id, let status):
                return "case \(id) has status \(status.rawValue), which does not allow this"
            case .unknownTask(let id, let task): return "case \(id) has no task T\(task)"
            case .taskAlreadyDone(let id, let task): return "task T\(task) of case \(id) is done already"
            case .personTwice(let id, let name): return "\(name) is on case \(id) already"
            case .unknownPerson(let id, let name): return "case \(id) has no household member \(name)"
            case .sharingOutOfOrder(let id, let number):
                return "sharing \(number) of case \(id) does not follow the ones before it"
            }
        }
    }

    public private(set) var cases: [CaseID: Case]
    /// The sequence of the last commit applied.
    public private(set) var lastSequence: UInt64
    /// The highest case sequence used per year, so numbers are never handed out twice.
    public internal(set) var lastCaseNumber: [Int: Int]

    public init(cases: [CaseID: Case] = [:], lastSequence: UInt64 = 0, lastCaseNumber: [Int: Int] = [:]) {
        self.cases = cases
        self.lastSequence = lastSequence
        self.lastCaseNumber = lastCaseNumber
    }

    /// The id the next case registered in `year` gets.
    public func nextCaseID(year: Int) -> CaseID {
        CaseID(year: year, sequence: (lastCaseNumber[year] ?? 0) + 1)
    }

    public subscript(id: CaseID) -> Case? { cases[id] }

    /// Takes in a case as a snapshot holds it, for a store that loads only the cases a change needs
    /// (the numbering comes whole with the book). A case already here is kept as it is.
    public mutating func adopt(_ c: Case) {
        if cases[c.id] == nil { cases[c.id] = c }
    }

    /// What `apply` changed, so it can be taken back (a commit that fails halfway, or one whose
    /// write did not reach the disk).
    public struct Undo: Sendable {
        fileprivate var cases: [(CaseID, Case?)] = []
        fileprivate var numbers: [(Int, Int?)] = []
        fileprivate var lastSequence: UInt64
    }

    /// Applies a commit whole, or throws and leaves the book as it was.
    ///
    /// `reference` says where the commit is kept (the store passes its journal offset); each case the
    /// commit touches remembers it in `history`. Changes are made in place (no copy of the book, so
    /// replaying a long journal stays linear) and rolled back if an event is refused.
    @discardableResult
    public mutating func apply(_ commit: Commit, reference: UInt64 = 0) throws(ApplyError) -> Undo {
        guard commit.sequence == lastSequence + 1 else {
            throw .sequenceGap(expected: lastSequence + 1, found: commit.sequence)
        }
        var undo = Undo(lastSequence: lastSequence)
        do {
            for event in commit.events {
                let id = event.caseID
                if !undo.cases.contains(where: { $0.0 == id }) { undo.cases.append((id, cases[id])) }
                if case .registered(let e) = event, !undo.numbers.contains(where: { $0.0 == e.id.year }) {
                    undo.numbers.append((e.id.year, lastCaseNumber[e.id.year]))
                }
                try apply(event, at: commit.at, reference: reference)
            }
        } catch {
            revert(undo)
            throw error
        }
        lastSequence = commit.sequence
        return undo
    }

    /// Takes back what one `apply` did.
    public mutating func revert(_ undo: Undo) {
        for (id, previous) in undo.cases.reversed() { cases[id] = previous }
        for (year, previous) in undo.numbers.reversed() { lastCaseNumber[year] = previous }
        lastSequence = undo.lastSequence
    }

    private mutating func apply(_ event: CaseEvent, at: Date, reference: UInt64) throws(ApplyError) {
        let touch = (at: at, reference: reference)
        switch event {
        case .registered(let e):
            guard cases[e.id] == nil else { throw .duplicateCase(e.id) }
            cases[e.id] = Case(registration: e, at: at, reference: reference)
            lastCaseNumber[e.id.year] = max(lastCaseNumber[e.id.year] ?? 0, e.id.sequence)
        case .statusChanged(let e):
            try update(e.caseID, touch) { c throws(ApplyError) in
                guard c.status == e.from else { throw .statusMismatch(e.caseID, expected: e.from, found: c.status) }
                c.status = e.to
            }
        case .noteAdded(let e):
            try update(e.caseID, touch) { c throws(ApplyError) in
                // Logging the contact with the referrer is what the contact deadline asks for.
                if e.withReferrer && e.kind.isContact { c.meet(.contactReferrer, at: at) }
            }
        case .triageRecorded(let e):
            try update(e.caseID, touch) { c throws(ApplyError) in
                try Self.require(.triage, c)
                c.triage = e
                c.noteCourse(.triaged, at: at)
                // Triage does not happen without the referrer's story: the contact is met by then at the latest.
                c.meet(.contactReferrer, at: at)
                c.meet(.triage, at: at)
                if [.nieuw, .screening].contains(c.status) { c.status = .triage }
            }
        case .decisionRecorded(let e):
            try update(e.caseID, touch) { c throws(ApplyError) in
                try Self.require(.decide, c)
                c.decision = e
                c.noteCourse(.decided, at: at, outcome: e.outcome)
                c.avePhase = e.phase
                c.status = e.resultingStatus
                c.responsibilities = Dictionary(
                    e.holders.map { ($0.responsibility, $0.holder) }, uniquingKeysWith: { _, last in last })
                // The new plan replaces the open tasks and review of an earlier one; its tasks are
                // numbered on from the case's last (a number is never given twice).
                let next = c.nextTaskNumber
                c.deadlines.removeAll { [.task, .review].contains($0.kind) && !$0.met }
                for (offset, task) in e.tasks.enumerated() {
                    c.deadlines.append(
                        Deadline(
                            kind: .task, due: .day(task.due), label: "\(task.partner): \(task.task)",
                            number: next + offset))
                }
                if let review = e.nextReview { c.deadlines.append(Deadline(kind: .review, due: .day(review))) }
            }
        case .reviewRecorded(let e):
            try update(e.caseID, touch) { c throws(ApplyError) in
                try Self.require(.review, c)
                for index in c.deadlines.indices where c.deadlines[index].kind == .review && !c.deadlines[index].met {
                    c.deadlines[index].met = true
                    c.deadlines[index].metAt = at
                }
                if let next = e.nextReview { c.deadlines.append(Deadline(kind: .review, due: .day(next))) }
            }
        case .handedBack(let e):
            try update(e.caseID, touch) { c throws(ApplyError) in
                try Self.require(.handBack, c)
                c.noteCourse(.handedBack, at: at)
                c.status = .teruggelegd
                c.avePhase = .two
                c.wijkteam = e.wijkteam
                // Back at phase 2 the wijkteam steers both; what belonged to the higher phase ends.
                let holder = ResponsibilityHolder(organisation: e.wijkteam, person: e.contact)
                c.responsibilities = [.casusregie: holder, .procesregie: holder]
                // The ZVH's reviews end with the handback; open tasks are carried over (they stay
                // open until the check) or closed, as the handback says. One recorded before that
                // choice existed closed them.
                c.lapse(.review, at: at)
                if e.openTasks != .carriedOver { c.lapse(.task, at: at) }
                c.deadlines.append(Deadline(kind: .check, due: .day(e.checkDate)))
            }
        case .handbackChecked(let e):
            try update(e.caseID, touch) { c throws(ApplyError) in
                try Self.require(.check, c)
                for index in c.deadlines.indices where c.deadlines[index].kind == .check && !c.deadlines[index].met {
                    c.deadlines[index].met = true
                    c.deadlines[index].metAt = at
                }
                switch e.result {
                case .stable:
                    c.noteCourse(.stable, at: at)
                    c.status = .afgesloten
                case .reescalate:
                    c.noteCourse(.reescalated, at: at)
                    c.status = .procesregie
                    c.avePhase = e.phase ?? .three
                    // The new phase's holders and review, as a decision sets them.
                    if let holders = e.holders {
                        c.responsibilities = Dictionary(
                            holders.map { ($0.responsibility, $0.holder) }, uniquingKeysWith: { _, last in last })
                    }
                    if let review = e.nextReview { c.deadlines.append(Deadline(kind: .review, due: .day(review))) }
                }
            }
        case .zsmAnswered(let e):
            try update(e.caseID, touch) { c throws(ApplyError) in
                try Self.require(.zsmAnswer, c)
                for index in c.deadlines.indices where c.deadlines[index].kind == .zsmAnswer && !c.deadlines[index].met
                {
                    c.deadlines[index].met = true
                    c.deadlines[index].metAt = at
                }
                if c.status == .nieuw { c.status = .screening }
            }
        case .zsmDecisionRecorded(let e):
            try update(e.caseID, touch) { c throws(ApplyError) in
                try Self.require(.zsmDecision, c)
            }
        case .caseRestored(let e):
            guard let current = cases[e.caseID] else { throw .unknownCase(e.caseID) }
            if var before = e.before {
                // An undo written before courses were kept has none, nor moments on its deadlines:
                // the course up to the case it restores is kept, and each deadline's moment.
                if before.course == nil { before.course = Self.course(current, upTo: before.lastActivityAt) }
                Self.setMoments(of: &before, from: current)
                // The history keeps everything, the undone commit and this undo included.
                before.history = current.history + [reference]
                before.lastActivityAt = at
                cases[e.caseID] = before
            } else {
                cases[e.caseID] = nil
            }
        case .taskDone(let e):
            try update(e.caseID, touch) { c throws(ApplyError) in
                guard let index = c.deadlines.firstIndex(where: { $0.kind == .task && $0.number == e.task }) else {
                    throw .unknownTask(e.caseID, e.task)
                }
                guard !c.deadlines[index].met else { throw .taskAlreadyDone(e.caseID, e.task) }
                c.deadlines[index].met = true
                c.deadlines[index].metAt = at
            }
        case .taskRescheduled(let e):
            try update(e.caseID, touch) { c throws(ApplyError) in
                guard let index = c.deadlines.firstIndex(where: { $0.kind == .task && $0.number == e.task }) else {
                    throw .unknownTask(e.caseID, e.task)
                }
                guard !c.deadlines[index].met else { throw .taskAlreadyDone(e.caseID, e.task) }
                c.deadlines[index].due = .day(e.due)
            }
        case .taskAdded(let e):
            try update(e.caseID, touch) { c throws(ApplyError) in
                try Self.require(.task, c)
                c.add(e.task)
            }
        case .corrected(let e):
            try update(e.caseID, touch) { c throws(ApplyError) in
                // The primary person is corrected; others of a household stay as they are.
                if c.persons.isEmpty { c.persons = [e.person] } else { c.persons[0] = e.person }
                c.gemeente = e.gemeente
                c.wijkteam = e.wijkteam
                c.source = e.source
                c.referrer = e.referrer
                c.reason = e.caseReason
                c.goal = e.goal
                c.riskSignals = e.riskSignals
            }
        case .personAdded(let e):
            try update(e.caseID, touch) { c throws(ApplyError) in
                try Self.require(.household, c)
                guard !c.persons.contains(where: { Vocabulary.key($0.name) == Vocabulary.key(e.person.name) }) else {
                    throw .personTwice(e.caseID, e.person.name)
                }
                c.persons.append(e.person)
            }
        case .personRemoved(let e):
            try update(e.caseID, touch) { c throws(ApplyError) in
                try Self.require(.household, c)
                guard let index = c.persons.firstIndex(where: { Vocabulary.key($0.name) == Vocabulary.key(e.name) }),
                    index > 0
                else {
                    throw .unknownPerson(e.caseID, e.name)
                }
                c.persons.remove(at: index)
            }
        case .reopened(let e):
            try update(e.caseID, touch) { c throws(ApplyError) in
                try Self.require(.reopen, c)
                c.status = .screening
            }
        case .assigned(let e):
            try update(e.caseID, touch) { c throws(ApplyError) in
                try Self.require(.assign, c)
                c.advisor = e.advisor
            }
        case .lawfulBasisRecorded(let e):
            try update(e.caseID, touch) { c throws(ApplyError) in c.lawful = e.basis }
        case .shared(let e):
            try update(e.caseID, touch) { c throws(ApplyError) in
                guard e.sharing.number == c.sharings.count + 1 else {
                    throw .sharingOutOfOrder(c.id, e.sharing.number)
                }
                c.sharings.append(e.sharing)
            }
        case .purged(let e):
            try update(e.caseID, touch) { c throws(ApplyError) in
                guard !c.status.isOpen else { throw .wrongStatus(c.id, c.status) }
                c = Redactor.canonical(c)
                c.purgedAt = at
            }
        case .deadlineMet(let e):
            try update(e.caseID, touch) { c throws(ApplyError) in
                for index in c.deadlines.indices where c.deadlines[index].kind == e.kind && !c.deadlines[index].met {
                    c.deadlines[index].met = true
                    c.deadlines[index].metAt = at
                }
            }
        }
    }

    /// `c`'s course up to `moment` (for an undo that restores a case as it was then).
    private static func course(_ c: Case, upTo moment: Date) -> CaseCourse? {
        c.course.map { CaseCourse(marks: $0.marks.filter { $0.at <= moment }) }
    }

    /// Gives the deadlines of `restored` that have no moment the one the same deadline has in
    /// `current`; one it does not have, the registration's moment or the restored case's last.
    private static func setMoments(of restored: inout Case, from current: Case) {
        for index in restored.deadlines.indices where restored.deadlines[index].setAt == nil {
            let d = restored.deadlines[index]
            let same = current.deadlines.first { $0.kind == d.kind && $0.number == d.number && $0.label == d.label }
            let registration: Set<Deadline.Kind> = [.contactReferrer, .triage, .zsmAnswer]
            restored.deadlines[index].setAt =
                same?.setAt ?? (registration.contains(d.kind) ? restored.receivedAt : restored.lastActivityAt)
        }
    }

    /// The step's rule (`CaseStep`), as the error a replay reports.
    private static func require(_ step: CaseStep, _ c: Case) throws(ApplyError) {
        guard let refusal = step.refusal(for: c) else { return }
        switch refusal.code {
        case .caseClosed: throw .caseClosed(c.id)
        case .noTriage: throw .noTriage(c.id)
        default: throw .wrongStatus(c.id, c.status)
        }
    }

    private mutating func update(
        _ id: CaseID, _ touch: (at: Date, reference: UInt64),
        _ change: (inout Case) throws(ApplyError) -> Void
    ) throws(ApplyError) {
        guard var c = cases[id] else { throw .unknownCase(id) }
        let status = c.status
        try change(&c)
        if c.status != status { c.noteCourse(.status, at: touch.at) }
        // A deadline this step set starts now (the registration's run from when the case was received).
        for index in c.deadlines.indices where c.deadlines[index].setAt == nil { c.deadlines[index].setAt = touch.at }
        if c.history.last != touch.reference { c.history.append(touch.reference) }
        c.lastActivityAt = max(c.lastActivityAt, touch.at)
        cases[id] = c
    }
}
