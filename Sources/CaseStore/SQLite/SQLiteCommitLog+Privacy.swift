import Foundation

// An SQLite store's key slots, encrypting it in place, and its access log.
extension SQLiteCommitLog {
    public func keySlots() throws(StoreError) -> [KeySlot] {
        // A store of an older schema, opened only to read, has no slots: it is not encrypted.
        guard schema >= 3 else { return [] }
        var rows: [(String, String)] = []
        try connection.query("SELECT advisor, slot FROM keyslots ORDER BY advisor") { row in
            rows.append((row.text(0), row.text(1)))
        }
        return try rows.map { (row) throws(StoreError) in try KeySlot.decoded(row.1, advisor: row.0) }
    }

    public func saveKeySlot(_ slot: KeySlot) throws(StoreError) {
        guard !isReadOnly else { throw StoreError.readOnly }
        let text = try slot.encoded()
        try transaction { () throws(StoreError) in
            guard try connection.integer("SELECT count(*) FROM keyslots") ?? 0 > 0 else {
                throw StoreError.notEncrypted(store: path)
            }
            try connection.query(
                "INSERT OR REPLACE INTO keyslots(advisor, slot) VALUES (?, ?)", [.text(slot.advisor), .text(text)])
        }
    }

    public func removeKeySlot(advisor: String) throws(StoreError) -> KeySlotRemoval {
        guard !isReadOnly else { throw StoreError.readOnly }
        var outcome = KeySlotRemoval.notFound
        try transaction { () throws(StoreError) in
            let total = try connection.integer("SELECT count(*) FROM keyslots") ?? 0
            let theirs =
                try connection.integer("SELECT count(*) FROM keyslots WHERE advisor = ?", [.text(advisor)]) ?? 0
            guard theirs > 0 else { return }
            guard total > 1 else {
                outcome = .lastSlot
                return
            }
            try connection.query("DELETE FROM keyslots WHERE advisor = ?", [.text(advisor)])
            outcome = .removed
        }
        return outcome
    }

    public func reseal(
        slots: [KeySlot], _ seal: (EncodedCommit) throws(StoreError) -> [UInt8],
        access: ([AccessRecord]) throws(StoreError) -> [AccessRecord], chain: ChainKey
    ) throws(StoreError) {
        // A chain that does not hold is not linked anew with the new key: that would hide it.
        if schema >= 4, let problem = try CommitChain.verify(self, key: chainKey).problems.first {
            throw StoreError.chainDamaged(store: path, sequence: problem.chainSequence ?? 0)
        }
        try chained(with: chain) { () throws(StoreError) in try resealed(slots: slots, seal, access: access) }
    }

    private func resealed(
        slots: [KeySlot], _ seal: (EncodedCommit) throws(StoreError) -> [UInt8],
        access: ([AccessRecord]) throws(StoreError) -> [AccessRecord]
    ) throws(StoreError) {
        guard !isReadOnly else { throw StoreError.readOnly }
        let texts = try slots.map { (slot) throws(StoreError) in (slot.advisor, try slot.encoded()) }
        try transaction { () throws(StoreError) in
            guard try connection.integer("SELECT count(*) FROM keyslots") ?? 0 == 0 else {
                throw StoreError.alreadyEncrypted(store: path)
            }

            // The trigger that keeps commits unchanged is lifted inside this transaction only.
            try connection.execute("DROP TRIGGER commits_are_not_updated")
            var position: UInt64 = 0
            while true {
                let batch = try read(after: position, limit: 2_000)
                guard let last = batch.last else { break }
                for commit in batch {
                    try connection.query(
                        "UPDATE commits SET payload = ? WHERE sequence = ?",
                        [.text(String(decoding: try seal(commit), as: UTF8.self)), .int(Int64(commit.sequence))])
                }
                position = last.sequence
            }
            try connection.execute(Self.appendOnly)
            if schema >= 4 { try relink(from: 1) }
            let entries = try access(try readAccess(after: 0, limit: Int.max))
            try connection.execute("DROP TRIGGER access_log_is_not_updated; DROP TRIGGER access_log_is_not_deleted;")
            try connection.execute("DELETE FROM access_log; DELETE FROM access_tags;")
            for record in entries { try insertAccess(record, into: connection) }
            try connection.execute(Self.accessAppendOnly)
            try insertSlots(texts)
        }
        // The old plaintext is gone from the tables; now from the file's free pages (secure_delete
        // zeroed what it could, VACUUM rewrites the rest) and from the WAL.
        try connection.execute("VACUUM")
        try checkpoint()
    }

    public func rewrite(_ commits: [EncodedCommit]) throws(StoreError) {
        guard !isReadOnly else { throw StoreError.readOnly }
        guard !commits.isEmpty else { return }
        try transaction { () throws(StoreError) in
            // A chain that does not hold is not linked anew: that would hide what was done to it.
            if schema >= 4, let problem = try CommitChain.verify(self, key: chainKey).problems.first {
                throw StoreError.chainDamaged(store: path, sequence: problem.chainSequence ?? 0)
            }
            try connection.execute("DROP TRIGGER commits_are_not_updated")
            for commit in commits {
                try connection.query(
                    "UPDATE commits SET payload = ? WHERE sequence = ?",
                    [.text(String(decoding: commit.payload, as: UTF8.self)), .int(Int64(commit.sequence))])
            }
            try connection.execute(Self.appendOnly)
            if schema >= 4, let first = commits.map(\.sequence).min() {
                for commit in commits {
                    try connection.query(
                        "INSERT OR IGNORE INTO rewritten(sequence) VALUES (?)", [.int(Int64(commit.sequence))])
                }
                try relink(from: first)
            }
        }
        try connection.execute("VACUUM")
        try checkpoint()
    }

    // MARK: The access log

    public func appendAccess(
        _ entries: ([[UInt8]]) throws(StoreError) -> [AccessAppend], link: (String, UInt64, [UInt8]) -> String
    ) throws(StoreError) {
        // A store from before the access log, opened only to read (so not migrated), keeps none.
        guard schema >= 3 else { return }
        let db = try accessConnection()
        try transaction(on: db) { () throws(StoreError) in
            var pending: [(Int64, [UInt8])] = []
            try db.query("SELECT id, entry FROM access_pending ORDER BY id") { row in
                pending.append((row.int64(0), row.bytes(1)))
            }
            var previous = ""
            var sequence: UInt64 = 0
            try db.query("SELECT sequence, hash FROM access_log ORDER BY sequence DESC LIMIT 1") { row in
                sequence = UInt64(row.int64(0))
                previous = row.text(1)
            }
            for entry in try entries(pending.map(\.1)) {
                sequence += 1
                let hash = link(previous, sequence, entry.stored)
                try insertAccess(
                    AccessRecord(sequence: sequence, stored: entry.stored, hash: hash, tags: entry.tags), into: db)
                previous = hash
            }
            for (id, _) in pending { try db.query("DELETE FROM access_pending WHERE id = ?", [.int(id)]) }
        }
    }

    public func recordPendingAccess(_ entry: [UInt8]) throws(StoreError) {
        guard schema >= 3 else { return }
        let db = try accessConnection()
        try db.query("INSERT INTO access_pending(entry) VALUES (?)", [.text(String(decoding: entry, as: UTF8.self))])
    }

    public func readAccess(after position: UInt64, limit: Int) throws(StoreError) -> [AccessRecord] {
        guard schema >= 3 else { return [] }
        var records: [AccessRecord] = []
        try connection.query(
            "SELECT sequence, entry, hash FROM access_log WHERE sequence > ? ORDER BY sequence LIMIT ?",
            [.int(Int64(position)), .int(Int64(min(limit, Int(Int64.max))))]
        ) { row in
            records.append(AccessRecord(sequence: UInt64(row.int64(0)), stored: row.bytes(1), hash: row.text(2)))
        }
        return records
    }

    /// Writes an access log carried over from another store into this one's empty access log, each
    /// entry at its own place with its hash and tags (inside `appendAll`'s transaction).
    func insertCarriedAccess(_ records: [AccessRecord]) throws(StoreError) {
        guard !records.isEmpty else { return }
        guard schema >= 3 else { throw StoreError.olderSchema(path: path, found: Int(schema)) }
        guard try connection.integer("SELECT count(*) FROM access_log") ?? 0 == 0 else {
            throw StoreError.notEmpty(path: path)
        }
        for record in records { try insertAccess(record, into: connection) }
    }

    /// Writes the advisors' key slots into a store that has none (inside a transaction).
    func insertSlots(_ texts: [(String, String)]) throws(StoreError) {
        guard !texts.isEmpty else { return }
        guard try connection.integer("SELECT count(*) FROM keyslots") ?? 0 == 0 else {
            throw StoreError.alreadyEncrypted(store: path)
        }
        for (advisor, text) in texts {
            try connection.query("INSERT INTO keyslots(advisor, slot) VALUES (?, ?)", [.text(advisor), .text(text)])
        }
    }

    public func dropAccess(before sequence: UInt64) throws(StoreError) {
        guard !isReadOnly else { throw StoreError.readOnly }
        guard schema >= 3 else { return }
        let before = Int64(clamping: sequence)
        try transaction { () throws(StoreError) in
            try connection.execute("DROP TRIGGER access_log_is_not_updated; DROP TRIGGER access_log_is_not_deleted;")
            try connection.query("DELETE FROM access_tags WHERE sequence < ?", [.int(before)])
            try connection.query("DELETE FROM access_log WHERE sequence < ?", [.int(before)])
            try connection.execute(Self.accessAppendOnly)
        }
        try checkpoint()
    }

    public func readAccess(tag: String, limit: Int) throws(StoreError) -> [AccessRecord] {
        guard schema >= 3 else { return [] }
        var records: [AccessRecord] = []
        try connection.query(
            """
            SELECT l.sequence, l.entry, l.hash FROM access_tags t JOIN access_log l ON l.sequence = t.sequence
            WHERE t.tag = ? ORDER BY t.sequence DESC LIMIT ?
            """, [.text(tag), .int(Int64(min(limit, Int(Int64.max))))]
        ) { row in
            records.append(AccessRecord(sequence: UInt64(row.int64(0)), stored: row.bytes(1), hash: row.text(2)))
        }
        return records.reversed()
    }

    /// A position as the database keeps it; one past its range (a row planted at the end) is refused.
    static func position(_ sequence: UInt64, path: String) throws(StoreError) -> Int64 {
        guard let value = Int64(exactly: sequence) else {
            throw StoreError.corruptCommit(store: path, sequence: sequence, reason: "the access log ends out of range")
        }
        return value
    }

    public func countAccess(tag: String) throws(StoreError) -> Int {
        guard schema >= 3 else { return 0 }
        return Int(try connection.integer("SELECT count(*) FROM access_tags WHERE tag = ?", [.text(tag)]) ?? 0)
    }

    /// One access log entry and its tags.
    private func insertAccess(_ record: AccessRecord, into db: SQLiteConnection) throws(StoreError) {
        let sequence = try Self.position(record.sequence, path: path)
        try db.query(
            "INSERT INTO access_log(sequence, entry, hash) VALUES (?, ?, ?)",
            [.int(sequence), .text(String(decoding: record.stored, as: UTF8.self)), .text(record.hash)])
        for tag in record.tags {
            try db.query(
                "INSERT OR IGNORE INTO access_tags(tag, sequence) VALUES (?, ?)", [.text(tag), .int(sequence)])
        }
    }

    /// The connection the access log is written through: the log's own, or for a log opened only
    /// to read, one of its own that may write (refused when the file may not be written: then a
    /// view cannot be logged, and the caller shows nothing).
    private func accessConnection() throws(StoreError) -> SQLiteConnection {
        guard isReadOnly else { return connection }
        if let accessWriter { return accessWriter }
        guard schema >= 3 else { throw StoreError.olderSchema(path: path, found: Int(schema)) }
        let writer = try SQLiteConnection(path: path, readOnly: false)
        writer.setBusyTimeout(milliseconds: Self.busyTimeoutMilliseconds)
        try writer.execute("PRAGMA synchronous = FULL; PRAGMA secure_delete = ON;")
        accessWriter = writer
        return writer
    }

    /// Runs `body` in a write transaction: committed when it returns, rolled back when it throws.
    private func transaction(on db: SQLiteConnection? = nil, _ body: () throws(StoreError) -> Void) throws(StoreError) {
        let db = db ?? connection
        try db.execute("BEGIN IMMEDIATE")
        do throws(StoreError) {
            try body()
            try db.execute("COMMIT")
        } catch {
            if db.isInTransaction { try? db.execute("ROLLBACK") }
            throw Self.explained(error, path: path)
        }
    }
}
