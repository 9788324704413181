import Foundation

/// One commit as the log keeps it: its position, when and by whom, and the encoded commit.
///
/// The log does not read the payload; `CommitCodec` turns it into a `Commit` and back. `at` and
/// `actor` are kept beside it so the history can be read with the database's own tools.
public struct EncodedCommit: Equatable, Sendable {
    /// Position in the log, counting from 1, without gaps.
    public var sequence: UInt64
    public var at: Date
    /// The advisor the client says it works for (`SCHAKEL_ADVISOR`, the login's full name).
    public var actor: String
    public var payload: [UInt8]
    /// Who the backend itself knows wrote the commit: the role PostgreSQL authenticated
    /// (`session_user`), or the operating system login of the process that wrote an SQLite store.
    /// `append` records it whatever the caller gives; `appendAll` (copy, import) keeps what it is
    /// given, so history keeps its authors. Nil when the store did not record one (a commit from
    /// before authors were kept, or from the old journal).
    public var author: String?

    public init(sequence: UInt64, at: Date, actor: String, payload: [UInt8], author: String? = nil) {
        self.sequence = sequence
        self.at = at
        self.actor = actor
        self.payload = payload
        self.author = author
    }
}

/// What an append came to.
public enum AppendOutcome: Equatable, Sendable {
    /// The commit is in the log and durable.
    case appended
    /// The log had moved on: nothing was written, and these are the commits others appended after
    /// the position the caller expected, oldest first.
    case conflict(newer: [EncodedCommit])
}

/// What removing a key slot came to.
public enum KeySlotRemoval: Equatable, Sendable {
    case removed
    case notFound
    /// It is the only slot left: removing it would leave a store nobody can open.
    case lastSlot
}

/// Someone who has the store open, as the header shows them.
public struct Presence: Equatable, Sendable {
    public var advisor: String
    public var login: String
    public var host: String
    public var pid: Int32
    public var since: Date

    public init(advisor: String, login: String, host: String, pid: Int32, since: Date) {
        self.advisor = advisor
        self.login = login
        self.host = host
        self.pid = pid
        self.since = since
    }
}

/// Where a store's commits live: an ordered log that many processes append to at once.
///
/// The contract, which every backend passes (the `CommitLogContract` tests):
/// - Sequences start at 1 and have no gaps; `head()` is the newest (0 for an empty log).
/// - `append` writes a commit only if its sequence is `head() + 1` at that moment ("if the log
///   still ends where I read it"); it returns once the commit is durable. Otherwise it writes
///   nothing and hands back what others appended after `commit.sequence - 1`. Two appends at the
///   same position can never both succeed.
/// - `read(after:)` returns commits in order; every reader sees the same order.
/// - `changeDescriptor` becomes readable when another process may have appended; `hasChanged()`
///   then says cheaply whether it really did. A wake-up that finds no change is normal (a writer
///   may not have finished), so a caller asks again shortly after.
/// - `append` records the commit's author as the backend knows it, never the caller's claim;
///   `appendAll` keeps the authors it is given (where the backend lets the caller: PostgreSQL only
///   lets the store's owner carry authors over).
/// - Reopening gives back exactly what was acknowledged, with the same identity.
public protocol CommitLog: AnyObject {
    /// The store's identity, fixed when the log was created: snapshots and caches name it.
    var identity: String { get }
    var isReadOnly: Bool { get }
    /// Says where the log lives, without secrets (for messages).
    var displayName: String { get }

    /// The newest sequence in the log, 0 when it is empty.
    func head() throws(StoreError) -> UInt64
    /// Commits after `position`, oldest first, at most `limit`.
    func read(after position: UInt64, limit: Int) throws(StoreError) -> [EncodedCommit]
    /// The commits with these sequences, in the order asked (missing ones are left out).
    func read(sequences: [UInt64]) throws(StoreError) -> [EncodedCommit]
    /// Appends `commit` if the log ends at `commit.sequence - 1`; durable when it returns `.appended`.
    func append(_ commit: EncodedCommit) throws(StoreError) -> AppendOutcome
    /// Appends many commits to an empty log in one transaction (import, upgrade, copy, repair): all
    /// or none. `access` (an access log carried over, each entry at its own place with its hash and
    /// tags) and `slots` (an encrypted store's key slots) go into the same transaction, into an
    /// access log and a set of slots that are empty: a copy is whole or not there at all.
    func appendAll(_ commits: [EncodedCommit], access: [AccessRecord], slots: [KeySlot]) throws(StoreError)

    /// What the commits are chained with (`CommitChain`): every append, `appendAll`, `rewrite`
    /// and `linkUnchained` writes each commit's link with it, in the same transaction.
    var chainKey: ChainKey { get set }
    /// The links after `position`, oldest first, at most `limit`.
    func chainLinks(after position: UInt64, limit: Int) throws(StoreError) -> [ChainLink]
    /// Links the commits that have no link yet (from before the chain), in one transaction, from
    /// the last linked one on; nothing when every commit is linked.
    func linkUnchained() throws(StoreError)
    /// Whether a purge rewrote the commit at `sequence` (a snapshot bound to it before is old, not false).
    func wasRewritten(_ sequence: UInt64) throws(StoreError) -> Bool

    /// A descriptor that becomes readable when the log may have changed (drain it with
    /// `drainChangeDescriptor`), or nil when the caller must poll `hasChanged`.
    var changeDescriptor: Int32? { get }
    func drainChangeDescriptor()
    /// True when another process committed since the last call (cheap: no commit is read).
    func hasChanged() throws(StoreError) -> Bool

    /// Says that this process has the store open (for the others' headers), until `withdraw`.
    func announce(_ presence: Presence) throws(StoreError)
    func withdraw()
    /// Everyone who has the store open now, this process included.
    func present() throws(StoreError) -> [Presence]

    /// The advisors' wrapped copies of the data key; empty when the store is not encrypted.
    func keySlots() throws(StoreError) -> [KeySlot]
    /// Adds an advisor's slot, or replaces theirs (a changed passphrase). Refused on an unencrypted
    /// store: a store becomes encrypted only whole, by `reseal`.
    func saveKeySlot(_ slot: KeySlot) throws(StoreError)
    /// Removes an advisor's slot, never the last one (a store nobody can open is lost), checked in
    /// the same transaction so two revocations at once cannot remove the last two.
    func removeKeySlot(advisor: String) throws(StoreError) -> KeySlotRemoval
    /// Encrypts the store in place: every payload is replaced by `seal(commit)` and `slots` are
    /// stored, in one transaction, so a crash at any moment leaves the old store or the new one.
    /// Refused when the store already has slots. Afterwards the backend lets go of the old
    /// plaintext it still holds (SQLite: the WAL and free pages; PostgreSQL: dead rows).
    /// The access log is rewritten in the same step by `access` (sealed and chained anew), and the
    /// commits are linked anew with `chain`, which the log keeps as its `chainKey`.
    func reseal(
        slots: [KeySlot], _ seal: (EncodedCommit) throws(StoreError) -> [UInt8],
        access: ([AccessRecord]) throws(StoreError) -> [AccessRecord], chain: ChainKey
    ) throws(StoreError)

    /// Appends to the access log in one transaction, also when the log is open only to read (a
    /// view must be logged whoever looks): `entries` is handed the entries waiting in the pending
    /// table (failed unlocks, removed in the same step) and returns every entry to append, as
    /// stored, with its tags (what it can be found by: its cases and advisor);
    /// `link(previousHash, sequence, stored)` gives each its hash ("" before the first).
    func appendAccess(
        _ entries: ([[UInt8]]) throws(StoreError) -> [AccessAppend], link: (String, UInt64, [UInt8]) -> String
    ) throws(StoreError)
    /// The access log entries with this tag, oldest first (the newest `limit`).
    func readAccess(tag: String, limit: Int) throws(StoreError) -> [AccessRecord]
    /// How many access log entries have this tag.
    func countAccess(tag: String) throws(StoreError) -> Int
    /// Keeps an entry for the access log where anyone who may open the store can write it, outside
    /// the chain (a failed unlock has no key to chain with); the next `appendAccess` takes it in.
    func recordPendingAccess(_ entry: [UInt8]) throws(StoreError)
    /// Access log entries after `position`, oldest first, at most `limit`.
    func readAccess(after position: UInt64, limit: Int) throws(StoreError) -> [AccessRecord]
    /// Removes the access log entries before `sequence` and their tags, in one transaction (the
    /// append-only trigger lifted inside it): only at the end of their retention period, after the
    /// entry that records it (`AccessBase`) is in the chain (`AccessLog.prune`).
    func dropAccess(before sequence: UInt64) throws(StoreError)

    /// Replaces the payloads of these commits (the rest of each row stays), in one transaction:
    /// only to take personal data out at the end of a retention period (`CaseStore.purge`). The
    /// append-only trigger is lifted inside that transaction, and the chain is linked anew from
    /// the first commit rewritten; afterwards the old bytes are let go of as by `reseal` (VACUUM,
    /// the WAL emptied; PostgreSQL's dead rows rewritten).
    func rewrite(_ commits: [EncodedCommit]) throws(StoreError)

    /// What the backend's own consistency check finds wrong (empty when all is well).
    func storageProblems() throws(StoreError) -> [CheckProblem]

    /// Lets go of the log; safe to call twice.
    func close()
}

extension CommitLog {
    /// Runs `body` with `chain` as the chain key; should it throw, the key the log had is back.
    func chained(with chain: ChainKey, _ body: () throws(StoreError) -> Void) throws(StoreError) {
        let before = chainKey
        chainKey = chain
        do throws(StoreError) { try body() } catch {
            chainKey = before
            throw error
        }
    }

    /// Appends many commits to an empty log in one transaction: all or none.
    public func appendAll(_ commits: [EncodedCommit]) throws(StoreError) {
        try appendAll(commits, access: [], slots: [])
    }

    /// Every commit, oldest first.
    public func readAll() throws(StoreError) -> [EncodedCommit] {
        var all: [EncodedCommit] = []
        while true {
            let batch = try read(after: all.last?.sequence ?? 0, limit: 10_000)
            if batch.isEmpty { return all }
            all += batch
        }
    }
}
