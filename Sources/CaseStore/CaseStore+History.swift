import CaseModel
import Foundation

/// Reading a store's history: commits from the log, a case's timeline, and the chain verified a
/// slice at a time while the desk is idle.
extension CaseStore {
    /// The commits after `position`, decoded.
    /// A place with no commit is damage (a row removed), never skipped over.
    public func commits(after position: UInt64) throws(StoreError) -> [Commit] {
        var result: [Commit] = []
        while true {
            let last = result.last?.sequence ?? position
            let batch = try log.read(after: last, limit: 2_000)
            if batch.isEmpty { return result }
            for (offset, entry) in batch.enumerated() where entry.sequence != last + UInt64(offset) + 1 {
                throw StoreError.corruptCommit(
                    store: log.displayName, sequence: last + UInt64(offset) + 1, reason: "it is missing")
            }
            for entry in batch { result.append(try CommitCodec.decode(entry, store: log.displayName)) }
        }
    }

    /// The commit with this sequence, decoded (nil when the log has none).
    public func commit(numbered sequence: UInt64) throws(StoreError) -> Commit? {
        guard let entry = try log.read(sequences: [sequence]).first else { return nil }
        return try CommitCodec.decode(entry, store: log.displayName)
    }

    /// The case's history, read from the log: each entry is one event with when and by whom.
    public func timeline(of id: CaseID) throws(StoreError) -> [Case.TimelineEntry] {
        guard let c = book[id] else { return [] }
        var entries: [Case.TimelineEntry] = []
        var commits: [UInt64: Commit] = [:]
        for entry in try log.read(sequences: c.history) {
            commits[entry.sequence] = try CommitCodec.decode(entry, store: log.displayName)
        }
        // An undo names the steps it took back; those commits are read too.
        let undone = commits.values.flatMap {
            $0.events.compactMap { e -> UInt64? in
                if case .caseRestored(let r) = e, r.caseID == id { r.undoneSequence } else { nil }
            }
        }.filter { commits[$0] == nil }
        for entry in try log.read(sequences: undone) {
            commits[entry.sequence] = try CommitCodec.decode(entry, store: log.displayName)
        }
        for sequence in c.history {
            guard let commit = commits[sequence] else { continue }
            for event in commit.events where event.caseID == id {
                var undid: [CaseEvent] = []
                if case .caseRestored(let r) = event {
                    undid = commits[r.undoneSequence]?.events.filter { $0.caseID == id } ?? []
                }
                entries.append(Case.TimelineEntry(at: commit.at, actor: commit.actor, event: event, undid: undid))
            }
        }
        return entries
    }

    /// Every commit in the log, oldest first (for export and checks).
    public func allCommits() throws(StoreError) -> [Commit] {
        try commits(after: 0)
    }
}

extension CaseStore {
    /// Verifies the next slice of the commits' chain (every commit, also those the snapshot
    /// covers), to be called while nothing else waits; goes on over commits written since. Says
    /// how far it got, that the whole chain holds, or where it does not.
    public func scrub(limit: Int = 2_000) -> ChainScrub.Progress {
        var scrub = chainScrub ?? ChainScrub(identity: storedLog.identity, key: storedLog.chainKey)
        if case .done = scrub.progress, scrub.position < position { scrub.resume() }
        let progress: ChainScrub.Progress
        do throws(StoreError) { progress = try scrub.step(storedLog, limit: limit) } catch {
            progress = .broken(.store(error))
        }
        chainScrub = scrub
        return progress
    }
}
