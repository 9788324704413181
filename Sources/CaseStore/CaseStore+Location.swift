import CaseModel
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

extension CaseStore {
    /// Opens the store `location` names: a directory (the SQLite store) or `postgres://…` (a
    /// region's PostgreSQL store, with its snapshot as a private local cache).
    public static func open(
        location: String, readOnly: Bool = false, presence: Presence? = nil, scope: Scope = .everything,
        snapshotThreshold: Int = defaultSnapshotThreshold, unlock: Unlock? = nil, accessor: Accessor? = nil
    ) throws(StoreError) -> CaseStore {
        guard PostgresLocation.isPostgres(location) else {
            return try open(
                at: location, readOnly: readOnly, presence: presence, scope: scope,
                snapshotThreshold: snapshotThreshold, unlock: unlock, accessor: accessor)
        }
        let place = try PostgresLocation(location)
        let log = try PostgresCommitLog(place, readOnly: readOnly, create: !readOnly)
        do throws(StoreError) {
            let store = try CaseStore(
                log: log, directory: place.displayName, snapshotPath: try cachePath(for: log.identity),
                fileMode: 0o600, scope: scope, snapshotThreshold: snapshotThreshold, unlock: unlock,
                accessor: accessor)
            try store.holdToRecord(.standard())
            if let presence { try log.announce(presence) }
            return store
        } catch {
            log.close()
            throw error
        }
    }

    /// The configuration files a PostgreSQL store holds in its database (nil for a directory, whose
    /// files are read where they are).
    public static func storedConfiguration(location: String) throws(StoreError) -> [String: Data]? {
        guard PostgresLocation.isPostgres(location) else { return nil }
        let log = try PostgresCommitLog(try PostgresLocation(location), readOnly: true, create: false)
        defer { log.close() }
        return try log.configurationFiles()
    }

    /// Replaces a configuration file of the store (validated by the caller): in the directory,
    /// whole or not at all and with the store's file mode, or in the database.
    public static func setConfiguration(location: String, name: String, contents: Data) throws(StoreError) {
        if PostgresLocation.isPostgres(location) {
            let log = try PostgresCommitLog(try PostgresLocation(location), readOnly: false, create: false)
            defer { log.close() }
            try log.setConfiguration(name, contents)
            return
        }
        let place = try StoreDirectory.at(location, create: false)
        try FileIO.replace(place.path + "/" + name, with: Array(contents), mode: place.fileMode)
    }

    /// Removes the snapshot of the store at `location` (a PostgreSQL store's: this machine's cache).
    static func removeSnapshot(location: String, identity: String) throws(StoreError) {
        if PostgresLocation.isPostgres(location) {
            removeSnapshotFiles(try cachePath(for: identity))
        } else {
            removeSnapshotFiles(try StoreDirectory.at(location, create: false).snapshotPath)
        }
    }

    /// Where a desk keeps its private snapshot of a PostgreSQL store: `$XDG_CACHE_HOME/schakel`
    /// (else `~/.cache/schakel`), 0700, one file per store identity.
    static func cachePath(for identity: String) throws(StoreError) -> String {
        let environment = ProcessInfo.processInfo.environment
        let base = environment["XDG_CACHE_HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? (NSHomeDirectory() + "/.cache")
        let directory = base + "/schakel"
        if !FileIO.exists(directory) {
            do { try FileManager.default.createDirectory(atPath: base, withIntermediateDirectories: true) } catch {
                throw StoreError.io(operation: "mkdir", path: base, errno: errno == 0 ? EIO : errno)
            }
            // 0700 from its first moment: it holds a copy of the region's cases.
            if mkdir(directory, 0o700) != 0 && errno != EEXIST {
                throw StoreError.io(operation: "mkdir", path: directory, errno: errno)
            }
            try FileIO.check(chmod(directory, 0o700), "chmod", directory)
        }
        let safe = identity.filter { $0.isHexDigit || $0 == "-" }
        return directory + "/" + safe + ".snapshot"
    }
}
