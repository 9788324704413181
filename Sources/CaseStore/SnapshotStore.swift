import CaseModel
import Foundation
#if canImport(Glibc)
import Glibc
#endif

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
    static let schemaVersion: Int64 = 1

    /// What the snapshot says it covers.
    struct Binding: Equatable {
        var identity: String
        var sequence: UInt64
        var digest: UInt64
    }

    let path: String
    private let connection: SQLiteConnection

    /// Opens (making it when `create`) the snapshot database at `path`.
    init(path: String, create: Bool, fileMode: mode_t) throws(StoreError) {
        self.path = path
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
            try connection.execute("PRAGMA synchronous = NORMAL; PRAGMA temp_store = MEMORY;")
            let version = try connection.integer("PRAGMA user_version") ?? 0
            if version != Self.schemaVersion {
                guard create, version == 0 else { throw StoreError.damagedDatabase(path: path) }
                try connection.execute("PRAGMA journal_mode = WAL")
                try connection.execute("""
                    BEGIN IMMEDIATE;
                    CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT;
                    CREATE TABLE IF NOT EXISTS cases (year INTEGER NOT NULL, number INTEGER NOT NULL, open INTEGER NOT NULL,
                        body BLOB NOT NULL, crc INTEGER NOT NULL, PRIMARY KEY (year, number)) STRICT;
                    CREATE TABLE IF NOT EXISTS parts (name TEXT PRIMARY KEY, body BLOB NOT NULL, crc INTEGER NOT NULL) STRICT;
                    PRAGMA user_version = \(Self.schemaVersion);
                    COMMIT;
                    """)
            }
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
        var values: [String: String] = [:]
        try connection.query("SELECT key, value FROM meta") { row in values[row.text(0)] = row.text(1) }
        guard let identity = values["identity"], let sequence = values["sequence"].flatMap(UInt64.init),
              let digest = values["digest"].flatMap(UInt64.init) else { return nil }
        return Binding(identity: identity, sequence: sequence, digest: digest)
    }

    /// The ledger it holds: every case, or only `cases` (the numbering, the partners and the
    /// consultations always come whole). Call inside `reading` for a consistent picture.
    func ledger(cases only: Set<CaseID>?, sequence: UInt64) throws(StoreError) -> Ledger {
        var numbering: [(Int, Int)] = []
        var partners = PartnerDirectory()
        var consultations = ConsultationLog()
        try connection.query("SELECT name, body, crc FROM parts") { row throws(StoreError) in
            var reader = BinaryReader(try checked(row, body: 1, crc: 2, sequence: sequence))
            do {
                switch row.text(0) {
                case "numbering": numbering = try reader.array { r in (try r.int(), try r.int()) }
                case "partners": partners = try reader.readPartners()
                case "consultations": consultations = try reader.readConsultations()
                default: break
                }
            } catch {
                throw StoreError.corruptCommit(store: path, sequence: sequence, reason: "the snapshot's \(row.text(0)) cannot be read")
            }
        }
        var cases: [CaseID: Case] = [:]
        if only == nil { cases.reserveCapacity(Int(try connection.integer("SELECT count(*) FROM cases") ?? 0)) }
        if let only {
            for id in only { if let c = try self.case(id) { cases[id] = c } }
        } else {
            try connection.query("SELECT body, crc FROM cases") { row throws(StoreError) in
                let c = try decodeCase(try checked(row, body: 0, crc: 1, sequence: sequence), sequence: sequence)
                cases[c.id] = c
            }
        }
        let book = CaseBook(cases: cases, lastSequence: sequence, lastCaseNumber: Dictionary(numbering, uniquingKeysWith: max))
        return Ledger(book: book, partners: partners, consultations: consultations)
    }

    /// One case as the snapshot holds it.
    func `case`(_ id: CaseID) throws(StoreError) -> Case? {
        var found: Case?
        try connection.query("SELECT body, crc FROM cases WHERE year = ? AND number = ?", [.int(Int64(id.year)), .int(Int64(id.sequence))]) {
            row throws(StoreError) in found = try decodeCase(try checked(row, body: 0, crc: 1, sequence: 0), sequence: 0)
        }
        return found
    }

    /// A row's body, if its checksum holds: SQLite does not checksum pages, and a damaged snapshot
    /// must be rebuilt, never believed.
    private func checked(_ row: SQLiteRow, body: Int32, crc: Int32, sequence: UInt64) throws(StoreError) -> [UInt8] {
        let bytes = row.bytes(body)
        guard Int64(CRC32.checksum(bytes)) == row.int64(crc) else {
            throw StoreError.corruptCommit(store: path, sequence: sequence, reason: "a row of the snapshot does not match its checksum")
        }
        return bytes
    }

    private func decodeCase(_ bytes: [UInt8], sequence: UInt64) throws(StoreError) -> Case {
        var reader = BinaryReader(bytes)
        do { return try reader.readCase() } catch {
            throw StoreError.corruptCommit(store: path, sequence: sequence, reason: "a case in the snapshot cannot be read")
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
    func update(to ledger: Ledger, binding: Binding, from base: UInt64?, changed: Set<CaseID>?,
                replacing: Bool = false) throws(StoreError) -> Bool {
        try endReading()
        try connection.execute("BEGIN IMMEDIATE")
        do throws(StoreError) {
            let current = replacing ? nil : try self.binding()
            if let current, current.identity == binding.identity, current.sequence >= binding.sequence {
                try connection.execute("ROLLBACK")
                return true
            }
            // An incremental update needs the snapshot to still be where it was read (or between).
            let incremental = changed != nil && current?.identity == binding.identity && base != nil
                && (current?.sequence ?? 0) >= (base ?? 0)
            guard changed == nil || incremental else {
                try connection.execute("ROLLBACK")
                return false
            }
            if changed == nil { try connection.execute("DELETE FROM cases; DELETE FROM parts; DELETE FROM meta;") }
            let ids = changed.map { Array($0) } ?? Array(ledger.book.cases.keys)
            for id in ids {
                if let c = ledger.book[id] {
                    var writer = BinaryWriter()
                    writer.write(c)
                    try connection.query("INSERT OR REPLACE INTO cases(year, number, open, body, crc) VALUES (?, ?, ?, ?, ?)",
                                         [.int(Int64(id.year)), .int(Int64(id.sequence)), .int(c.status.isOpen ? 1 : 0),
                                          .blob(writer.bytes), .int(Int64(CRC32.checksum(writer.bytes)))])
                } else {
                    try connection.query("DELETE FROM cases WHERE year = ? AND number = ?", [.int(Int64(id.year)), .int(Int64(id.sequence))])
                }
            }
            var numbering = BinaryWriter()
            numbering.array(ledger.book.lastCaseNumber.sorted { $0.key < $1.key }) { w, pair in w.int(pair.key); w.int(pair.value) }
            var partners = BinaryWriter()
            partners.write(ledger.partners)
            var consultations = BinaryWriter()
            consultations.write(ledger.consultations)
            for (name, bytes) in [("numbering", numbering.bytes), ("partners", partners.bytes), ("consultations", consultations.bytes)] {
                try connection.query("INSERT OR REPLACE INTO parts(name, body, crc) VALUES (?, ?, ?)",
                                     [.text(name), .blob(bytes), .int(Int64(CRC32.checksum(bytes)))])
            }
            for (key, value) in [("identity", binding.identity), ("sequence", String(binding.sequence)), ("digest", String(binding.digest))] {
                try connection.query("INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)", [.text(key), .text(value)])
            }
            try connection.execute("COMMIT")
            return true
        } catch {
            if connection.isInTransaction { try? connection.execute("ROLLBACK") }
            throw error
        }
    }
}
