import Foundation
import Logging
import PostgresNIO

// A PostgreSQL store's key slots, encrypting it in place, and its access log.
extension PostgresCommitLog {
    public func keySlots() throws(StoreError) -> [KeySlot] {
        let connection = try live()
        let logger = self.logger
        let rows: [(String, String)]
        do {
            // A store of an older schema opened only to read has no slots table: not encrypted.
            guard
                try Self.text(connection, "SELECT to_regclass('keyslots')::text", logger: logger, location: location)
                    != nil
            else { return [] }
            rows = try blocking(watching: connection) {
                var result: [(String, String)] = []
                for try await row in try await connection.query(
                    "SELECT advisor, slot FROM keyslots ORDER BY advisor", logger: logger
                ).decode((String, String).self) {
                    result.append(row)
                }
                return result
            }
        } catch let error as StoreError {
            throw error
        } catch {
            throw Self.explained(error, location: location, operation: "read")
        }
        return try rows.map { (row) throws(StoreError) in try KeySlot.decoded(row.1, advisor: row.0) }
    }

    public func saveKeySlot(_ slot: KeySlot) throws(StoreError) {
        guard !isReadOnly else { throw StoreError.readOnly }
        let advisor = slot.advisor
        let text = try slot.encoded()
        try transaction { (run, count) throws(StoreError) in
            try run("LOCK TABLE keyslots IN EXCLUSIVE MODE")
            guard try count("SELECT count(*)::text FROM keyslots") > 0 else {
                throw StoreError.notEncrypted(store: displayName)
            }
            try run(
                "INSERT INTO keyslots(advisor, slot) VALUES (\(advisor), \(text)) ON CONFLICT (advisor) DO UPDATE SET slot = excluded.slot"
            )
        }
    }

    public func removeKeySlot(advisor: String) throws(StoreError) -> KeySlotRemoval {
        guard !isReadOnly else { throw StoreError.readOnly }
        var outcome = KeySlotRemoval.notFound
        try transaction { (run, count) throws(StoreError) in
            try run("LOCK TABLE keyslots IN EXCLUSIVE MODE")
            guard try count("SELECT count(*)::text FROM keyslots WHERE advisor = \(advisor)") > 0 else { return }
            guard try count("SELECT count(*)::text FROM keyslots") > 1 else {
                outcome = .lastSlot
                return
            }
            try run("DELETE FROM keyslots WHERE advisor = \(advisor)")
            outcome = .removed
        }
        return outcome
    }

    public func reseal(
        slots: [KeySlot], _ seal: (EncodedCommit) throws(StoreError) -> [UInt8],
        access: ([AccessRecord]) throws(StoreError) -> [AccessRecord], chain: ChainKey
    ) throws(StoreError) {
        guard !isReadOnly else { throw StoreError.readOnly }
        // A chain that does not hold is not linked anew with the new key: that would hide it.
        if schema >= 4, let problem = try CommitChain.verify(self, key: chainKey).problems.first {
            throw StoreError.chainDamaged(store: displayName, sequence: problem.chainSequence ?? 0)
        }
        try chained(with: chain) { () throws(StoreError) in try resealed(slots: slots, seal, access: access) }
    }

    private func resealed(
        slots: [KeySlot], _ seal: (EncodedCommit) throws(StoreError) -> [UInt8],
        access: ([AccessRecord]) throws(StoreError) -> [AccessRecord]
    ) throws(StoreError) {
        let texts = try slots.map { (slot) throws(StoreError) in (slot.advisor, try slot.encoded()) }
        try transaction { (run, count) throws(StoreError) in
            try run("LOCK TABLE commits IN EXCLUSIVE MODE")
            try run("LOCK TABLE keyslots IN EXCLUSIVE MODE")
            try run("SELECT pg_advisory_xact_lock(7318122)")
            guard try count("SELECT count(*)::text FROM keyslots") == 0 else {
                throw StoreError.alreadyEncrypted(store: displayName)
            }
            // The trigger that keeps commits unchanged is lifted inside this transaction only (only
            // the store's owner may); DDL is transactional, so a crash brings it back with the rest.
            try run("ALTER TABLE commits DISABLE TRIGGER commits_are_not_changed")
            var position: UInt64 = 0
            while true {
                let batch = try read(after: position, limit: 2_000)
                guard let last = batch.last else { break }
                let sequences = batch.map { Int64($0.sequence) }
                let payloads = try batch.map { (commit) throws(StoreError) in
                    String(decoding: try seal(commit), as: UTF8.self)
                }
                try run(
                    """
                    UPDATE commits SET payload = sealed.payload
                    FROM unnest(\(sequences)::bigint[], \(payloads)::text[]) AS sealed(sequence, payload)
                    WHERE commits.sequence = sealed.sequence
                    """)
                position = last.sequence
            }
            try run("ALTER TABLE commits ENABLE TRIGGER commits_are_not_changed")
            try relink(from: 1, run)
            let entries = try access(try readAccess(after: 0, limit: Int.max))
            try run("ALTER TABLE access_log DISABLE TRIGGER access_log_is_not_changed")
            try run("DELETE FROM access_log")
            try run("DELETE FROM access_tags")
            try insertAccess(entries, run)
            try run("ALTER TABLE access_log ENABLE TRIGGER access_log_is_not_changed")
            for (advisor, text) in texts {
                try run("INSERT INTO keyslots(advisor, slot) VALUES (\(advisor), \(text))")
            }
        }
        // The plaintext rows the UPDATE left behind as dead tuples are rewritten away.
        try run("VACUUM FULL commits")
        try run("VACUUM FULL access_log")
        try run("VACUUM FULL access_tags")
    }

    public func rewrite(_ commits: [EncodedCommit]) throws(StoreError) {
        guard !isReadOnly else { throw StoreError.readOnly }
        guard !commits.isEmpty else { return }
        try transaction { (run, _) throws(StoreError) in
            try run("LOCK TABLE commits IN EXCLUSIVE MODE")
            // A chain that does not hold is not linked anew: that would hide what was done to it.
            if schema >= 4, let problem = try CommitChain.verify(self, key: chainKey).problems.first {
                throw StoreError.chainDamaged(store: displayName, sequence: problem.chainSequence ?? 0)
            }
            try run("ALTER TABLE commits DISABLE TRIGGER commits_are_not_changed")
            for chunk in stride(from: 0, to: commits.count, by: 500) {
                let part = commits[chunk..<min(chunk + 500, commits.count)]
                let sequences = part.map { Int64($0.sequence) }
                let payloads = part.map { String(decoding: $0.payload, as: UTF8.self) }
                try run(
                    """
                    UPDATE commits SET payload = redacted.payload
                    FROM unnest(\(sequences)::bigint[], \(payloads)::text[]) AS redacted(sequence, payload)
                    WHERE commits.sequence = redacted.sequence
                    """)
            }
            try run("ALTER TABLE commits ENABLE TRIGGER commits_are_not_changed")
            if let first = commits.map(\.sequence).min(), schema >= 4 {
                let sequences = commits.map { Int64($0.sequence) }
                try run(
                    "INSERT INTO rewritten(sequence) SELECT * FROM unnest(\(sequences)::bigint[]) ON CONFLICT DO NOTHING"
                )
                try relink(from: first, run)
            }
        }
        try run("VACUUM FULL commits")
        try run("VACUUM FULL chain")
    }

    // MARK: The access log

    public func appendAccess(
        _ entries: ([[UInt8]]) throws(StoreError) -> [AccessAppend], link: (String, UInt64, [UInt8]) -> String
    ) throws(StoreError) {
        // A store from before the access log (read by someone who may not migrate it) keeps none.
        guard schema >= 3 else { return }
        try transaction { (run, _) throws(StoreError) in
            // One writer at a time; an advisory lock, as readers (who log too) may not lock the table.
            try run("SELECT pg_advisory_xact_lock(7318122)")
            let pending = try rows(
                "SELECT id, entry FROM access_pending ORDER BY id", as: (Int64, String).self)
            let last = try rows(
                "SELECT sequence, hash FROM access_log ORDER BY sequence DESC LIMIT 1", as: (Int64, String).self
            ).first
            var sequence = UInt64(last?.0 ?? 0)
            var previous = last?.1 ?? ""
            var records: [AccessRecord] = []
            for entry in try entries(pending.map { Array($0.1.utf8) }) {
                sequence += 1
                let hash = link(previous, sequence, entry.stored)
                records.append(AccessRecord(sequence: sequence, stored: entry.stored, hash: hash, tags: entry.tags))
                previous = hash
            }
            try insertAccess(records, run)
            let taken = pending.map(\.0)
            if !taken.isEmpty { try run("DELETE FROM access_pending WHERE id = ANY(\(taken))") }
        }
    }

    /// Writes an access log carried over from another store into this one's empty access log, each
    /// entry at its own place with its hash and tags (inside `appendAll`'s transaction).
    func insertCarriedAccess(
        _ records: [AccessRecord], _ run: (PostgresQuery) throws(StoreError) -> Void,
        _ count: (PostgresQuery) throws(StoreError) -> Int
    ) throws(StoreError) {
        guard !records.isEmpty else { return }
        guard schema >= 3 else { throw StoreError.olderSchema(path: displayName, found: schema) }
        try run("SELECT pg_advisory_xact_lock(7318122)")
        guard try count("SELECT count(*)::text FROM access_log") == 0 else {
            throw StoreError.notEmpty(path: displayName)
        }
        try insertAccess(records, run)
    }

    /// Writes the advisors' key slots into a store that has none (inside a transaction).
    func insertSlots(
        _ slots: [KeySlot], _ run: (PostgresQuery) throws(StoreError) -> Void,
        _ count: (PostgresQuery) throws(StoreError) -> Int
    ) throws(StoreError) {
        guard !slots.isEmpty else { return }
        try run("LOCK TABLE keyslots IN EXCLUSIVE MODE")
        guard try count("SELECT count(*)::text FROM keyslots") == 0 else {
            throw StoreError.alreadyEncrypted(store: displayName)
        }
        for slot in slots {
            let (advisor, text) = (slot.advisor, try slot.encoded())
            try run("INSERT INTO keyslots(advisor, slot) VALUES (\(advisor), \(text))")
        }
    }

    public func dropAccess(before sequence: UInt64) throws(StoreError) {
        guard !isReadOnly else { throw StoreError.readOnly }
        guard schema >= 3 else { return }
        let before = Int64(clamping: sequence)
        try transaction { (run, _) throws(StoreError) in
            try run("SELECT pg_advisory_xact_lock(7318122)")
            try run("ALTER TABLE access_log DISABLE TRIGGER access_log_is_not_changed")
            try run("DELETE FROM access_tags WHERE sequence < \(before)")
            try run("DELETE FROM access_log WHERE sequence < \(before)")
            try run("ALTER TABLE access_log ENABLE TRIGGER access_log_is_not_changed")
        }
        try run("VACUUM FULL access_log")
        try run("VACUUM FULL access_tags")
    }

    public func recordPendingAccess(_ entry: [UInt8]) throws(StoreError) {
        guard schema >= 3 else { return }
        let text = String(decoding: entry, as: UTF8.self)
        try run("INSERT INTO access_pending(entry) VALUES (\(text))")
    }

    public func readAccess(after position: UInt64, limit: Int) throws(StoreError) -> [AccessRecord] {
        guard schema >= 3 else { return [] }
        let after = Int64(position)
        let count = Int64(min(limit, Int(Int32.max)))
        return try rows(
            "SELECT sequence, entry, hash FROM access_log WHERE sequence > \(after) ORDER BY sequence LIMIT \(count)",
            as: (Int64, String, String).self
        ).map { AccessRecord(sequence: UInt64($0.0), stored: Array($0.1.utf8), hash: $0.2) }
    }

    public func readAccess(tag: String, limit: Int) throws(StoreError) -> [AccessRecord] {
        guard schema >= 3 else { return [] }
        let count = Int64(min(limit, Int(Int32.max)))
        return try rows(
            """
            SELECT l.sequence, l.entry, l.hash FROM access_tags t JOIN access_log l ON l.sequence = t.sequence
            WHERE t.tag = \(tag) ORDER BY t.sequence DESC LIMIT \(count)
            """, as: (Int64, String, String).self
        ).map { AccessRecord(sequence: UInt64($0.0), stored: Array($0.1.utf8), hash: $0.2) }.reversed()
    }

    public func countAccess(tag: String) throws(StoreError) -> Int {
        guard schema >= 3 else { return 0 }
        let counts = try rows("SELECT count(*)::bigint FROM access_tags WHERE tag = \(tag)", as: (Int64).self)
        return Int(counts.first ?? 0)
    }

    /// Writes the entries at their places, with the tags they are found by.
    private func insertAccess(
        _ records: [AccessRecord], _ run: (PostgresQuery) throws(StoreError) -> Void
    ) throws(StoreError) {
        let names = records.flatMap(\.tags)
        let tagged = records.flatMap { record in record.tags.map { _ in Int64(clamping: record.sequence) } }
        if !names.isEmpty {
            try run(
                """
                INSERT INTO access_tags(tag, sequence) SELECT * FROM unnest(\(names)::text[], \(tagged)::bigint[])
                ON CONFLICT DO NOTHING
                """)
        }
        for chunk in stride(from: 0, to: records.count, by: 500) {
            let part = records[chunk..<min(chunk + 500, records.count)]
            let sequences = try part.map { (record) throws(StoreError) in
                guard let value = Int64(exactly: record.sequence) else {
                    throw StoreError.corruptCommit(
                        store: displayName, sequence: record.sequence, reason: "the access log ends out of range")
                }
                return value
            }
            let entries = part.map { String(decoding: $0.stored, as: UTF8.self) }
            let hashes = part.map(\.hash)
            try run(
                """
                INSERT INTO access_log(sequence, entry, hash)
                SELECT * FROM unnest(\(sequences)::bigint[], \(entries)::text[], \(hashes)::text[])
                """)
        }
    }

    /// The rows `query` returns, decoded as `type`.
    func rows<each T: PostgresDecodable & Sendable>(_ query: PostgresQuery, as type: (repeat each T).Type)
        throws(StoreError) -> [(repeat each T)]
    {
        let connection = try live()
        let logger = self.logger
        do {
            return try blocking(watching: connection) {
                var result: [(repeat each T)] = []
                for try await row in try await connection.query(query, logger: logger).decode(type) {
                    result.append(row)
                }
                return result
            }
        } catch {
            throw Self.explained(error, location: location, operation: "read")
        }
    }

    /// Runs `body` in one transaction on one connection (should it drop, nothing is committed);
    /// `body` gets a way to run a statement and to read a count.
    func transaction(
        _ body: (
            _ run: (PostgresQuery) throws(StoreError) -> Void, _ count: (PostgresQuery) throws(StoreError) -> Int
        ) throws(StoreError) -> Void
    ) throws(StoreError) {
        let pinned = try live()
        let logger = self.logger
        let location = self.location
        let run = { (query: PostgresQuery) throws(StoreError) in
            try Self.run(pinned, query, logger: logger, location: location)
        }
        let count = { (query: PostgresQuery) throws(StoreError) -> Int in
            Int(try Self.text(pinned, query, logger: logger, location: location) ?? "0") ?? 0
        }
        try run("BEGIN")
        do throws(StoreError) {
            try body(run, count)
            try run("COMMIT")
        } catch {
            try? run("ROLLBACK")
            throw error
        }
    }
}
