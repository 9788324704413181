import CaseModel
import Foundation
import TestSupport
import Testing

@testable import CaseStore

/// `repair` on each backend: a store damaged with the database's own tools gives a new store with
/// every intact commit at its own place, exactly what was lost is named, the numbers a lost commit
/// handed out are never handed out again, and the damaged store is only read. Opened to read, a
/// damaged store shows what it holds up to the damage.
@Suite("Repairing a damaged store")
struct RepairTests {
    private func unlock() -> Unlock {
        Unlock(advisor: "Anna Visser") { (_) throws(StoreError) in "lange wachtwoordzin" }
    }

    /// Three registrations (commits 1–3), then three consultations CO-1…CO-3 (commits 4–6).
    private func store(_ backend: Backend, encrypted: Bool = false) throws -> Backend.Place {
        let place = try backend.place()
        if encrypted {
            let log = try backend.open(place)
            _ = try Keyring.encrypt(log, advisor: "Anna Visser", passphrase: "lange wachtwoordzin")
            log.close()
        }
        let store = try CaseStore(
            log: try backend.open(place), directory: place.dir.store, snapshotPath: nil,
            unlock: encrypted ? unlock() : nil)
        for n in 1...3 {
            try store.commit([StoreFixtures.registration(n, name: "Persoon \(n)")], at: StoreFixtures.now, actor: "A")
        }
        for n in 1...3 {
            try store.commit(
                [], consultationEvents: [.logged(PartnerStoreTests.consultation(n))], at: StoreFixtures.now,
                actor: "A")
        }
        store.close()
        return place
    }

    private func location(_ backend: Backend, _ place: Backend.Place) -> String {
        backend == .sqlite ? place.dir.store : (place.url ?? "")
    }

    /// Repairs `place` into a new store of the same backend; returns the report and the new place.
    private func repair(_ backend: Backend, _ place: Backend.Place, encrypted: Bool = false) throws -> (
        RepairReport, Backend.Place
    ) {
        let target = try backend.place()
        if backend == .sqlite { try? FileManager.default.removeItem(atPath: target.dir.store) }
        let environment = backend == .postgres ? try PostgresCluster.shared.get().environment : [:]
        let report = try CaseStore.repair(
            from: location(backend, place), to: location(backend, target), unlock: encrypted ? unlock() : nil,
            environment: environment)
        return (report, target)
    }

    /// What `check` says of the new store, and its ledger.
    private func verified(_ backend: Backend, _ place: Backend.Place, encrypted: Bool = false) throws -> Ledger {
        let log = try backend.open(place, readOnly: true)
        defer { log.close() }
        let key = try Keyring.unlocked(log, encrypted ? unlock() : nil).key
        #expect(try CommitChain.verify(log, key: .of(key)).problems.isEmpty)
        let store = try CaseStore(
            log: try backend.open(place, readOnly: true), directory: place.dir.store, snapshotPath: nil,
            unlock: encrypted ? unlock() : nil)
        defer { store.close() }
        return store.ledger
    }

    @Test(
        "A changed commit is lost and named; every other one is kept at its place, the consultation after it too",
        arguments: Backend.allCases)
    func changed(backend: Backend) throws {
        let place = try store(backend)
        let before = try backend.open(place, readOnly: true).readAll()
        try backend.tamper(
            place, "UPDATE commits SET payload = replace(payload, 'Vraag 2', 'Vraag X') WHERE sequence = 5;")
        let (report, target) = try repair(backend, place)
        #expect(report.places == 6)
        #expect(report.lost.map(\.sequence) == [5])
        #expect(report.lost.first?.loss == .changed)
        #expect(report.kept == 5)
        // CO-3 (commit 6) still applies: CO-2, which the lost commit handed out, stays taken.
        #expect(report.reserved == ["CO-2"])
        let after = try backend.open(target, readOnly: true).readAll()
        #expect(after.map(\.sequence) == [1, 2, 3, 4, 5, 6])
        for n in [0, 1, 2, 3, 5] { #expect(after[n].payload == before[n].payload, "commit \(n + 1)") }
        #expect(after[4].actor == RepairScan.actor)
        let ledger = try verified(backend, target)
        #expect(ledger.book.cases.count == 3)
        #expect(ledger.consultations.consultations.keys.map(\.value).sorted() == [1, 3])
        // The next consultation is CO-4: CO-2 is never handed out again.
        #expect(ledger.consultations.nextID == ConsultationID(4))
        // The damaged store was only read.
        #expect(try backend.open(place, readOnly: true).read(sequences: [5]).first?.payload != before[4].payload)
    }

    @Test(
        "An unreadable commit, a removed one and one removed from the end are lost and named; a lost registration's number stays taken",
        arguments: Backend.allCases)
    func unreadableAndRemoved(backend: Backend) throws {
        let place = try store(backend)
        try backend.tamper(
            place,
            """
            UPDATE commits SET payload = 'kapot' WHERE sequence = 2;
            DELETE FROM commits WHERE sequence = 4;
            DELETE FROM commits WHERE sequence = 6;
            """)
        let (report, target) = try repair(backend, place)
        #expect(report.places == 6)
        #expect(report.lost.map(\.sequence) == [2, 4, 6])
        if case .unreadable = report.lost.first?.loss {} else { Issue.record("\(report.lost)") }
        #expect(report.lost.dropFirst().map(\.loss) == [.missing, .missing])
        // Commit 5 logged CO-2: it applies once CO-1 (of the removed commit 4) counts as taken.
        #expect(report.kept == 3)
        #expect(report.reserved.contains("CO-1"))
        let ledger = try verified(backend, target)
        #expect(ledger.book.cases.keys.map(\.sequence).sorted() == [1, 3])
        #expect(ledger.consultations.consultations.keys.map(\.value) == [2])
        // Registration 2026-0002 was in the unreadable commit: the numbering still knows 3 was handed out.
        #expect(ledger.book.nextCaseID(year: 2026) == CaseID(year: 2026, sequence: 4))
    }

    @Test(
        "A commit removed and the rest renumbered to hide the gap: each goes back to its own place, only the removed one is lost",
        arguments: Backend.allCases)
    func removedAndRenumbered(backend: Backend) throws {
        for encrypted in [false, true] {
            let place = try store(backend, encrypted: encrypted)
            let before = try backend.open(place, readOnly: true).readAll()
            try backend.tamper(
                place,
                """
                DELETE FROM commits WHERE sequence = 2; DELETE FROM chain WHERE sequence = 2;
                UPDATE commits SET sequence = sequence - 1 WHERE sequence > 2;
                UPDATE chain SET sequence = sequence - 1 WHERE sequence > 2;
                """)
            let (report, target) = try repair(backend, place, encrypted: encrypted)
            #expect(report.places == 6, "encrypted: \(encrypted)")
            #expect(report.lost.map(\.sequence) == [2], "encrypted: \(encrypted): \(report.lost)")
            #expect(report.lost.first?.loss == .missing)
            #expect(report.kept == 5)
            // Commit 3 followed the removed one: nothing is left to verify it against but the next one.
            #expect(report.unverified == (encrypted ? 0 : 1), "encrypted: \(encrypted)")
            let after = try backend.open(target, readOnly: true).readAll()
            #expect(after.map(\.sequence) == [1, 2, 3, 4, 5, 6])
            for n in [0, 2, 3, 4, 5] { #expect(after[n].payload == before[n].payload, "commit \(n + 1)") }
            let ledger = try verified(backend, target, encrypted: encrypted)
            #expect(ledger.book.cases.keys.map(\.sequence).sorted() == [1, 3])
            #expect(ledger.consultations.consultations.count == 3)
        }
    }

    @Test("A payload that says it is a commit far beyond the log is not believed, nor counted up to")
    func farPlace() throws {
        let place = try store(.sqlite)
        try Backend.sqlite.tamper(
            place,
            "UPDATE commits SET payload = replace(payload, '\"sequence\":4}', '\"sequence\":900000000}') WHERE sequence = 4;"
        )
        let target = TemporaryDirectory()
        let report = try CaseStore.repair(from: place.dir.store, to: target.store)
        #expect(report.places == 6)
        #expect(report.lost.map(\.sequence) == [4])
        if case .unreadable(let why) = report.lost.first?.loss {
            #expect(why.message.contains("900000000"))
        } else {
            Issue.record("\(report.lost)")
        }
    }

    @Test("Link rows changed or removed, alone or in a run: no commit is lost", arguments: Backend.allCases)
    func linkRows(backend: Backend) throws {
        let zeros = String(repeating: "0", count: 64)
        for sql in [
            "UPDATE chain SET link = '\(zeros)' WHERE sequence = 3;",
            "DELETE FROM chain WHERE sequence = 3;",
            "DELETE FROM chain WHERE sequence = 1;",
            "UPDATE chain SET link = '\(zeros)' WHERE sequence IN (3, 4);",
        ] {
            let place = try store(backend)
            try backend.tamper(place, sql)
            let (report, target) = try repair(backend, place)
            #expect(report.lost.isEmpty, "\(sql): \(report.lost)")
            #expect(report.kept == 6 && report.unverified == 0, "\(sql)")
            #expect(report.isLossless)
            #expect(try verified(backend, target).consultations.consultations.count == 3)
        }
        // The last commit's link: nothing after it tells whether its link or the commit was changed.
        let place = try store(backend)
        try backend.tamper(place, "UPDATE chain SET link = '\(zeros)' WHERE sequence = 6;")
        #expect(try repair(backend, place).0.lost.map(\.sequence) == [6])
    }

    @Test(
        "A commit and its link removed: the commit right after is kept, unverified (only the next one vouches for it)")
    func removedWithLink() throws {
        let place = try store(.sqlite)
        try Backend.sqlite.tamper(
            place, "DELETE FROM commits WHERE sequence = 3; DELETE FROM chain WHERE sequence = 3;")
        let (report, _) = try repair(.sqlite, place)
        #expect(report.lost.map(\.sequence) == [3])
        #expect(report.kept == 5 && report.unverified == 1)
    }

    @Test(
        "The last commit and its link removed: found by this machine's record and the snapshot, lost, its number kept")
    func removedFromTheEnd() throws {
        let dir = TemporaryDirectory()
        // A snapshot after every commit: it knows the numbers commit 3 handed out.
        let store = try CaseStore.open(at: dir.store, snapshotThreshold: 1)
        for n in 1...3 {
            try store.commit([StoreFixtures.registration(n, name: "Persoon \(n)")], at: StoreFixtures.now, actor: "A")
        }
        store.close()
        let place = Backend.Place(dir: dir, url: nil)
        try Backend.sqlite.tamper(
            place, "DELETE FROM commits WHERE sequence = 3; DELETE FROM chain WHERE sequence = 3;")
        let target = TemporaryDirectory()
        // Copying it as if whole is refused.
        #expect(throws: StoreError.self) { try CaseStore.copy(from: dir.store, to: target.store) }
        let report = try CaseStore.repair(from: dir.store, to: target.store)
        #expect(report.places == 3)
        #expect(report.lost.map(\.sequence) == [3])
        #expect(report.lost.first?.loss == .missing)
        let repaired = try CaseStore.open(at: target.store, readOnly: true)
        defer { repaired.close() }
        #expect(repaired.book.cases.count == 2)
        #expect(repaired.book.nextCaseID(year: 2026) == CaseID(year: 2026, sequence: 4), "2026-0003 stays taken")
    }

    @Test("A lost consultation's own number stays taken: the next one is not handed out again")
    func lostConsultationNumber() throws {
        let place = try store(.sqlite)
        try Backend.sqlite.tamper(
            place, "UPDATE commits SET payload = replace(payload, 'Vraag 3', 'Vraag X') WHERE sequence = 6;")
        let (report, target) = try repair(.sqlite, place)
        #expect(report.lost.map(\.sequence) == [6])
        #expect(report.reserved == ["CO-3"])
        #expect(try verified(.sqlite, target).consultations.nextID == ConsultationID(4))
    }

    @Test(
        "A database put back from an older copy (the last commits gone) is refused by this machine's record, on either backend",
        arguments: Backend.allCases)
    func behindTheRecord(backend: Backend) throws {
        let place = try store(backend)
        let record = PositionRecord(path: place.dir.path + "/state/positions")
        let seen = try CaseStore(log: try backend.open(place), directory: place.dir.store, snapshotPath: nil)
        try seen.holdToRecord(record)
        let identity = seen.log.identity
        let location = seen.log.displayName
        seen.close()
        #expect(record.seen(identity, at: location) == 6)
        try backend.tamper(place, "DELETE FROM commits WHERE sequence > 4; DELETE FROM chain WHERE sequence > 4;")
        let again = try CaseStore(
            log: try backend.open(place, readOnly: true), directory: place.dir.store, snapshotPath: nil)
        defer { again.close() }
        #expect {
            try again.holdToRecord(record)
        } throws: { error in
            guard case .behindRecord(_, let seen, let head, _, _) = error as? StoreError else { return false }
            return seen == 6 && head == 4
        }
    }

    @Test("A changed commit that claims a record a later, intact commit makes: the later one is kept, not refused")
    func falseClaim() throws {
        let place = try store(.sqlite)
        // Registration 3 rewritten to log CO-1 too, which commit 4 really logs.
        try Backend.sqlite.tamper(
            place,
            """
            UPDATE commits SET payload = replace(payload, '"events":[', '"consultationEvents":'
                || (SELECT json_extract(payload, '$.consultationEvents') FROM commits WHERE sequence = 4)
                || ',"events":[') WHERE sequence = 3;
            """)
        let (report, target) = try repair(.sqlite, place)
        #expect(report.lost.map(\.sequence) == [3], "\(report.lost)")
        #expect(report.reserved == ["2026-0003"], "its registration's number, not CO-1: \(report.reserved)")
        let ledger = try verified(.sqlite, target)
        #expect(ledger.consultations.consultations.keys.map(\.value).sorted() == [1, 2, 3])
    }

    @Test("A row put in far beyond the log is left out, not counted up to")
    func strayRow() throws {
        let place = try store(.sqlite)
        try Backend.sqlite.tamper(
            place,
            "INSERT INTO commits(sequence, at, actor, payload) VALUES (2000000, '2026-11-24T09:00:00.000Z', 'x', '{}');"
        )
        let (report, _) = try repair(.sqlite, place)
        #expect(report.places == 6)
        #expect(report.strays == [2_000_000])
        #expect(report.lost.isEmpty)
    }

    @Test("A store opened up to its damage is not exported, nor one with a commit missing under its snapshot")
    func exportRefused() throws {
        let place = try store(.sqlite)
        try Backend.sqlite.tamper(place, "DELETE FROM commits WHERE sequence = 4;")
        let damaged = try CaseStore.open(at: place.dir.store, readOnly: true)
        #expect(damaged.damage?.sequence == 4)
        #expect(throws: StoreError.self) { _ = try damaged.export(at: StoreFixtures.now) }
        damaged.close()
        #expect(throws: StoreError.corruptCommit(store: place.dir.database, sequence: 4, reason: "it is missing")) {
            _ = try CaseStore(
                log: try SQLiteCommitLog(directory: place.dir.store, readOnly: true, create: false),
                directory: place.dir.store, snapshotPath: nil
            ).commits(after: 0)
        }
    }

    @Test(
        "An encrypted store is repaired into an encrypted one: a commit whose seal breaks is lost",
        arguments: Backend.allCases)
    func encrypted(backend: Backend) throws {
        let place = try store(backend, encrypted: true)
        let before = try backend.open(place, readOnly: true).readAll()
        // Commit 5's sealed payload put in commit 3's place: its seal names place 5.
        try backend.tamper(
            place,
            "UPDATE commits SET payload = (SELECT payload FROM commits WHERE sequence = 5) WHERE sequence = 3;")
        let (report, target) = try repair(backend, place, encrypted: true)
        // Commit 3 is gone (a copy of commit 5 stands in its row); commit 5 is kept from its own place.
        #expect(report.lost.map(\.sequence) == [3])
        #expect(report.lost.first?.loss == .missing)
        let log = try backend.open(target, readOnly: true)
        #expect(try log.read(sequences: [5]).first?.payload == before[4].payload)
        #expect(try !log.keySlots().isEmpty)
        #expect(try log.readAll().allSatisfy { SealedPayload.isSealed($0.payload) })
        log.close()
        let ledger = try verified(backend, target, encrypted: true)
        #expect(ledger.book.cases.keys.map(\.sequence).sorted() == [1, 2])
        #expect(ledger.book.nextCaseID(year: 2026) == CaseID(year: 2026, sequence: 3))
    }

    @Test("An intact store repairs to the same ledger, and a dry run writes nothing")
    func intactAndDryRun() throws {
        let place = try store(.sqlite)
        let target = TemporaryDirectory()
        let dry = try CaseStore.repair(from: place.dir.store, to: target.store, dryRun: true)
        #expect(dry.isLossless && dry.kept == 6)
        #expect(!FileManager.default.fileExists(atPath: target.store))
        _ = try CaseStore.repair(from: place.dir.store, to: target.store)
        let old = try CaseStore.open(at: place.dir.store, readOnly: true)
        let new = try CaseStore.open(at: target.store, readOnly: true)
        #expect(old.ledger == new.ledger)
        // Never into a store that holds commits (the damaged one itself included).
        #expect(throws: StoreError.self) { try CaseStore.repair(from: place.dir.store, to: place.dir.store) }
    }

    @Test("A copy refuses a store whose chain does not hold (it would link it anew and hide it); repair takes it")
    func copyRefusesBrokenChain() throws {
        let place = try store(.sqlite)
        try Backend.sqlite.tamper(
            place,
            "UPDATE commits SET payload = replace(payload, 'Persoon 2', 'Persoon X') WHERE sequence = 2;")
        let target = TemporaryDirectory()
        #expect(throws: StoreError.chainDamaged(store: place.dir.database, sequence: 2)) {
            try CaseStore.copy(from: place.dir.store, to: target.store)
        }
        let report = try CaseStore.repair(from: place.dir.store, to: target.store)
        #expect(report.lost.map(\.sequence) == [2])
    }

    @Test("Opened to read, a damaged store shows what it holds up to the damage; opened to write it is refused")
    func readOnlyUpToDamage() throws {
        let place = try store(.sqlite)
        try Backend.sqlite.tamper(place, "UPDATE commits SET payload = 'kapot' WHERE sequence = 4;")
        let store = try CaseStore.open(at: place.dir.store, readOnly: true)
        #expect(store.damage?.sequence == 4)
        #expect(store.position == 3)
        #expect(store.book.cases.count == 3)
        #expect(store.notices.contains { if case .damaged(4, _) = $0 { true } else { false } })
        store.close()
        #expect {
            try CaseStore.open(at: place.dir.store)
        } throws: { ($0 as? StoreError)?.isDamage == true }
    }
}
