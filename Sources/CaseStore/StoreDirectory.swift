import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// The directory a store lives in, and who may read it.
///
/// A store is private by default: the directory 0700 and its files 0600. A team store is shared
/// through a Unix group: the directory is setgid and 2770, so every file made in it belongs to the
/// group, and the store makes its files 0660. Which of the two a directory is, is read from its
/// mode; an existing directory's mode is never changed, except by `initialise` when asked.
public struct StoreDirectory: Sendable {
    public let path: String
    /// The mode of the files the store makes: 0600, or 0660 in a team store.
    public let fileMode: mode_t

    /// The files a store may hold; a directory with anything else is not taken for a store.
    static let knownFiles: Set<String> = [
        SQLiteCommitLog.fileName, SQLiteCommitLog.fileName + "-wal", SQLiteCommitLog.fileName + "-shm",
        SQLiteCommitLog.fileName + "-journal", JournalUpgrade.temporaryName, JournalUpgrade.temporaryName + "-wal",
        JournalUpgrade.temporaryName + "-shm", JournalUpgrade.temporaryName + "-journal",
        SnapshotStore.fileName, SnapshotStore.fileName + "-wal", SnapshotStore.fileName + "-shm",
        SnapshotStore.fileName + "-journal", LegacyJournal.fileName, LegacyJournal.fileName + JournalUpgrade.keptSuffix,
        JournalUpgrade.legacySnapshotName, "lock", "journal.skj.tmp", "snapshot.sks.tmp",
        "region.json", "urgency.json", "settings.json", "instrument.txt", "instrument.last-good.txt",
        "instrument.last-good.txt.tmp",
    ]

    /// The store directory at `path`; `create` makes it (0700) when it is missing.
    public static func at(_ path: String, create: Bool) throws(StoreError) -> StoreDirectory {
        let path = (path as NSString).standardizingPath
        var info = stat()
        if stat(path, &info) != 0 {
            guard create, errno == ENOENT else {
                throw errno == ENOENT
                    ? StoreError.notAStore(path: path) : StoreError.io(operation: "stat", path: path, errno: errno)
            }
            try makeDirectory(path, mode: 0o700)
            return StoreDirectory(path: path, fileMode: 0o600)
        }
        guard (info.st_mode & S_IFMT) == S_IFDIR else { throw StoreError.notAStore(path: path) }
        // Someone outside a team store's group: say so, rather than "not a store".
        if access(path, R_OK | X_OK) != 0 { throw StoreError.io(operation: "open", path: path, errno: errno) }
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
        if entries.contains(where: { !isKnown($0) }) {
            throw StoreError.notAStore(path: path)
        }
        guard isTeamDirectory(info.st_mode) else { return StoreDirectory(path: path, fileMode: 0o600) }
        keepGroupBits()
        return StoreDirectory(path: path, fileMode: 0o660)
    }

    /// One of the store's files, or the temporary file a process is replacing one with (`NAME.tmp-PID`).
    static func isKnown(_ name: String) -> Bool {
        if knownFiles.contains(name) { return true }
        guard let mark = name.range(of: ".tmp-", options: .backwards) else { return false }
        let pid = name[mark.upperBound...]
        return !pid.isEmpty && pid.allSatisfy(\.isNumber) && knownFiles.contains(String(name[..<mark.lowerBound]))
    }

    /// A setgid directory whose group may read, write and enter it is a team store.
    static func isTeamDirectory(_ mode: mode_t) -> Bool {
        (mode & S_ISGID) != 0 && (mode & 0o070) == 0o070
    }

    /// Makes a new store directory: private (0700), or for `group` (setgid 2770, owned by that
    /// group). An existing directory is taken only when it is empty.
    public static func initialise(_ path: String, group: String?) throws(StoreError) -> StoreDirectory {
        let path = (path as NSString).standardizingPath
        var info = stat()
        if stat(path, &info) == 0 {
            guard (info.st_mode & S_IFMT) == S_IFDIR else { throw StoreError.notAStore(path: path) }
            let entries = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
            guard entries.isEmpty else { throw StoreError.notEmpty(path: path) }
        } else {
            try makeDirectory(path, mode: 0o700)
        }
        guard let group else {
            try FileIO.check(chmod(path, 0o700), "chmod", path)
            return StoreDirectory(path: path, fileMode: 0o600)
        }
        guard let entry = getgrnam(group) else { throw StoreError.unknownGroup(group) }
        try FileIO.check(chown(path, uid_t.max, entry.pointee.gr_gid), "chown", path)
        try FileIO.check(chmod(path, 0o2770), "chmod", path)
        keepGroupBits()
        return StoreDirectory(path: path, fileMode: 0o660)
    }

    /// Lets the files this process makes keep the group's read and write bits from the start.
    ///
    /// SQLite makes a database's `-wal` and `-shm` files with the database's mode through open(2),
    /// so under the umask, and puts the mode right with fchmod only afterwards. In that moment
    /// another member's process may open them: it gets them read-only, and its next write fails with
    /// "attempt to write a readonly database" (8 of 450 concurrent `case add`s by three users did).
    /// Once a team store is opened, the process's umask no longer takes the group's bits; every file
    /// outside the store that holds personal data is made with an explicit mode of 0600 anyway.
    static func keepGroupBits() {
        let old = umask(0o077)
        umask(old & ~0o060)
    }

    /// Makes the directory with `mode` from its first moment (mkdir(2) with the mode, so the umask
    /// can only take bits away: never 0777 first and the mode after); its parents as usual.
    private static func makeDirectory(_ path: String, mode: mode_t) throws(StoreError) {
        let parent = (path as NSString).deletingLastPathComponent
        if !parent.isEmpty && !FileIO.exists(parent) {
            do { try FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true) } catch {
                throw StoreError.io(operation: "mkdir", path: parent, errno: errno == 0 ? EIO : errno)
            }
        }
        guard mkdir(path, mode & 0o700) == 0 else { throw StoreError.io(operation: "mkdir", path: path, errno: errno) }
        // The umask may have taken bits away or the parent's setgid added one: set exactly this.
        try FileIO.check(chmod(path, mode), "chmod", path)
    }

    var databasePath: String { path + "/" + SQLiteCommitLog.fileName }
    var snapshotPath: String { path + "/" + SnapshotStore.fileName }
}
