import CaseModel
import Foundation

/// What `purge` did.
public struct PurgeReport: Sendable {
    public var purged: [CaseID]
    public var consultations: [ConsultationID]
    /// Commits whose payload was rewritten without the purged cases' personal data.
    public var rewritten: Int
}

extension CaseStore {
    /// Removes the personal data of `ids` (closed cases past their retention period) and the text
    /// of `consultations` (past theirs) from everything the store keeps: one commit makes each
    /// case its redacted form and each consultation its text-less one (so the ledger, every desk
    /// that catches up, and the snapshot hold no more of them), and every earlier commit about
    /// them is rewritten in place without those data, in one transaction. The log keeps its
    /// records and their order; what reports count stays. Purged cases and consultations whose
    /// commits still hold data (a purge stopped between the two steps) are rewritten too, so
    /// running it again finishes the work.
    public func purge(
        _ ids: [CaseID], months: Int, consultations: [ConsultationID] = [], consultationMonths: Int = 0, at: Date,
        actor: String
    ) throws(StoreError) -> PurgeReport {
        guard !isReadOnly else { throw StoreError.readOnly }
        guard !isPartial else { throw StoreError.readOnly }
        if !ids.isEmpty || !consultations.isEmpty {
            try commit(
                ids.map { .purged(CasePurged(caseID: $0, months: months)) },
                consultationEvents: consultations.isEmpty
                    ? [] : [.purged(ConsultationsPurged(consultations: consultations, months: consultationMonths))],
                at: at, actor: actor)
        }
        let purged = Set(book.cases.values.filter { $0.purgedAt != nil }.map(\.id))
        let purgedConsultations = Set(ledger.consultations.consultations.values.filter { $0.purgedAt != nil }.map(\.id))
        var redactors: [CaseID: Redactor] = [:]
        var changed: [EncodedCommit] = []
        for commit in try allCommits()
        where commit.events.contains(where: { purged.contains($0.caseID) })
            || commit.consultationEvents.contains(where: { $0.touches(purgedConsultations) })
        {
            let redacted = commit.redacted(purged, consultations: purgedConsultations, redactors: &redactors)
            guard redacted != commit else { continue }
            changed.append(try CommitCodec.encode(redacted).encoded)
        }
        try log.rewrite(changed)
        if let first = changed.map(\.sequence).min() {
            // The commits' chain was linked anew from there: said where a kept head is compared.
            var entry = AccessEntry(
                at: Date(), who: access?.who ?? Accessor.current(advisor: actor), action: .purge,
                what: "relinked", count: changed.count)
            entry.relinkedFrom = first
            entry.relinkedThrough = position
            access?.record(entry)
        }
        if !ids.isEmpty {
            access?.record(.purge, cases: ids.map(\.description), what: "retention", count: ids.count)
        }
        if !consultations.isEmpty {
            access?.record(.purge, what: "consultations", count: consultations.count)
        }
        // The snapshot must not keep what was purged: one that cannot be written anew goes whole
        // (it is derived, and made again on the next open).
        do throws(StoreError) { try writeSnapshot() } catch { dropSnapshot() }
        return PurgeReport(purged: ids, consultations: consultations, rewritten: changed.count)
    }
}

extension ConsultationEvent {
    /// Whether the event holds the record of one of `ids`.
    func touches(_ ids: Set<ConsultationID>) -> Bool {
        switch self {
        case .logged(let c), .corrected(let c): return ids.contains(c.id)
        case .promoted, .purged: return false
        }
    }
}
