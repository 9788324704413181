import Foundation
import PostgresNIO

// A PostgreSQL store's chain of commits (`CommitChain`): links written with the commits, commits
// from before the chain linked, and the links made anew where payloads were rewritten.
extension PostgresCommitLog {
    public func chainLinks(after position: UInt64, limit: Int) throws(StoreError) -> [ChainLink] {
        guard schema >= 4 else { return [] }
        let after = Int64(clamping: position)
        let count = Int64(min(limit, Int(Int32.max)))
        return try rows(
            "SELECT sequence, link FROM chain WHERE sequence > \(after) ORDER BY sequence LIMIT \(count)",
            as: (Int64, String).self
        ).map { ChainLink(sequence: UInt64($0.0), link: $0.1) }
    }

    /// Links the commits that have none; a link written at once by another (the same, as links
    /// are made the same way from the same commits) is left as it is.
    public func linkUnchained() throws(StoreError) {
        guard !isReadOnly, schema >= 4 else { return }
        let linked = try lastLinked()
        let until = try unchainedUntil()
        guard linked < until else { return }
        try transaction { (run, _) throws(StoreError) in
            try self.link(after: try self.lastLinked(), through: until, run, onConflict: true)
        }
    }

    /// Where the log ended when it was upgraded to the chain (0 for a store made with it).
    func unchainedUntil() throws(StoreError) -> UInt64 {
        let text = try rows("SELECT value FROM schakel_meta WHERE key = 'unchained-until'", as: String.self).first
        return UInt64(text ?? "0") ?? 0
    }

    public func wasRewritten(_ sequence: UInt64) throws(StoreError) -> Bool {
        guard schema >= 4 else { return false }
        let at = Int64(clamping: sequence)
        return !(try rows("SELECT sequence FROM rewritten WHERE sequence = \(at)", as: Int64.self)).isEmpty
    }

    /// The link the commit at `sequence` follows; nil when the commit before it is not there (the
    /// log is behind: the append will be told so). Commits that have no link yet are linked first.
    func previousLink(_ sequence: UInt64) throws(StoreError) -> String? {
        guard sequence > 1 else { return identity }
        if let link = try linkAt(sequence - 1) { return link }
        guard try head() >= sequence - 1 else { return nil }
        // A link missing after where the chain began was removed: linking it anew would hide it.
        guard sequence - 1 <= (try unchainedUntil()) else {
            throw StoreError.chainDamaged(store: displayName, sequence: sequence - 1)
        }
        try linkUnchained()
        return try linkAt(sequence - 1)
    }

    private func linkAt(_ sequence: UInt64) throws(StoreError) -> String? {
        let at = Int64(clamping: sequence)
        return try rows("SELECT link FROM chain WHERE sequence = \(at)", as: String.self).first
    }

    private func lastLinked() throws(StoreError) -> UInt64 {
        let last: Int64 = try rows("SELECT coalesce(max(sequence), 0)::bigint FROM chain", as: Int64.self).first ?? 0
        return UInt64(last)
    }

    /// Links every commit after `linked` (inside a transaction).
    func link(
        after linked: UInt64, through end: UInt64 = .max, _ run: (PostgresQuery) throws(StoreError) -> Void,
        onConflict: Bool = false
    ) throws(StoreError) {
        var previous = linked == 0 ? identity : try linkAt(linked) ?? ""
        var position = linked
        while position < end {
            let batch = try read(after: position, limit: Int(min(2_000, end - position)))
            guard let last = batch.last else { return }
            let links = CommitChain.links(chainKey, previous: previous, batch)
            try insertLinks(links, run, onConflict: onConflict)
            previous = links.last?.link ?? previous
            position = last.sequence
        }
    }

    /// Links every commit from `first` on anew (inside a transaction: `rewrite`, `reseal`).
    func relink(from first: UInt64, _ run: (PostgresQuery) throws(StoreError) -> Void) throws(StoreError) {
        guard schema >= 4 else { return }
        let from = Int64(clamping: first)
        try run("ALTER TABLE chain DISABLE TRIGGER chain_is_not_changed")
        try run("DELETE FROM chain WHERE sequence >= \(from)")
        try link(after: first - 1, run)
        try run("ALTER TABLE chain ENABLE TRIGGER chain_is_not_changed")
    }

    func insertLinks(_ links: [ChainLink], _ run: (PostgresQuery) throws(StoreError) -> Void, onConflict: Bool = false)
        throws(StoreError)
    {
        guard schema >= 4 else { return }
        for chunk in stride(from: 0, to: links.count, by: 1_000) {
            let part = links[chunk..<min(chunk + 1_000, links.count)]
            let sequences = part.map { Int64($0.sequence) }
            let values = part.map(\.link)
            if onConflict {
                try run(
                    """
                    INSERT INTO chain(sequence, link) SELECT * FROM unnest(\(sequences)::bigint[], \(values)::text[])
                    ON CONFLICT DO NOTHING
                    """)
            } else {
                try run(
                    "INSERT INTO chain(sequence, link) SELECT * FROM unnest(\(sequences)::bigint[], \(values)::text[])")
            }
        }
    }
}
