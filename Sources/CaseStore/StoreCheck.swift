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
    public var problems: [String] = []
    public var snapshot = "none"

    public var isHealthy: Bool { problems.isEmpty }
}

extension CaseStore {
    /// Checks the store `location` names: a directory, or a PostgreSQL store (whose local snapshot
    /// cache, if this user has one, is compared too).
    public static func check(location: String) -> StoreCheckReport {
        guard PostgresLocation.isPostgres(location) else { return check(directory: location) }
        var report = StoreCheckReport()
        report.backend = "PostgreSQL"
        do throws(StoreError) {
            let log = try PostgresCommitLog(try PostgresLocation(location), readOnly: true, create: false)
            defer { log.close() }
            report.identity = log.identity
            report.problems += try log.storageProblems()
            check(log, snapshotPath: try cachePath(for: log.identity), into: &report)
        } catch {
            report.problems.append(error.message)
        }
        return report
    }

    /// Reads the whole store without changing anything: the database's own integrity check, every
    /// commit in order (readable, at its place, consistent with the ones before it), and whether
    /// the snapshot agrees with the log it names.
    public static func check(directory: String) -> StoreCheckReport {
        var report = StoreCheckReport()
        let log: SQLiteCommitLog
        do {
            let place = try StoreDirectory.at(directory, create: false)
            guard FileIO.exists(place.databasePath) else {
                report.problems.append(FileIO.exists(place.path + "/" + LegacyJournal.fileName)
                    ? "\(place.path) still has the old journal; open it once for writing (or run 'schakel store upgrade') to convert it"
                    : "\(place.databasePath) does not exist: not a schakel store")
                return report
            }
            log = try SQLiteCommitLog(directory: place.path, readOnly: true, create: false)
            defer { log.close() }
            report.identity = log.identity
            report.problems += try log.storageProblems()
            check(log, snapshotPath: place.snapshotPath, into: &report)
        } catch {
            report.problems.append(error.message)
        }
        return report
    }

    private static func check(_ log: CommitLog, snapshotPath: String, into report: inout StoreCheckReport) {
        var snapshot: (binding: SnapshotStore.Binding, ledger: Ledger)?
        if FileIO.exists(snapshotPath) {
            do throws(StoreError) {
                let store = try SnapshotStore(path: snapshotPath, create: false, fileMode: 0o600)
                defer { store.close() }
                try store.beginReading()
                if let binding = try store.binding() {
                    if binding.identity == log.identity && binding.rules != Ledger.rulesVersion {
                        report.snapshot = "made by an earlier schakel, whose replay differs; it is rebuilt on the next open for writing"
                    } else if binding.identity == log.identity {
                        snapshot = (binding, try store.ledger(cases: nil, sequence: binding.sequence))
                    } else {
                        report.snapshot = "made from another store; it is rebuilt on the next open"
                    }
                }
                try store.endReading()
            } catch {
                report.snapshot = "cannot be read (\(error.message)); it is rebuilt on the next open"
            }
        }
        var ledger = Ledger()
        func compareSnapshot(_ payload: [UInt8]?) {
            guard let snap = snapshot, snap.binding.sequence == ledger.lastSequence else { return }
            if let payload, CommitCodec.digest(payload) != snap.binding.digest {
                report.snapshot = "covers a commit \(snap.binding.sequence) that the log no longer holds; it is rebuilt on the next open"
            } else if snap.ledger.canonical == ledger.canonical {
                report.snapshot = "agrees with the log (commit \(snap.binding.sequence))"
            } else {
                report.snapshot = "DISAGREES with the log"
                report.problems.append("the snapshot disagrees with the log at commit \(snap.binding.sequence); delete \(snapshotPath) to rebuild it")
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
                        report.problems.append("commit \(last + 1) is missing from \(log.displayName)")
                        break reading
                    }
                    last = entry.sequence
                    do {
                        let commit = try CommitCodec.decode(entry, store: log.displayName)
                        try ledger.apply(commit, reference: commit.sequence, undoable: false)
                        report.events += commit.eventCount
                    } catch let error as StoreError {
                        report.problems.append(error.message)
                        break reading
                    } catch let error as Ledger.ApplyError {
                        report.problems.append("commit \(entry.sequence) in \(log.displayName): \(error.description)")
                        break reading
                    }
                    report.commits += 1
                    compareSnapshot(entry.payload)
                }
            }
            if let snap = snapshot, snap.binding.sequence > last {
                report.snapshot = "covers commit \(snap.binding.sequence), beyond the log's end (\(last)); it is rebuilt on the next open"
            }
        } catch let error as StoreError {
            report.problems.append(error.message)
        } catch {
            report.problems.append("\(error)")
        }
        report.cases = ledger.book.cases.count
        report.openCases = ledger.book.cases.values.filter { $0.status.isOpen }.count
        report.partners = ledger.partners.organisations.count
        report.contacts = ledger.partners.contacts.count
        report.consultations = ledger.consultations.consultations.count
    }
}
