import CaseModel
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// What `store backup` wrote and verified.
public struct BackupReport: Sendable {
    public var path: String
    public var commits: Int
    public var bytes: Int
}

extension CaseStore {
    /// Writes a consistent copy of the live store to `target` while desks go on working: SQLite's
    /// `VACUUM INTO` reads one snapshot of the database. The copy is made private (0600) before a
    /// byte is written, checked (the engine's integrity check, every commit read and replayed), and
    /// only then renamed to `target`; a failed backup leaves nothing behind.
    /// An encrypted store's copy is as sealed as the store; `unlock` opens it to replay it.
    public static func backup(directory: String, to target: String, unlock: Unlock? = nil) throws(StoreError)
        -> BackupReport
    {
        let place = try StoreDirectory.at(directory, create: false)
        guard FileIO.exists(place.databasePath) else {
            throw FileIO.exists(place.path + "/" + LegacyJournal.fileName)
                ? StoreError.needsUpgrade(path: place.path) : StoreError.notAStore(path: place.path)
        }
        let target = (target as NSString).standardizingPath
        guard !FileIO.exists(target) else {
            throw StoreError.io(operation: "create", path: target, errno: EEXIST)
        }
        let parent = (target as NSString).deletingLastPathComponent
        let folder = parent.isEmpty ? "." : parent
        let temporaryName = ((target as NSString).lastPathComponent) + ".tmp-\(getpid())"
        let temporary = folder + "/" + temporaryName
        let fd = Glibc.open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw StoreError.io(operation: "create", path: temporary, errno: errno) }
        _ = fchmod(fd, 0o600)
        Glibc.close(fd)
        do throws(StoreError) {
            let live = try SQLiteCommitLog(directory: place.path, readOnly: true, create: false)
            let seen = try live.head()
            try live.backup(to: temporary)
            live.close()
            let copyFD = try FileIO.open(temporary, O_RDONLY)
            try FileIO.sync(copyFD, temporary)
            let size = Int(try FileIO.size(copyFD, temporary))
            Glibc.close(copyFD)
            let commits = try verifyCopy(folder: folder, name: temporaryName, atLeast: seen, unlock: unlock)
            try FileIO.check(rename(temporary, target), "rename", temporary)
            try FileIO.syncDirectory(folder)
            return BackupReport(path: target, commits: commits, bytes: size)
        } catch {
            for suffix in ["", "-wal", "-shm", "-journal"] { unlink(temporary + suffix) }
            throw error
        }
    }

    /// Opens the copy as a log of its own and replays it whole.
    private static func verifyCopy(folder: String, name: String, atLeast seen: UInt64, unlock: Unlock?)
        throws(StoreError) -> Int
    {
        let raw = try SQLiteCommitLog(directory: folder, fileName: name, readOnly: true, create: false)
        defer { raw.close() }
        let copy = try Keyring.unlocked(raw, unlock).log
        let problems = try copy.storageProblems()
        guard problems.isEmpty else { throw StoreError.damagedDatabase(path: copy.displayName) }
        var ledger = Ledger()
        var count = 0
        while true {
            let batch = try copy.read(after: UInt64(count), limit: 2_000)
            if batch.isEmpty { break }
            for entry in batch {
                let commit = try CommitCodec.decode(entry, store: copy.displayName)
                do { try ledger.apply(commit, reference: commit.sequence, undoable: false) } catch {
                    throw StoreError.contradictingCommit(
                        store: copy.displayName, sequence: commit.sequence, reason: error)
                }
                count += 1
            }
        }
        guard UInt64(count) >= seen else {
            throw StoreError.corruptCommit(
                store: copy.displayName, sequence: UInt64(count),
                reason: "the copy holds fewer commits than the store had")
        }
        return count
    }
}
