import CaseModel
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A store: the ledger derived from a `CommitLog`, kept up to date with what anyone appends.
///
/// Many processes work on one store at once (desks, scripts). Each keeps the ledger in memory,
/// catches up with the commits others made, and appends optimistically: a change is made on the
/// ledger at hand; when the log has moved on meanwhile it is rebased (new records renumbered),
/// checked against what colleagues did to the same records, validated again, and then written or
/// refused with who did what. A change is acknowledged only when the log says it is durable.
public final class CaseStore {
    /// The snapshot is rewritten once this many commits stand in the log after it: replaying fewer
    /// is cheap, and rewriting it for every change would rewrite the store for every change.
    public static let defaultSnapshotThreshold = 1_000
    /// How often a change is tried again when others keep appending first.
    static let maximumAttempts = 100

    public let directory: String
    public let log: CommitLog
    /// The log as stored (sealed payloads, in an encrypted store): what the chain is verified over.
    let storedLog: CommitLog
    /// The chain verified a slice at a time while the desk is idle (`scrub`).
    var chainScrub: ChainScrub?
    public var isReadOnly: Bool { log.isReadOnly }
    public internal(set) var ledger = Ledger()
    /// The last commit applied to `ledger`.
    public var position: UInt64 { ledger.lastSequence }
    public var book: CaseBook { ledger.book }
    public var partners: PartnerDirectory { ledger.partners }
    /// The consultation log. A store opened for some cases, or with its open cases first, reads it
    /// from the snapshot when it is first asked for (a region's 50,000 consultations are most of
    /// what a command-line change would otherwise decode).
    public var consultations: ConsultationLog {
        if consultationsPending { loadConsultations() }
        return ledger.consultations
    }
    public internal(set) var notices: [StoreNotice] = []
    /// Opened to read, a store whose log is damaged shows what it holds up to the damage: the first
    /// commit that could not be read or applied, and why (nil: none found on opening).
    public private(set) var damage: (sequence: UInt64, error: StoreError)?

    /// Which cases a store holds in memory.
    public enum Scope: Equatable, Sendable {
        /// All of them: the desk, listings, exports.
        case everything
        /// Only these (and those the commits after the snapshot touch): a command-line change that
        /// validates against what it touches, so its cost does not grow with the region's history.
        /// The numbering, the partner directory and the consultation log always come whole.
        case cases(Set<CaseID>)
        /// The open cases at once, the closed ones read from the snapshot on another thread
        /// meanwhile and taken in with `takeHistory` (or by the first change): the desk, whose
        /// first frame shows the queue. From a snapshot only; without one, everything at once.
        case openFirst
        /// The open cases only (and closed ones the commits after the snapshot touch), the closed
        /// history never: a listing of the queue. Such a store refuses changes.
        case open
    }

    /// True when only some cases are in memory (`Scope.cases`, or `Scope.openFirst` until its
    /// closed cases are taken in); such a store writes no snapshot.
    public internal(set) var isPartial = false
    /// Opened with `Scope.open` from a snapshot: the closed history is not there, so no change is made.
    var opensOnly = false
    /// The consultation log is still in the snapshot (`consultations` reads it when asked).
    var consultationsPending = false
    /// Why the pending consultation log could not be read (a change that needs it throws this).
    var consultationsFailure: StoreError?
    /// The closed cases being read on another thread (`Scope.openFirst`).
    var historyLoad: HistoryLoad?
    /// Closed cases taken into the ledger that the desk has not yet been handed (`takeHistory`).
    var unclaimedHistory: [Case]?

    var snapshots: SnapshotStore?
    /// The data key of an encrypted store (nil: not encrypted): the snapshot's rows are sealed with it.
    let dataKey: DataKey?
    /// True when the store is encrypted at rest.
    public var isEncrypted: Bool { dataKey != nil }
    /// The access log, when the store was opened for someone (`accessor`): every change is noted in
    /// it by `write`; views, lists, searches and exports by whoever shows them.
    public let access: AccessLog?
    private let snapshotThreshold: Int
    var commitsSinceSnapshot = 0
    /// The commit the loaded snapshot reached, and the cases changed since: what an update writes.
    var snapshotBase: UInt64?
    var changedSinceSnapshot = Set<CaseID>()
    /// The snapshot on disk was found unusable and is to be replaced whole.
    var snapshotUnusable = false
    /// A contact was removed (its links left many cases): every case's links are rewritten.
    private var allLinksChanged = false
    private var isClosed = false
    private let snapshotFileMode: mode_t
    /// The snapshot file was sealed otherwise than the store is: it is replaced once reading ends.
    private var snapshotFileSealedOtherwise = false
    /// Where the snapshot is kept (for what a message tells a person to remove).
    let snapshotPath: String?
    /// Where this machine notes how far it saw the store, when it closes (`PositionRecord`).
    var positionRecord: PositionRecord?

    /// A store over `log`, with its snapshot database at `snapshotPath` (nil: none), loaded. An
    /// encrypted log is opened with `unlock` (see `Keyring`).
    public init(
        log: CommitLog, directory: String, snapshotPath: String?, fileMode: mode_t = 0o600,
        scope: Scope = .everything, snapshotThreshold: Int = CaseStore.defaultSnapshotThreshold,
        unlock: Unlock? = nil, accessor: Accessor? = nil
    ) throws(StoreError) {
        let (opened, key) = try Keyring.unlocked(log, unlock, who: accessor)
        // Commits from before the chain are linked by the first open that may write and has the key.
        if !log.isReadOnly { try opened.linkUnchained() }
        self.log = opened
        storedLog = log
        dataKey = key
        access = accessor.map { AccessLog(log: log, key: key, who: $0) }
        self.directory = directory
        self.snapshotPath = snapshotPath
        self.snapshotThreshold = max(1, snapshotThreshold)
        var notices: [StoreNotice] = []
        snapshots = Self.openSnapshots(
            snapshotPath, writable: !log.isReadOnly, fileMode: fileMode, key: dataKey, notices: &notices)
        self.snapshotFileMode = fileMode
        self.notices = notices
        try load(scope)
    }

    deinit { close() }

    /// Opens (and, for writing, creates) the SQLite store in `directory`, upgrading an old journal
    /// store first; `presence` says who is working, for the other desks' headers.
    public static func open(
        at directory: String, readOnly: Bool = false, presence: Presence? = nil, scope: Scope = .everything,
        snapshotThreshold: Int = defaultSnapshotThreshold, unlock: Unlock? = nil, accessor: Accessor? = nil
    ) throws(StoreError) -> CaseStore {
        let place = try StoreDirectory.at(directory, create: !readOnly)
        var upgrade: JournalUpgrade.Result?
        if !readOnly {
            upgrade = try JournalUpgrade.upgradeIfNeeded(place)
        } else if FileIO.exists(place.path + "/" + LegacyJournal.fileName) && !FileIO.exists(place.databasePath) {
            throw StoreError.needsUpgrade(path: place.path)
        }
        // A directory whose snapshot is there but whose database is not held a store: making a new
        // one would hand out its numbers again.
        if !FileIO.exists(place.databasePath) && FileIO.exists(place.snapshotPath) {
            throw StoreError.databaseMissing(path: place.path, snapshot: place.snapshotPath)
        }
        let log = try SQLiteCommitLog(
            directory: place.path, readOnly: readOnly, create: !readOnly, fileMode: place.fileMode)
        do throws(StoreError) {
            let store = try CaseStore(
                log: log, directory: place.path, snapshotPath: place.snapshotPath,
                fileMode: place.fileMode, scope: scope, snapshotThreshold: snapshotThreshold, unlock: unlock,
                accessor: accessor)
            if let upgrade {
                store.notices.insert(.upgraded(commits: upgrade.commits, tornBytes: upgrade.tornBytes), at: 0)
            }
            try store.holdToRecord(.standard())
            if let presence { try log.announce(presence) }
            return store
        } catch {
            log.close()
            throw error
        }
    }

    /// The snapshot database; one that cannot be opened (damaged, not a database) is derived data,
    /// so a writer replaces it with an empty one and says so.
    private static func openSnapshots(
        _ path: String?, writable: Bool, fileMode: mode_t, key: DataKey?,
        notices: inout [StoreNotice]
    ) -> SnapshotStore? {
        guard let path, writable || FileIO.exists(path) else { return nil }
        do {
            return try SnapshotStore(path: path, create: writable, fileMode: fileMode, key: key)
        } catch {
            notices.append(.snapshotRebuilt(reason: .unreadable(error)))
            guard writable else { return nil }
            removeSnapshotFiles(path)
            return try? SnapshotStore(path: path, create: true, fileMode: fileMode, key: key)
        }
    }

    /// Removes a snapshot database and its WAL, so nothing it held stays in a file.
    static func removeSnapshotFiles(_ path: String) {
        for suffix in ["", "-wal", "-shm", "-journal"] { unlink(path + suffix) }
    }

    /// Lets go of the snapshot and removes its files (the next open makes it again).
    func dropSnapshot() {
        snapshots?.close()
        snapshots = nil
        if let snapshotPath { Self.removeSnapshotFiles(snapshotPath) }
    }

    /// A snapshot sealed otherwise than the store now is (plaintext of a store since encrypted)
    /// is not emptied row by row but removed whole, with its WAL, and made again.
    private func replaceSnapshotFile() {
        guard let old = snapshots, !isReadOnly else {
            snapshots = nil
            return
        }
        let path = old.path
        old.close()
        Self.removeSnapshotFiles(path)
        snapshots = try? SnapshotStore(path: path, create: true, fileMode: snapshotFileMode, key: dataKey)
    }

    /// Starts from the snapshot when it belongs to this log, then replays what follows it. A
    /// partial store reads its cases in the same read transaction as the snapshot's binding, and
    /// keeps it open, so every case it reads later is of that same moment.
    private func load(_ scope: Scope) throws(StoreError) {
        var wanted: Set<CaseID>?
        if case .cases(let ids) = scope { wanted = ids }
        var openFirst = scope == .openFirst || scope == .open
        if let snapshots {
            do throws(StoreError) {
                let head = try log.head()
                try snapshots.beginReading()
                if let binding = try snapshots.binding(), try usable(binding) {
                    // A long tail is replayed once by a full load, which then brings the snapshot up to date.
                    if head - min(head, binding.sequence) >= UInt64(snapshotThreshold) {
                        wanted = nil
                        openFirst = false
                    }
                    if openFirst {
                        ledger = try snapshots.openLedger(sequence: binding.sequence)
                        if scope == .openFirst {
                            historyLoad = HistoryLoad(path: snapshots.path, key: dataKey, binding: binding)
                        }
                    } else {
                        ledger = try snapshots.ledger(
                            cases: wanted, sequence: binding.sequence, consultations: wanted == nil)
                    }
                    consultationsPending = openFirst || wanted != nil
                    snapshotBase = binding.sequence
                } else {
                    wanted = nil
                    openFirst = false
                }
                if wanted == nil && !openFirst { try snapshots.endReading() }
            } catch {
                // The store is not the one this machine knows: said, never quietly rebuilt.
                switch error {
                case .otherDatabase, .wentBack:
                    try? snapshots.endReading()
                    throw error
                default: break
                }
                snapshotUnusable = true
                notices.append(.snapshotRebuilt(reason: .unreadable(error)))
                try? snapshots.endReading()
                ledger = Ledger()
                snapshotBase = nil
                wanted = nil
                openFirst = false
                historyLoad = nil
                consultationsPending = false
            }
        } else {
            wanted = nil
            openFirst = false
        }
        if snapshotFileSealedOtherwise {
            replaceSnapshotFile()
            snapshotFileSealedOtherwise = false
        }
        isPartial = wanted != nil || openFirst
        opensOnly = scope == .open && openFirst
        do throws(StoreError) { commitsSinceSnapshot = try applyNewCommits() } catch {
            // To read, a damaged store opens as far as it is intact: one commit at a time up to the damage.
            guard isReadOnly, error.isDamage else { throw error }
            commitsSinceSnapshot = try applyUpToDamage()
        }
        if !isReadOnly && !isPartial && (snapshotBase == nil || commitsSinceSnapshot >= snapshotThreshold)
            && position > 0
        {
            try? writeSnapshot()
        }
    }

    /// True when the snapshot is of this log and the log still holds the commit it reaches.
    ///
    /// The snapshot is this machine's memory of the store: a database of another identity, or a log
    /// that no longer holds the commit the snapshot reached, is a hard error (numbers would be
    /// handed out again, acknowledged changes would silently be gone), never a quiet rebuild.
    private func usable(_ binding: SnapshotStore.Binding) throws(StoreError) -> Bool {
        let snapshotFile = snapshotPath ?? "snapshot"
        guard binding.identity == log.identity else {
            throw StoreError.otherDatabase(store: log.displayName, snapshot: snapshotFile)
        }
        guard binding.key == (dataKey?.fingerprint ?? "") else {
            notices.append(.snapshotRebuilt(reason: .sealedOtherwise))
            snapshotUnusable = true
            snapshotFileSealedOtherwise = true
            return false
        }
        guard binding.rules == Ledger.rulesVersion else {
            notices.append(.snapshotRebuilt(reason: .earlierRules))
            snapshotUnusable = true
            return false
        }
        guard binding.sequence > 0 else { return true }
        guard let covered = try log.read(sequences: [binding.sequence]).first else {
            throw StoreError.wentBack(
                store: log.displayName, seen: binding.sequence, head: try log.head(), snapshot: snapshotFile)
        }
        guard CommitCodec.digest(covered.payload) == binding.digest else {
            // A purge rewrote the commit (the store records which, in the same transaction): this
            // snapshot is old, not the store false. Anything else is history rewritten.
            if try log.wasRewritten(binding.sequence) {
                notices.append(.snapshotRebuilt(reason: .logChanged))
                snapshotUnusable = true
                return false
            }
            throw StoreError.wentBack(
                store: log.displayName, seen: binding.sequence, head: try log.head(), snapshot: snapshotFile)
        }
        return true
    }

    /// Applies the commits others appended since `position`; returns them, oldest first.
    @discardableResult
    public func catchUp() throws(StoreError) -> [Commit] {
        // A store opened up to its damage stays there (the damage is said once, on opening).
        guard damage == nil else { return [] }
        var applied: [Commit] = []
        try applyNewCommits { applied.append($0) }
        commitsSinceSnapshot += applied.count
        return applied
    }

    /// Applies every commit after `position`, in batches, handing each to `body`; returns how many.
    @discardableResult
    func applyNewCommits(_ body: (Commit) -> Void = { _ in }) throws(StoreError) -> Int {
        var count = 0
        while true {
            let batch = try log.read(after: position, limit: 2_000)
            if batch.isEmpty { return count }
            for commit in try CommitCodec.decode(batch, store: log.displayName) { body(try apply(commit)) }
            count += batch.count
        }
    }

    /// Applies the commits after `position` one at a time until one cannot be read or applied,
    /// which is kept as the store's `damage` (and said in its notices).
    func applyUpToDamage() throws(StoreError) -> Int {
        var count = 0
        while true {
            do throws(StoreError) {
                guard let entry = try log.read(after: position, limit: 1).first else { return count }
                _ = try apply(try CommitCodec.decode(entry, store: log.displayName))
                count += 1
            } catch {
                guard error.isDamage else { throw error }
                damage = (position + 1, error)
                notices.append(.damaged(from: position + 1, reason: error))
                return count
            }
        }
    }

    private func apply(_ commit: Commit) throws(StoreError) -> Commit {
        // The consultation log (and the numbering a reserving commit joins) is read first.
        if consultationsPending && (!commit.consultationEvents.isEmpty || commit.reserved != nil) {
            try needConsultations()
            // Not believed after all, the snapshot gave way to a replay that applied this commit too.
            if commit.sequence <= position { return commit }
        }
        try loadCases(of: commit)
        noteChanges(commit)
        do {
            try ledger.apply(commit, reference: commit.sequence, undoable: false)
        } catch {
            throw StoreError.contradictingCommit(store: log.displayName, sequence: commit.sequence, reason: error)
        }
        return commit
    }

    /// Records the events as one commit and returns it once it is durable.
    ///
    /// The events were made on the ledger as it stood at `basis` (default: now). When others
    /// committed since, the change is rebased and checked (see the type's summary): contested by a
    /// colleague's commit, it throws `.conflict`; refused by the domain, `.rejected`.
    @discardableResult
    public func commit(
        _ events: [CaseEvent], partnerEvents: [PartnerEvent] = [], consultationEvents: [ConsultationEvent] = [],
        basis: UInt64? = nil, at: Date, actor: String
    ) throws(StoreError) -> Commit {
        try write(events, partnerEvents, consultationEvents, basis: basis, at: at, actor: actor).commit
    }

    /// A written commit, with the cases it touched as they were just before it (what undo restores).
    public struct Written: Sendable {
        public var commit: Commit
        public var prior: [(CaseID, Case?)]
    }

    /// As `commit`, also handing back the touched cases as they stood just before the commit, after
    /// any colleague's commit it was rebased on.
    public func write(
        _ events: [CaseEvent], _ partnerEvents: [PartnerEvent] = [], _ consultationEvents: [ConsultationEvent] = [],
        basis: UInt64? = nil, at: Date, actor: String
    ) throws(StoreError) -> Written {
        guard !isReadOnly && !opensOnly else { throw StoreError.readOnly }
        // A change is checked against the whole store (is this person known?), never half of it.
        try completeHistory()
        if !consultationEvents.isEmpty { try needConsultations() }
        let basis = basis ?? position
        let madeOn = ledger.numbering
        let draft = Commit(
            sequence: 0, at: at, actor: actor, events: events, partnerEvents: partnerEvents,
            consultationEvents: consultationEvents)
        // What colleagues committed after the basis, which this change must not contradict.
        var meanwhile = basis < position ? try commits(after: basis) : []
        for _ in 0..<Self.maximumAttempts {
            var attempt = draft.renumbered(madeOn: madeOn, onto: ledger.numbering)
            attempt.sequence = position + 1
            for theirs in meanwhile {
                if let record = attempt.contested(by: theirs) {
                    throw StoreError.conflict(
                        CommitConflict(
                            record: record, actor: theirs.actor, at: theirs.at,
                            events: theirs.typeNames, reason: nil))
                }
            }
            let (encoded, stored) = try CommitCodec.encode(attempt)
            try loadCases(of: stored)
            var touched: [CaseID] = []
            for event in stored.events where !touched.contains(event.caseID) { touched.append(event.caseID) }
            let prior = touched.map { ($0, ledger.book[$0]) }
            let undo: Ledger.Undo
            do {
                undo = try ledger.apply(stored, reference: stored.sequence)
            } catch {
                // Refused: if a colleague's commit meanwhile made it so, say who.
                if let theirs = meanwhile.last(where: { $0.touches(attempt) }) {
                    throw StoreError.conflict(
                        CommitConflict(
                            record: theirs.sharedRecord(with: attempt) ?? "", actor: theirs.actor,
                            at: theirs.at, events: theirs.typeNames, reason: error.description))
                }
                throw StoreError.rejected(error)
            }
            let outcome: AppendOutcome
            do {
                outcome = try log.append(encoded)
            } catch {
                ledger.revert(undo)
                throw error
            }
            switch outcome {
            case .appended:
                noteChanges(stored)
                noteAccess(stored)
                commitsSinceSnapshot += 1
                if commitsSinceSnapshot >= snapshotThreshold { try? writeSnapshot() }
                return Written(commit: stored, prior: prior)
            case .conflict(let newer):
                ledger.revert(undo)
                for commit in try CommitCodec.decode(newer, store: log.displayName) {
                    meanwhile.append(try apply(commit))
                }
                commitsSinceSnapshot += newer.count
            }
        }
        throw StoreError.tooBusy(attempts: Self.maximumAttempts)
    }

    /// Notes a written commit in the access log: a registration as such, anything else as a change,
    /// with the kinds of events it made (never their contents).
    private func noteAccess(_ commit: Commit) {
        guard let access else { return }
        var cases: [String] = []
        for event in commit.events where !cases.contains(event.caseID.description) {
            cases.append(event.caseID.description)
        }
        for case .some(let id) in commit.partnerEvents.map(\.caseID) + commit.consultationEvents.map(\.caseID)
        where !cases.contains(id.description) {
            cases.append(id.description)
        }
        let registers = commit.events.contains { if case .registered = $0 { true } else { false } }
        // When it really happened: a commit's own time can be a fixed clock (SCHAKEL_NOW).
        access.record(registers ? .create : .change, cases: cases, what: commit.typeNames.joined(separator: ","))
    }

    /// Remembers what a commit changes, for the next snapshot update.
    private func noteChanges(_ commit: Commit) {
        for event in commit.events { changedSinceSnapshot.insert(event.caseID) }
        for event in commit.partnerEvents {
            if let id = event.caseID { changedSinceSnapshot.insert(id) }
            if case .contactRemoved = event { allLinksChanged = true }
        }
    }

    /// A partial store takes in, from its snapshot, the cases a commit is about before applying it.
    private func loadCases(of commit: Commit) throws(StoreError) {
        guard isPartial, let snapshots else { return }
        let ids =
            commit.events.map(\.caseID) + commit.partnerEvents.compactMap(\.caseID)
            + commit.consultationEvents.compactMap(\.caseID)
        for id in ids where ledger.book[id] == nil {
            if let c = try snapshots.case(id) {
                ledger.book.adopt(c)
                // A contact removed since the snapshot was read takes its links with it.
                ledger.partners.adopt(
                    links: try snapshots.links(of: id).filter { ledger.partners.contacts[$0.contact] != nil })
            }
        }
    }

    /// Brings the snapshot up to the ledger: only the cases changed since it was read are written
    /// (all of them the first time). In a database of its own, so commits go on meanwhile.
    public func writeSnapshot() throws(StoreError) {
        guard !isReadOnly, !isPartial, let snapshots else { return }
        var digest: UInt64 = 0
        if position > 0 {
            guard let last = try log.read(sequences: [position]).first else { return }
            digest = CommitCodec.digest(last.payload)
        }
        let binding = SnapshotStore.Binding(
            identity: log.identity, sequence: position, digest: digest, key: dataKey?.fingerprint ?? "")
        let written = try snapshots.update(
            to: ledger, binding: binding, from: snapshotBase,
            changed: snapshotBase == nil ? nil : changedSinceSnapshot, replacing: snapshotUnusable,
            allLinks: allLinksChanged)
        if !written {
            // Moved from under us (another store's, or an older one): a full rewrite.
            _ = try snapshots.update(to: ledger, binding: binding, from: nil, changed: nil, replacing: true)
        }
        snapshotUnusable = false
        allLinksChanged = false
        snapshotBase = position
        changedSinceSnapshot = []
        commitsSinceSnapshot = 0
    }

    /// The version of the SQLite library the store runs on.
    public static var sqliteVersion: String { SQLiteCommitLog.sqliteVersion }

    /// Who has the store open now (this process included).
    public func present() -> [Presence] {
        (try? log.present()) ?? []
    }

    /// Lets go of the log, writing a snapshot first if the tail has grown long. Safe to call twice.
    public func close() {
        guard !isClosed else { return }
        isClosed = true
        if commitsSinceSnapshot >= snapshotThreshold { try? writeSnapshot() }
        try? access?.flush()
        positionRecord?.note(log.identity, at: log.displayName, sequence: position)
        snapshots?.close()
        log.close()
    }
}
