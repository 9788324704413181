import Foundation

/// How an encrypted store is opened: who is opening it, and how to ask them for their passphrase.
public struct Unlock {
    public var advisor: String
    /// Asked only when the store turns out to be encrypted, with the store's name for the prompt.
    public var passphrase: (_ store: String) throws(StoreError) -> String

    public init(advisor: String, passphrase: @escaping (_ store: String) throws(StoreError) -> String) {
        self.advisor = advisor
        self.passphrase = passphrase
    }
}

/// Encrypting a store and managing its advisors' keys.
public enum Keyring {
    /// The log as the store above it reads it: sealed when the store is encrypted, unlocked with
    /// the advisor's own key slot (one try: a wrong passphrase is refused, never retried here).
    /// A refused passphrase is kept for the access log (as `who`, when given).
    static func unlocked(_ log: CommitLog, _ unlock: Unlock?, who: Accessor? = nil) throws(StoreError) -> (
        log: CommitLog, key: DataKey?
    ) {
        let slots = try log.keySlots()
        guard !slots.isEmpty else { return (log, nil) }
        let key = try dataKey(log, slots: slots, unlock, who: who)
        return (SealedCommitLog(log, key: key), key)
    }

    /// The data key `unlock` opens; a refused passphrase, or a name with no key, is kept for the
    /// access log (as `who`, when given).
    private static func dataKey(_ log: CommitLog, slots: [KeySlot], _ unlock: Unlock?, who: Accessor? = nil)
        throws(StoreError) -> DataKey
    {
        do throws(StoreError) {
            return try openedKey(log, slots: slots, unlock)
        } catch {
            switch error {
            case .wrongPassphrase, .noKey: if let who { AccessLog.recordFailedUnlock(log, who: who) }
            default: break
            }
            throw error
        }
    }

    private static func openedKey(_ log: CommitLog, slots: [KeySlot], _ unlock: Unlock?) throws(StoreError) -> DataKey {
        guard let unlock else { throw StoreError.locked(store: log.displayName) }
        guard let slot = slots.first(where: { $0.advisor == unlock.advisor }) else {
            throw StoreError.noKey(advisor: unlock.advisor, store: log.displayName, holders: slots.map(\.advisor))
        }
        guard let key = try slot.open(passphrase: try unlock.passphrase(log.displayName)) else {
            throw StoreError.wrongPassphrase(advisor: unlock.advisor, store: log.displayName)
        }
        return key
    }

    /// The advisors who hold a key to the store at `location`, with when it was made (empty: the
    /// store is not encrypted).
    public static func slots(location: String) throws(StoreError) -> [KeySlot] {
        let log = try CaseStore.openLog(location, readOnly: true, create: false)
        defer { log.close() }
        return try log.keySlots()
    }

    /// Opens nothing, only proves `unlock` opens the store at `location` (throws when it does not).
    public static func verify(location: String, unlock: Unlock, who: Accessor? = nil) throws(StoreError) {
        let log = try CaseStore.openLog(location, readOnly: true, create: false)
        defer { log.close() }
        let slots = try log.keySlots()
        guard !slots.isEmpty else { throw StoreError.notEncrypted(store: log.displayName) }
        _ = try dataKey(log, slots: slots, unlock, who: who)
    }

    /// Encrypts the store at `location` in place (a new one when `create`): a new random data key
    /// seals every commit, and a slot for `advisor` wraps it with `passphrase`. The snapshot, which
    /// held plaintext, is removed; the next open builds a sealed one. Returns how many commits were
    /// sealed.
    public static func encrypt(
        location: String, advisor: String, passphrase: String, create: Bool = false, who: Accessor? = nil
    ) throws(StoreError) -> Int {
        let log = try CaseStore.openLog(location, readOnly: false, create: create)
        defer { log.close() }
        let count = try encrypt(log, advisor: advisor, passphrase: passphrase)
        if let who, let slot = try log.keySlots().first, let key = try slot.open(passphrase: passphrase) {
            try logged(log, key, who, "encrypt")
        }
        try CaseStore.removeSnapshot(location: location, identity: log.identity)
        return count
    }

    /// Encrypts `log` in place (see `encrypt(location:…)`; the snapshot is the caller's to remove).
    static func encrypt(_ log: CommitLog, advisor: String, passphrase: String) throws(StoreError) -> Int {
        // A chain that does not hold is not sealed anew: that would make a tampered log verify.
        if case .accessLogBroken(let entry, _)? = try AccessLog.verify(log, key: nil).problems.first {
            throw StoreError.accessLogDamaged(store: log.displayName, entry: entry)
        }
        let key = DataKey.random()
        let slot = try KeySlot.make(advisor: advisor, passphrase: passphrase, key: key)
        var count = 0
        let chain = AccessLog.chainKey(key)
        try log.reseal(
            slots: [slot],
            { (commit) throws(StoreError) in
                guard !SealedPayload.isSealed(commit.payload) else {
                    throw StoreError.alreadyEncrypted(store: log.displayName)
                }
                count += 1
                return try SealedPayload.seal(commit.payload, sequence: commit.sequence, with: key)
            },
            access: { (records) throws(StoreError) in
                // The access log so far, sealed and chained anew with the store's key (from the
                // base a purge of its oldest entries left, if it had one).
                let entries = try records.map { (record) throws(StoreError) in try AccessLog.open(record, nil) }
                let bases = Dictionary(
                    entries.compactMap { $0.base.map { ($0.through, $0.hash) } }, uniquingKeysWith: { _, last in last })
                var previous = records.first.flatMap { bases[$0.sequence - 1] } ?? ""
                return try zip(records, entries).map { (record, entry) throws(StoreError) in
                    let stored = try AccessLog.store(entry, key)
                    let hash = AccessLog.link(chain, previous, record.sequence, stored)
                    previous = hash
                    return AccessRecord(
                        sequence: record.sequence, stored: stored, hash: hash, tags: AccessLog.tags(of: entry, key))
                }
            }, chain: .of(key))
        return count
    }

    /// Gives `advisor` a key of their own, opened with `passphrase`; `unlock` proves the person
    /// adding it holds one. An advisor who has one gets it replaced.
    /// `replacing`: an advisor who has a key gets a new one only when asked (else a colleague could
    /// lock them out, or take over their name).
    public static func add(
        location: String, unlock: Unlock, for advisor: String, passphrase: String, replacing: Bool = false,
        who: Accessor? = nil
    ) throws(StoreError) {
        let log = try CaseStore.openLog(location, readOnly: false, create: false)
        defer { log.close() }
        try add(log, unlock: unlock, for: advisor, passphrase: passphrase, replacing: replacing, who: who)
    }

    static func add(
        _ log: CommitLog, unlock: Unlock, for advisor: String, passphrase: String, replacing: Bool = false,
        who: Accessor? = nil
    ) throws(StoreError) {
        let slots = try log.keySlots()
        guard !slots.isEmpty else { throw StoreError.notEncrypted(store: log.displayName) }
        let key = try dataKey(log, slots: slots, unlock, who: who)
        let replaces = slots.contains(where: { $0.advisor == advisor })
        guard replacing || !replaces else { throw StoreError.keyExists(advisor: advisor) }
        try log.saveKeySlot(try KeySlot.make(advisor: advisor, passphrase: passphrase, key: key))
        try logged(log, key, who, advisor == unlock.advisor && replaces ? "key-change" : "key-add " + advisor)
    }

    /// Notes a key's change in the access log (who did it, and what).
    private static func logged(_ log: CommitLog, _ key: DataKey, _ who: Accessor?, _ what: String) throws(StoreError) {
        guard let who else { return }
        let access = AccessLog(log: log, key: key, who: who)
        access.record(.keys, what: what)
        try access.flush()
    }

    /// Changes the passphrase of the advisor unlocking: their slot is rewrapped, nothing else written.
    public static func change(location: String, unlock: Unlock, to passphrase: String, who: Accessor? = nil)
        throws(StoreError)
    {
        try add(
            location: location, unlock: unlock, for: unlock.advisor, passphrase: passphrase, replacing: true, who: who)
    }

    /// Takes `advisor`'s key away; `unlock` proves the person revoking holds one. The data key
    /// stays the same: someone who copied it while they had it could still read what was
    /// written (rotating the data key is a further step; see DECISIONS).
    public static func revoke(location: String, unlock: Unlock, advisor: String, who: Accessor? = nil)
        throws(StoreError)
    {
        let log = try CaseStore.openLog(location, readOnly: false, create: false)
        defer { log.close() }
        try revoke(log, unlock: unlock, advisor: advisor, who: who)
    }

    static func revoke(_ log: CommitLog, unlock: Unlock, advisor: String, who: Accessor? = nil) throws(StoreError) {
        let slots = try log.keySlots()
        guard !slots.isEmpty else { throw StoreError.notEncrypted(store: log.displayName) }
        let key = try dataKey(log, slots: slots, unlock, who: who)
        switch try log.removeKeySlot(advisor: advisor) {
        case .removed: try logged(log, key, who, "key-revoke " + advisor)
        case .notFound: throw StoreError.noSuchKeySlot(advisor: advisor)
        case .lastSlot: throw StoreError.lastKeySlot(advisor: advisor)
        }
    }
}
