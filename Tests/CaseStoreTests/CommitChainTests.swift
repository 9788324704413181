import CaseModel
import Foundation
import Testing

@testable import CaseStore

/// The commits' chain on each backend: every append, copy and rewrite links its commits; an edit,
/// removal, reordering or insertion made with the database's own tools is found by `check`; in an
/// encrypted store the chain is keyed; a purge links anew and says so; commits from before the
/// chain are linked by the first open that may write.
@Suite("The commits' chain")
struct CommitChainTests {
    private let passphrase = "lange wachtwoordzin"

    private func unlock() -> Unlock {
        Unlock(advisor: "Anna Visser") { (_) throws(StoreError) in "lange wachtwoordzin" }
    }

    /// A store with `count` registrations, encrypted or not, closed again.
    private func store(_ backend: Backend, count: Int = 4, encrypted: Bool = false) throws -> Backend.Place {
        let place = try backend.place()
        if encrypted {
            let log = try backend.open(place)
            _ = try Keyring.encrypt(log, advisor: "Anna Visser", passphrase: passphrase)
            log.close()
        }
        let store = try CaseStore(
            log: try backend.open(place), directory: place.dir.store, snapshotPath: nil,
            unlock: encrypted ? unlock() : nil)
        for n in 1...count {
            try store.commit(
                [StoreFixtures.registration(n, name: "Persoon \(n)")], at: StoreFixtures.now, actor: "Anna")
        }
        store.close()
        return place
    }

    private func verify(_ backend: Backend, _ place: Backend.Place, encrypted: Bool = false, expecting: String? = nil)
        throws -> (problems: [CheckProblem], count: Int, head: String)
    {
        let log = try backend.open(place, readOnly: true)
        defer { log.close() }
        let key = try Keyring.unlocked(log, encrypted ? unlock() : nil).key
        return try CommitChain.verify(log, key: .of(key), expecting: expecting)
    }

    @Test("Every commit is linked as it is written, and the head names the last", arguments: Backend.allCases)
    func linked(backend: Backend) throws {
        for encrypted in [false, true] {
            let place = try store(backend, encrypted: encrypted)
            let result = try verify(backend, place, encrypted: encrypted)
            #expect(result.problems.isEmpty)
            #expect(result.count == 4)
            let log = try backend.open(place, readOnly: true)
            let links = try log.chainLinks(after: 0, limit: 10)
            #expect(links.map(\.sequence) == [1, 2, 3, 4])
            #expect(result.head == "4:" + (links.last?.link ?? ""))
            // The first link follows the store's identity: the same commits in another store do not fit.
            let commits = try log.read(after: 0, limit: 10)
            let key = try Keyring.unlocked(log, encrypted ? unlock() : nil).key
            #expect(CommitChain.link(.of(key), previous: log.identity, commits[0]) == links[0].link)
            #expect(CommitChain.link(.of(key), previous: "another store", commits[0]) != links[0].link)
            log.close()
            #expect(try verify(backend, place, encrypted: encrypted, expecting: result.head).problems.isEmpty)
            #expect(
                try verify(backend, place, encrypted: encrypted, expecting: "9:beef").problems == [
                    .chainHeadMissing("9:beef")
                ])
        }
    }

    @Test(
        "A commit edited, removed, swapped or inserted with the database's own tools is found",
        arguments: Backend.allCases
    )
    func tampering(backend: Backend) throws {
        let edited = try store(backend)
        try backend.tamper(edited, "UPDATE commits SET actor = 'Iemand anders' WHERE sequence = 2;")
        #expect(try verify(backend, edited).problems == [.chainBroken(2, reason: .changed)])

        let rewritten = try store(backend)
        try backend.tamper(
            rewritten,
            "UPDATE commits SET payload = replace(payload, 'Persoon 3', 'Persoon X') WHERE sequence = 3;")
        #expect(try verify(backend, rewritten).problems == [.chainBroken(3, reason: .changed)])

        // The middle removed, and the rows renumbered so that no gap shows.
        let removed = try store(backend)
        try backend.tamper(
            removed,
            """
            DELETE FROM commits WHERE sequence = 2; DELETE FROM chain WHERE sequence = 2;
            UPDATE commits SET sequence = sequence - 1 WHERE sequence > 2;
            UPDATE chain SET sequence = sequence - 1 WHERE sequence > 2;
            """)
        #expect(try verify(backend, removed).problems == [.chainBroken(2, reason: .changed)])

        // The last removed, its link forgotten: found by the link left over.
        let cut = try store(backend)
        try backend.tamper(cut, "DELETE FROM commits WHERE sequence = 4;")
        #expect(try verify(backend, cut).problems == [.chainBroken(4, reason: .missing)])

        let swapped = try store(backend)
        try backend.tamper(
            swapped,
            """
            UPDATE commits SET sequence = 99 WHERE sequence = 2; UPDATE commits SET sequence = 2 WHERE sequence = 3;
            UPDATE commits SET sequence = 3 WHERE sequence = 99;
            """)
        #expect(try verify(backend, swapped).problems == [.chainBroken(2, reason: .changed)])

        // A row written around schakel has no link.
        let inserted = try store(backend)
        try backend.tamper(
            inserted,
            "INSERT INTO commits(sequence, at, actor, payload) VALUES (5, '2026-11-24T09:00:00.000Z', 'x', '{}');")
        #expect(try verify(backend, inserted).problems == [.chainBroken(5, reason: .unlinked)])
    }

    @Test(
        "In an encrypted store the chain is keyed: a link forged with the plain key does not verify",
        arguments: Backend.allCases)
    func keyed(backend: Backend) throws {
        let place = try store(backend, encrypted: true)
        #expect(try verify(backend, place, encrypted: true).problems.isEmpty)
        let log = try backend.open(place, readOnly: true)
        #expect(try CommitChain.verify(log, key: .plain).problems == [.chainBroken(1, reason: .changed)])
        // A sealed commit copied over another (same key) is refused by its seal and by the chain.
        let forged = CommitChain.link(.plain, previous: log.identity, try log.read(after: 0, limit: 1)[0])
        log.close()
        try backend.tamper(place, "UPDATE chain SET link = '\(forged)' WHERE sequence = 1;")
        #expect(try verify(backend, place, encrypted: true).problems == [.chainBroken(1, reason: .changed)])
    }

    @Test(
        "Commits from before the chain are linked by the first open that may write; until then check says so",
        arguments: Backend.allCases)
    func linkedLater(backend: Backend) throws {
        for encrypted in [false, true] {
            let place = try store(backend, encrypted: encrypted)
            // As a store from before the chain is after its upgrade: no links, and the upgrade's
            // word that commits up to 4 came before it.
            try backend.tamper(
                place,
                backend == .sqlite
                    ? "DELETE FROM chain; UPDATE meta SET value = '4' WHERE key = 'unchained-until';"
                    : "DELETE FROM chain; UPDATE schakel_meta SET value = '4' WHERE key = 'unchained-until';")
            #expect(try verify(backend, place, encrypted: encrypted).problems == [.chainBroken(1, reason: .unlinked)])
            let reader = try CaseStore(
                log: try backend.open(place, readOnly: true), directory: place.dir.store, snapshotPath: nil,
                unlock: encrypted ? unlock() : nil)
            reader.close()
            #expect(!(try verify(backend, place, encrypted: encrypted).problems.isEmpty), "a reader links nothing")
            let writer = try CaseStore(
                log: try backend.open(place), directory: place.dir.store, snapshotPath: nil,
                unlock: encrypted ? unlock() : nil)
            try writer.commit([StoreFixtures.registration(5)], at: StoreFixtures.now, actor: "Anna")
            writer.close()
            let after = try verify(backend, place, encrypted: encrypted)
            #expect(after.problems.isEmpty)
            #expect(after.count == 5)
        }
    }

    @Test(
        "A purge links anew from the first commit it rewrites, says so, and a head kept from before is not counted as damage",
        arguments: Backend.allCases)
    func purgeRelinks(backend: Backend) throws {
        let place = try backend.place()
        let who = Accessor(advisor: "Anna", login: "anna", host: "desk-1", terminal: "-")
        let store = try CaseStore(
            log: try backend.open(place), directory: place.dir.store, snapshotPath: nil, accessor: who)
        let id = CaseID(year: 2026, sequence: 1)
        try store.commit([StoreFixtures.registration(1, name: "Anne de Vries")], at: StoreFixtures.now, actor: "Anna")
        try store.commit([StoreFixtures.registration(2, name: "Bert Bos")], at: StoreFixtures.now, actor: "Anna")
        try store.commit(
            [.statusChanged(StatusChanged(caseID: id, from: .nieuw, to: .afgesloten))], at: StoreFixtures.now,
            actor: "Anna")
        try store.access?.flush()
        let before = try verify(backend, place)
        let firstHead = try #require(try store.log.chainLinks(after: 0, limit: 1).first).link
        _ = try store.purge([id], months: 60, at: StoreFixtures.now, actor: "Anna")
        try store.access?.flush()
        store.close()
        let after = try verify(backend, place)
        #expect(after.problems.isEmpty)
        #expect(after.count == 4)
        #expect(after.head != before.head)
        // The kept head lay in what was linked anew: the purge in the access log says so.
        let log = try backend.open(place, readOnly: true)
        let relinked = try AccessLog.entries(of: log, key: nil).compactMap(\.relinked)
        #expect(relinked == [1...4], "commit 1 held the purged case; 4 was the log's end")
        #expect(try CommitChain.verify(log, key: .plain, expecting: before.head, relinked: relinked).problems.isEmpty)
        // A head past what the purge linked anew is not excused by it.
        #expect(
            try CommitChain.verify(log, key: .plain, expecting: "9:beef", relinked: relinked).problems == [
                .chainHeadMissing("9:beef")
            ])
        #expect(
            try CommitChain.verify(log, key: .plain, expecting: before.head).problems == [
                .chainHeadMissing(before.head)
            ], "without the purge's word it would be missing")
        #expect(try log.chainLinks(after: 0, limit: 1).first?.link != firstHead)
        log.close()
        if backend == .sqlite {
            let report = CaseStore.check(directory: place.dir.store, expectHead: before.head)
            #expect(report.problems.isEmpty, "\(report.problems)")
        }
    }

    @Test("Copies and imports (appendAll) link what they write", arguments: Backend.allCases)
    func appendAllLinks(backend: Backend) throws {
        let place = try backend.place()
        let log = try backend.open(place)
        try log.appendAll(
            (1...3).map {
                EncodedCommit(
                    sequence: UInt64($0), at: StoreFixtures.now, actor: "a", payload: Array("{\"n\":\($0)}".utf8))
            })
        #expect(try log.chainLinks(after: 0, limit: 10).count == 3)
        #expect(try CommitChain.verify(log, key: .plain).problems.isEmpty)
        log.close()
    }

    @Test("Encrypting in place and copying link the commits anew, and they verify")
    func encryptAndCopy() throws {
        let place = try store(.sqlite)
        let log = try Backend.sqlite.open(place)
        _ = try Keyring.encrypt(log, advisor: "Anna Visser", passphrase: passphrase)
        log.close()
        #expect(try verify(.sqlite, place, encrypted: true).problems.isEmpty)
        let raw = try Backend.sqlite.open(place, readOnly: true)
        #expect(!(try CommitChain.verify(raw, key: .plain).problems.isEmpty), "now keyed with the data key")
        raw.close()
        let target = try Backend.sqlite.place()
        _ = try CaseStore.copy(from: place.dir.store, to: target.dir.store + "-copy", unlock: unlock())
        let copy = try SQLiteCommitLog(directory: target.dir.store + "-copy", readOnly: true, create: false)
        defer { copy.close() }
        let key = try Keyring.unlocked(copy, unlock()).key
        #expect(try CommitChain.verify(copy, key: .of(key)).problems.isEmpty)
    }

    @Test(
        "Links removed after the chain began are never made anew: an edit hidden that way stays found, and appends are refused",
        arguments: Backend.allCases)
    func noLaundering(backend: Backend) throws {
        let place = try store(backend, count: 5)
        try backend.tamper(
            place,
            "DELETE FROM chain WHERE sequence >= 3; UPDATE commits SET actor = 'Mallory' WHERE sequence = 3;")
        let writer = try CaseStore(log: try backend.open(place), directory: place.dir.store, snapshotPath: nil)
        #expect(throws: StoreError.self) {
            try writer.commit([StoreFixtures.registration(6)], at: StoreFixtures.now, actor: "Anna")
        }
        writer.close()
        #expect(try verify(backend, place).problems == [.chainBroken(3, reason: .unlinked)])
    }

    @Test(
        "A purge or an encryption refuses a chain that does not hold, rather than link it anew",
        arguments: Backend.allCases)
    func noRelinkOverDamage(backend: Backend) throws {
        let place = try backend.place()
        let store = try CaseStore(log: try backend.open(place), directory: place.dir.store, snapshotPath: nil)
        let id = CaseID(year: 2026, sequence: 1)
        try store.commit([StoreFixtures.registration(1)], at: StoreFixtures.now, actor: "Anna")
        try store.commit(
            [.statusChanged(StatusChanged(caseID: id, from: .nieuw, to: .afgesloten))], at: StoreFixtures.now,
            actor: "Anna")
        try store.commit([StoreFixtures.registration(2)], at: StoreFixtures.now, actor: "Anna")
        store.close()
        try backend.tamper(place, "UPDATE commits SET actor = 'Mallory' WHERE sequence = 3;")
        let purging = try CaseStore(log: try backend.open(place), directory: place.dir.store, snapshotPath: nil)
        #expect(throws: StoreError.chainDamaged(store: purging.log.displayName, sequence: 3)) {
            _ = try purging.purge([id], months: 60, at: StoreFixtures.now, actor: "Anna")
        }
        purging.close()
        let log = try backend.open(place)
        #expect(throws: StoreError.self) {
            _ = try Keyring.encrypt(log, advisor: "Anna Visser", passphrase: passphrase)
        }
        log.close()
        #expect(try verify(backend, place).problems == [.chainBroken(3, reason: .changed)])
    }

    @Test("The desk's scrub starts again when a purge elsewhere linked the chain anew, instead of calling it damage")
    func scrubAfterPurge() throws {
        let place = try Backend.sqlite.place()
        let desk = try CaseStore(log: try Backend.sqlite.open(place), directory: place.dir.store, snapshotPath: nil)
        let id = CaseID(year: 2026, sequence: 1)
        try desk.commit([StoreFixtures.registration(1)], at: StoreFixtures.now, actor: "Anna")
        try desk.commit(
            [.statusChanged(StatusChanged(caseID: id, from: .nieuw, to: .afgesloten))], at: StoreFixtures.now,
            actor: "Anna")
        var first = desk.scrub()
        while case .running = first { first = desk.scrub() }
        guard case .done = first else {
            Issue.record("the scrub did not finish: \(first)")
            return
        }
        let other = try CaseStore(log: try Backend.sqlite.open(place), directory: place.dir.store, snapshotPath: nil)
        _ = try other.purge([id], months: 60, at: StoreFixtures.now, actor: "Bob")
        other.close()
        _ = try desk.catchUp()
        var progress = desk.scrub()
        while case .running = progress { progress = desk.scrub() }
        guard case .done(let count, _) = progress else {
            Issue.record("after the purge: \(progress)")
            return
        }
        #expect(count == 3)
        desk.close()
    }
}
