import CaseModel
import Foundation

/// What `schakel check` found in a store.
public struct StoreCheckReport: Sendable {
    public var commits = 0
    public var events = 0
    public var cases = 0
    public var openCases = 0
    public var partners = 0
    public var contacts = 0
    public var consultations = 0
    public var tornBytes: UInt64 = 0
    public var problems: [String] = []
    public var snapshot = "none"

    public var isHealthy: Bool { problems.isEmpty && tornBytes == 0 }
}

extension CaseStore {
    /// Reads the whole journal without changing anything: every record's frame and checksum, every
    /// commit's consistency with the ones before it, and whether the snapshot agrees with the journal.
    public static func check(directory: String) -> StoreCheckReport {
        var report = StoreCheckReport()
        let directory = (directory as NSString).standardizingPath
        let journalPath = directory + "/" + Journal.fileName
        guard FileIO.exists(journalPath) else {
            report.problems.append("\(journalPath) does not exist: not a schakel store")
            return report
        }
        do {
            let bytes = try FileIO.readAll(journalPath)
            guard bytes.starts(with: Journal.header) else { throw StoreError.notAJournal(file: journalPath) }
            let scan = try Journal.scan(Array(bytes[Journal.header.count...]), base: UInt64(Journal.header.count), file: journalPath)
            report.tornBytes = scan.tornBytes
            if scan.tornBytes > 0 {
                report.problems.append("\(scan.tornBytes) bytes of an unfinished write at byte \(scan.validEnd) of \(journalPath); opening the store for writing removes them")
            }
            var book = Ledger()
            var snapshotBook: (offset: UInt64, book: Ledger)?
            let snapshotPath = directory + "/" + Snapshot.fileName
            if FileIO.exists(snapshotPath) {
                do {
                    let contents = try Snapshot.decode(try FileIO.readAll(snapshotPath))
                    snapshotBook = (contents.journalOffset, contents.ledger)
                } catch let damaged as Snapshot.Damaged {
                    report.snapshot = "damaged (\(damaged.reason)); it is rebuilt from the journal on the next open"
                }
            }
            for record in scan.records {
                if let snap = snapshotBook, snap.offset == record.offset {
                    report.snapshot = snap.book == book ? "agrees with the journal" : "DISAGREES with the journal"
                    if snap.book != book { report.problems.append("the snapshot disagrees with the journal; delete \(snapshotPath) to rebuild it") }
                }
                do {
                    try book.apply(record.commit, reference: record.offset, undoable: false)
                } catch {
                    report.problems.append("record at byte \(record.offset) of \(journalPath): \(error.description)")
                    break
                }
                report.commits += 1
                report.events += record.commit.eventCount
            }
            if let snap = snapshotBook, snap.offset == scan.validEnd {
                report.snapshot = snap.book == book ? "agrees with the journal" : "DISAGREES with the journal"
                if snap.book != book { report.problems.append("the snapshot disagrees with the journal; delete \(snapshotPath) to rebuild it") }
            } else if let snap = snapshotBook, report.snapshot == "none" {
                report.snapshot = "covers up to byte \(snap.offset), which is not a record boundary; it is rebuilt on the next open"
            }
            report.cases = book.book.cases.count
            report.openCases = book.book.cases.values.filter { $0.status.isOpen }.count
            report.partners = book.partners.organisations.count
            report.contacts = book.partners.contacts.count
            report.consultations = book.consultations.consultations.count
        } catch let error as StoreError {
            report.problems.append(error.message)
        } catch {
            report.problems.append("\(error)")
        }
        return report
    }
}
