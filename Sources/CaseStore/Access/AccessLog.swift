import Crypto
import Foundation

/// The store's access log: who looked at or did what with whose file, chained so that a changed,
/// removed or reordered entry is found.
///
/// Entries are recorded in memory and written in groups (`flush`), so logging a view never makes
/// the desk wait for the disk: the desk flushes when it is idle, a command before it shows
/// anything. Each entry's hash is an HMAC over the previous hash, its place and its stored text;
/// in an encrypted store the entry is sealed and the HMAC is keyed with a key derived from the
/// data key (so nobody without a key can write a chain that verifies); in a plain store the key is
/// a fixed one (it finds damage and edits by hand, not a forger who knows schakel).
public final class AccessLog {
    let log: CommitLog
    let key: DataKey?
    public let who: Accessor
    private var waiting: [AccessEntry] = []

    init(log: CommitLog, key: DataKey?, who: Accessor) {
        self.log = log
        self.key = key
        self.who = who
    }

    /// Entries recorded and not yet written.
    public var unwritten: Int { waiting.count }

    /// Notes an access, to be written with the next `flush`.
    public func record(
        _ action: AccessAction, cases: [String] = [], what: String = "", count: Int? = nil, query: QueryShape? = nil,
        base: AccessBase? = nil, at: Date = Date()
    ) {
        waiting.append(
            AccessEntry(
                at: at, who: who, action: action, cases: cases, what: what, count: count, query: query, base: base))
    }

    /// Notes an entry made whole by the caller (one with more than `record` takes).
    func record(_ entry: AccessEntry) { waiting.append(entry) }

    /// Writes what was recorded, in one transaction, with any failed unlocks waiting to be chained.
    public func flush() throws(StoreError) {
        guard !waiting.isEmpty else { return }
        let entries = waiting
        let key = self.key
        let now = Date()
        let chain = Self.chainKey(key)
        let make = { (pending: [[UInt8]]) throws(StoreError) -> [AccessAppend] in
            var stored: [AccessAppend] = []
            for text in pending {
                // A failed unlock was written plain (without a key there is nothing to seal with),
                // by whoever could write the table: only what a failed unlock says is taken from it
                // (who it claims to be, where from, when, never after now), marked as unverified.
                guard let claimed = try? Self.decodeEntry(text) else { continue }
                let entry = AccessEntry(
                    at: min(claimed.at, now), who: claimed.who, action: .unlockFailed, what: "unverified")
                stored.append(AccessAppend(stored: try Self.store(entry, key), tags: Self.tags(of: entry, key)))
            }
            for entry in entries {
                stored.append(AccessAppend(stored: try Self.store(entry, key), tags: Self.tags(of: entry, key)))
            }
            return stored
        }
        try log.appendAccess(make, link: { previous, sequence, stored in Self.link(chain, previous, sequence, stored) })
        waiting.removeAll()
    }

    /// Records a refused passphrase where every opener can write it; the next one to unlock chains it.
    static func recordFailedUnlock(_ log: CommitLog, who: Accessor, at: Date = Date()) {
        let entry = AccessEntry(at: at, who: who, action: .unlockFailed)
        guard let text = try? CommitCodec.encoder.encode(entry) else { return }
        try? log.recordPendingAccess(Array(text))
    }

    /// Every entry, oldest first, opened; throws at the first that cannot be read.
    public func entries() throws(StoreError) -> [AccessEntry] {
        try Self.entries(of: log, key: key)
    }

    /// The newest `limit` entries about one case, oldest first ("wie heeft dit dossier bekeken"),
    /// the ones noted and not yet written included.
    public func entries(about caseID: String, limit: Int = 50) throws(StoreError) -> [AccessEntry] {
        let written = try log.readAccess(tag: Self.tag("case", caseID, key), limit: limit).map {
            (record) throws(StoreError) in try Self.open(record, key)
        }
        return Array((written + waiting.filter { $0.cases.contains(caseID) }).suffix(limit))
    }

    /// The newest `limit` entries by one advisor, oldest first, the ones not yet written included.
    public func entries(by advisor: String, limit: Int = 200) throws(StoreError) -> [AccessEntry] {
        let written = try log.readAccess(tag: Self.tag("advisor", advisor, key), limit: limit).map {
            (record) throws(StoreError) in try Self.open(record, key)
        }
        return Array((written + waiting.filter { $0.who.advisor == advisor }).suffix(limit))
    }

    /// How many entries there are by one advisor, written or noted.
    public func count(by advisor: String) throws(StoreError) -> Int {
        try log.countAccess(tag: Self.tag("advisor", advisor, key)) + waiting.filter { $0.who.advisor == advisor }.count
    }

    /// How many entries there are about one case, written or noted.
    public func count(about caseID: String) throws(StoreError) -> Int {
        try log.countAccess(tag: Self.tag("case", caseID, key)) + waiting.filter { $0.cases.contains(caseID) }.count
    }

    /// What an entry is found by: each of its cases and its advisor. In an encrypted store a tag is
    /// a keyed hash, so the index says nothing to whoever has no key.
    static func tags(of entry: AccessEntry, _ key: DataKey?) -> [String] {
        entry.cases.map { tag("case", $0, key) } + [tag("advisor", entry.who.advisor, key)]
            + (entry.relinkedFrom == nil ? [] : [tag("event", "relinked", key)])
    }

    /// Whether a purge linked the commits anew from `sequence` or before (so a commit there may
    /// legitimately differ from what a snapshot made earlier remembers).
    public func relinked(atOrBefore sequence: UInt64) throws(StoreError) -> Bool {
        for record in try log.readAccess(tag: Self.tag("event", "relinked", key), limit: 1_000)
        where (try Self.open(record, key).relinkedFrom ?? .max) <= sequence {
            return true
        }
        return false
    }

    static func tag(_ kind: String, _ value: String, _ key: DataKey?) -> String {
        let text = kind + ":" + value
        guard let key else { return text }
        let mac = HMAC<SHA256>.authenticationCode(for: Array(text.utf8), using: key.derived(for: "access log tags"))
        return kind + ":" + mac.prefix(16).hex
    }

    static func entries(of log: CommitLog, key: DataKey?) throws(StoreError) -> [AccessEntry] {
        var all: [AccessEntry] = []
        var position: UInt64 = 0
        while true {
            let batch = try log.readAccess(after: position, limit: 5_000)
            guard let last = batch.last else { return all }
            for record in batch { all.append(try open(record, key)) }
            position = last.sequence
        }
    }

    /// What is wrong with the chain: an entry changed, removed, inserted or moved shows as the first
    /// place where the chain no longer holds. Returns the chain's head (`AccessLog.head`). A head
    /// kept elsewhere (`expecting`) must be in the chain, or lie before the entries a purge removed:
    /// a log cut short or rewritten has lost it.
    ///
    /// A log whose oldest entries were removed at the end of their retention period begins after
    /// the last one removed: the entry recording that purge, later in the chain, names it
    /// (`AccessBase`), and the first entry kept must follow from it. A beginning cut without such
    /// an entry, or cut further than it says, is found.
    static func verify(_ log: CommitLog, key: DataKey?, expecting kept: String? = nil) throws(StoreError) -> (
        problems: [CheckProblem], count: Int, head: String
    ) {
        let wanted = kept.map(KeptHead.init)
        var found = wanted == nil
        let chain = chainKey(key)
        var previous = ""
        var first: AccessRecord?
        var bases: [UInt64: String] = [:]
        var expected: UInt64 = 1
        var problems: [CheckProblem] = []
        var position: UInt64 = 0
        var count = 0
        reading: while true {
            let batch = try log.readAccess(after: position, limit: 5_000)
            guard let last = batch.last else { break }
            for record in batch {
                if first == nil {
                    first = record
                    expected = record.sequence
                } else if record.sequence != expected {
                    problems.append(.accessLogBroken(entry: expected, reason: .missing))
                    break reading
                }
                // The first entry after a purge is checked against its base at the end.
                if record.sequence > 1 && count == 0 {
                    previous = record.hash
                } else {
                    guard link(chain, previous, record.sequence, record.stored) == record.hash else {
                        problems.append(.accessLogBroken(entry: record.sequence, reason: .changed))
                        break reading
                    }
                    previous = record.hash
                }
                let entry: AccessEntry
                do throws(StoreError) { entry = try open(record, key) } catch {
                    problems.append(.accessLogBroken(entry: record.sequence, reason: .unreadable))
                    break reading
                }
                if let base = entry.base { bases[base.through] = base.hash }
                if let wanted, wanted.matches(record.sequence, record.hash) { found = true }
                expected += 1
                count += 1
            }
            position = last.sequence
        }
        if problems.isEmpty, let first, first.sequence > 1 {
            if let base = bases[first.sequence - 1] {
                if link(chain, base, first.sequence, first.stored) != first.hash {
                    problems.append(.accessLogBroken(entry: first.sequence, reason: .changed))
                }
                // A kept head in the part a purge removed cannot be compared (nor a bare hash, which
                // does not say where it was): no sign of tampering.
                if let wanted, wanted.sequence.map({ $0 < first.sequence }) ?? true || wanted.hash == base {
                    found = true
                }
            } else {
                problems.append(.accessLogBroken(entry: first.sequence - 1, reason: .missing))
            }
        }
        if problems.isEmpty, !found, let kept { problems.append(.accessHeadMissing(kept)) }
        return (problems, count, count == 0 ? "" : head(expected - 1, previous))
    }

    /// How a head is printed and kept: the last entry's place and the chain's hash through it.
    static func head(_ sequence: UInt64, _ hash: String) -> String { "\(sequence):\(hash)" }

    /// A head as kept elsewhere: `place:hash`, or only the hash (as printed before heads named
    /// their place).
    struct KeptHead {
        var sequence: UInt64?
        var hash: String

        init(_ text: String) {
            let parts = text.split(separator: ":", maxSplits: 1)
            if parts.count == 2, let sequence = UInt64(parts[0]) {
                self.sequence = sequence
                hash = String(parts[1])
            } else {
                hash = text
            }
        }

        func matches(_ sequence: UInt64, _ hash: String) -> Bool {
            hash == self.hash && (self.sequence == nil || self.sequence == sequence)
        }
    }

    /// Removes the entries older than `cutoff` at the end of their retention period: the oldest
    /// entries up to the first that is not older. The entry recording it, with the base the kept
    /// entries' chain begins from, is written first; a crash before the removal leaves every entry
    /// and that record (running it again removes them). Returns how many entries went.
    public func prune(before cutoff: Date) throws(StoreError) -> Int {
        try flush()
        let (through, removed) = try oldest(before: cutoff)
        guard let through else { return 0 }
        record(
            .purge, what: "access-log", count: removed, base: AccessBase(through: through.sequence, hash: through.hash))
        try flush()
        try log.dropAccess(before: through.sequence + 1)
        return removed
    }

    /// How many entries `prune(before:)` would remove.
    public func older(than cutoff: Date) throws(StoreError) -> Int { try oldest(before: cutoff).count }

    /// The oldest entries up to the first that is not older than `cutoff`: the last of them, and how many.
    private func oldest(before cutoff: Date) throws(StoreError) -> (through: AccessRecord?, count: Int) {
        var through: AccessRecord?
        var count = 0
        var position: UInt64 = 0
        while true {
            let batch = try log.readAccess(after: position, limit: 5_000)
            guard let last = batch.last else { break }
            for record in batch {
                guard try Self.open(record, key).at < cutoff else { return (through, count) }
                through = record
                count += 1
            }
            position = last.sequence
        }
        return (through, count)
    }

    // MARK: The stored form and the chain

    static func chainKey(_ key: DataKey?) -> SymmetricKey {
        key?.derived(for: "access log chain") ?? SymmetricKey(data: SHA256.hash(data: Array("schakel access log".utf8)))
    }

    static func link(_ key: SymmetricKey, _ previous: String, _ sequence: UInt64, _ stored: [UInt8]) -> String {
        var message = Array(previous.utf8)
        message += Array("\n\(sequence)\n".utf8)
        message += stored
        return HMAC<SHA256>.authenticationCode(for: message, using: key).hex
    }

    private static let context = "access log entry"

    static func store(_ entry: AccessEntry, _ key: DataKey?) throws(StoreError) -> [UInt8] {
        let text: [UInt8]
        do { text = Array(try CommitCodec.encoder.encode(entry)) } catch {
            throw StoreError.badFile(path: "access log", reason: "cannot encode an entry")
        }
        guard let key else { return text }
        return SealedPayload.prefix + Array(Data(try key.seal(text, context: context)).base64EncodedString().utf8)
    }

    static func open(_ record: AccessRecord, _ key: DataKey?) throws(StoreError) -> AccessEntry {
        var text = record.stored
        if SealedPayload.isSealed(text) {
            guard let key, let sealed = Data(base64Encoded: Data(text.dropFirst(SealedPayload.prefix.count))) else {
                throw StoreError.sealBroken(what: "access log entry \(record.sequence)")
            }
            text = try key.open(Array(sealed), context: context)
        }
        return try decodeEntry(text)
    }

    static func decodeEntry(_ text: [UInt8]) throws(StoreError) -> AccessEntry {
        guard let entry = try? CommitCodec.decoder.decode(AccessEntry.self, from: Data(text)) else {
            throw StoreError.badFile(path: "access log", reason: "an entry cannot be read")
        }
        return entry
    }
}
