import Foundation

/// The database's own check of every page (SQLite's `PRAGMA integrity_check`), run on a thread of
/// its own over a connection of its own, so a desk learns of damage the snapshot hides without
/// waiting for it: the whole file is read, which takes seconds in a region's store.
public final class StorageCheck: @unchecked Sendable {
    private let lock = NSLock()
    private var found: [CheckProblem]?

    /// What it found (empty: nothing wrong), or nil while it runs.
    public var problems: [CheckProblem]? { lock.withLock { found } }

    init(database path: String) {
        Thread.detachNewThread { [self] in
            let problems: [CheckProblem]
            do throws(StoreError) {
                let connection = try SQLiteConnection(path: path, readOnly: true)
                defer { connection.close() }
                connection.setBusyTimeout(milliseconds: SQLiteCommitLog.busyTimeoutMilliseconds)
                var lines: [CheckProblem] = []
                try connection.query("PRAGMA integrity_check") { row in
                    let line = row.text(0)
                    if line != "ok" { lines.append(.integrity(path: path, finding: line)) }
                }
                problems = lines
            } catch {
                // Damage that stops the check itself is damage too; a busy database is not.
                problems = error.isDamage ? [.store(SQLiteCommitLog.explained(error, path: path))] : []
            }
            lock.withLock { found = problems }
        }
    }
}

extension CaseStore {
    /// Starts the database's own check of the whole file in the background (nil: the backend has
    /// none that a client runs, as PostgreSQL).
    public func checkStorageInBackground() -> StorageCheck? {
        guard let sqlite = storedLog as? SQLiteCommitLog else { return nil }
        return StorageCheck(database: sqlite.path)
    }
}
