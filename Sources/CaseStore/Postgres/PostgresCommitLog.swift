import Foundation
import Logging
import PostgresNIO

#if canImport(Glibc)
    import Glibc
#endif

/// A region's store: the commit log in a PostgreSQL database.
///
/// Commits are rows keyed by their sequence; an append inserts the next sequence only while the
/// log still ends where the writer read it, so two appends at one position can never both win (the
/// primary key refuses the second). Durability is PostgreSQL's own (synchronous commit). A trigger
/// refuses UPDATE and DELETE of a commit and announces each new one with `NOTIFY`, which a
/// listening connection turns into a readable descriptor for the desk's loop.
///
/// postgres-nio is asynchronous; the store's protocol is not (the desk's loop and the command line
/// are plain sequential code), so each call runs its query on postgres-nio's event loop and waits.
public final class PostgresCommitLog: CommitLog {
    public static let schemaVersion = 4
    static let channel = "schakel_changes"

    public let identity: String
    public let isReadOnly: Bool
    public var displayName: String { location.displayName }
    public let location: PostgresLocation

    /// The connection queries go over; after the server went away it is made again (see `live`).
    private var connection: PostgresConnection
    /// The server's process for `connection` (`pg_backend_pid()`): after the connection went while
    /// a change was under way, schakel waits until it is gone before it looks (`settled`).
    private var backendPID: Int32?
    private var listener: PostgresConnection?
    private let configuration: PostgresConnection.Configuration
    let logger: Logger
    private let wake: WakePipe?
    /// When the next reconnect may be tried, and how long to wait after that one fails (backoff).
    private var nextReconnect = Date.distantPast
    private var reconnectDelay: TimeInterval = 0.5
    private var announced: Presence?
    private var lastHead: UInt64 = 0
    private var isClosed = false
    /// When a listener that failed or ended on its own may be started again.
    private var nextListen = Date.distantPast
    /// The author as a query reads it (a store of schema 1 opened to read has none).
    private var authorColumn = "nullif(author::text, '')"
    /// The schema the database has (one opened only to read is not migrated).
    private(set) var schema = PostgresCommitLog.schemaVersion
    public var chainKey = ChainKey.plain

    /// Connects to the database `location` names; `create` makes the schema when it is missing.
    public init(_ location: PostgresLocation, readOnly: Bool, create: Bool) throws(StoreError) {
        isReadOnly = readOnly
        self.location = location
        var logger = Logger(label: "schakel.postgres")
        logger.logLevel = .critical
        self.logger = logger
        let configuration = try location.configuration
        self.configuration = configuration
        (connection, backendPID) = try Self.connect(configuration, location: location, logger: logger)
        do throws(StoreError) {
            schema = try Self.prepareSchema(connection, create: create && !readOnly, location: location, logger: logger)
            if schema < 2 { authorColumn = "NULL::text" }
            guard
                let identity = try Self.text(
                    connection, "SELECT value FROM schakel_meta WHERE key = 'identity'", logger: logger,
                    location: location)
            else {
                throw StoreError.notAStore(path: location.displayName)
            }
            self.identity = identity
        } catch {
            let opened = connection
            _ = try? blocking { try await opened.close() }
            throw error
        }
        // A second connection only listens, so a long query never delays a wake-up.
        wake = WakePipe()
        listener = nil
        listener = startListening()
        lastHead = (try? head()) ?? 0
    }

    deinit { close() }

    /// A second connection only listens, so a long query never delays a wake-up. LISTEN is in place
    /// before this returns, so no commit after it goes unnoticed; when the connection ends (the
    /// server went away), the pipe is signalled so the desk looks, and finds out.
    private func startListening() -> PostgresConnection? {
        // A listener that keeps ending is started again at most once a second; one that cannot be
        // started, every five seconds (the desk's own once-a-second look covers the gap).
        nextListen = Date().addingTimeInterval(1)
        let retry = Date().addingTimeInterval(5)
        guard let pipe = wake,
            let listening = try? Self.connect(configuration, location: location, logger: logger).connection
        else {
            nextListen = retry
            return nil
        }
        let channel = Self.channel
        let started = StartSignal()
        // On the bridge's executor, not the cooperative pool: threads of that pool may all be
        // blocked by synchronous callers (the tests), and the wake-up must still come.
        Task(executorPreference: BridgeExecutor.shared) {
            do {
                // The closure runs once LISTEN is in place, and listens until the connection ends.
                try await listening.listen(on: channel) { notifications in
                    started.signal(true)
                    for try await notification in notifications {
                        pipe.signal(presence: notification.payload == "presence")
                    }
                }
            } catch {}
            started.signal(false)
            pipe.signal(presence: true)
        }
        guard started.wait(seconds: 10) else {
            nextListen = retry
            _ = try? blocking { try await listening.close() }
            return nil
        }
        return listening
    }

    /// The connection, made again if the server went away: at most once per backoff interval
    /// (0.5 s doubling to 5 s), so a desk that asks every second does not hammer a server that is
    /// down. After reconnecting it listens again and announces itself again.
    func live() throws(StoreError) -> PostgresConnection {
        guard connection.isClosed else { return connection }
        guard !isClosed else { throw StoreError.server(operation: "query", path: displayName, problem: .closed) }
        guard Date() >= nextReconnect else {
            throw StoreError.server(operation: "connect", path: displayName, problem: .connectionLostRetrying)
        }
        do throws(StoreError) {
            (connection, backendPID) = try Self.connect(configuration, location: location, logger: logger)
        } catch {
            nextReconnect = Date().addingTimeInterval(reconnectDelay)
            reconnectDelay = min(5, reconnectDelay * 2)
            throw error
        }
        reconnectDelay = 0.5
        if let old = listener { _ = try? blocking { try await old.close() } }
        listener = startListening()
        if let announced { try? announce(announced) }
        return connection
    }

    /// A new connection, and the server's process behind it.
    private static func connect(
        _ configuration: PostgresConnection.Configuration, location: PostgresLocation,
        logger: Logger
    ) throws(StoreError) -> (connection: PostgresConnection, pid: Int32?) {
        do {
            let connection = try blocking {
                try await PostgresConnection.connect(configuration: configuration, id: 1, logger: logger)
            }
            do {
                // Acknowledged means durable, whatever the server's default says.
                let pid: Int32? = try blocking(watching: connection) { () async throws -> Int32? in
                    for try await (_, pid) in try await connection.query(
                        "SELECT set_config('synchronous_commit', 'on', false), pg_backend_pid()", logger: logger
                    ).decode((String, Int32).self) {
                        return pid
                    }
                    return nil
                }
                return (connection, pid)
            } catch {
                // A connection is closed before it is let go of, also when it broke just now.
                _ = try? blocking { try await connection.close() }
                throw error
            }
        } catch {
            throw explained(error, location: location, operation: "connect")
        }
    }

    /// After the connection went while a change was under way: connected again, whether the
    /// server's process that was writing it (`pid`) is gone, so that what it did is final. The
    /// process is asked to stop, then waited for (a few seconds): it may still be working, and
    /// commit, after the client lost its answer. False when it is still there.
    private func settled(_ pid: Int32?) throws(StoreError) -> Bool {
        guard let pid else { return false }
        // Allowed for the role's own processes; refused (and then only waited for) otherwise.
        _ = try? rows("SELECT pg_terminate_backend(\(pid))", as: Bool.self)
        let deadline = Date().addingTimeInterval(5)
        while (try integer("SELECT count(*)::bigint FROM pg_stat_activity WHERE pid = \(pid)") ?? 0) > 0 {
            guard Date() < deadline else { return false }
            usleep(20_000)
        }
        return true
    }

    public func head() throws(StoreError) -> UInt64 {
        UInt64(try integer("SELECT coalesce(max(sequence), 0)::bigint FROM commits") ?? 0)
    }

    public func read(after position: UInt64, limit: Int) throws(StoreError) -> [EncodedCommit] {
        let after = Int64(position)
        let count = Int64(min(limit, Int(Int32.max)))
        return try commits(
            "SELECT sequence, at, actor, payload, \(unescaped: authorColumn) FROM commits WHERE sequence > \(after) ORDER BY sequence LIMIT \(count)"
        )
    }

    public func read(sequences: [UInt64]) throws(StoreError) -> [EncodedCommit] {
        guard !sequences.isEmpty else { return [] }
        let wanted = sequences.map { Int64($0) }
        let found = try commits(
            "SELECT sequence, at, actor, payload, \(unescaped: authorColumn) FROM commits WHERE sequence = ANY(\(wanted))"
        )
        let bySequence = Dictionary(found.map { ($0.sequence, $0) }, uniquingKeysWith: { first, _ in first })
        return sequences.compactMap { bySequence[$0] }
    }

    private func commits(_ query: PostgresQuery) throws(StoreError) -> [EncodedCommit] {
        let connection = try live()
        let logger = self.logger
        let rows: [(Int64, String, String, String, String?)]
        do {
            rows = try blocking(watching: connection) {
                var result: [(Int64, String, String, String, String?)] = []
                for try await row in try await connection.query(query, logger: logger).decode(
                    (Int64, String, String, String, String?).self)
                {
                    result.append(row)
                }
                return result
            }
        } catch {
            throw Self.explained(error, location: location, operation: "read")
        }
        var commits: [EncodedCommit] = []
        commits.reserveCapacity(rows.count)
        for (sequence, at, actor, payload, author) in rows {
            guard let date = CommitCodec.date(at) else {
                throw StoreError.corruptCommit(
                    store: displayName, sequence: UInt64(sequence), reason: "its time \"\(at)\" cannot be read")
            }
            commits.append(
                EncodedCommit(
                    sequence: UInt64(sequence), at: date, actor: actor, payload: Array(payload.utf8), author: author))
        }
        return commits
    }

    public func append(_ commit: EncodedCommit) throws(StoreError) -> AppendOutcome {
        guard !isReadOnly else { throw StoreError.readOnly }
        let sequence = Int64(commit.sequence)
        let at = CommitCodec.timestamp(commit.at)
        let actor = commit.actor
        let payload = String(decoding: commit.payload, as: UTF8.self)
        guard let previous = try previousLink(commit.sequence) else {
            return .conflict(newer: try read(after: commit.sequence - 1, limit: Int.max))
        }
        let link = CommitChain.link(chainKey, previous: previous, commit)
        // One statement: it inserts the commit and its link only while the log ends just before
        // this commit; a writer that raced to the same sequence loses on the primary key.
        let inserted: Int64?
        let writer = backendPID
        do {
            inserted = try integerRaising(
                """
                WITH c AS (
                    INSERT INTO commits(sequence, at, actor, payload)
                    SELECT \(sequence), \(at), \(actor), \(payload)
                    WHERE (SELECT coalesce(max(sequence), 0) FROM commits) = \(sequence) - 1
                    AND (\(sequence) = 1 OR (SELECT link FROM chain WHERE sequence = \(sequence) - 1) = \(previous))
                    RETURNING sequence
                )
                INSERT INTO chain(sequence, link) SELECT sequence, \(link) FROM c RETURNING sequence
                """)
        } catch {
            if Self.sqlState(error) == "23505" {
                return .conflict(newer: try read(after: commit.sequence - 1, limit: Int.max))
            }
            // The connection went while the INSERT was under way: it may have committed, or still
            // commit (the server's process goes on until it notices). Once that process is gone,
            // look, before saying it failed, so a retry never writes it twice.
            let lost = Self.explained(error, location: location, operation: "append")
            guard Self.sqlState(error) == nil else { throw lost }
            let final: Bool
            do { final = try settled(writer) } catch { throw lost }
            guard final else {
                throw StoreError.server(operation: "append", path: displayName, problem: .outcomeUnknown)
            }
            guard let written = try read(sequences: [commit.sequence]).first else { throw lost }
            guard written.payload == commit.payload else {
                return .conflict(newer: try read(after: commit.sequence - 1, limit: Int.max))
            }
            lastHead = max(lastHead, commit.sequence)
            return .appended
        }
        guard inserted != nil else { return .conflict(newer: try read(after: commit.sequence - 1, limit: Int.max)) }
        lastHead = max(lastHead, commit.sequence)
        return .appended
    }

    public func appendAll(_ commits: [EncodedCommit], access: [AccessRecord], slots: [KeySlot]) throws(StoreError) {
        guard !isReadOnly else { throw StoreError.readOnly }
        // One transaction on one connection: should it drop, every statement after fails and
        // nothing is committed (a reconnect in between would autocommit the rest).
        try transaction { (run, count) throws(StoreError) in
            try run("LOCK TABLE commits IN EXCLUSIVE MODE")
            guard try count("SELECT count(*)::text FROM commits") == 0 else {
                throw StoreError.notEmpty(path: displayName)
            }
            try insertSlots(slots, run, count)
            for (index, commit) in commits.enumerated() {
                guard commit.sequence == UInt64(index + 1) else {
                    throw StoreError.corruptCommit(
                        store: displayName, sequence: commit.sequence, reason: "expected sequence \(index + 1)")
                }
            }
            for chunk in stride(from: 0, to: commits.count, by: 500) {
                let part = commits[chunk..<min(chunk + 500, commits.count)]
                let sequences = part.map { Int64($0.sequence) }
                let ats = part.map { CommitCodec.timestamp($0.at) }
                let actors = part.map(\.actor)
                let payloads = part.map { String(decoding: $0.payload, as: UTF8.self) }
                // An author the source did not record travels as '' (read back as none); the
                // database keeps the authors only for the store's owner (see `schakel_author`).
                let authors = part.map { $0.author ?? "" }
                try run(
                    """
                    INSERT INTO commits(sequence, at, actor, payload, author)
                    SELECT * FROM unnest(\(sequences)::bigint[], \(ats)::text[], \(actors)::text[], \(payloads)::text[], \(authors)::name[])
                    """)
            }
            try insertLinks(CommitChain.links(chainKey, previous: identity, commits), run)
            try insertCarriedAccess(access, run, count)
        }
        guard try head() == UInt64(commits.count) else {
            throw StoreError.corruptCommit(
                store: displayName, sequence: 0, reason: "the commits did not all arrive; nothing may be relied on")
        }
    }

    public var changeDescriptor: Int32? { wake?.readEnd }

    public func drainChangeDescriptor() { wake?.drain() }

    /// The log's end moved, or someone opened or left the store (a presence notification).
    public func hasChanged() throws(StoreError) -> Bool {
        let presence = wake?.takePresenceSignals() ?? false
        let end = try head()
        // The listening connection can end while the other one lives (the server ended that
        // backend, a proxy closed an idle connection): listen again, at most every few seconds.
        if wake != nil, listener?.isClosed ?? true, !connection.isClosed, Date() >= nextListen {
            if let old = listener { _ = try? blocking { try await old.close() } }
            listener = startListening()
        }
        defer { lastHead = end }
        return presence || end != lastHead
    }

    public func announce(_ presence: Presence) throws(StoreError) {
        guard !isReadOnly else { return }
        announced = presence
        let host = presence.host
        let pid = Int32(presence.pid)
        let login = presence.login
        let advisor = presence.advisor
        let since = CommitCodec.timestamp(presence.since)
        try run(
            """
            INSERT INTO presence(backend, host, pid, login, advisor, since)
            VALUES (pg_backend_pid(), \(host), \(pid), \(login), \(advisor), \(since))
            ON CONFLICT (backend) DO UPDATE SET host = excluded.host, pid = excluded.pid, login = excluded.login,
                advisor = excluded.advisor, since = excluded.since
            """)
        try run("DELETE FROM presence WHERE backend NOT IN (SELECT pid FROM pg_stat_activity)")
    }

    public func withdraw() {
        guard !isReadOnly, !isClosed else { return }
        announced = nil
        guard !connection.isClosed else { return }
        try? run("DELETE FROM presence WHERE backend = pg_backend_pid()")
    }

    /// Who has the store open: rows whose database connection still exists.
    public func present() throws(StoreError) -> [Presence] {
        let connection = try live()
        let logger = self.logger
        do {
            let rows: [(String, Int32, String, String, String)] = try blocking(watching: connection) {
                var result: [(String, Int32, String, String, String)] = []
                let query: PostgresQuery = """
                    SELECT host, pid, login, advisor, since FROM presence
                    WHERE backend IN (SELECT pid FROM pg_stat_activity) ORDER BY since
                    """
                for try await row in try await connection.query(query, logger: logger).decode(
                    (String, Int32, String, String, String).self)
                {
                    result.append(row)
                }
                return result
            }
            return rows.map {
                Presence(
                    advisor: $0.3, login: $0.2, host: $0.0, pid: $0.1,
                    since: CommitCodec.date($0.4) ?? Date(timeIntervalSince1970: 0))
            }
        } catch {
            throw Self.explained(error, location: location, operation: "read presence")
        }
    }

    /// The region's configuration files as the database holds them (name → contents).
    public func configurationFiles() throws(StoreError) -> [String: Data] {
        let connection = try live()
        let logger = self.logger
        do {
            let rows: [(String, String)] = try blocking(watching: connection) {
                var result: [(String, String)] = []
                for try await row in try await connection.query("SELECT name, body FROM config", logger: logger).decode(
                    (String, String).self)
                {
                    result.append(row)
                }
                return result
            }
            return Dictionary(rows.map { ($0.0, Data($0.1.utf8)) }, uniquingKeysWith: { _, last in last })
        } catch {
            throw Self.explained(error, location: location, operation: "read configuration")
        }
    }

    /// Replaces one configuration file (the caller has validated it).
    public func setConfiguration(_ name: String, _ contents: Data) throws(StoreError) {
        let body = String(decoding: contents, as: UTF8.self)
        try run(
            "INSERT INTO config(name, body) VALUES (\(name), \(body)) ON CONFLICT (name) DO UPDATE SET body = excluded.body"
        )
    }

    public func storageProblems() throws(StoreError) -> [CheckProblem] {
        let count = try integer("SELECT count(*)::bigint FROM commits") ?? 0
        let last = try integer("SELECT coalesce(max(sequence), 0)::bigint FROM commits") ?? 0
        return count == last ? [] : [.gaps(log: displayName, count: Int(count), last: UInt64(last))]
    }

    public func close() {
        guard !isClosed else { return }
        withdraw()
        closeConnections()
    }

    private func closeConnections() {
        isClosed = true
        let connection = self.connection
        let listener = self.listener
        _ = try? blocking {
            try? await listener?.close()
            try await connection.close()
        }
        wake?.close()
    }

    /// Closes the connection without withdrawing, as a crash would (for the presence tests).
    func dropConnectionForTesting() {
        closeConnections()
    }

    // MARK: Queries, waited for

    func run(_ query: PostgresQuery) throws(StoreError) {
        try Self.run(try live(), query, logger: logger, location: location)
    }

    private func integer(_ query: PostgresQuery) throws(StoreError) -> Int64? {
        do { return try integerRaising(query) } catch {
            throw Self.explained(error, location: location, operation: "read")
        }
    }

    private func integerRaising(_ query: PostgresQuery) throws -> Int64? {
        let connection = try live()
        let logger = self.logger
        return try blocking(watching: connection) {
            for try await (value) in try await connection.query(query, logger: logger).decode(Int64.self) {
                return value
            }
            return nil
        }
    }
}
