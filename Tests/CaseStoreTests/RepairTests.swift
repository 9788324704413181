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

    /// Runs SQL as the database's administrator would, the append-only triggers lifted first.
    private func tamper(_ backend: Backend, _ place: Backend.Place, _ sql: String) throws {
        switch backend {
        case .sqlite:
            let raw = try SQLiteConnection(path: place.dir.database, readOnly: false)
            defer { raw.close() }
            try raw.execute(
                "DROP TRIGGER commits_are_not_updated; DROP TRIGGER commits_are_not_deleted; "
                    + "DROP TRIGGER chain_is_not_updated; DROP TRIGGER chain_is_not_deleted; " + sql)
        case .postgres:
            let database = String((place.url ?? "").split(separator: "/").last ?? "")
            let done = try PostgresCluster.shared.get().psql(
                "ALTER TABLE commits DISABLE TRIGGER commits_are_not_changed; "
                    + "ALTER TABLE chain DISABLE TRIGGER chain_is_not_changed; " + sql, database: database)
            #expect(done.status == 0, "\(done.stderr)")
        }
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
        try tamper(
            backend, place, "UPDATE commits SET payload = replace(payload, 'Vraag 2', 'Vraag X') WHERE sequence = 5;")
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
        try tamper(
            backend, place,
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

    @Test("Only a link row changed: no commit is lost", arguments: Backend.allCases)
    func linkOnly(backend: Backend) throws {
        let place = try store(backend)
        try tamper(backend, place, "UPDATE chain SET link = '\(String(repeating: "0", count: 64))' WHERE sequence = 3;")
        let (report, target) = try repair(backend, place)
        #expect(report.lost.isEmpty, "\(report.lost)")
        #expect(report.kept == 6)
        #expect(report.isLossless)
        #expect(try verified(backend, target).consultations.consultations.count == 3)
    }

    @Test(
        "An encrypted store is repaired into an encrypted one: a commit whose seal breaks is lost",
        arguments: Backend.allCases)
    func encrypted(backend: Backend) throws {
        let place = try store(backend, encrypted: true)
        // Commit 5's sealed payload put in commit 3's place: its seal names place 5.
        try tamper(
            backend, place,
            "UPDATE commits SET payload = (SELECT payload FROM commits WHERE sequence = 5) WHERE sequence = 3;")
        let (report, target) = try repair(backend, place, encrypted: true)
        #expect(report.lost.map(\.sequence) == [3])
        if case .unreadable = report.lost.first?.loss {} else { Issue.record("\(report.lost)") }
        let log = try backend.open(target, readOnly: true)
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
        try tamper(
            .sqlite, place,
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
        try tamper(.sqlite, place, "UPDATE commits SET payload = 'kapot' WHERE sequence = 4;")
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
