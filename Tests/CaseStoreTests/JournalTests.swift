import CaseModel
@testable import CaseStore
import Foundation
import Testing

@Suite("The journal: durable, recoverable, never silently lossy")
struct JournalTests {
    @Test("What was committed is there after reopening, with and without a snapshot")
    func reopen() throws {
        let dir = TemporaryDirectory()
        try StoreFixtures.filled(dir, count: 3)
        #expect(FileManager.default.fileExists(atPath: dir.snapshot))
        let first = try CaseStore.open(at: dir.store, holder: StoreFixtures.holder)
        let fromSnapshot = first.book
        first.close()
        try FileManager.default.removeItem(atPath: dir.snapshot)
        let second = try CaseStore.open(at: dir.store, holder: StoreFixtures.holder)
        #expect(second.book == fromSnapshot)
        #expect(second.book.cases.count == 3)
        #expect(second.book[CaseID(year: 2026, sequence: 2)]?.primaryPerson.name == "Persoon 2")
        second.close()
    }

    @Test("One change never rewrites the store: the snapshot waits until the journal tail is long")
    func snapshotThreshold() throws {
        let dir = TemporaryDirectory()
        try StoreFixtures.filled(dir, count: 2)
        let snapshot = StoreFixtures.bytes(dir.snapshot)
        #expect(!snapshot.isEmpty)
        let store = try CaseStore.open(at: dir.store, holder: StoreFixtures.holder, snapshotThreshold: 3)
        try store.commit([StoreFixtures.registration(3)], at: StoreFixtures.now, actor: "t")
        try store.commit([StoreFixtures.registration(4)], at: StoreFixtures.now, actor: "t")
        store.close()
        #expect(StoreFixtures.bytes(dir.snapshot) == snapshot)
        let again = try CaseStore.open(at: dir.store, holder: StoreFixtures.holder, snapshotThreshold: 3)
        #expect(again.book.cases.count == 4)
        try again.commit([StoreFixtures.registration(5)], at: StoreFixtures.now, actor: "t")
        #expect(StoreFixtures.bytes(dir.snapshot) != snapshot)
        again.close()
        #expect(CaseStore.check(directory: dir.store).snapshot == "agrees with the journal")
    }

    @Test("Each change is appended after the last one, also after reopening")
    func appendsAtTheEnd() throws {
        let dir = TemporaryDirectory()
        for round in 1...3 {
            let store = try CaseStore.open(at: dir.store, holder: StoreFixtures.holder)
            try store.commit([StoreFixtures.registration(round)], at: StoreFixtures.now, actor: "t")
            store.close()
        }
        let bytes = StoreFixtures.bytes(dir.journal)
        #expect(bytes.starts(with: Journal.header))
        let scan = try Journal.scan(Array(bytes[Journal.header.count...]), base: UInt64(Journal.header.count), file: dir.journal)
        #expect(scan.records.map(\.commit.sequence) == [1, 2, 3])
        #expect(scan.tornBytes == 0)
    }

    @Test("A torn last record is cut off with a notice; everything before it stays")
    func tornTail() throws {
        let dir = TemporaryDirectory()
        try StoreFixtures.filled(dir, count: 2, closeWithSnapshot: false)
        let whole = StoreFixtures.bytes(dir.journal)
        // Half of a third record: a crash in the middle of a write.
        let third = try Journal.frame(Commit(sequence: 3, at: StoreFixtures.now, actor: "t", events: [StoreFixtures.registration(3)]))
        let handle = try #require(FileHandle(forWritingAtPath: dir.journal))
        handle.seekToEndOfFile()
        handle.write(Data(third.prefix(third.count / 2)))
        try handle.close()

        let store = try CaseStore.open(at: dir.store, holder: StoreFixtures.holder)
        #expect(store.notices == [.tornTailRemoved(bytes: UInt64(third.count / 2), offset: UInt64(whole.count))])
        #expect(store.book.cases.count == 2)
        #expect(StoreFixtures.bytes(dir.journal) == whole)
        // And the store keeps working after recovery.
        try store.commit([StoreFixtures.registration(3)], at: StoreFixtures.now, actor: "t")
        store.close()
        #expect(CaseStore.check(directory: dir.store).isHealthy)
    }

    @Test("A damaged record in the middle is a hard error naming file and offset, and nothing is overwritten")
    func corruptionInTheMiddle() throws {
        let dir = TemporaryDirectory()
        try StoreFixtures.filled(dir, count: 3, closeWithSnapshot: false)
        var bytes = StoreFixtures.bytes(dir.journal)
        let damagedAt = Journal.header.count + 20
        bytes[damagedAt] ^= 0xFF
        FileManager.default.createFile(atPath: dir.journal, contents: Data(bytes))

        #expect(throws: StoreError.corruptRecord(file: dir.journal, offset: UInt64(Journal.header.count),
                                                 reason: "length or checksum does not match, and whole records follow")) {
            _ = try CaseStore.open(at: dir.store, holder: StoreFixtures.holder)
        }
        #expect(StoreFixtures.bytes(dir.journal) == bytes)
        let report = CaseStore.check(directory: dir.store)
        #expect(!report.isHealthy)
        #expect(report.problems.first?.contains("byte \(Journal.header.count)") == true)
    }

    @Test("A change that contradicts history is refused before anything is written")
    func refusedCommit() throws {
        let dir = TemporaryDirectory()
        let store = try CaseStore.open(at: dir.store, holder: StoreFixtures.holder)
        try store.commit([StoreFixtures.registration(1)], at: StoreFixtures.now, actor: "t")
        let before = StoreFixtures.bytes(dir.journal)
        #expect(throws: StoreError.rejected(.cases(.duplicateCase(CaseID(year: 2026, sequence: 1))))) {
            try store.commit([StoreFixtures.registration(1)], at: StoreFixtures.now, actor: "t")
        }
        #expect(StoreFixtures.bytes(dir.journal) == before)
        store.close()
    }

    @Test("The store is private: directory 0700, files 0600")
    func permissions() throws {
        let dir = TemporaryDirectory()
        try StoreFixtures.filled(dir, count: 1)
        func mode(_ path: String) throws -> Int {
            (try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int) ?? -1
        }
        #expect(try mode(dir.store) == 0o700)
        #expect(try mode(dir.journal) == 0o600)
        #expect(try mode(dir.snapshot) == 0o600)
    }

    @Test("A directory with other files in it is not taken for a store")
    func foreignDirectory() throws {
        let dir = TemporaryDirectory()
        try FileManager.default.createDirectory(atPath: dir.store, withIntermediateDirectories: true)
        FileManager.default.createFile(atPath: dir.store + "/thesis.pdf", contents: Data("x".utf8))
        #expect(throws: StoreError.notAStore(path: dir.store)) {
            _ = try CaseStore.open(at: dir.store, holder: StoreFixtures.holder)
        }
        #expect(!FileManager.default.fileExists(atPath: dir.journal))
    }
}

@Suite("CRC-32")
struct CRC32Tests {
    @Test("Known check values, and every length around the eight-byte steps agrees with the bitwise definition")
    func checkValues() {
        #expect(CRC32.checksum(Array("123456789".utf8)) == 0xCBF4_3926)
        #expect(CRC32.checksum([UInt8]()) == 0)
        #expect(CRC32.checksum(Array("The quick brown fox jumps over the lazy dog".utf8)) == 0x414F_A339)
        func bitwise(_ bytes: [UInt8]) -> UInt32 {
            var crc: UInt32 = 0xFFFF_FFFF
            for byte in bytes {
                crc ^= UInt32(byte)
                for _ in 0..<8 { crc = (crc & 1) != 0 ? 0xEDB8_8320 ^ (crc >> 1) : crc >> 1 }
            }
            return crc ^ 0xFFFF_FFFF
        }
        let data = (0..<40).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 11) }
        for length in 0...data.count {
            #expect(CRC32.checksum(data.prefix(length)) == bitwise(Array(data.prefix(length))))
        }
    }
}
