import CaseModel
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// The two halves of a parallel decode, each written by one thread.
private final class Halves: @unchecked Sendable {
    private let lock = NSLock()
    private var results: [Int: Result<[Case], StoreError>] = [:]

    func set(_ half: Int, _ result: Result<[Case], StoreError>) {
        lock.lock()
        results[half] = result
        lock.unlock()
    }

    func get(_ half: Int) throws(StoreError) -> [Case] {
        lock.lock()
        let result = results[half]
        lock.unlock()
        switch result {
        case .success(let cases): return cases
        case .failure(let error): throw error
        case nil: throw StoreError.damagedDatabase(path: "snapshot")
        }
    }
}

/// The ledger at one commit of one log, in a small SQLite database of its own beside the log: a
/// row per case (the compact binary layout of `Snapshot.swift`), and one each for the numbering,
/// the partner directory and the consultation log.
///
/// Derived data, bound to its log: it names the log's identity, the commit it reaches and that
/// commit's digest, and is rebuilt when any of them does not match. Because it is a table, a
/// command can read only the cases it touches, and an update writes only the cases that changed
/// since (not the whole region); because it is a database of its own, updating it never holds the
/// log's write lock.
final class SnapshotStore {
    static let fileName = "schakel.snapshot"
    static let schemaVersion: Int64 = 2

    /// What the snapshot says it covers.
    struct Binding: Equatable {
        var identity: String
        var sequence: UInt64
        var digest: UInt64
        /// The replay rules the snapshot was derived under (`Ledger.rulesVersion`; 1 before it was kept).
        var rules: Int = Ledger.rulesVersion
        /// The fingerprint of the key its rows are sealed with; empty when they are not sealed.
        var key: String = ""
    }

    let path: String
    let connection: SQLiteConnection
    /// An encrypted store's data key: every row is sealed with it, its name as context, so a row
    /// moved to another case's place does not open.
    let key: DataKey?

    /// Opens (making it when `create`) the snapshot database at `path`.
    init(path: String, create: Bool, fileMode: mode_t, key: DataKey? = nil) throws(StoreError) {
        self.path = path
        self.key = key
        if !FileIO.exists(path) {
            guard create else { throw StoreError.notAStore(path: path) }
            let fd = Glibc.open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, fileMode)
            if fd >= 0 {
                _ = fchmod(fd, fileMode)
                Glibc.close(fd)
            } else if errno != EEXIST {
                throw StoreError.io(operation: "create", path: path, errno: errno)
            }
        }
        connection = try SQLiteConnection(path: path, readOnly: !create)
        connection.setBusyTimeout(milliseconds: SQLiteCommitLog.busyTimeoutMilliseconds)
        do throws(StoreError) {
            try connection.execute(
                "PRAGMA synchronous = NORMAL; PRAGMA temp_store = MEMORY; PRAGMA secure_delete = ON;")
            let version = try connection.integer("PRAGMA user_version") ?? 0
            if version != Self.schemaVersion {
                guard create, version == 0 else { throw StoreError.damagedDatabase(path: path) }
                try connection.execute("PRAGMA journal_mode = WAL")
                try connection.execute(
                    """
                    BEGIN IMMEDIATE;
                    CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT;
                    CREATE TABLE IF NOT EXISTS cases (year INTEGER NOT NULL, number INTEGER NOT NULL, open INTEGER NOT NULL,
                        body BLOB NOT NULL, crc INTEGER NOT NULL, PRIMARY KEY (year, number)) STRICT;
                    CREATE TABLE IF NOT EXISTS parts (name TEXT PRIMARY KEY, body BLOB NOT NULL, crc INTEGER NOT NULL) STRICT;
                    CREATE TABLE IF NOT EXISTS links (year INTEGER NOT NULL, number INTEGER NOT NULL, body BLOB NOT NULL,
                        crc INTEGER NOT NULL, PRIMARY KEY (year, number)) STRICT;
                    PRAGMA user_version = \(Self.schemaVersion);
                    COMMIT;
                    """)
            }
            // The queue's open cases are read through it (`openLedger`); a snapshot made before it
            // was kept gets it from the first open that may write (derived, so no new version).
            if create { try? connection.execute("CREATE INDEX IF NOT EXISTS cases_open ON cases(open)") }
        } catch {
            if connection.isInTransaction { try? connection.execute("ROLLBACK") }
            connection.close()
            throw SQLiteCommitLog.explained(error, path: path)
        }
    }

    deinit { close() }

    func close() { connection.close() }

    /// What the snapshot covers, or nil when it holds nothing yet.
    func binding() throws(StoreError) -> Binding? {
        try Self.binding(in: connection)
    }

    /// The binding as `db` reads it (a second connection checks it sees the same moment).
    static func binding(in db: SQLiteConnection) throws(StoreError) -> Binding? {
        var values: [String: String] = [:]
        try db.query("SELECT key, value FROM meta") { row in values[row.text(0)] = row.text(1) }
        guard let identity = values["identity"], let sequence = values["sequence"].flatMap(UInt64.init),
            let digest = values["digest"].flatMap(UInt64.init)
        else { return nil }
        return Binding(
            identity: identity, sequence: sequence, digest: digest, rules: values["rules"].flatMap(Int.init) ?? 1,
            key: values["key"] ?? "")
    }

    /// The ledger it holds: every case, or only `cases` (the numbering, the partners and the
    /// consultations always come whole). Call inside `reading` for a consistent picture.
    /// `parallelFrom`: from how many cases the decode is split over two threads.
    /// `consultations: false` leaves the consultation log out (read with `consultations(sequence:)`).
    func ledger(
        cases only: Set<CaseID>?, sequence: UInt64, parallelFrom: Int = 20_000, consultations withLog: Bool = true
    ) throws(StoreError) -> Ledger {
        var (numbering, partners, consultations) = try parts(sequence: sequence, consultations: withLog)
        var cases: [CaseID: Case] = [:]
        if let only {
            for id in only { if let c = try self.case(id) { cases[id] = c } }
            for id in only { partners.adopt(links: try links(of: id)) }
        } else {
            cases = try allCases(sequence: sequence, parallelFrom: parallelFrom)
            var all: [CaseLink] = []
            try connection.query("SELECT body, crc, year, number FROM links") { row throws(StoreError) in
                all += try Self.decodeLinks(
                    try Self.checked(
                        row, body: 0, crc: 1, sequence: sequence, path: path, key: key,
                        context: Self.context("links", row, year: 2, number: 3)), path: path)
            }
            partners = PartnerDirectory(
                organisations: partners.organisations, contacts: partners.contacts,
                lastReached: partners.lastReached, links: all,
                lastOrganisationNumber: partners.lastOrganisationNumber,
                lastContactNumber: partners.lastContactNumber)
        }
        let book = CaseBook(
            cases: cases, lastSequence: sequence, lastCaseNumber: Dictionary(numbering, uniquingKeysWith: max))
        return Ledger(book: book, partners: partners, consultations: consultations)
    }

    /// The numbering, the partner directory (without links) and the consultation log.
    func parts(
        sequence: UInt64, consultations wanted: Bool = true
    ) throws(StoreError) -> (numbering: [(Int, Int)], partners: PartnerDirectory, consultations: ConsultationLog) {
        try Self.parts(
            connection, path: path, key: key, sequence: sequence,
            where: wanted ? "" : " WHERE name <> 'consultations'")
    }

    static func parts(
        _ db: SQLiteConnection, path: String, key: DataKey?, sequence: UInt64, where condition: String
    ) throws(StoreError) -> (numbering: [(Int, Int)], partners: PartnerDirectory, consultations: ConsultationLog) {
        var numbering: [(Int, Int)] = []
        var partners = PartnerDirectory()
        var consultations = ConsultationLog()
        try db.query("SELECT name, body, crc FROM parts" + condition) { row throws(StoreError) in
            var reader = BinaryReader(
                try checked(
                    row, body: 1, crc: 2, sequence: sequence, path: path, key: key, context: "part " + row.text(0)))
            do {
                switch row.text(0) {
                case "numbering": numbering = try reader.array { r in (try r.int(), try r.int()) }
                case "partners": partners = try reader.readPartners()
                case "consultations": consultations = try reader.readConsultations()
                default: break
                }
            } catch {
                throw StoreError.corruptCommit(
                    store: path, sequence: sequence, reason: "the snapshot's \(row.text(0)) cannot be read")
            }
        }
        return (numbering, partners, consultations)
    }

    /// Every case. A region's worth is decoded on two threads, each reading half the rows through
    /// its own connection; the second reads the same moment as this one (it checks the binding),
    /// or the work is done on one thread.
    private func allCases(sequence: UInt64, parallelFrom: Int) throws(StoreError) -> [CaseID: Case] {
        let count = Int(try connection.integer("SELECT count(*) FROM cases") ?? 0)
        let last = try connection.integer("SELECT coalesce(max(rowid), 0) FROM cases") ?? 0
        guard count >= parallelFrom, let binding = try binding(),
            let helper = try? SQLiteConnection(path: path, readOnly: true)
        else {
            return try Self.decodeCases(
                connection, path: path, key: key, rowids: 0...last, sequence: sequence, capacity: count)
        }
        defer { helper.close() }
        try helper.execute("BEGIN")
        defer { try? helper.execute("COMMIT") }
        guard (try? Self.binding(in: helper)) == binding else {
            return try Self.decodeCases(
                connection, path: path, key: key, rowids: 0...last, sequence: sequence, capacity: count)
        }
        let middle = last / 2
        let halves = Halves()
        // Each connection is used by one thread only, and this one waits for both.
        nonisolated(unsafe) let connections = [connection, helper]
        let path = self.path
        let key = self.key
        DispatchQueue.concurrentPerform(iterations: 2) { half in
            let range = half == 0 ? 0...middle : (middle + 1)...max(middle + 1, last)
            halves.set(
                half,
                Result { () throws(StoreError) in
                    try Self.decodeRows(
                        connections[half], path: path, key: key, rowids: range, sequence: sequence,
                        capacity: count / 2 + 1)
                })
        }
        var cases: [CaseID: Case] = [:]
        cases.reserveCapacity(count)
        for half in 0..<2 { for c in try halves.get(half) { cases[c.id] = c } }
        return cases
    }

    private static func decodeCases(
        _ db: SQLiteConnection, path: String, key: DataKey?, rowids: ClosedRange<Int64>, sequence: UInt64,
        capacity: Int
    ) throws(StoreError) -> [CaseID: Case] {
        var cases: [CaseID: Case] = [:]
        cases.reserveCapacity(capacity)
        for c in try decodeRows(db, path: path, key: key, rowids: rowids, sequence: sequence, capacity: capacity) {
            cases[c.id] = c
        }
        return cases
    }

    private static func decodeRows(
        _ db: SQLiteConnection, path: String, key: DataKey?, rowids: ClosedRange<Int64>, sequence: UInt64,
        capacity: Int
    ) throws(StoreError) -> [Case] {
        var cases: [Case] = []
        cases.reserveCapacity(capacity)
        try db.query(
            "SELECT body, crc, year, number FROM cases WHERE rowid BETWEEN ? AND ?",
            [.int(rowids.lowerBound), .int(rowids.upperBound)]
        ) {
            row throws(StoreError) in
            cases.append(
                try decodeCase(
                    try checked(
                        row, body: 0, crc: 1, sequence: sequence, path: path, key: key,
                        context: context("case", row, year: 2, number: 3)), sequence: sequence, path: path))
        }
        return cases
    }

    /// The contacts linked to one case, as the snapshot holds them.
    func links(of id: CaseID) throws(StoreError) -> [CaseLink] {
        var found: [CaseLink] = []
        try connection.query(
            "SELECT body, crc FROM links WHERE year = ? AND number = ?",
            [.int(Int64(id.year)), .int(Int64(id.sequence))]
        ) {
            row throws(StoreError) in
            found = try Self.decodeLinks(
                try Self.checked(
                    row, body: 0, crc: 1, sequence: 0, path: path, key: key, context: Self.context("links", id)),
                path: path)
        }
        return found
    }

    static func decodeLinks(_ bytes: [UInt8], path: String) throws(StoreError) -> [CaseLink] {
        var reader = BinaryReader(bytes)
        do { return try reader.readLinks() } catch {
            throw StoreError.corruptCommit(
                store: path, sequence: 0, reason: "a case's links in the snapshot cannot be read")
        }
    }

    /// One case as the snapshot holds it.
    func `case`(_ id: CaseID) throws(StoreError) -> Case? {
        var found: Case?
        try connection.query(
            "SELECT body, crc FROM cases WHERE year = ? AND number = ?",
            [.int(Int64(id.year)), .int(Int64(id.sequence))]
        ) {
            row throws(StoreError) in
            found = try Self.decodeCase(
                try Self.checked(
                    row, body: 0, crc: 1, sequence: 0, path: path, key: key, context: Self.context("case", id)),
                sequence: 0, path: path)
        }
        return found
    }

    /// A row's body, if its checksum holds: SQLite does not checksum pages, and a damaged snapshot
    /// must be rebuilt, never believed.
    /// In an encrypted store the checksum is of the sealed row, which then must open.
    static func checked(
        _ row: SQLiteRow, body: Int32, crc: Int32, sequence: UInt64, path: String, key: DataKey?, context: String
    ) throws(StoreError) -> [UInt8] {
        let bytes = row.bytes(body)
        guard Int64(CRC32.checksum(bytes)) == row.int64(crc) else {
            throw StoreError.corruptCommit(
                store: path, sequence: sequence, reason: "a row of the snapshot does not match its checksum")
        }
        guard let key else { return bytes }
        do throws(StoreError) {
            return try key.open(bytes, context: context)
        } catch {
            throw StoreError.corruptCommit(
                store: path, sequence: sequence, reason: "a row of the snapshot does not open with the store's key")
        }
    }

    /// A row as it is written: sealed with its name as context in an encrypted store.
    private func body(_ bytes: [UInt8], context: String) throws(StoreError) -> [UInt8] {
        guard let key else { return bytes }
        return try key.seal(bytes, context: context)
    }

    static func context(_ kind: String, _ id: CaseID) -> String { "\(kind) \(id.year)-\(id.sequence)" }

    static func context(_ kind: String, _ row: SQLiteRow, year: Int32, number: Int32) -> String {
        "\(kind) \(row.int64(year))-\(row.int64(number))"
    }

    static func decodeCase(_ bytes: [UInt8], sequence: UInt64, path: String) throws(StoreError) -> Case {
        var reader = BinaryReader(bytes)
        do { return try reader.readCase() } catch {
            throw StoreError.corruptCommit(
                store: path, sequence: sequence, reason: "a case in the snapshot cannot be read")
        }
    }

    /// Writes the links of `ids` (every case's when nil), a row per case that has any.
    private func writeLinks(_ directory: PartnerDirectory, for ids: Set<CaseID>?) throws(StoreError) {
        var byCase: [CaseID: [CaseLink]] = [:]
        for link in directory.links where ids?.contains(link.caseID) ?? true {
            byCase[link.caseID, default: []].append(link)
        }
        if ids == nil { try connection.execute("DELETE FROM links") }
        for id in ids ?? Set(byCase.keys) {
            guard let links = byCase[id] else {
                try connection.query(
                    "DELETE FROM links WHERE year = ? AND number = ?", [.int(Int64(id.year)), .int(Int64(id.sequence))])
                continue
            }
            var writer = BinaryWriter()
            writer.write(links)
            let stored = try body(writer.bytes, context: Self.context("links", id))
            try connection.query(
                "INSERT OR REPLACE INTO links(year, number, body, crc) VALUES (?, ?, ?, ?)",
                [
                    .int(Int64(id.year)), .int(Int64(id.sequence)), .blob(stored),
                    .int(Int64(CRC32.checksum(stored))),
                ])
        }
    }

    /// Opens a read transaction: everything read until `endReading` is of one moment, whatever
    /// other processes write meanwhile (WAL keeps that moment for this reader).
    func beginReading() throws(StoreError) {
        guard !connection.isInTransaction else { return }
        try connection.execute("BEGIN")
        // A deferred transaction takes its moment at the first read.
        _ = try connection.integer("SELECT count(*) FROM meta")
    }

    func endReading() throws(StoreError) {
        if connection.isInTransaction { try connection.execute("COMMIT") }
    }

    /// Brings the snapshot to `ledger`, which has moved on from `base` (the snapshot's sequence
    /// when it was read): only the cases in `changed` are written (all, when `changed` is nil).
    /// Returns false, writing nothing, when an incremental update cannot be made because the
    /// snapshot was moved from under us; true when written, or when another process has meanwhile
    /// brought it as far or further.
    @discardableResult
    /// `replacing`: the snapshot was found unusable (damaged, of another log): rewrite it whatever it says.
    /// `allLinks`: every case's links are rewritten (a removed contact took links from many cases).
    func update(
        to ledger: Ledger, binding: Binding, from base: UInt64?, changed: Set<CaseID>?,
        replacing: Bool = false, allLinks: Bool = false
    ) throws(StoreError) -> Bool {
        try endReading()
        try connection.execute("BEGIN IMMEDIATE")
        do throws(StoreError) {
            let current = replacing ? nil : try self.binding()
            if let current, current.identity == binding.identity, current.sequence >= binding.sequence {
                try connection.execute("ROLLBACK")
                return true
            }
            // An incremental update needs the snapshot to still be where it was read (or between).
            let incremental =
                changed != nil && current?.identity == binding.identity && base != nil
                && (current?.sequence ?? 0) >= (base ?? 0)
            guard changed == nil || incremental else {
                try connection.execute("ROLLBACK")
                return false
            }
            if changed == nil {
                try connection.execute("DELETE FROM cases; DELETE FROM parts; DELETE FROM meta; DELETE FROM links;")
            }
            let ids = changed.map { Array($0) } ?? Array(ledger.book.cases.keys)
            for id in ids {
                if let c = ledger.book[id] {
                    var writer = BinaryWriter()
                    writer.write(c)
                    let stored = try body(writer.bytes, context: Self.context("case", id))
                    try connection.query(
                        "INSERT OR REPLACE INTO cases(year, number, open, body, crc) VALUES (?, ?, ?, ?, ?)",
                        [
                            .int(Int64(id.year)), .int(Int64(id.sequence)), .int(c.status.isOpen ? 1 : 0),
                            .blob(stored), .int(Int64(CRC32.checksum(stored))),
                        ])
                } else {
                    try connection.query(
                        "DELETE FROM cases WHERE year = ? AND number = ?",
                        [.int(Int64(id.year)), .int(Int64(id.sequence))])
                }
            }
            try writeLinks(ledger.partners, for: changed == nil || allLinks ? nil : changed)
            var numbering = BinaryWriter()
            numbering.array(ledger.book.lastCaseNumber.sorted { $0.key < $1.key }) { w, pair in
                w.int(pair.key)
                w.int(pair.value)
            }
            var partners = BinaryWriter()
            partners.write(ledger.partners.withoutLinks)
            var consultations = BinaryWriter()
            consultations.write(ledger.consultations)
            for (name, bytes) in [
                ("numbering", numbering.bytes), ("partners", partners.bytes), ("consultations", consultations.bytes),
            ] {
                let stored = try body(bytes, context: "part " + name)
                try connection.query(
                    "INSERT OR REPLACE INTO parts(name, body, crc) VALUES (?, ?, ?)",
                    [.text(name), .blob(stored), .int(Int64(CRC32.checksum(stored)))])
            }
            for (key, value) in [
                ("identity", binding.identity), ("sequence", String(binding.sequence)),
                ("digest", String(binding.digest)),
                ("rules", String(binding.rules)), ("key", binding.key),
            ] {
                try connection.query(
                    "INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)", [.text(key), .text(value)])
            }
            try connection.execute("COMMIT")
            return true
        } catch {
            if connection.isInTransaction { try? connection.execute("ROLLBACK") }
            throw error
        }
    }
}
