import CaseModel
import Foundation

/// What `schakel check` found in a store.
public struct StoreCheckReport: Sendable {
    public var backend = "SQLite"
    public var identity = ""
    public var commits = 0
    public var events = 0
    public var cases = 0
    public var openCases = 0
    public var partners = 0
    public var contacts = 0
    public var consultations = 0
    public var problems: [CheckProblem] = []
    public var snapshot = SnapshotVerdict.none
    /// The advisors holding a key, with when it was made; empty when the store is not encrypted.
    public var keys: [KeySlot] = []
    /// Entries in the access log whose chain holds, and the chain's head (its last hash), which a
    /// region can keep elsewhere to compare.
    public var accessEntries = 0
    public var accessHead = ""
    /// Commits whose chain holds, and its head (`place:link`), to keep elsewhere and compare.
    public var chained = 0
    public var chainHead = ""

    public var isHealthy: Bool { problems.isEmpty }
}

/// What `check` makes of the snapshot beside the log.
public enum SnapshotVerdict: Equatable, Sendable, CustomStringConvertible {
    case none
    /// Derived under other replay rules: rebuilt on the next open for writing.
    case earlierRules
    case otherStore
    /// Not sealed with the store's key (made before the store was encrypted).
    case sealedOtherwise
    case unreadable(StoreError)
    /// It covers a commit the log no longer holds as it was.
    case commitGone(UInt64)
    case agrees(UInt64)
    case disagrees
    case beyondEnd(snapshot: UInt64, last: UInt64)

    /// In English (the presentation layer translates by case).
    public var description: String {
        switch self {
        case .none: return "none"
        case .earlierRules:
            return "made by an earlier schakel, whose replay differs; it is rebuilt on the next open for writing"
        case .otherStore: return "made from another store: the database was replaced"
        case .sealedOtherwise: return "not sealed with the store's key; it is rebuilt on the next open"
        case .unreadable(let error): return "cannot be read (\(error.message)); it is rebuilt on the next open"
        case .commitGone(let sequence):
            return "covers a commit \(sequence) that the log no longer holds: the log was restored or rewritten"
        case .agrees(let sequence): return "agrees with the log (commit \(sequence))"
        case .disagrees: return "DISAGREES with the log"
        case .beyondEnd(let snapshot, let last):
            return "covers commit \(snapshot), beyond the log's end (\(last)): the log was restored"
        }
    }
}

/// Something `check` found wrong.
public enum CheckProblem: Equatable, Sendable, CustomStringConvertible {
    case store(StoreError)
    /// The directory still holds the old journal.
    case oldJournal(path: String)
    case noDatabase(path: String)
    /// The database's own integrity check (SQLite's words).
    case integrity(path: String, finding: String)
    case gaps(log: String, count: Int, last: UInt64)
    case missingCommit(UInt64, log: String)
    /// A commit the ones before it contradict (the replay's reason).
    case contradicts(UInt64, log: String, reason: Ledger.ApplyError)
    case snapshotDisagrees(UInt64, path: String)
    /// The access log's chain does not hold from this entry on.
    case accessLogBroken(entry: UInt64, reason: AccessLogDamage)
    /// A head of the access log kept elsewhere is not in it: the log was cut short, emptied or rewritten.
    case accessHeadMissing(String)
    /// The commits' chain does not hold at this commit.
    case chainBroken(UInt64, reason: ChainDamage)
    /// A head of the commits' chain kept elsewhere is not in it (and no purge linked it anew).
    case chainHeadMissing(String)
    case other(String)

    /// In English (the presentation layer translates by case).
    public var description: String {
        switch self {
        case .store(let error): return error.message
        case .oldJournal(let path):
            return
                "\(path) still has the old journal; open it once for writing (or run 'schakel store upgrade') to convert it"
        case .noDatabase(let path): return "\(path) does not exist: not a schakel store"
        case .integrity(let path, let finding): return "\(path): \(finding)"
        case .gaps(let log, let count, let last):
            return "\(log): \(count) commits numbered up to \(last): the log has gaps"
        case .missingCommit(let sequence, let log): return "commit \(sequence) is missing from \(log)"
        case .contradicts(let sequence, let log, let reason): return "commit \(sequence) in \(log): \(reason)"
        case .snapshotDisagrees(let sequence, let path):
            return "the snapshot disagrees with the log at commit \(sequence); delete \(path) to rebuild it"
        case .accessLogBroken(let entry, let reason):
            return "the access log does not hold from entry \(entry): \(reason.rawValue)"
        case .accessHeadMissing(let head):
            return "the access log does not hold the head \(head) kept elsewhere: it was cut short or rewritten"
        case .chainBroken(let sequence, let reason):
            return "the commits' chain does not hold at commit \(sequence): \(reason.rawValue)"
        case .chainHeadMissing(let head):
            return "the log does not hold the head \(head) kept elsewhere: commits were removed or rewritten"
        case .other(let text): return text
        }
    }
}

extension CheckProblem {
    /// The commit a break of the chain is at, if this is one.
    var chainSequence: UInt64? {
        if case .chainBroken(let sequence, _) = self { return sequence }
        return nil
    }
}

/// How a commit was found wrong by the chain.
public enum ChainDamage: String, Equatable, Sendable {
    /// It is not where the one before it says (removed, or another put in its place).
    case missing = "a commit is missing or was inserted"
    /// Its payload, time, advisor or place differs from what the chain holds.
    case changed = "a commit was changed or moved"
    /// It has no link: written around schakel, or from before the chain and not yet linked
    /// (opening the store for writing links those).
    case unlinked = "it has no link in the chain"

    /// The case's name, for the presentation layer's texts.
    public var name: String {
        switch self {
        case .missing: "missing"
        case .changed: "changed"
        case .unlinked: "unlinked"
        }
    }
}

/// How an access log entry was found wrong.
public enum AccessLogDamage: String, Equatable, Sendable {
    /// It is not where the one before it says (removed, or another put in its place).
    case missing = "an entry is missing or was inserted"
    /// Its text or its place differs from what the chain holds (changed, moved).
    case changed = "an entry was changed or moved"
    /// It cannot be opened or read.
    case unreadable = "an entry cannot be read"
}

extension CaseStore {
    /// Checks the store `location` names: a directory, or a PostgreSQL store (whose local snapshot
    /// cache, if this user has one, is compared too).
    /// `accessHead`: a head of the access log kept elsewhere, which must be in it.
    public static func check(
        location: String, unlock: Unlock? = nil, accessHead: String? = nil, expectHead: String? = nil
    ) -> StoreCheckReport {
        guard PostgresLocation.isPostgres(location) else {
            return check(directory: location, unlock: unlock, accessHead: accessHead, expectHead: expectHead)
        }
        var report = StoreCheckReport()
        report.backend = "PostgreSQL"
        do throws(StoreError) {
            let log = try PostgresCommitLog(try PostgresLocation(location), readOnly: true, create: false)
            defer { log.close() }
            report.identity = log.identity
            report.problems += try log.storageProblems()
            check(
                log, snapshotPath: try cachePath(for: log.identity), unlock: unlock, accessHead: accessHead,
                expectHead: expectHead, into: &report)
        } catch {
            report.problems.append(.store(error))
        }
        return report
    }

    /// Reads the whole store without changing anything: the database's own integrity check, every
    /// commit in order (readable, at its place, consistent with the ones before it), and whether
    /// the snapshot agrees with the log it names.
    public static func check(
        directory: String, unlock: Unlock? = nil, accessHead: String? = nil, expectHead: String? = nil
    ) -> StoreCheckReport {
        var report = StoreCheckReport()
        let log: SQLiteCommitLog
        do {
            let place = try StoreDirectory.at(directory, create: false)
            guard FileIO.exists(place.databasePath) else {
                report.problems.append(
                    FileIO.exists(place.path + "/" + LegacyJournal.fileName)
                        ? .oldJournal(path: place.path) : .noDatabase(path: place.databasePath))
                return report
            }
            log = try SQLiteCommitLog(directory: place.path, readOnly: true, create: false)
            defer { log.close() }
            report.identity = log.identity
            report.problems += try log.storageProblems()
            check(
                log, snapshotPath: place.snapshotPath, unlock: unlock, accessHead: accessHead, expectHead: expectHead,
                into: &report)
        } catch {
            report.problems.append(.store(error))
        }
        return report
    }

    /// An encrypted log is read through its seal (`unlock`); without one its commits cannot be checked.
    private static func check(
        _ raw: CommitLog, snapshotPath: String, unlock: Unlock?, accessHead: String?, expectHead: String?,
        into report: inout StoreCheckReport
    ) {
        // A log that ends before a commit this machine saw of it went back in time.
        let record = PositionRecord.standard()
        if let seen = record.seen(raw.identity, at: raw.displayName), let head = try? raw.head(), seen > head {
            report.problems.append(
                .store(
                    .behindRecord(
                        store: raw.displayName, seen: seen, head: head, record: record.path, identity: raw.identity)))
        }
        let log: CommitLog
        let key: DataKey?
        do throws(StoreError) {
            report.keys = try raw.keySlots()
            (log, key) = try Keyring.unlocked(raw, unlock)
        } catch {
            report.problems.append(.store(error))
            return
        }
        var relinked: [ClosedRange<UInt64>] = []
        do throws(StoreError) {
            let access = try AccessLog.verify(raw, key: key, expecting: accessHead)
            report.problems += access.problems
            report.accessEntries = access.count
            report.accessHead = access.head
            // A purge links the commits from its first rewritten one anew, and says so there.
            if access.problems.isEmpty {
                relinked = try AccessLog.entries(of: raw, key: key).compactMap(\.relinked)
            }
        } catch {
            report.problems.append(.store(error))
        }
        do throws(StoreError) {
            let chain = try CommitChain.verify(
                raw, key: .of(key), expecting: expectHead, relinked: relinked)
            report.problems += chain.problems
            report.chained = chain.count
            report.chainHead = chain.head
        } catch {
            report.problems.append(.store(error))
        }
        var snapshot: (binding: SnapshotStore.Binding, ledger: Ledger)?
        if FileIO.exists(snapshotPath) {
            do throws(StoreError) {
                let store = try SnapshotStore(path: snapshotPath, create: false, fileMode: 0o600, key: key)
                defer { store.close() }
                try store.beginReading()
                if let binding = try store.binding() {
                    if binding.identity == log.identity && binding.key != (key?.fingerprint ?? "") {
                        report.snapshot = .sealedOtherwise
                    } else if binding.identity == log.identity && binding.rules != Ledger.rulesVersion {
                        report.snapshot = .earlierRules
                    } else if binding.identity == log.identity {
                        snapshot = (binding, try store.ledger(cases: nil, sequence: binding.sequence))
                    } else {
                        report.snapshot = .otherStore
                    }
                }
                try store.endReading()
            } catch {
                report.snapshot = .unreadable(error)
            }
        }
        var ledger = Ledger()
        func compareSnapshot(_ payload: [UInt8]?) {
            guard let snap = snapshot, snap.binding.sequence == ledger.lastSequence else { return }
            if let payload, CommitCodec.digest(payload) != snap.binding.digest {
                report.snapshot = .commitGone(snap.binding.sequence)
            } else if snap.ledger.canonical == ledger.canonical {
                report.snapshot = .agrees(snap.binding.sequence)
            } else {
                report.snapshot = .disagrees
                report.problems.append(.snapshotDisagrees(snap.binding.sequence, path: snapshotPath))
            }
        }
        compareSnapshot(nil)
        do {
            var last: UInt64 = 0
            reading: while true {
                let batch = try log.read(after: last, limit: 2_000)
                if batch.isEmpty { break }
                for entry in batch {
                    guard entry.sequence == last + 1 else {
                        report.problems.append(.missingCommit(last + 1, log: log.displayName))
                        break reading
                    }
                    last = entry.sequence
                    do {
                        let commit = try CommitCodec.decode(entry, store: log.displayName)
                        try ledger.apply(commit, reference: commit.sequence, undoable: false)
                        report.events += commit.eventCount
                    } catch let error as StoreError {
                        report.problems.append(.store(error))
                        break reading
                    } catch let error as Ledger.ApplyError {
                        report.problems.append(.contradicts(entry.sequence, log: log.displayName, reason: error))
                        break reading
                    }
                    report.commits += 1
                    compareSnapshot(entry.payload)
                }
            }
            if let snap = snapshot, snap.binding.sequence > last {
                report.snapshot = .beyondEnd(snapshot: snap.binding.sequence, last: last)
            }
            // The snapshot is this machine's memory of the store: one of another store, or of a
            // commit the log no longer holds, is damage (opening refuses it too).
            switch report.snapshot {
            case .otherStore:
                report.problems.append(.store(.otherDatabase(store: log.displayName, snapshot: snapshotPath)))
            case .commitGone(let seen) where (try? raw.wasRewritten(seen)) == true:
                break  // a purge rewrote it since: the snapshot is old, and rebuilt on the next open
            case .commitGone(let seen), .beyondEnd(let seen, _):
                report.problems.append(
                    .store(.wentBack(store: log.displayName, seen: seen, head: last, snapshot: snapshotPath)))
            default: break
            }
        } catch let error as StoreError {
            report.problems.append(.store(error))
        } catch {
            report.problems.append(.other("\(error)"))
        }
        report.cases = ledger.book.cases.count
        report.openCases = ledger.book.cases.values.filter { $0.status.isOpen }.count
        report.partners = ledger.partners.organisations.count
        report.contacts = ledger.partners.contacts.count
        report.consultations = ledger.consultations.consultations.count
    }
}
