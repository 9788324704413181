import CaseModel
import Foundation

/// The closed cases of a store opened with `Scope.openFirst`, read on a thread of their own.
///
/// The desk's first frame shows the queue: the open cases, a few hundred or thousand of a region's
/// hundred thousand. Their rows are read through the snapshot's index on `open`, and the closed
/// history and the consultation log, the bulk of the decoding, follow while the desk already
/// answers keys. The helper reads
/// through a connection of its own and only if the snapshot still has the binding the store read
/// (else the store reads them itself, in the read transaction it kept open for this). A case a
/// commit touched meanwhile was taken in from that same transaction before the commit was applied,
/// so it is in the ledger already and the copy read here is dropped: every case is of one moment.
final class HistoryLoad: @unchecked Sendable {
    typealias Found = SnapshotStore.History
    private let lock = NSCondition()
    private var outcome: Result<Found?, StoreError>?

    init(path: String, key: DataKey?, binding: SnapshotStore.Binding) {
        DispatchQueue.global(qos: .utility).async { [self] in
            let result = Result { () throws(StoreError) in
                try SnapshotStore.closedCases(path: path, key: key, binding: binding)
            }
            lock.lock()
            outcome = result
            lock.broadcast()
            lock.unlock()
        }
    }

    /// What the helper found (nil inside: the snapshot moved on); nil while it is still reading,
    /// unless `wait`.
    func result(wait: Bool) -> Result<Found?, StoreError>? {
        lock.lock()
        defer { lock.unlock() }
        while wait && outcome == nil { lock.wait() }
        return outcome
    }
}

extension CaseStore {
    /// True while the closed cases of a store opened with `Scope.openFirst` are still being read.
    public var isHistoryPending: Bool { historyLoad != nil }

    /// True while the desk still has closed cases to take (`takeHistory`): being read, or taken
    /// into the ledger by a change or a colleague's commit but not yet handed over.
    public var hasHistoryToHand: Bool { historyLoad != nil || unclaimedHistory != nil }

    /// The closed cases read since opening (`Scope.openFirst`), taken into the ledger and handed
    /// over once: nil while they are still being read (unless `wait`) and once they have been
    /// handed. Cases a commit touched since opening were in the ledger already and are not in it.
    public func takeHistory(wait: Bool) throws(StoreError) -> [Case]? {
        if let load = historyLoad, wait || load.result(wait: false) != nil {
            try mergeHistory(load)
        }
        defer { unclaimedHistory = nil }
        return unclaimedHistory
    }

    /// Waits for the closed cases and takes them into the ledger (what a change, an export or
    /// "is this person known?" needs); the desk is handed them by its next `takeHistory`.
    public func completeHistory() throws(StoreError) {
        guard let load = historyLoad else { return }
        try mergeHistory(load)
    }

    /// Reads the consultation log if it is still in the snapshot (with the history, when that is
    /// being read); a log that cannot be read is remembered, for the change that needs it.
    func loadConsultations() {
        guard consultationsPending else { return }
        do throws(StoreError) {
            if historyLoad != nil {
                try completeHistory()
                return
            }
            consultationsPending = false
            guard let snapshots, let snapshotBase else { return }
            do throws(StoreError) {
                ledger.consultations = try snapshots.consultations(sequence: snapshotBase)
            } catch {
                try replayWhole(because: error)
            }
        } catch {
            consultationsPending = false
            consultationsFailure = error
        }
    }

    /// The consultation log read, or why it cannot be (a change that needs it is refused).
    func needConsultations() throws(StoreError) {
        loadConsultations()
        if let consultationsFailure { throw consultationsFailure }
    }

    private func mergeHistory(_ load: HistoryLoad) throws(StoreError) {
        historyLoad = nil
        var found: HistoryLoad.Found?
        if case .success(let read?) = load.result(wait: true) { found = read }
        do throws(StoreError) {
            // Moved on under the helper, or a row it could not read: the read kept open says.
            if found == nil, let snapshots, let snapshotBase {
                found = try snapshots.closedCases(sequence: snapshotBase)
            }
        } catch {
            // A damaged row: the snapshot is not believed, the whole store is replayed from its log.
            try replayWhole(because: error)
            return
        }
        try? snapshots?.endReading()
        isPartial = false
        guard let found else { return }
        var adopted: [Case] = []
        adopted.reserveCapacity(found.cases.count)
        var had = Set<CaseID>()
        for c in found.cases {
            if ledger.book[c.id] == nil {
                ledger.book.adopt(c)
                adopted.append(c)
            } else {
                had.insert(c.id)
            }
        }
        // Links of the cases taken in, of contacts still in the directory (a contact removed since
        // the snapshot was read took its links with it).
        ledger.partners.adopt(
            links: found.links.filter { !had.contains($0.caseID) && ledger.partners.contacts[$0.contact] != nil })
        // No commit with consultation events was applied before this (`apply` takes the history in
        // first), so the log as the snapshot has it is the log now.
        ledger.consultations = found.consultations
        consultationsPending = false
        unclaimedHistory = (unclaimedHistory ?? []) + adopted
    }

    /// Replays the whole log into a new ledger (the snapshot could not be read after all), and
    /// hands every closed case over.
    private func replayWhole(because error: StoreError) throws(StoreError) {
        try? snapshots?.endReading()
        isPartial = false
        consultationsPending = false
        historyLoad = nil
        snapshotUnusable = true
        snapshotBase = nil
        changedSinceSnapshot = []
        notices.append(.snapshotRebuilt(reason: .unreadable(error)))
        ledger = Ledger()
        do throws(StoreError) { commitsSinceSnapshot = try applyNewCommits() } catch {
            guard isReadOnly, error.isDamage else { throw error }
            commitsSinceSnapshot = try applyUpToDamage()
        }
        unclaimedHistory = ledger.book.cases.values.filter { !$0.status.isOpen }
    }
}
