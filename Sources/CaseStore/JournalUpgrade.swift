import CaseModel
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Converts a store with the old journal (`journal.skj`) into the SQLite store, losslessly and
/// crash-safely.
///
/// The new database is built beside the old files under a temporary name, verified against the
/// journal (every commit the same, the same ledger), synced, and only then renamed into place. A
/// crash before the rename leaves the journal store as it was (the half-built file is thrown away
/// on the next try); after it, the database is the store. The old journal is then kept beside it
/// as `journal.skj.pre-sqlite`, for the ZVH's own backup routine to retire; the old snapshot (derived
/// data, tied to journal offsets) is removed.
enum JournalUpgrade {
    static let temporaryName = "schakel.db.upgrading"
    static let keptSuffix = ".pre-sqlite"
    static let legacySnapshotName = "snapshot.sks"

    /// What an upgrade did, for the person's notice.
    struct Result: Equatable {
        var commits: Int
        var tornBytes: UInt64
    }

    /// Upgrades the store in `directory` when it still has a journal and no database.
    static func upgradeIfNeeded(_ directory: StoreDirectory) throws(StoreError) -> Result? {
        let journalPath = directory.path + "/" + LegacyJournal.fileName
        guard FileIO.exists(journalPath) else { return nil }
        if FileIO.exists(directory.databasePath) {
            retireOldFiles(directory)  // a crash came after the rename: finish the job
            return nil
        }
        // One upgrader at a time: two desks opened at once wait for each other here.
        let guardFD = try FileIO.open(journalPath, O_RDONLY)
        defer { close(guardFD) }
        guard flock(guardFD, LOCK_EX) == 0 else {
            throw StoreError.io(operation: "lock", path: journalPath, errno: errno)
        }
        if FileIO.exists(directory.databasePath) {
            retireOldFiles(directory)
            return nil
        }
        // Hold the old store's lock until the journal is retired, so an older schakel cannot start
        // writing into the journal while it is being converted.
        let oldLock = try takeOlderSchakelsLock(directory)
        defer { if oldLock >= 0 { close(oldLock) } }
        return try convert(directory, journalPath: journalPath)
    }

    /// The journal store's lock file is held while an older schakel has the store open for writing:
    /// refused then; otherwise taken (the descriptor is returned, -1 when there is no lock file).
    private static func takeOlderSchakelsLock(_ directory: StoreDirectory) throws(StoreError) -> Int32 {
        let lockPath = directory.path + "/lock"
        guard FileIO.exists(lockPath) else { return -1 }
        let fd = try FileIO.open(lockPath, O_RDONLY)
        if flock(fd, LOCK_EX | LOCK_NB) != 0 {
            let holder =
                (try? FileIO.read(fd, at: 0, count: 1024, lockPath)).map { String(decoding: $0, as: UTF8.self) } ?? "?"
            close(fd)
            throw StoreError.heldByOlderSchakel(
                path: directory.path, holder: holder.trimmingCharacters(in: .whitespacesAndNewlines))
        }
        return fd
    }

    private static func convert(_ directory: StoreDirectory, journalPath: String) throws(StoreError) -> Result {
        let bytes = try FileIO.readAll(journalPath)
        guard bytes.starts(with: LegacyJournal.header) else { throw StoreError.notAJournal(file: journalPath) }
        let scan = try LegacyJournal.scan(
            Array(bytes[LegacyJournal.header.count...]), base: UInt64(LegacyJournal.header.count),
            file: journalPath)
        // The journal's own replay: the ledger the old store showed.
        var expected = Ledger()
        var encoded: [EncodedCommit] = []
        encoded.reserveCapacity(scan.records.count)
        for record in scan.records {
            let (entry, stored) = try CommitCodec.encode(record.commit)
            guard stored == record.commit else {
                throw StoreError.upgradeFailed(
                    path: directory.path, reason: "commit \(record.commit.sequence) does not survive re-encoding")
            }
            do {
                try expected.apply(stored, reference: stored.sequence, undoable: false)
            } catch {
                throw StoreError.corruptRecord(file: journalPath, offset: record.offset, reason: error.description)
            }
            encoded.append(entry)
        }

        let temporary = directory.path + "/" + temporaryName
        removeDatabase(at: temporary)
        do throws(StoreError) {
            let log = try SQLiteCommitLog(
                directory: directory.path, fileName: temporaryName, readOnly: false, create: true,
                fileMode: directory.fileMode)
            try log.appendAll(encoded)
            try verify(log, against: scan.records.map(\.commit), ledger: expected, directory: directory)
            try log.checkpoint()
            log.close()
            // Closing the last connection folds the WAL into the file; nothing may be left beside it.
            guard !FileIO.exists(temporary + "-wal") else {
                throw StoreError.upgradeFailed(path: directory.path, reason: "the new database's WAL was not folded in")
            }
            let fd = try FileIO.open(temporary, O_RDONLY)
            defer { close(fd) }
            try FileIO.sync(fd, temporary)
            Self.injectCrashForTesting("before-rename")
            try FileIO.check(rename(temporary, directory.databasePath), "rename", temporary)
            try FileIO.syncDirectory(directory.path)
        } catch {
            removeDatabase(at: temporary)
            throw error
        }
        Self.injectCrashForTesting("after-rename")
        retireOldFiles(directory)
        return Result(commits: encoded.count, tornBytes: scan.tornBytes)
    }

    /// Reads the new log back and compares every commit, and the ledger a replay gives, with the journal's.
    private static func verify(
        _ log: SQLiteCommitLog, against commits: [Commit], ledger expected: Ledger,
        directory: StoreDirectory
    ) throws(StoreError) {
        let back = try log.readAll()
        guard back.count == commits.count else {
            throw StoreError.upgradeFailed(
                path: directory.path, reason: "\(back.count) commits read back, \(commits.count) written")
        }
        var replayed = Ledger()
        for (entry, original) in zip(back, commits) {
            let commit = try CommitCodec.decode(entry, store: log.path)
            guard commit == original else {
                throw StoreError.upgradeFailed(
                    path: directory.path, reason: "commit \(original.sequence) reads back differently")
            }
            do { try replayed.apply(commit, reference: commit.sequence, undoable: false) } catch {
                throw StoreError.upgradeFailed(
                    path: directory.path, reason: "commit \(commit.sequence): \(error.description)")
            }
        }
        guard replayed == expected else {
            throw StoreError.upgradeFailed(
                path: directory.path, reason: "the new store's cases differ from the journal's")
        }
    }

    /// Keeps the journal and its snapshot beside the database under another name, and drops the
    /// lock file nothing uses any more. Best effort: leftovers are recognised and retried.
    private static func retireOldFiles(_ directory: StoreDirectory) {
        for name in [LegacyJournal.fileName, legacySnapshotName] {
            let path = directory.path + "/" + name
            guard FileIO.exists(path) else { continue }
            if name == legacySnapshotName {
                // The old snapshot's layout is tied to journal offsets: worthless beside the database.
                unlink(path)
            } else {
                rename(path, path + keptSuffix)
            }
        }
        unlink(directory.path + "/lock")
        try? FileIO.syncDirectory(directory.path)
    }

    private static func removeDatabase(at path: String) {
        for suffix in ["", "-wal", "-shm", "-journal"] { unlink(path + suffix) }
    }

    /// Lets the crash tests stop the upgrade at a chosen step (`SCHAKEL_UPGRADE_CRASH=before-rename`).
    private static func injectCrashForTesting(_ step: String) {
        if ProcessInfo.processInfo.environment["SCHAKEL_UPGRADE_CRASH"] == step { kill(getpid(), SIGKILL) }
    }
}
