import CaseModel
import Foundation

/// What `schakel repair` found in a damaged store and what the new store holds.
public struct RepairReport: Sendable {
    /// Why a commit did not go into the new store.
    public enum Loss: Equatable, Sendable {
        /// Its row or its payload cannot be read (the database's page, the seal, the encoding).
        case unreadable(StoreError)
        /// There is no commit at this place (removed).
        case missing
        /// The chain says it is not what was written (changed, moved, or put in).
        case changed
        /// It has no link, while the commits around it have one: written around schakel.
        case unlinked
        /// It is intact, but no longer applies once what was lost before it is gone.
        case contradicts(Ledger.ApplyError)
    }

    public struct LostCommit: Equatable, Sendable {
        public var sequence: UInt64
        /// When and by whom, as the row says, where it could be read.
        public var at: Date?
        public var actor: String?
        public var loss: Loss
        /// The cases it was about, where its payload could be read (a changed commit's claim).
        public var cases: [String]
    }

    public var from: String
    public var to: String
    /// The places in the damaged log (its last commit's sequence).
    public var places: UInt64 = 0
    public var kept = 0
    /// Commits from before the chain (never linked): kept, but nothing could prove them.
    public var unverified = 0
    public var lost: [LostCommit] = []
    /// Cases in the new store, and those of them whose history lost a commit.
    public var cases = 0
    public var casesAffected: [String] = []
    /// The numbers lost commits handed out that the new store keeps reserved (never handed out
    /// again): a lost registration's case number, and the partner and consultation numbers that
    /// later commits show were taken.
    public var reserved: [String] = []
    /// Access log entries carried over, and those left behind from the first broken one on.
    public var accessKept = 0
    public var accessLost = 0
    /// Why the access log could not be read at all (then none of it is carried over).
    public var accessUnreadable: String?
    public var dryRun = false
    /// Places of rows or links far beyond the log's end (a row put in at place 2,000,000): left out.
    public var strays: [UInt64] = []

    public var isLossless: Bool { lost.isEmpty && accessLost == 0 && accessUnreadable == nil }
}

extension CaseStore {
    /// Writes a new store at `target` with every commit of the store at `source` that is intact and
    /// still applies, in its own place; a lost commit's place holds an empty commit by
    /// "schakel repair", so every later commit (and every undo that names one) keeps its number.
    /// The source is only read. An encrypted store's new store is encrypted with the same key
    /// slots. `dryRun`: only the report.
    ///
    /// A commit is intact when its row can be read and its payload opened and decoded, and (in a
    /// plain store, where no seal proves it) its link holds: see `RepairScan`. Commits removed from
    /// the end are lost places as far as this machine saw the store (its record, the snapshot).
    /// `environment`: where a PostgreSQL store's password and settings come from.
    public static func repair(
        from source: String, to target: String, unlock: Unlock? = nil, dryRun: Bool = false,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(StoreError) -> RepairReport {
        let from = try openLog(source, readOnly: true, create: false, environment: environment)
        defer { from.close() }
        let slots = try from.keySlots()
        let key = try Keyring.unlocked(from, unlock).key
        var report = RepairReport(from: from.displayName, to: target)
        report.dryRun = dryRun
        let known = knownPosition(of: from, location: source, key: key, environment: environment)
        let scan = try RepairScan(from, key: key, atLeast: known.position)
        report.places = scan.places
        report.strays = scan.strays

        // The replay: intact commits in order; whatever no longer applies is lost as well.
        var ledger = Ledger()
        var written: [EncodedCommit] = []
        /// The last empty commit put in a lost one's place (its index in `written`, and itself).
        var lastPlaceholder: (index: Int, commit: Commit)?
        /// Each empty commit's index, the numbering just before it, and the empty commits as they end up.
        var placeholders: [(index: Int, before: Numbering)] = []
        var empties: [Int: Commit] = [:]
        var affected = Set<String>()
        // The records the kept commits make: a lost (changed) commit's claim to one of these is
        // not reserved, or the commit that really made it would no longer apply.
        let made = Self.records(
            madeBy: scan.verdicts.compactMap {
                switch $0.verdict {
                case .intact(let commit, _), .unverified(let commit, _): commit
                case .lost: nil
                }
            })
        for place in scan.verdicts {
            var lostCommit: Commit?
            switch place.verdict {
            case .intact(let commit, let stored), .unverified(let commit, let stored):
                do throws(StoreError) {
                    try apply(commit, to: &ledger, reserving: &lastPlaceholder, in: &written, key: key)
                    if let last = lastPlaceholder { empties[last.index] = last.commit }
                    written.append(stored)
                    report.kept += 1
                    if case .unverified = place.verdict { report.unverified += 1 }
                    continue
                } catch {
                    guard case .contradictingCommit(_, _, let reason) = error else { throw error }
                    lostCommit = commit
                    report.lost.append(
                        .init(
                            sequence: place.sequence, at: place.at, actor: place.actor,
                            loss: .contradicts(reason), cases: Self.cases(of: commit)))
                }
            case .lost(let loss, let commit):
                lostCommit = commit
                report.lost.append(
                    .init(
                        sequence: place.sequence, at: place.at, actor: place.actor, loss: loss,
                        cases: commit.map(Self.cases) ?? []))
            }
            affected.formUnion(report.lost.last?.cases ?? [])
            // The numbers a readable lost commit handed out stay taken: its registrations, and the
            // partner and consultation numbers it made in turn (one far out of turn is not believed,
            // or every later record would be refused).
            var handedOut =
                lostCommit.map { Self.without(made, $0) }?.numbersHandedOut(after: ledger.numbering) ?? .none
            // The snapshot knew the numbering just after this very commit: all of it stays taken.
            if let snapshot = known.snapshot, snapshot.sequence == place.sequence {
                handedOut = handedOut.union(snapshot.numbering)
            }
            let empty = Commit(
                sequence: place.sequence, at: place.at ?? written.last?.at ?? Date(timeIntervalSince1970: 0),
                actor: RepairScan.actor, events: [], reserved: handedOut == Numbering.none ? nil : handedOut)
            placeholders.append((written.count, ledger.numbering))
            _ = try? ledger.apply(empty, reference: empty.sequence, undoable: false)
            written.append(try encoded(empty, key: key))
            lastPlaceholder = (written.count - 1, empty)
            empties[written.count - 1] = empty
        }
        report.cases = ledger.book.cases.count
        report.casesAffected = affected.sorted()
        var access: (kept: [AccessRecord], lost: Int) = ([], 0)
        do throws(StoreError) { access = try RepairScan.intactAccess(from, key: key) } catch {
            report.accessUnreadable = error.message
        }
        report.accessKept = access.kept.count
        report.accessLost = access.lost
        // The access log names every case registered, also in a commit that cannot be read: its
        // number stays taken too (case numbers may skip, so the last empty commit can hold them).
        if let last = lastPlaceholder {
            let named = Self.caseNumbers(in: access.kept, key: key)
            if ledger.numbering.union(named) != ledger.numbering {
                var empty = last.commit
                empty.reserved = (empty.reserved ?? .none).union(named)
                written[last.index] = try encoded(empty, key: key)
                empties[last.index] = empty
                ledger.numbering = ledger.numbering.union(named)
            }
        }
        for name in placeholders.flatMap({ Self.reservedNumbers(empties[$0.index]?.reserved, beyond: $0.before) })
        where !report.reserved.contains(name) {
            report.reserved.append(name)
        }
        guard !dryRun else { return report }

        // What is made here goes again when the repair does not finish: a directory made for it,
        // or the database made in an empty one (a team's, made with `store init --group`).
        let directory = PostgresLocation.isPostgres(target) ? nil : (target as NSString).standardizingPath
        let madeDirectory = directory.map { !FileIO.exists($0) } ?? false
        let madeDatabase = directory.map { !FileIO.exists($0 + "/" + SQLiteCommitLog.fileName) } ?? false
        let to = try openLog(target, readOnly: false, create: true, environment: environment)
        defer { to.close() }
        do throws(StoreError) {
            try fill(to, slots: slots, key: key, commits: written, access: access.kept)
            try readBack(to, unlock: unlock, expecting: ledger)
        } catch {
            to.close()
            if let directory, madeDirectory {
                try? FileManager.default.removeItem(atPath: directory)
            } else if let directory, madeDatabase {
                for suffix in ["", "-wal", "-shm", "-journal"] {
                    unlink(directory + "/" + SQLiteCommitLog.fileName + suffix)
                }
                removeSnapshotFiles(directory + "/" + SnapshotStore.fileName)
            }
            throw error
        }
        report.to = to.displayName
        return report
    }

    /// Replays the repaired store as a store would: it must give `expected`.
    private static func readBack(_ to: CommitLog, unlock: Unlock?, expecting expected: Ledger) throws(StoreError) {
        // Read back as a store would: the same ledger.
        var again = Ledger()
        let (readable, _) = try Keyring.unlocked(to, unlock)
        for commit in try CommitCodec.decode(try readable.readAll(), store: to.displayName) {
            do { try again.apply(commit, reference: commit.sequence, undoable: false) } catch {
                throw StoreError.contradictingCommit(store: to.displayName, sequence: commit.sequence, reason: error)
            }
        }
        guard again.canonical == expected.canonical else {
            throw StoreError.corruptCommit(
                store: to.displayName, sequence: 0, reason: "the repaired store reads back differently")
        }
    }

    /// Applies an intact commit. One that creates a record whose number a lost commit handed out
    /// (it "skips numbers") applies once those numbers are reserved: by the last empty commit
    /// before it, which is written again with them.
    private static func apply(
        _ commit: Commit, to ledger: inout Ledger, reserving placeholder: inout (index: Int, commit: Commit)?,
        in written: inout [EncodedCommit], key: DataKey?
    ) throws(StoreError) {
        let failure: Ledger.ApplyError
        do {
            try ledger.apply(commit, reference: commit.sequence, undoable: false)
            return
        } catch { failure = error }
        let needed = commit.numbersBefore(ledger.numbering)
        guard var empty = placeholder?.commit, let index = placeholder?.index,
            ledger.numbering.union(needed) != ledger.numbering
        else {
            throw StoreError.contradictingCommit(store: "", sequence: commit.sequence, reason: failure)
        }
        let before = ledger.numbering
        ledger.numbering = before.union(needed)
        do {
            try ledger.apply(commit, reference: commit.sequence, undoable: false)
        } catch {
            ledger.numbering = before
            throw StoreError.contradictingCommit(store: "", sequence: commit.sequence, reason: failure)
        }
        empty.reserved = (empty.reserved ?? .none).union(needed)
        written[index] = try encoded(empty, key: key)
        placeholder = (index, empty)
    }

    /// A commit as the log keeps it: encoded, and sealed where the store is.
    private static func encoded(_ commit: Commit, key: DataKey?) throws(StoreError) -> EncodedCommit {
        var (encoded, _) = try CommitCodec.encode(commit)
        if let key { encoded.payload = try SealedPayload.seal(encoded.payload, sequence: commit.sequence, with: key) }
        return encoded
    }

    /// The records `commits` make (registered cases, organisations, contacts, consultations), by name.
    private static func records(madeBy commits: [Commit]) -> Set<String> {
        var names = Set<String>()
        for commit in commits { names.formUnion(records(of: commit)) }
        return names
    }

    private static func records(of commit: Commit) -> [String] {
        var names: [String] = []
        for case .registered(let e) in commit.events { names.append(e.id.description) }
        for event in commit.partnerEvents {
            if case .organisationRecorded(let o) = event { names.append(o.id.description) }
            if case .contactRecorded(let c) = event { names.append(c.id.description) }
        }
        for case .logged(let c) in commit.consultationEvents { names.append(c.id.description) }
        return names
    }

    /// `commit` without the events that make a record of `made`.
    private static func without(_ made: Set<String>, _ commit: Commit) -> Commit {
        var kept = commit
        kept.events = commit.events.filter {
            if case .registered(let e) = $0 { !made.contains(e.id.description) } else { true }
        }
        kept.partnerEvents = commit.partnerEvents.filter {
            switch $0 {
            case .organisationRecorded(let o): !made.contains(o.id.description)
            case .contactRecorded(let c): !made.contains(c.id.description)
            default: true
            }
        }
        kept.consultationEvents = commit.consultationEvents.filter {
            if case .logged(let c) = $0 { !made.contains(c.id.description) } else { true }
        }
        return kept
    }

    /// The highest case number per year the access log's entries name.
    private static func caseNumbers(in records: [AccessRecord], key: DataKey?) -> Numbering {
        var named = Numbering.none
        for record in records {
            guard let entry = try? AccessLog.open(record, key) else { continue }
            for text in entry.cases {
                guard let id = try? CaseID(text) else { continue }
                named.lastCaseNumber[id.year] = max(named.lastCaseNumber[id.year] ?? 0, id.sequence)
            }
        }
        return named
    }

    /// The numbers `reserved` holds beyond `before`, as the desk names them.
    private static func reservedNumbers(_ reserved: Numbering?, beyond before: Numbering) -> [String] {
        guard let reserved else { return [] }
        var names: [String] = []
        for (year, last) in reserved.lastCaseNumber.sorted(by: { $0.key < $1.key })
        where last > (before.lastCaseNumber[year] ?? 0) {
            names.append(CaseID(year: year, sequence: last).description)
        }
        if reserved.lastOrganisation > before.lastOrganisation {
            names.append(OrganisationID(reserved.lastOrganisation).description)
        }
        if reserved.lastContact > before.lastContact { names.append(ContactID(reserved.lastContact).description) }
        if reserved.lastConsultation > before.lastConsultation {
            names.append(ConsultationID(reserved.lastConsultation).description)
        }
        return names
    }

    static func cases(of commit: Commit) -> [String] {
        var ids: [String] = []
        let all =
            commit.events.map(\.caseID) + commit.partnerEvents.compactMap(\.caseID)
            + commit.consultationEvents.compactMap(\.caseID)
        for id in all where !ids.contains(id.description) { ids.append(id.description) }
        return ids
    }

    /// How far the store at `location` is known to have come: this machine's record of it, and the
    /// commit its snapshot covers (0: neither knows), with the numbering the snapshot holds there.
    static func knownPosition(
        of log: CommitLog, location: String, key: DataKey?, environment: [String: String]
    ) -> (position: UInt64, snapshot: (sequence: UInt64, numbering: Numbering)?) {
        var known = PositionRecord.standard(environment).seen(log.identity, at: log.displayName) ?? 0
        var numbering: (sequence: UInt64, numbering: Numbering)?
        let snapshotPath =
            PostgresLocation.isPostgres(location)
            ? try? cachePath(for: log.identity)
            : (try? StoreDirectory.at(location, create: false))?.snapshotPath
        if let snapshotPath, FileIO.exists(snapshotPath),
            let snapshot = try? SnapshotStore(path: snapshotPath, create: false, fileMode: 0o600, key: key)
        {
            defer { snapshot.close() }
            if let binding = try? snapshot.binding(), binding.identity == log.identity {
                known = max(known, binding.sequence)
                if let ledger = try? snapshot.ledger(cases: [], sequence: binding.sequence) {
                    numbering = (binding.sequence, ledger.numbering)
                }
            }
        }
        return (known, numbering)
    }

    /// Fills the empty log `to` with `commits` (as stored) and the access log's `access` entries:
    /// encrypted first with `slots` when the source was, so it never holds a commit it cannot open.
    static func fill(
        _ to: CommitLog, slots: [KeySlot], key: DataKey?, commits: [EncodedCommit], access: [AccessRecord]
    ) throws(StoreError) {
        guard try to.head() == 0 else { throw StoreError.notEmpty(path: to.displayName) }
        to.chainKey = .of(key)
        // The access log goes along, entry for entry at its own place with its own hash: the same
        // chain (a pruned one with its base), so it verifies and has the same heads. Commits, access
        // log and key slots are written in one transaction: a failure leaves an empty store.
        let carried = try access.map { (record) throws(StoreError) in
            var copied = record
            copied.tags = AccessLog.tags(of: try AccessLog.open(record, key), key)
            return copied
        }
        try to.appendAll(commits, access: carried, slots: slots)
        if !access.isEmpty {
            if let problem = try AccessLog.verify(to, key: key).problems.first {
                throw StoreError.corruptCommit(
                    store: to.displayName, sequence: 0, reason: "the copied access log does not verify: \(problem)")
            }
        }
        guard try to.readAll() == commits else {
            throw StoreError.corruptCommit(
                store: to.displayName, sequence: 0, reason: "the copy reads back differently from the source")
        }
    }
}
