import CaseModel
import Foundation
import Testing

@testable import CaseStore

/// An encrypted store, on each backend: sealed on the way down, opened only with an advisor's own
/// passphrase, and nothing of a case left readable in any file the store writes.
@Suite("Encryption at rest")
struct EncryptionTests {
    private func unlock(_ advisor: String, _ passphrase: String) -> Unlock {
        Unlock(advisor: advisor) { (_) throws(StoreError) in passphrase }
    }

    /// A store over `backend` at `place`, its snapshot in the place's directory, rewritten on every close.
    private func store(_ backend: Backend, _ place: Backend.Place, _ unlock: Unlock?, readOnly: Bool = false) throws
        -> CaseStore
    {
        try CaseStore(
            log: try backend.open(place, readOnly: readOnly), directory: place.dir.store,
            snapshotPath: place.dir.snapshot, snapshotThreshold: 1, unlock: unlock)
    }

    /// Three cases (names, a BSN, a reason), then the store encrypted in place for Anna.
    private func encrypted(_ backend: Backend) throws -> Backend.Place {
        let place = try backend.place()
        let plain = try store(backend, place, nil)
        for n in 1...3 {
            try plain.commit(
                [StoreFixtures.registration(n, name: "Persoon \(n)")],
                at: StoreFixtures.now.addingTimeInterval(Double(n)),
                actor: "tester")
        }
        plain.close()
        let log = try backend.open(place)
        #expect(try Keyring.encrypt(log, advisor: "Anna", passphrase: "lange wachtwoordzin") == 3)
        log.close()
        CaseStore.removeSnapshotFiles(place.dir.snapshot)
        return place
    }

    /// Every byte the store wrote in its directory (the SQLite database, its WAL, the snapshot).
    private func filesBytes(_ place: Backend.Place) -> [(String, [UInt8])] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: place.dir.store)) ?? []
        return names.sorted().map { ($0, StoreFixtures.bytes(place.dir.store + "/" + $0)) }
    }

    private func holds(_ bytes: [UInt8], _ text: String) -> Bool {
        let needle = Array(text.utf8)
        guard bytes.count >= needle.count else { return false }
        return (0...(bytes.count - needle.count)).contains { bytes[$0..<($0 + needle.count)].elementsEqual(needle) }
    }

    @Test(
        "Sealed and opened again: the same cases, a new change sealed too; no payload or file holds a name, BSN or reason",
        arguments: Backend.allCases)
    func roundTrip(backend: Backend) throws {
        let place = try encrypted(backend)
        let desk = try store(backend, place, unlock("Anna", "lange wachtwoordzin"))
        #expect(desk.isEncrypted)
        #expect(desk.book.cases.values.map { $0.persons[0].name }.sorted() == ["Persoon 1", "Persoon 2", "Persoon 3"])
        try desk.commit([StoreFixtures.registration(4, name: "Persoon 4")], at: StoreFixtures.now, actor: "Anna")
        desk.close()
        // Opened again from its sealed snapshot, which agrees with the sealed log.
        let again = try store(backend, place, unlock("Anna", "lange wachtwoordzin"), readOnly: true)
        #expect(again.notices.isEmpty)
        #expect(again.book.cases.count == 4)
        again.close()
        let report = CaseStore.check(directory: place.dir.store, unlock: unlock("Anna", "lange wachtwoordzin"))
        if backend == .sqlite {
            #expect(report.isHealthy, "\(report.problems)")
            #expect(report.snapshot == .agrees(4))
            #expect(report.keys.map(\.advisor) == ["Anna"])
        }

        let raw = try backend.open(place, readOnly: true)
        defer { raw.close() }
        let payloads = try raw.readAll().map(\.payload)
        #expect(payloads.count == 4)
        for payload in payloads {
            #expect(SealedPayload.isSealed(payload))
            for secret in ["Persoon", "111222333", "Overlast", "Tuinstraat"] { #expect(!holds(payload, secret)) }
        }
        for (name, bytes) in filesBytes(place) {
            for secret in ["Persoon", "111222333", "Overlast", "Tuinstraat"] {
                #expect(!holds(bytes, secret), "\(name) holds \(secret)")
            }
        }
    }

    @Test(
        "One clear refusal each: no way to ask, no key for this advisor, a wrong passphrase",
        arguments: Backend.allCases)
    func refusals(backend: Backend) throws {
        let place = try encrypted(backend)
        let name = try backend.open(place, readOnly: true)
        let store = name.displayName
        name.close()
        #expect(throws: StoreError.locked(store: store)) { _ = try self.store(backend, place, nil) }
        #expect(throws: StoreError.noKey(advisor: "Bob", store: store, holders: ["Anna"])) {
            _ = try self.store(backend, place, unlock("Bob", "lange wachtwoordzin"))
        }
        #expect(throws: StoreError.wrongPassphrase(advisor: "Anna", store: store)) {
            _ = try self.store(backend, place, unlock("Anna", "lange wachtwoordzin."))
        }
        // The passphrase is compared as the letters a person typed (NFC), not as bytes.
        let slot = try #require(try backend.open(place, readOnly: true).keySlots().first)
        #expect(try slot.open(passphrase: "lange wachtwoordzin") != nil)
    }

    @Test(
        "Advisors have keys of their own: added, changed (only the key rewrapped), revoked; never the last",
        arguments: Backend.allCases)
    func keys(backend: Backend) throws {
        let place = try encrypted(backend)
        let log = try backend.open(place)
        defer { log.close() }
        let before = try log.readAll()
        try Keyring.add(log, unlock: unlock("Anna", "lange wachtwoordzin"), for: "Bob", passphrase: "eerste van bob")
        #expect(throws: StoreError.wrongPassphrase(advisor: "Bob", store: log.displayName)) {
            try Keyring.add(log, unlock: unlock("Bob", "fout"), for: "Carla", passphrase: "eerste van carla")
        }
        #expect(try store(backend, place, unlock("Bob", "eerste van bob"), readOnly: true).book.cases.count == 3)
        try Keyring.add(
            log, unlock: unlock("Bob", "eerste van bob"), for: "Bob", passphrase: "nieuwe van bob", replacing: true)
        #expect(throws: StoreError.wrongPassphrase(advisor: "Bob", store: log.displayName)) {
            _ = try self.store(backend, place, self.unlock("Bob", "eerste van bob"), readOnly: true)
        }
        #expect(try store(backend, place, unlock("Bob", "nieuwe van bob"), readOnly: true).book.cases.count == 3)
        #expect(try log.readAll() == before, "a new key or passphrase rewrites no commit")
        try Keyring.revoke(log, unlock: unlock("Anna", "lange wachtwoordzin"), advisor: "Bob")
        #expect(throws: StoreError.noKey(advisor: "Bob", store: log.displayName, holders: ["Anna"])) {
            _ = try self.store(backend, place, self.unlock("Bob", "nieuwe van bob"), readOnly: true)
        }
        #expect(throws: StoreError.lastKeySlot(advisor: "Anna")) {
            try Keyring.revoke(log, unlock: unlock("Anna", "lange wachtwoordzin"), advisor: "Anna")
        }
        #expect(throws: StoreError.noSuchKeySlot(advisor: "Carla")) {
            try Keyring.revoke(log, unlock: unlock("Anna", "lange wachtwoordzin"), advisor: "Carla")
        }
    }

    @Test("A sealed commit moved to another place does not open: two payloads swapped with sqlite3 are found")
    func swappedCommits() throws {
        let place = try encrypted(.sqlite)
        let raw = try SQLiteConnection(path: place.dir.database, readOnly: false)
        try raw.execute(
            """
            DROP TRIGGER commits_are_not_updated;
            UPDATE commits SET payload = (SELECT payload FROM commits WHERE sequence = 2) WHERE sequence = 1;
            """)
        raw.close()
        #expect {
            _ = try self.store(.sqlite, place, self.unlock("Anna", "lange wachtwoordzin"))
        } throws: { error in
            guard case StoreError.corruptCommit(_, 1, let reason) = error else { return false }
            return reason.contains("seal")
        }
        let report = CaseStore.check(directory: place.dir.store, unlock: unlock("Anna", "lange wachtwoordzin"))
        #expect(!report.isHealthy)
    }

    @Test("A snapshot row moved to another case's place does not open: the snapshot is rebuilt from the log")
    func swappedSnapshotRows() throws {
        let place = try encrypted(.sqlite)
        try store(.sqlite, place, unlock("Anna", "lange wachtwoordzin")).close()
        let raw = try SQLiteConnection(path: place.dir.snapshot, readOnly: false)
        try raw.execute(
            """
            UPDATE cases SET body = (SELECT body FROM cases WHERE number = 2), crc = (SELECT crc FROM cases WHERE number = 2)
            WHERE number = 1;
            """)
        raw.close()
        let reopened = try store(.sqlite, place, unlock("Anna", "lange wachtwoordzin"))
        defer { reopened.close() }
        #expect(reopened.notices.count == 1)
        #expect(reopened.book[CaseID(year: 2026, sequence: 1)]?.persons.first?.name == "Persoon 1")
    }

    @Test("A plaintext snapshot of a store since encrypted is removed whole and made again, sealed")
    func plaintextSnapshotReplaced() throws {
        let place = try Backend.sqlite.place()
        let plain = try store(.sqlite, place, nil)
        try plain.commit([StoreFixtures.registration(1, name: "Persoon 1")], at: StoreFixtures.now, actor: "tester")
        plain.close()
        let log = try Backend.sqlite.open(place)
        _ = try Keyring.encrypt(log, advisor: "Anna", passphrase: "lange wachtwoordzin")
        log.close()
        // The snapshot was left behind (as another machine's cache would be).
        #expect(holds(StoreFixtures.bytes(place.dir.snapshot), "Persoon 1"))
        let desk = try store(.sqlite, place, unlock("Anna", "lange wachtwoordzin"))
        #expect(desk.notices == [.snapshotRebuilt(reason: .sealedOtherwise)])
        desk.close()
        for suffix in ["", "-wal"] {
            #expect(!holds(StoreFixtures.bytes(place.dir.snapshot + suffix), "Persoon 1"))
        }
    }

    @Test("A colleague's key is replaced only when asked; a broken access log is not sealed into one that holds")
    func guardedKeysAndChains() throws {
        let place = try encrypted(.sqlite)
        let log = try Backend.sqlite.open(place)
        try Keyring.add(log, unlock: unlock("Anna", "lange wachtwoordzin"), for: "Bob", passphrase: "van bob zelf")
        #expect(throws: StoreError.keyExists(advisor: "Bob")) {
            try Keyring.add(log, unlock: unlock("Anna", "lange wachtwoordzin"), for: "Bob", passphrase: "overgenomen")
        }
        #expect(try store(.sqlite, place, unlock("Bob", "van bob zelf"), readOnly: true).book.cases.count == 3)
        log.close()
        // A plain store whose access log was edited by hand.
        let plain = try Backend.sqlite.place()
        let who = Accessor(advisor: "Anna", login: "anna", host: "h", terminal: "-")
        let desk = try CaseStore(
            log: try Backend.sqlite.open(plain), directory: plain.dir.store, snapshotPath: plain.dir.snapshot,
            accessor: who)
        try desk.commit([StoreFixtures.registration(1)], at: StoreFixtures.now, actor: "Anna")
        desk.access?.record(.view, cases: ["2026-0001"], what: "detail")
        desk.close()
        let raw = try SQLiteConnection(path: plain.dir.database, readOnly: false)
        try raw.execute(
            "DROP TRIGGER access_log_is_not_updated; UPDATE access_log SET entry = replace(entry, '0001', '0002') WHERE sequence = 2;"
        )
        raw.close()
        let target = try Backend.sqlite.open(plain)
        defer { target.close() }
        #expect(throws: StoreError.accessLogDamaged(store: target.displayName, entry: 2)) {
            _ = try Keyring.encrypt(target, advisor: "Anna", passphrase: "lange wachtwoordzin")
        }
        #expect(try target.keySlots().isEmpty)
    }
}
