import CaseModel
import Foundation

/// What `store copy` moved.
public struct CopyReport: Sendable {
    public var commits: Int
    public var from: String
    public var to: String
}

extension CaseStore {
    /// The commit log at `location` (a directory or `postgres://…`), without loading a ledger.
    static func openLog(
        _ location: String, readOnly: Bool, create: Bool,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(StoreError) -> CommitLog {
        if PostgresLocation.isPostgres(location) {
            return try PostgresCommitLog(
                try PostgresLocation(location, environment: environment), readOnly: readOnly, create: create)
        }
        let place = try StoreDirectory.at(location, create: create)
        if !FileIO.exists(place.databasePath) && FileIO.exists(place.path + "/" + LegacyJournal.fileName) {
            throw StoreError.needsUpgrade(path: place.path)
        }
        return try SQLiteCommitLog(directory: place.path, readOnly: readOnly, create: create, fileMode: place.fileMode)
    }

    /// Moves every commit of the store at `source` into the empty store at `target` (SQLite to
    /// PostgreSQL or back), losslessly: each commit keeps its sequence, time, advisor and payload.
    /// The commits are replayed first, so a damaged source is never copied; the target is written in
    /// one transaction and read back, and must then hold exactly what the source holds. An encrypted
    /// store is copied sealed, with its key slots, so the copy opens with the same passphrases;
    /// `unlock` opens it to replay it first.
    public static func copy(from source: String, to target: String, unlock: Unlock? = nil) throws(StoreError)
        -> CopyReport
    {
        let from = try openLog(source, readOnly: true, create: false)
        defer { from.close() }
        // A store that went back before what this machine saw of it is not copied as if whole.
        let record = PositionRecord.standard()
        if let seen = record.seen(from.identity, at: from.displayName), seen > (try from.head()) {
            throw StoreError.behindRecord(
                store: from.displayName, seen: seen, head: try from.head(), record: record.path, identity: from.identity
            )
        }
        let slots = try from.keySlots()
        let (readable, key) = try Keyring.unlocked(from, unlock)
        let commits = try from.readAll()
        let access = try from.readAccess(after: 0, limit: Int.max)
        // A chain that does not hold is not copied into one that would.
        if case .accessLogBroken(let entry, _)? = try AccessLog.verify(from, key: key).problems.first {
            throw StoreError.accessLogDamaged(store: from.displayName, entry: entry)
        }
        // Nor is a chain of commits that does not hold: the copy would link it anew, and so hide
        // it (`repair` is for a damaged store). Commits from before the chain have no link at all.
        if case .chainBroken(let sequence, let reason)? = try CommitChain.verify(from, key: .of(key)).problems.first {
            let linked = !(try from.chainLinks(after: 0, limit: 1)).isEmpty
            if reason != .unlinked || linked {
                throw StoreError.chainDamaged(store: from.displayName, sequence: sequence)
            }
        }
        var ledger = Ledger()
        for entry in slots.isEmpty ? commits : try readable.readAll() {
            let commit = try CommitCodec.decode(entry, store: from.displayName)
            do { try ledger.apply(commit, reference: commit.sequence, undoable: false) } catch {
                throw StoreError.contradictingCommit(store: from.displayName, sequence: commit.sequence, reason: error)
            }
        }
        let to = try openLog(target, readOnly: false, create: true)
        defer { to.close() }
        try fill(to, slots: slots, key: key, commits: commits, access: access)
        return CopyReport(commits: commits.count, from: from.displayName, to: to.displayName)
    }
}
