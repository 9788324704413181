import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// The embedded default: the commit log in one SQLite database file in the store directory.
///
/// WAL mode lets many processes on one host read while one writes; `synchronous=FULL` makes a
/// commit durable before it is acknowledged; a busy timeout makes writers wait their turn instead
/// of being refused. Commits are rows keyed by their sequence, so two appends at the same position
/// cannot both win, and triggers refuse any UPDATE or DELETE of a commit.
public final class SQLiteCommitLog: CommitLog {
    public static let fileName = "schakel.db"
    /// The schema this code writes; older ones are migrated forward on opening for writing.
    public static let schemaVersion: Int64 = 4
    /// How long a writer waits for another's transaction (a durable append takes milliseconds).
    static let busyTimeoutMilliseconds: Int32 = 30_000

    public let path: String
    public let identity: String
    /// What this process records as the author of its appends: its operating system login. As
    /// trustworthy as the store's file permissions (whoever may write the file may write anything).
    private let author = ProcessIdentity.login
    public let isReadOnly: Bool
    public var displayName: String { path }

    let connection: SQLiteConnection
    private var lastDataVersion: Int64 = 0
    private let watcher: DirectoryWatcher?
    private var announced: Presence?
    /// The author column as a query reads it: a store of schema 1, opened only to read (so it is
    /// not migrated), has none, and its commits simply have no author.
    private var authorColumn = "author"
    /// The schema the file has (a store opened only to read is not migrated).
    private(set) var schema: Int64 = SQLiteCommitLog.schemaVersion
    /// A log opened only to read still writes its access log: through this connection, made when first needed.
    var accessWriter: SQLiteConnection?
    public var chainKey = ChainKey.plain

    /// Opens the log in `directory` (in the file `fileName` there). `create` makes a new database
    /// when there is none, with files of `fileMode` (0600 for a private store, 0660 for a team's).
    public init(
        directory: String, fileName: String = SQLiteCommitLog.fileName, readOnly: Bool, create: Bool,
        fileMode: mode_t = 0o600
    ) throws(StoreError) {
        path = directory + "/" + fileName
        isReadOnly = readOnly
        if !FileIO.exists(path) {
            guard create, !readOnly else { throw StoreError.notAStore(path: directory) }
            try Self.createFile(path, mode: fileMode)
        }
        connection = try SQLiteConnection(path: path, readOnly: readOnly)
        connection.setBusyTimeout(milliseconds: Self.busyTimeoutMilliseconds)
        do throws(StoreError) {
            try connection.execute(
                "PRAGMA synchronous = FULL; PRAGMA temp_store = MEMORY; PRAGMA foreign_keys = ON; PRAGMA secure_delete = ON;"
            )
            schema = try Self.prepareSchema(connection, readOnly: readOnly, directory: directory)
            if schema < 2 { authorColumn = "NULL" }
            guard let identity = try connection.text("SELECT value FROM meta WHERE key = 'identity'") else {
                throw StoreError.server(operation: "read identity", path: path, problem: .noIdentity)
            }
            self.identity = identity
            lastDataVersion = try connection.integer("PRAGMA data_version") ?? 0
        } catch {
            connection.close()
            throw Self.explained(error, path: path)
        }
        watcher = DirectoryWatcher(directory: directory, names: [fileName, fileName + "-wal"])
    }

    deinit { close() }

    /// Makes the empty database file with its mode set explicitly (never left to the umask), so the
    /// WAL and shared-memory files SQLite makes beside it take the same mode.
    private static func createFile(_ path: String, mode: mode_t) throws(StoreError) {
        let fd = Glibc.open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode)
        if fd < 0 {
            if errno == EEXIST { return }  // another process made it first
            throw StoreError.io(operation: "create", path: path, errno: errno)
        }
        defer { Glibc.close(fd) }
        try FileIO.check(fchmod(fd, mode), "chmod", path)
    }

    /// Creates or migrates the schema (forward only), inside one write transaction so that two
    /// processes creating the same store at once cannot both do it; refuses a newer schema. Returns
    /// the schema the store now has: opened to read, a store of schema 1 is read as it is (what
    /// schema 2 added, the author, it does not have).
    private static func prepareSchema(_ db: SQLiteConnection, readOnly: Bool, directory: String) throws(StoreError)
        -> Int64
    {
        let found = try db.integer("PRAGMA user_version") ?? 0
        if found > schemaVersion {
            throw StoreError.newerSchema(path: db.path, found: Int(found), supported: Int(schemaVersion))
        }
        if found == schemaVersion { return found }
        if readOnly {
            guard found >= 1 else { throw StoreError.notAStore(path: directory) }
            return found
        }
        // WAL is a property of the file: set once, outside a transaction.
        try db.execute("PRAGMA journal_mode = WAL")
        try db.execute("BEGIN IMMEDIATE")
        do throws(StoreError) {
            var version = try db.integer("PRAGMA user_version") ?? 0
            while version < schemaVersion {
                try db.execute(migrations[Int(version)])
                version += 1
            }
            if try db.text("SELECT value FROM meta WHERE key = 'identity'") == nil {
                try db.query(
                    "INSERT INTO meta(key, value) VALUES ('identity', ?), ('created', ?)",
                    [.text(UUID().uuidString.lowercased()), .text(CommitCodec.timestamp(Date()))])
            }
            try db.execute("PRAGMA user_version = \(version)")
            try db.execute("COMMIT")
            return version
        } catch {
            try? db.execute("ROLLBACK")
            throw error
        }
    }

    /// Each step takes the schema from version N to N + 1; never edited once released.
    private static let migrations = [
        """
        CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT;
        CREATE TABLE commits (
            sequence INTEGER PRIMARY KEY CHECK (sequence > 0),
            at TEXT NOT NULL,
            actor TEXT NOT NULL,
            payload TEXT NOT NULL
        ) STRICT;
        \(SQLiteCommitLog.appendOnly)
        CREATE TRIGGER commits_are_not_deleted BEFORE DELETE ON commits
            BEGIN SELECT RAISE(ABORT, 'commits are append-only'); END;
        CREATE TABLE presence (
            host TEXT NOT NULL, pid INTEGER NOT NULL, started TEXT NOT NULL,
            login TEXT NOT NULL, advisor TEXT NOT NULL, since TEXT NOT NULL,
            PRIMARY KEY (host, pid)
        ) STRICT;
        """,
        // 2: the author, as the operating system knows the writer (NULL for commits from before).
        "ALTER TABLE commits ADD COLUMN author TEXT;",
        // 3: the advisors' wrapped copies of the data key of an encrypted store.
        // A desk that opened the store before it was encrypted must not append plaintext after.
        """
        CREATE TABLE keyslots (advisor TEXT PRIMARY KEY, slot TEXT NOT NULL) STRICT;
        CREATE TRIGGER commits_are_sealed BEFORE INSERT ON commits
            WHEN EXISTS (SELECT 1 FROM keyslots) AND NEW.payload NOT LIKE 'sealed1:%'
            BEGIN SELECT RAISE(ABORT, 'the store is encrypted: open it again to write'); END;
        CREATE TABLE access_log (
            sequence INTEGER PRIMARY KEY CHECK (sequence > 0), entry TEXT NOT NULL, hash TEXT NOT NULL
        ) STRICT;
        \(SQLiteCommitLog.accessAppendOnly)
        CREATE TABLE access_pending (id INTEGER PRIMARY KEY, entry TEXT NOT NULL) STRICT;
        CREATE TABLE access_tags (tag TEXT NOT NULL, sequence INTEGER NOT NULL, PRIMARY KEY (tag, sequence)) STRICT, WITHOUT ROWID;
        CREATE TRIGGER keyslots_keep_one BEFORE DELETE ON keyslots WHEN (SELECT count(*) FROM keyslots) <= 1
            BEGIN SELECT RAISE(ABORT, 'the last key of a store is never removed'); END;
        """,
        // 4: each commit's link in the chain (`CommitChain`); commits from before are linked by the
        // first open that can (`linkUnchained`).
        """
        CREATE TABLE chain (sequence INTEGER PRIMARY KEY CHECK (sequence > 0), link TEXT NOT NULL) STRICT;
        \(SQLiteCommitLog.chainAppendOnly)
        CREATE TABLE rewritten (sequence INTEGER PRIMARY KEY) STRICT;
        INSERT INTO meta(key, value) SELECT 'unchained-until', CAST(coalesce(max(sequence), 0) AS TEXT) FROM commits;
        """,
    ]

    /// The triggers that keep the chain's links unchanged (lifted only inside `rewrite` and `reseal`).
    static let chainAppendOnly = """
        CREATE TRIGGER chain_is_not_updated BEFORE UPDATE ON chain
            BEGIN SELECT RAISE(ABORT, 'the chain is append-only'); END;
        CREATE TRIGGER chain_is_not_deleted BEFORE DELETE ON chain
            BEGIN SELECT RAISE(ABORT, 'the chain is append-only'); END;
        """

    /// The triggers that keep the access log append-only (lifted only inside `reseal`).
    static let accessAppendOnly = """
        CREATE TRIGGER access_log_is_not_updated BEFORE UPDATE ON access_log
            BEGIN SELECT RAISE(ABORT, 'the access log is append-only'); END;
        CREATE TRIGGER access_log_is_not_deleted BEFORE DELETE ON access_log
            BEGIN SELECT RAISE(ABORT, 'the access log is append-only'); END;
        """

    /// The trigger that refuses to change a commit (lifted only inside `reseal`'s transaction).
    static let appendOnly = """
        CREATE TRIGGER commits_are_not_updated BEFORE UPDATE ON commits
            BEGIN SELECT RAISE(ABORT, 'commits are append-only'); END;
        """

    public func head() throws(StoreError) -> UInt64 {
        UInt64(try connection.integer("SELECT coalesce(max(sequence), 0) FROM commits") ?? 0)
    }

    public func read(after position: UInt64, limit: Int) throws(StoreError) -> [EncodedCommit] {
        var commits: [EncodedCommit] = []
        try connection.query(
            "SELECT sequence, at, actor, payload, \(authorColumn) FROM commits WHERE sequence > ? ORDER BY sequence LIMIT ?",
            [.int(Int64(position)), .int(Int64(limit))]
        ) { row throws(StoreError) in
            commits.append(try commit(row))
        }
        return commits
    }

    public func read(sequences: [UInt64]) throws(StoreError) -> [EncodedCommit] {
        var found: [UInt64: EncodedCommit] = [:]
        for chunk in stride(from: 0, to: sequences.count, by: 500) {
            let part = sequences[chunk..<min(chunk + 500, sequences.count)]
            let marks = Array(repeating: "?", count: part.count).joined(separator: ",")
            try connection.query(
                "SELECT sequence, at, actor, payload, \(authorColumn) FROM commits WHERE sequence IN (\(marks))",
                part.map { .int(Int64($0)) }
            ) { row throws(StoreError) in
                let c = try commit(row)
                found[c.sequence] = c
            }
        }
        return sequences.compactMap { found[$0] }
    }

    private func commit(_ row: SQLiteRow) throws(StoreError) -> EncodedCommit {
        let sequence = UInt64(row.int64(0))
        guard let at = CommitCodec.date(row.text(1)) else {
            throw StoreError.corruptCommit(
                store: path, sequence: sequence, reason: "its time \"\(row.text(1))\" cannot be read")
        }
        return EncodedCommit(
            sequence: sequence, at: at, actor: row.text(2), payload: row.bytes(3),
            author: row.isNull(4) ? nil : row.text(4))
    }

    public func append(_ commit: EncodedCommit) throws(StoreError) -> AppendOutcome {
        guard !isReadOnly else { throw StoreError.readOnly }
        try connection.execute("BEGIN IMMEDIATE")
        do throws(StoreError) {
            let end = try head()
            guard end == commit.sequence - 1 else {
                let newer = try read(after: commit.sequence - 1, limit: Int.max)
                try connection.execute("ROLLBACK")
                return .conflict(newer: newer)
            }
            var written = commit
            written.author = author
            try insert(written)
            try insertLinks(CommitChain.links(chainKey, previous: try previousLink(commit.sequence), [written]))
            try connection.execute("COMMIT")
            return .appended
        } catch {
            if connection.isInTransaction { try? connection.execute("ROLLBACK") }
            throw Self.explained(error, path: path)
        }
    }

    public func appendAll(_ commits: [EncodedCommit], access: [AccessRecord], slots: [KeySlot]) throws(StoreError) {
        guard !isReadOnly else { throw StoreError.readOnly }
        let texts = try slots.map { (slot) throws(StoreError) in (slot.advisor, try slot.encoded()) }
        try connection.execute("BEGIN IMMEDIATE")
        do throws(StoreError) {
            guard try head() == 0 else { throw StoreError.notEmpty(path: path) }
            try insertSlots(texts)
            for (index, commit) in commits.enumerated() {
                guard commit.sequence == UInt64(index + 1) else {
                    throw StoreError.corruptCommit(
                        store: path, sequence: commit.sequence, reason: "expected sequence \(index + 1)")
                }
                try insert(commit)
            }
            try insertLinks(CommitChain.links(chainKey, previous: identity, commits))
            try insertCarriedAccess(access)
            try connection.execute("COMMIT")
        } catch {
            if connection.isInTransaction { try? connection.execute("ROLLBACK") }
            throw Self.explained(error, path: path)
        }
    }

    private func insert(_ commit: EncodedCommit) throws(StoreError) {
        try connection.query(
            "INSERT INTO commits(sequence, at, actor, payload, author) VALUES (?, ?, ?, ?, ?)",
            [
                .int(Int64(commit.sequence)), .text(CommitCodec.timestamp(commit.at)), .text(commit.actor),
                .text(String(decoding: commit.payload, as: UTF8.self)), commit.author.map { .text($0) } ?? .null,
            ])
    }

    // MARK: The chain

    public func chainLinks(after position: UInt64, limit: Int) throws(StoreError) -> [ChainLink] {
        guard schema >= 4 else { return [] }
        var links: [ChainLink] = []
        try connection.query(
            "SELECT sequence, link FROM chain WHERE sequence > ? ORDER BY sequence LIMIT ?",
            [.int(Int64(clamping: position)), .int(Int64(limit))]
        ) { row in
            links.append(ChainLink(sequence: UInt64(row.int64(0)), link: row.text(1)))
        }
        return links
    }

    public func linkUnchained() throws(StoreError) {
        guard !isReadOnly, schema >= 4 else { return }
        let linked = UInt64(try connection.integer("SELECT coalesce(max(sequence), 0) FROM chain") ?? 0)
        guard linked < (try unchainedUntil()) else { return }
        try connection.execute("BEGIN IMMEDIATE")
        do throws(StoreError) {
            try linkFrom(
                UInt64(try connection.integer("SELECT coalesce(max(sequence), 0) FROM chain") ?? 0),
                through: try unchainedUntil())
            try connection.execute("COMMIT")
        } catch {
            if connection.isInTransaction { try? connection.execute("ROLLBACK") }
            throw Self.explained(error, path: path)
        }
    }

    /// The link the commit at `sequence` follows (inside a write transaction): the store's identity
    /// for the first; commits before it that have none (from before the chain) are linked first.
    private func previousLink(_ sequence: UInt64) throws(StoreError) -> String {
        guard sequence > 1 else { return identity }
        if let link = try connection.text(
            "SELECT link FROM chain WHERE sequence = ?", [.int(Int64(clamping: sequence - 1))])
        {
            return link
        }
        // Only commits from before the chain (up to where the upgrade found the log) are linked
        // now; a link missing after that was removed, and linking it anew would hide what was done.
        let until = try unchainedUntil()
        guard sequence - 1 <= until else { throw StoreError.chainDamaged(store: path, sequence: sequence - 1) }
        try linkFrom(
            UInt64(try connection.integer("SELECT coalesce(max(sequence), 0) FROM chain") ?? 0), through: until)
        guard
            let link = try connection.text(
                "SELECT link FROM chain WHERE sequence = ?", [.int(Int64(clamping: sequence - 1))])
        else {
            throw StoreError.chainDamaged(store: path, sequence: sequence - 1)
        }
        return link
    }

    /// Where the log ended when it was upgraded to the chain: only commits up to there may be
    /// linked after the fact (0 for a store made with the chain).
    func unchainedUntil() throws(StoreError) -> UInt64 {
        UInt64(try connection.text("SELECT value FROM meta WHERE key = 'unchained-until'") ?? "0") ?? 0
    }

    public func wasRewritten(_ sequence: UInt64) throws(StoreError) -> Bool {
        guard schema >= 4 else { return false }
        return try connection.integer(
            "SELECT count(*) FROM rewritten WHERE sequence = ?", [.int(Int64(clamping: sequence))]) ?? 0 > 0
    }

    /// Links every commit after `linked` (the last linked one), inside a write transaction.
    private func linkFrom(_ linked: UInt64, through last: UInt64 = .max) throws(StoreError) {
        var previous =
            linked == 0
            ? identity : try connection.text("SELECT link FROM chain WHERE sequence = ?", [.int(Int64(linked))]) ?? ""
        var position = linked
        while position < last {
            let batch = try read(after: position, limit: Int(min(2_000, last - position)))
            guard let last = batch.last else { return }
            let links = CommitChain.links(chainKey, previous: previous, batch)
            try insertLinks(links)
            previous = links.last?.link ?? previous
            position = last.sequence
        }
    }

    /// Links every commit from `first` on anew (inside a write transaction: `rewrite`, `reseal`).
    func relink(from first: UInt64) throws(StoreError) {
        try connection.execute("DROP TRIGGER chain_is_not_updated; DROP TRIGGER chain_is_not_deleted;")
        try connection.query("DELETE FROM chain WHERE sequence >= ?", [.int(Int64(clamping: first))])
        try linkFrom(first - 1)
        try connection.execute(Self.chainAppendOnly)
    }

    private func insertLinks(_ links: [ChainLink]) throws(StoreError) {
        guard schema >= 4 else { return }
        for link in links {
            try connection.query(
                "INSERT INTO chain(sequence, link) VALUES (?, ?)", [.int(Int64(link.sequence)), .text(link.link)])
        }
    }

    public var changeDescriptor: Int32? { watcher?.descriptor }

    public func drainChangeDescriptor() { watcher?.drain() }

    public func hasChanged() throws(StoreError) -> Bool {
        let version = try connection.integer("PRAGMA data_version") ?? 0
        defer { lastDataVersion = version }
        return version != lastDataVersion
    }

    public func announce(_ presence: Presence) throws(StoreError) {
        guard !isReadOnly else { return }
        let started = ProcessIdentity.startTime(of: presence.pid) ?? ""
        try connection.execute("BEGIN IMMEDIATE")
        do throws(StoreError) {
            try removeDeparted()
            try connection.query(
                "INSERT OR REPLACE INTO presence(host, pid, started, login, advisor, since) VALUES (?, ?, ?, ?, ?, ?)",
                [
                    .text(presence.host), .int(Int64(presence.pid)), .text(started), .text(presence.login),
                    .text(presence.advisor), .text(CommitCodec.timestamp(presence.since)),
                ])
            try connection.execute("COMMIT")
        } catch {
            try? connection.execute("ROLLBACK")
            throw error
        }
        // Our own write does not change our connection's data_version, so nothing is reset here: a
        // colleague's commit just before it must still count as news.
        announced = presence
    }

    public func withdraw() {
        guard let announced, !isReadOnly else { return }
        try? connection.query(
            "DELETE FROM presence WHERE host = ? AND pid = ?", [.text(announced.host), .int(Int64(announced.pid))])
        self.announced = nil
    }

    public func present() throws(StoreError) -> [Presence] {
        var all: [(Presence, String)] = []
        try connection.query("SELECT host, pid, started, login, advisor, since FROM presence ORDER BY since") { row in
            let presence = Presence(
                advisor: row.text(4), login: row.text(3), host: row.text(0),
                pid: Int32(truncatingIfNeeded: row.int64(1)),
                since: CommitCodec.date(row.text(5)) ?? Date(timeIntervalSince1970: 0))
            all.append((presence, row.text(2)))
        }
        return all.filter { ProcessIdentity.isRunning($0.0.pid, host: $0.0.host, started: $0.1) }.map(\.0)
    }

    /// Rows of processes that ended without withdrawing (a crash, a lost SSH session).
    private func removeDeparted() throws(StoreError) {
        var gone: [(String, Int64)] = []
        try connection.query("SELECT host, pid, started FROM presence") { row in
            if !ProcessIdentity.isRunning(
                Int32(truncatingIfNeeded: row.int64(1)), host: row.text(0), started: row.text(2))
            {
                gone.append((row.text(0), row.int64(1)))
            }
        }
        for (host, pid) in gone {
            try connection.query("DELETE FROM presence WHERE host = ? AND pid = ?", [.text(host), .int(pid)])
        }
    }

    public func storageProblems() throws(StoreError) -> [CheckProblem] {
        var problems: [CheckProblem] = []
        try connection.query("PRAGMA integrity_check") { row in
            let line = row.text(0)
            if line != "ok" { problems.append(.integrity(path: path, finding: line)) }
        }
        let count = try connection.integer("SELECT count(*) FROM commits") ?? 0
        let last = try connection.integer("SELECT coalesce(max(sequence), 0) FROM commits") ?? 0
        if count != last { problems.append(.gaps(log: path, count: Int(count), last: UInt64(last))) }
        return problems
    }

    public func close() {
        withdraw()
        watcher?.close()
        accessWriter?.close()
        accessWriter = nil
        connection.close()
    }

    /// Database errors in words a person can act on.
    static func explained(_ error: StoreError, path: String) -> StoreError {
        guard case .database(_, _, let code, _) = error else { return error }
        switch SQLiteConnection.primary(code) {
        case SQLiteConnection.notADatabase: return .notADatabase(path: path)
        case SQLiteConnection.corrupt: return .damagedDatabase(path: path)
        case SQLiteConnection.full: return .io(operation: "write", path: path, errno: ENOSPC)
        default: return error
        }
    }

    /// Moves everything from the WAL into the database file and empties the WAL.
    func checkpoint() throws(StoreError) {
        try connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    }

    /// Writes a consistent, verified copy of the live database to `target` (`VACUUM INTO`), while
    /// other processes go on reading and writing.
    public func backup(to target: String) throws(StoreError) {
        try connection.query("VACUUM INTO ?", [.text(target)])
    }

    static var sqliteVersion: String { SQLiteConnection.libraryVersion }
}
