import CaseModel
import Foundation

/// Reading a snapshot the way the desk opens: the open cases first (through the index on `open`),
/// the closed history and the consultation log after (`CaseStore.Scope.openFirst`).
extension SnapshotStore {
    /// The ledger with only the open cases (and their links): what the queue shows, read through
    /// the index on `open`. The closed ones follow with `closedCases` (call both inside one
    /// `beginReading`, or through a connection that checked it reads the same binding).
    func openLedger(sequence: UInt64) throws(StoreError) -> Ledger {
        var (numbering, partners, consultations) = try parts(sequence: sequence, consultations: false)
        var cases: [CaseID: Case] = [:]
        try connection.query("SELECT body, crc, year, number FROM cases WHERE open = 1") { row throws(StoreError) in
            let c = try Self.decodeCase(
                try Self.checked(
                    row, body: 0, crc: 1, sequence: sequence, path: path, key: key,
                    context: Self.context("case", row, year: 2, number: 3)), sequence: sequence, path: path)
            cases[c.id] = c
        }
        try connection.query(
            """
            SELECT l.body, l.crc, l.year, l.number FROM links l
            JOIN cases c ON c.year = l.year AND c.number = l.number WHERE c.open = 1
            """
        ) { row throws(StoreError) in
            partners.adopt(
                links: try Self.decodeLinks(
                    try Self.checked(
                        row, body: 0, crc: 1, sequence: sequence, path: path, key: key,
                        context: Self.context("links", row, year: 2, number: 3)), path: path))
        }
        let book = CaseBook(
            cases: cases, lastSequence: sequence, lastCaseNumber: Dictionary(numbering, uniquingKeysWith: max))
        return Ledger(book: book, partners: partners, consultations: consultations)
    }

    /// The consultation log alone.
    func consultations(sequence: UInt64) throws(StoreError) -> ConsultationLog {
        try Self.parts(connection, path: path, key: key, sequence: sequence, where: " WHERE name = 'consultations'")
            .consultations
    }

    /// What `openLedger` leaves out: the closed cases, their links and the consultation log.
    struct History: Sendable {
        var cases: [Case]
        var links: [CaseLink]
        var consultations: ConsultationLog
    }

    /// The closed cases and their links, as this connection reads them now.
    func closedCases(sequence: UInt64) throws(StoreError) -> History {
        try Self.closedCases(connection, path: path, key: key, sequence: sequence)
    }

    /// The closed cases and their links read through a connection of its own (on another thread),
    /// or nil when the snapshot no longer has `binding` (moved on since it was read).
    static func closedCases(
        path: String, key: DataKey?, binding: Binding
    ) throws(StoreError) -> History? {
        let helper = try SQLiteConnection(path: path, readOnly: true)
        defer { helper.close() }
        helper.setBusyTimeout(milliseconds: SQLiteCommitLog.busyTimeoutMilliseconds)
        try helper.execute("BEGIN")
        defer { try? helper.execute("COMMIT") }
        guard try Self.binding(in: helper) == binding else { return nil }
        return try closedCases(helper, path: path, key: key, sequence: binding.sequence)
    }

    private static func closedCases(
        _ db: SQLiteConnection, path: String, key: DataKey?, sequence: UInt64
    ) throws(StoreError) -> History {
        var cases: [Case] = []
        var closed = Set<CaseID>()
        // Most rows are closed: read in table order, not through the index.
        try db.query("SELECT body, crc, year, number FROM cases NOT INDEXED WHERE open = 0") { row throws(StoreError) in
            let c = try decodeCase(
                try checked(
                    row, body: 0, crc: 1, sequence: sequence, path: path, key: key,
                    context: context("case", row, year: 2, number: 3)), sequence: sequence, path: path)
            cases.append(c)
            closed.insert(c.id)
        }
        var links: [CaseLink] = []
        try db.query("SELECT body, crc, year, number FROM links") { row throws(StoreError) in
            let id = CaseID(year: Int(row.int64(2)), sequence: Int(row.int64(3)))
            guard closed.contains(id) else { return }
            links += try decodeLinks(
                try checked(
                    row, body: 0, crc: 1, sequence: sequence, path: path, key: key,
                    context: context("links", row, year: 2, number: 3)), path: path)
        }
        let consultations = try parts(
            db, path: path, key: key, sequence: sequence, where: " WHERE name = 'consultations'"
        ).consultations
        return History(cases: cases, links: links, consultations: consultations)
    }
}
