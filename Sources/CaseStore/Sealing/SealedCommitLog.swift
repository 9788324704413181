import Foundation

/// An encrypted store's log as the store above it sees it: payloads sealed on the way in, opened
/// on the way out, so nothing above `CommitLog` knows the store is encrypted, and nothing below it
/// (the database file, its WAL, a dump, a PostgreSQL server) ever holds a payload in plaintext.
///
/// A payload is sealed with its commit's sequence as context, so a commit moved to another
/// position, or one written with another key, is refused as damaged. `at` and `actor` stay beside
/// it as the log keeps them: when and which advisor, never what about whom.
final class SealedCommitLog: CommitLog {
    let base: CommitLog
    let key: DataKey

    init(_ base: CommitLog, key: DataKey) {
        self.base = base
        self.key = key
        base.chainKey = .of(key)
    }

    var identity: String { base.identity }
    var isReadOnly: Bool { base.isReadOnly }
    var displayName: String { base.displayName }

    func head() throws(StoreError) -> UInt64 { try base.head() }

    func read(after position: UInt64, limit: Int) throws(StoreError) -> [EncodedCommit] {
        try opened(try base.read(after: position, limit: limit))
    }

    func read(sequences: [UInt64]) throws(StoreError) -> [EncodedCommit] {
        try opened(try base.read(sequences: sequences))
    }

    func append(_ commit: EncodedCommit) throws(StoreError) -> AppendOutcome {
        switch try base.append(try sealed(commit)) {
        case .appended: return .appended
        case .conflict(let newer): return .conflict(newer: try opened(newer))
        }
    }

    func appendAll(_ commits: [EncodedCommit], access: [AccessRecord], slots: [KeySlot]) throws(StoreError) {
        try base.appendAll(
            commits.map { (commit) throws(StoreError) in try sealed(commit) }, access: access, slots: slots)
    }

    var chainKey: ChainKey {
        get { base.chainKey }
        set { base.chainKey = newValue }
    }
    func chainLinks(after position: UInt64, limit: Int) throws(StoreError) -> [ChainLink] {
        try base.chainLinks(after: position, limit: limit)
    }
    func linkUnchained() throws(StoreError) { try base.linkUnchained() }
    func wasRewritten(_ sequence: UInt64) throws(StoreError) -> Bool { try base.wasRewritten(sequence) }

    var changeDescriptor: Int32? { base.changeDescriptor }
    func drainChangeDescriptor() { base.drainChangeDescriptor() }
    func hasChanged() throws(StoreError) -> Bool { try base.hasChanged() }
    func announce(_ presence: Presence) throws(StoreError) { try base.announce(presence) }
    func withdraw() { base.withdraw() }
    func present() throws(StoreError) -> [Presence] { try base.present() }
    func keySlots() throws(StoreError) -> [KeySlot] { try base.keySlots() }
    func saveKeySlot(_ slot: KeySlot) throws(StoreError) { try base.saveKeySlot(slot) }
    func removeKeySlot(advisor: String) throws(StoreError) -> KeySlotRemoval {
        try base.removeKeySlot(advisor: advisor)
    }
    func reseal(
        slots: [KeySlot], _ seal: (EncodedCommit) throws(StoreError) -> [UInt8],
        access: ([AccessRecord]) throws(StoreError) -> [AccessRecord], chain: ChainKey
    ) throws(StoreError) {
        throw StoreError.alreadyEncrypted(store: displayName)
    }
    // The access log seals its own entries (`AccessLog`); these pass through.
    func appendAccess(
        _ entries: ([[UInt8]]) throws(StoreError) -> [AccessAppend], link: (String, UInt64, [UInt8]) -> String
    ) throws(StoreError) {
        try base.appendAccess(entries, link: link)
    }
    func readAccess(tag: String, limit: Int) throws(StoreError) -> [AccessRecord] {
        try base.readAccess(tag: tag, limit: limit)
    }
    func countAccess(tag: String) throws(StoreError) -> Int { try base.countAccess(tag: tag) }
    func recordPendingAccess(_ entry: [UInt8]) throws(StoreError) { try base.recordPendingAccess(entry) }
    func readAccess(after position: UInt64, limit: Int) throws(StoreError) -> [AccessRecord] {
        try base.readAccess(after: position, limit: limit)
    }
    func dropAccess(before sequence: UInt64) throws(StoreError) { try base.dropAccess(before: sequence) }
    func storageProblems() throws(StoreError) -> [CheckProblem] { try base.storageProblems() }
    func rewrite(_ commits: [EncodedCommit]) throws(StoreError) {
        try base.rewrite(commits.map { (commit) throws(StoreError) in try sealed(commit) })
    }
    func close() { base.close() }

    private func sealed(_ commit: EncodedCommit) throws(StoreError) -> EncodedCommit {
        var sealed = commit
        sealed.payload = try SealedPayload.seal(commit.payload, sequence: commit.sequence, with: key)
        return sealed
    }

    /// Opens a batch; a long one (a desk replaying a region) on every core, in order.
    private func opened(_ batch: [EncodedCommit]) throws(StoreError) -> [EncodedCommit] {
        let store = displayName
        let key = self.key
        return try ParallelMap.map(batch, minimumPerPart: 512) { (commit) throws(StoreError) in
            var open = commit
            open.payload = try SealedPayload.open(commit.payload, sequence: commit.sequence, with: key, store: store)
            return open
        }
    }
}
