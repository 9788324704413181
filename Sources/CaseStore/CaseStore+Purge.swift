import CaseModel
import Foundation

/// What `purge` did.
public struct PurgeReport: Sendable {
    public var purged: [CaseID]
    /// Commits whose payload was rewritten without the purged cases' personal data.
    public var rewritten: Int
}

extension CaseStore {
    /// Removes the personal data of `ids` (closed cases past their retention period) from
    /// everything the store keeps: a `CasePurged` commit makes each case its redacted form (so the
    /// ledger, every desk that catches up, and the snapshot hold no more of it), and every earlier
    /// commit about them is rewritten in place without their personal data, in one transaction.
    /// The log keeps its records and their order; what reports count stays. Purged cases whose
    /// commits still hold data (a purge stopped between the two steps) are rewritten too, so
    /// running it again finishes the work.
    public func purge(_ ids: [CaseID], months: Int, at: Date, actor: String) throws(StoreError) -> PurgeReport {
        guard !isReadOnly else { throw StoreError.readOnly }
        guard !isPartial else { throw StoreError.readOnly }
        if !ids.isEmpty {
            try commit(ids.map { .purged(CasePurged(caseID: $0, months: months)) }, at: at, actor: actor)
        }
        let purged = Set(book.cases.values.filter { $0.purgedAt != nil }.map(\.id))
        var redactors: [CaseID: Redactor] = [:]
        var changed: [EncodedCommit] = []
        for commit in try allCommits() where commit.events.contains(where: { purged.contains($0.caseID) }) {
            let redacted = commit.redacted(purged, redactors: &redactors)
            guard redacted != commit else { continue }
            changed.append(try CommitCodec.encode(redacted).encoded)
        }
        try log.rewrite(changed)
        access?.record(.purge, cases: ids.map(\.description), what: "retention", count: ids.count)
        try writeSnapshot()
        return PurgeReport(purged: ids, rewritten: changed.count)
    }
}
