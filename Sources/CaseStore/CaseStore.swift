import CaseModel
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Something the store did on opening that the person should know about.
public enum StoreNotice: Equatable, Sendable {
    /// A write cut short by a crash was removed from the end of the journal.
    case tornTailRemoved(bytes: UInt64, offset: UInt64)
    /// Opened read-only: a torn tail was seen and left alone.
    case tornTailIgnored(bytes: UInt64, offset: UInt64)
    /// The lock was left by a process that is gone, and was taken over.
    case lockTakenOver(LockHolder)
    /// The snapshot could not be used and was rebuilt from the journal.
    case snapshotRebuilt(reason: String)
}

/// The local, private, crash-safe file store of one ZVH desk.
///
/// The journal is the truth; the snapshot makes opening fast. A change is acknowledged only after
/// its record is on disk (fsync). After a failed write or fsync the store refuses further changes
/// until it is reopened and has recovered from the journal: a failed fsync is never retried as if
/// it had worked.
public final class CaseStore {
    /// The snapshot is rewritten once this many commits stand in the journal after it (on opening,
    /// after a commit, or on closing): replaying fewer is cheap, and rewriting the snapshot for every
    /// change would rewrite the store for every change.
    public static let defaultSnapshotThreshold = 1_000

    public let directory: String
    public let isReadOnly: Bool
    public private(set) var ledger: Ledger
    /// The cases.
    public var book: CaseBook { ledger.book }
    public var partners: PartnerDirectory { ledger.partners }
    public var consultations: ConsultationLog { ledger.consultations }
    public private(set) var notices: [StoreNotice] = []

    private var journalFD: Int32
    private var journalEnd: UInt64
    private var lock: StoreLock?
    private var poisoned = false
    private var commitsSinceSnapshot = 0
    private var snapshotThreshold = CaseStore.defaultSnapshotThreshold

    private var journalPath: String { directory + "/" + Journal.fileName }
    private var snapshotPath: String { directory + "/" + Snapshot.fileName }

    private init(directory: String, readOnly: Bool, ledger: Ledger, journalFD: Int32, journalEnd: UInt64, lock: StoreLock?) {
        self.directory = directory
        self.isReadOnly = readOnly
        self.ledger = ledger
        self.journalFD = journalFD
        self.journalEnd = journalEnd
        self.lock = lock
    }

    deinit { close() }

    /// Opens (and, for writing, creates) the store in `directory`.
    public static func open(at directory: String, readOnly: Bool = false, holder: LockHolder,
                            snapshotThreshold: Int = defaultSnapshotThreshold) throws(StoreError) -> CaseStore {
        let directory = (directory as NSString).standardizingPath
        if readOnly {
            guard FileIO.exists(directory + "/" + Journal.fileName) else { throw StoreError.notAStore(path: directory) }
        } else {
            try FileIO.makePrivateDirectory(directory)
            try ensureIsStore(directory)
        }
        let lock = readOnly ? nil : try StoreLock.acquire(directory: directory, holder: holder)
        do throws(StoreError) {
            let store = try openLocked(directory: directory, readOnly: readOnly, lock: lock, snapshotThreshold: snapshotThreshold)
            if let previous = lock?.takenOverFrom { store.notices.insert(.lockTakenOver(previous), at: 0) }
            return store
        } catch {
            lock?.release()
            throw error
        }
    }

    /// Refuses a directory that holds other files than a store's, so a mistyped `--store` never
    /// scatters files into someone's home folder.
    private static func ensureIsStore(_ directory: String) throws(StoreError) {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        let ours: Set<String> = [Journal.fileName, Snapshot.fileName, StoreLock.fileName, Snapshot.fileName + ".tmp",
                                 Journal.fileName + ".tmp", "region.json", "urgency.json", "settings.json", "instrument.txt", "instrument.last-good.txt", "instrument.last-good.txt.tmp"]
        if !entries.isEmpty && !entries.contains(Journal.fileName) && entries.contains(where: { !ours.contains($0) }) {
            throw StoreError.notAStore(path: directory)
        }
    }

    private static func openLocked(directory: String, readOnly: Bool, lock: StoreLock?,
                                   snapshotThreshold: Int) throws(StoreError) -> CaseStore {
        let journalPath = directory + "/" + Journal.fileName
        if !FileIO.exists(journalPath) {
            try FileIO.replace(journalPath, with: Journal.header)
        }
        let fd = try FileIO.open(journalPath, readOnly ? O_RDONLY : O_RDWR)
        do throws(StoreError) {
            let size = try FileIO.size(fd, journalPath)
            let header = try FileIO.read(fd, at: 0, count: Journal.header.count, journalPath)
            guard header == Journal.header else { throw StoreError.notAJournal(file: journalPath) }

            var notices: [StoreNotice] = []
            var ledger = Ledger()
            var start = UInt64(Journal.header.count)
            if let contents = loadSnapshot(directory: directory, journalSize: size, notices: &notices) {
                ledger = contents.ledger
                start = contents.journalOffset
            }
            let tail = try FileIO.read(fd, at: start, count: Int(size - start), journalPath)
            let scan = try Journal.scan(tail, base: start, file: journalPath)
            for record in scan.records {
                do {
                    try ledger.apply(record.commit, reference: record.offset, undoable: false)
                } catch {
                    throw StoreError.corruptRecord(file: journalPath, offset: record.offset, reason: error.description)
                }
            }
            if scan.tornBytes > 0 {
                if readOnly {
                    notices.append(.tornTailIgnored(bytes: scan.tornBytes, offset: scan.validEnd))
                } else {
                    try FileIO.check(ftruncate(fd, off_t(scan.validEnd)), "truncate", journalPath)
                    try FileIO.sync(fd, journalPath)
                    notices.append(.tornTailRemoved(bytes: scan.tornBytes, offset: scan.validEnd))
                }
            }
            let store = CaseStore(directory: directory, readOnly: readOnly, ledger: ledger, journalFD: fd,
                                  journalEnd: scan.validEnd, lock: lock)
            store.notices = notices
            store.snapshotThreshold = max(1, snapshotThreshold)
            store.commitsSinceSnapshot = scan.records.count
            if !readOnly && store.commitsSinceSnapshot >= store.snapshotThreshold { try store.writeSnapshot() }
            return store
        } catch {
            Glibc.close(fd)
            throw error
        }
    }

    private static func loadSnapshot(directory: String, journalSize: UInt64, notices: inout [StoreNotice]) -> Snapshot.Contents? {
        let path = directory + "/" + Snapshot.fileName
        guard FileIO.exists(path) else { return nil }
        do {
            let contents = try Snapshot.decode(try FileIO.readAll(path))
            guard contents.journalOffset <= journalSize, contents.journalOffset >= UInt64(Journal.header.count) else {
                notices.append(.snapshotRebuilt(reason: "it covers more than the journal holds"))
                return nil
            }
            return contents
        } catch let error as Snapshot.Damaged {
            notices.append(.snapshotRebuilt(reason: error.reason))
        } catch {
            notices.append(.snapshotRebuilt(reason: "\(error)"))
        }
        return nil
    }

    /// Records `events` as one commit and returns it once it is on disk.
    ///
    /// The events are applied first; a commit that contradicts the history is refused (and taken
    /// back) before anything is written.
    @discardableResult
    public func commit(_ events: [CaseEvent], partnerEvents: [PartnerEvent] = [], consultationEvents: [ConsultationEvent] = [],
                       at: Date, actor: String) throws(StoreError) -> Commit {
        guard !isReadOnly else { throw StoreError.readOnly }
        guard !poisoned else { throw StoreError.needsRecovery }
        // Apply what a replay of the journal will see, not the values in hand: the record is encoded,
        // decoded again, and only that is applied, so memory never differs from disk.
        let frame: [UInt8]
        let stored: Commit
        do {
            (frame, stored) = try Journal.frameAndReadBack(Commit(sequence: ledger.lastSequence + 1, at: at, actor: actor, events: events,
                                                                  partnerEvents: partnerEvents, consultationEvents: consultationEvents))
        } catch {
            throw StoreError.badFile(path: journalPath, reason: "cannot encode the change: \(error)")
        }
        let undo: Ledger.Undo
        do {
            undo = try ledger.apply(stored, reference: journalEnd)
        } catch {
            throw StoreError.rejected(error)
        }
        do {
            try FileIO.writeAll(journalFD, frame, at: journalEnd, journalPath)
            try FileIO.sync(journalFD, journalPath)
        } catch {
            ledger.revert(undo)
            poisoned = true
            throw error
        }
        journalEnd += UInt64(frame.count)
        commitsSinceSnapshot += 1
        if commitsSinceSnapshot >= snapshotThreshold { try? writeSnapshot() }
        return stored
    }

    /// Writes a snapshot of the current book (temp file, fsync, rename, fsync of the directory).
    public func writeSnapshot() throws(StoreError) {
        guard !isReadOnly, !poisoned else { return }
        try FileIO.replace(snapshotPath, with: Snapshot.encode(ledger, journalOffset: journalEnd))
        commitsSinceSnapshot = 0
    }

    /// The case's history, read from the journal: each entry is one event with when and by whom.
    public func timeline(of id: CaseID) throws(StoreError) -> [Case.TimelineEntry] {
        guard let c = book[id] else { return [] }
        var entries: [Case.TimelineEntry] = []
        for offset in c.history {
            let commit = try readCommit(at: offset)
            for event in commit.events where event.caseID == id {
                entries.append(Case.TimelineEntry(at: commit.at, actor: commit.actor, event: event))
            }
        }
        return entries
    }

    private func readCommit(at offset: UInt64) throws(StoreError) -> Commit {
        let head = try FileIO.read(journalFD, at: offset, count: Journal.frameHeaderSize, journalPath)
        guard head.count == Journal.frameHeaderSize else {
            throw StoreError.corruptRecord(file: journalPath, offset: offset, reason: "record header missing")
        }
        let length = Int(UInt32(head[0]) | UInt32(head[1]) << 8 | UInt32(head[2]) << 16 | UInt32(head[3]) << 24)
        let frame = head + (try FileIO.read(journalFD, at: offset + 8, count: length, journalPath))
        let scan = try Journal.scan(frame, base: offset, file: journalPath)
        guard let record = scan.records.first, scan.tornBytes == 0 else {
            throw StoreError.corruptRecord(file: journalPath, offset: offset, reason: "record damaged")
        }
        return record.commit
    }

    /// Every commit in the journal, oldest first (for export and checks).
    public func allCommits() throws(StoreError) -> [Commit] {
        let bytes = try FileIO.read(journalFD, at: 0, count: Int(journalEnd), journalPath)
        guard bytes.starts(with: Journal.header) else { throw StoreError.notAJournal(file: journalPath) }
        let scan = try Journal.scan(Array(bytes[Journal.header.count...]), base: UInt64(Journal.header.count), file: journalPath)
        return scan.records.map(\.commit)
    }

    /// Swaps in a whole new journal (for import into an empty store) and the book it holds.
    func replaceJournal(with bytes: [UInt8], ledger next: Ledger) throws(StoreError) {
        guard !poisoned else { throw StoreError.needsRecovery }
        try FileIO.replace(journalPath, with: bytes)
        let fd = try FileIO.open(journalPath, O_RDWR)
        Glibc.close(journalFD)
        journalFD = fd
        journalEnd = UInt64(bytes.count)
        ledger = next
        try writeSnapshot()
    }

    /// Lets go of the files without a snapshot, as a crash would (for recovery tests).
    public func abandonForTesting() {
        guard journalFD >= 0 else { return }
        Glibc.close(journalFD)
        journalFD = -1
        lock?.release()
        lock = nil
    }

    /// Writes a snapshot if the journal tail has grown long, and releases the lock. Safe to call twice.
    public func close() {
        guard journalFD >= 0 else { return }
        if commitsSinceSnapshot >= snapshotThreshold { try? writeSnapshot() }
        Glibc.close(journalFD)
        journalFD = -1
        lock?.release()
        lock = nil
    }
}
