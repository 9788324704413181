import Foundation

// An encrypted SQLite store's key slots, and encrypting a store in place.
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

    public func reseal(slots: [KeySlot], _ seal: (EncodedCommit) throws(StoreError) -> [UInt8]) throws(StoreError) {
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
            for (advisor, text) in texts {
                try connection.query(
                    "INSERT INTO keyslots(advisor, slot) VALUES (?, ?)", [.text(advisor), .text(text)])
            }
        }
        // The old plaintext is gone from the tables; now from the file's free pages (secure_delete
        // zeroed what it could, VACUUM rewrites the rest) and from the WAL.
        try connection.execute("VACUUM")
        try checkpoint()
    }

    /// Runs `body` in a write transaction: committed when it returns, rolled back when it throws.
    private func transaction(_ body: () throws(StoreError) -> Void) throws(StoreError) {
        try connection.execute("BEGIN IMMEDIATE")
        do throws(StoreError) {
            try body()
            try connection.execute("COMMIT")
        } catch {
            if connection.isInTransaction { try? connection.execute("ROLLBACK") }
            throw Self.explained(error, path: path)
        }
    }
}
