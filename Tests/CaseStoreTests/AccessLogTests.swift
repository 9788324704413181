import CaseModel
import Foundation
import Testing

@testable import CaseStore

/// The access log on each backend: written in groups, chained, sealed in an encrypted store, and
/// every edit, removal or swap made with the database's own tools found by `check`.
@Suite("The access log")
struct AccessLogTests {
    private let anna = Accessor(advisor: "Anna Visser", login: "anna", host: "desk-1", terminal: "/dev/pts/3")
    private let bob = Accessor(advisor: "Bob Bakker", login: "bob", host: "desk-2", terminal: "-")

    private func unlock(_ advisor: String, _ passphrase: String = "lange wachtwoordzin") -> Unlock {
        Unlock(advisor: advisor) { (_) throws(StoreError) in passphrase }
    }

    private func store(
        _ backend: Backend, _ place: Backend.Place, _ who: Accessor?, unlock: Unlock? = nil, readOnly: Bool = false
    ) throws -> CaseStore {
        try CaseStore(
            log: try backend.open(place, readOnly: readOnly), directory: place.dir.store,
            snapshotPath: place.dir.snapshot, unlock: unlock, accessor: who)
    }

    private func check(_ backend: Backend, _ place: Backend.Place, unlock: Unlock? = nil) throws -> StoreCheckReport {
        var report = StoreCheckReport()
        let log = try backend.open(place, readOnly: true)
        defer { log.close() }
        report.problems += try AccessLog.verify(try Keyring.unlocked(log, unlock).log, key: try key(log, unlock))
            .problems
        return report
    }

    private func key(_ log: CommitLog, _ unlock: Unlock?) throws -> DataKey? { try Keyring.unlocked(log, unlock).key }

    /// Runs SQL on the backend's database as its administrator would (sqlite3, psql).
    private func tamper(_ backend: Backend, _ place: Backend.Place, _ sqlite: String, _ postgres: String) throws {
        switch backend {
        case .sqlite:
            let raw = try SQLiteConnection(path: place.dir.database, readOnly: false)
            defer { raw.close() }
            try raw.execute("DROP TRIGGER access_log_is_not_updated; DROP TRIGGER access_log_is_not_deleted; " + sqlite)
        case .postgres:
            let database = String((place.url ?? "").split(separator: "/").last ?? "")
            let done = try PostgresCluster.shared.get().psql(
                "ALTER TABLE access_log DISABLE TRIGGER access_log_is_not_changed; " + postgres, database: database)
            #expect(done.status == 0, "\(done.stderr)")
        }
    }

    /// A store with three entries by Anna and one change written by Bob.
    private func logged(_ backend: Backend, encrypted: Bool) throws -> Backend.Place {
        let place = try backend.place()
        if encrypted {
            let log = try backend.open(place)
            _ = try Keyring.encrypt(log, advisor: "Anna Visser", passphrase: "lange wachtwoordzin")
            try Keyring.add(log, unlock: unlock("Anna Visser"), for: "Bob Bakker", passphrase: "lange wachtwoordzin")
            log.close()
        }
        let desk = try store(backend, place, anna, unlock: encrypted ? unlock("Anna Visser") : nil)
        desk.access?.record(.list, what: "desk", count: 0)
        desk.access?.record(.view, cases: ["2026-0001"], what: "detail")
        desk.access?.record(.search, what: "queue", query: QueryShape("kuipers 1234AB"))
        #expect(desk.access?.unwritten == 3)
        try desk.access?.flush()
        #expect(desk.access?.unwritten == 0)
        desk.close()
        let other = try store(backend, place, bob, unlock: encrypted ? unlock("Bob Bakker") : nil)
        try other.commit([StoreFixtures.registration(1, name: "Persoon 1")], at: StoreFixtures.now, actor: "Bob Bakker")
        other.close()
        return place
    }

    @Test(
        "Entries are written in groups, read back in order, and a change is logged by the store itself",
        arguments: Backend.allCases)
    func writtenAndRead(backend: Backend) throws {
        let place = try logged(backend, encrypted: false)
        let reader = try store(backend, place, nil, readOnly: true)
        defer { reader.close() }
        let entries = try AccessLog.entries(of: reader.log, key: nil)
        #expect(entries.map(\.action) == [.list, .view, .search, .create])
        #expect(entries.map(\.who.advisor) == ["Anna Visser", "Anna Visser", "Anna Visser", "Bob Bakker"])
        #expect(entries[1].cases == ["2026-0001"])
        #expect(entries[2].query == QueryShape("kuipers 1234AB"))
        #expect(entries[2].query?.kinds == [.word, .postcode])
        #expect(entries[3].cases == ["2026-0001"])
        #expect(entries[3].what == "CaseRegistered")
        // A search never keeps its words.
        let raw = try reader.log.readAccess(after: 0, limit: 10).map { String(decoding: $0.stored, as: UTF8.self) }
        #expect(!raw.joined().contains("kuipers"))
        #expect(try check(backend, place).problems.isEmpty)
    }

    @Test("In an encrypted store the entries are sealed and the chain is keyed", arguments: Backend.allCases)
    func sealed(backend: Backend) throws {
        let place = try logged(backend, encrypted: true)
        let log = try backend.open(place, readOnly: true)
        defer { log.close() }
        let records = try log.readAccess(after: 0, limit: 10)
        #expect(records.count == 4)
        for record in records {
            #expect(SealedPayload.isSealed(record.stored))
            #expect(!String(decoding: record.stored, as: UTF8.self).contains("2026-0001"))
        }
        let key = try #require(try key(log, unlock("Anna Visser")))
        #expect(try AccessLog.entries(of: log, key: key).map(\.action) == [.list, .view, .search, .create])
        #expect(try AccessLog.verify(log, key: key).problems.isEmpty)
        // Without the key the chain cannot be made to verify: the fixed key of a plain store does not.
        #expect(try AccessLog.verify(log, key: nil).problems == [.accessLogBroken(entry: 1, reason: .changed)])
    }

    @Test("An entry edited, removed or swapped with the database's own tools is found", arguments: Backend.allCases)
    func tampering(backend: Backend) throws {
        for encrypted in [false, true] {
            let unlock: Unlock? = encrypted ? unlock("Anna Visser") : nil
            let edited = try logged(backend, encrypted: encrypted)
            // Plain: another advisor's name written in; sealed: the sealed text changed at its end.
            let edit =
                encrypted
                ? "UPDATE access_log SET entry = substr(entry, 1, length(entry) - 4) || 'AAA=' WHERE sequence = 2;"
                : "UPDATE access_log SET entry = replace(entry, 'Anna', 'Anne') WHERE sequence = 2;"
            try tamper(backend, edited, edit, edit)
            #expect(
                try check(backend, edited, unlock: unlock).problems == [.accessLogBroken(entry: 2, reason: .changed)])
            let removed = try logged(backend, encrypted: encrypted)
            try tamper(
                backend, removed, "DELETE FROM access_log WHERE sequence = 2;",
                "DELETE FROM access_log WHERE sequence = 2;")
            #expect(
                try check(backend, removed, unlock: unlock).problems == [.accessLogBroken(entry: 2, reason: .missing)])
            let swapped = try logged(backend, encrypted: encrypted)
            try tamper(
                backend, swapped,
                """
                UPDATE access_log SET sequence = 99 WHERE sequence = 2; UPDATE access_log SET sequence = 2 WHERE sequence = 3;
                UPDATE access_log SET sequence = 3 WHERE sequence = 99;
                """,
                """
                UPDATE access_log SET sequence = 99 WHERE sequence = 2; UPDATE access_log SET sequence = 2 WHERE sequence = 3;
                UPDATE access_log SET sequence = 3 WHERE sequence = 99;
                """)
            #expect(
                try check(backend, swapped, unlock: unlock).problems == [.accessLogBroken(entry: 2, reason: .changed)])
        }
    }

    @Test(
        "A refused passphrase is logged: kept outside the chain, then chained by the next who unlocks",
        arguments: Backend.allCases)
    func failedUnlock(backend: Backend) throws {
        let place = try logged(backend, encrypted: true)
        let mallory = Accessor(advisor: "Bob Bakker", login: "mallory", host: "elsewhere", terminal: "/dev/pts/9")
        #expect(throws: StoreError.self) {
            _ = try self.store(backend, place, mallory, unlock: self.unlock("Bob Bakker", "geraden"))
        }
        let desk = try store(backend, place, anna, unlock: unlock("Anna Visser"))
        desk.access?.record(.view, cases: ["2026-0001"], what: "detail")
        try desk.access?.flush()
        let entries = try #require(try desk.access?.entries())
        desk.close()
        #expect(entries.map(\.action) == [.list, .view, .search, .create, .unlockFailed, .view])
        #expect(entries[4].who == mallory)
        let log = try backend.open(place, readOnly: true)
        defer { log.close() }
        #expect(try AccessLog.verify(log, key: try key(log, unlock("Anna Visser"))).problems.isEmpty)
    }

    @Test("A store opened only to read still logs what it shows", arguments: Backend.allCases)
    func readOnlyLogs(backend: Backend) throws {
        let place = try logged(backend, encrypted: false)
        let reader = try store(backend, place, bob, readOnly: true)
        reader.access?.record(.view, cases: ["2026-0001"], what: "case-show")
        try reader.access?.flush()
        reader.close()
        let again = try store(backend, place, nil, readOnly: true)
        defer { again.close() }
        #expect(try AccessLog.entries(of: again.log, key: nil).last?.what == "case-show")
    }

    @Test("Desks flushing at once keep one unbroken chain", arguments: Backend.allCases)
    func concurrentFlushes(backend: Backend) throws {
        let place = try backend.place()
        try store(backend, place, nil).close()
        let failures = Failures()
        DispatchQueue.concurrentPerform(iterations: 4) { desk in
            do {
                let who = Accessor(advisor: "Desk \(desk)", login: "d\(desk)", host: "h", terminal: "-")
                let store = try self.store(backend, place, who, readOnly: true)
                for round in 0..<10 {
                    store.access?.record(.view, cases: ["2026-\(round)"], what: "detail")
                    store.access?.record(.list, what: "desk")
                    try store.access?.flush()
                }
                store.close()
            } catch {
                failures.add("\(error)")
            }
        }
        #expect(failures.all.isEmpty)
        let log = try backend.open(place, readOnly: true)
        defer { log.close() }
        let verified = try AccessLog.verify(log, key: nil)
        #expect(verified.problems.isEmpty)
        #expect(verified.count == 80)
    }

    @Test(
        "What waits in the pending table is taken in only as a failed unlock, never later than now, marked unverified")
    func forgedPending() throws {
        let place = try logged(.sqlite, encrypted: true)
        let forged = AccessEntry(
            at: Date().addingTimeInterval(86_400), who: bob, action: .export, cases: ["2026-0005"], what: "json",
            count: 60)
        let raw = try SQLiteConnection(path: place.dir.database, readOnly: false)
        try raw.query(
            "INSERT INTO access_pending(entry) VALUES (?)",
            [.text(String(decoding: try CommitCodec.encoder.encode(forged), as: UTF8.self))])
        try raw.execute("INSERT INTO access_pending(entry) VALUES ('not an entry')")
        raw.close()
        let desk = try store(.sqlite, place, anna, unlock: unlock("Anna Visser"))
        desk.access?.record(.list, what: "desk")
        try desk.access?.flush()
        let entries = try #require(try desk.access?.entries())
        desk.close()
        let taken = try #require(entries.first { $0.who == bob && $0.action != .create })
        #expect(taken.action == .unlockFailed)
        #expect(taken.cases.isEmpty && taken.count == nil && taken.what == "unverified")
        #expect(taken.at <= Date())
        #expect(entries.count == 6)
    }

    @Test(
        "An emptied log, and a log cut short below a head kept elsewhere, are found; a planted row is an error, not a crash"
    )
    func truncated() throws {
        let place = try logged(.sqlite, encrypted: false)
        let log = try Backend.sqlite.open(place, readOnly: true)
        let head = try AccessLog.verify(log, key: nil).head
        log.close()
        try tamper(.sqlite, place, "DELETE FROM access_log WHERE sequence >= 3;", "")
        let short = try Backend.sqlite.open(place, readOnly: true)
        #expect(try AccessLog.verify(short, key: nil).problems.isEmpty, "a cut tail alone leaves a chain that holds")
        #expect(try AccessLog.verify(short, key: nil, expecting: head).problems == [.accessHeadMissing(head)])
        short.close()
        // Emptied: the head kept elsewhere is gone too.
        let emptied = try logged(.sqlite, encrypted: false)
        let kept = CaseStore.check(directory: emptied.dir.store).accessHead
        try tamper(.sqlite, emptied, "DELETE FROM access_log;", "")
        let report = CaseStore.check(directory: emptied.dir.store, accessHead: kept)
        #expect(report.problems == [.accessHeadMissing(kept)])

        let planted = try logged(.sqlite, encrypted: false)
        let raw = try SQLiteConnection(path: planted.dir.database, readOnly: false)
        try raw.execute("INSERT INTO access_log VALUES (9223372036854775807, 'x', 'y')")
        raw.close()
        let desk = try store(.sqlite, planted, anna)
        defer { desk.close() }
        desk.access?.record(.view, cases: ["2026-0001"], what: "detail")
        #expect(throws: StoreError.self) { try desk.access?.flush() }
    }

    @Test(
        "Retention removes the oldest entries and the chain still holds; a beginning cut without a purge, or further, is found",
        arguments: Backend.allCases)
    func pruned(backend: Backend) throws {
        for encrypted in [false, true] {
            let unlock: Unlock? = encrypted ? unlock("Anna Visser") : nil
            let old = Date(timeIntervalSince1970: 1_600_000_000)
            let cutoff = Date(timeIntervalSinceNow: -3_600)
            // Only the oldest run goes: an old entry after a recent one stays with it.
            let place = try logged(backend, encrypted: encrypted)
            let desk = try store(backend, place, anna, unlock: unlock)
            desk.access?.record(.view, cases: ["2026-0001"], what: "detail", at: old)
            try desk.access?.flush()
            #expect(try desk.access?.older(than: cutoff) == 0)
            desk.close()
            // A store whose first three entries are old, encrypted afterwards or not.
            let aged = try backend.place()
            let plain = try store(backend, aged, anna)
            for day in 0..<3 {
                plain.access?.record(
                    .view, cases: ["2026-0001"], what: "detail", at: old.addingTimeInterval(Double(day) * 86_400))
            }
            plain.access?.record(.view, cases: ["2026-0002"], what: "detail")
            try plain.access?.flush()
            plain.close()
            if encrypted {
                let log = try backend.open(aged)
                _ = try Keyring.encrypt(log, advisor: "Anna Visser", passphrase: "lange wachtwoordzin")
                log.close()
            }
            let first = try store(backend, aged, anna, unlock: unlock)
            let key = try key(first.log, unlock)
            let keptBefore = try AccessLog.verify(first.log, key: key)
            #expect(keptBefore.problems.isEmpty)
            #expect(try first.access?.older(than: cutoff) == 3)
            #expect(try first.access?.prune(before: cutoff) == 3)
            let after = try AccessLog.verify(first.log, key: key)
            #expect(after.problems.isEmpty)
            #expect(after.count == keptBefore.count - 3 + 1, "what was kept, and the entry recording the purge")
            let entries = try AccessLog.entries(of: first.log, key: key)
            #expect(entries.last?.action == .purge)
            #expect(entries.last?.what == "access-log")
            #expect(entries.last?.base?.through == 3)
            #expect(try first.access?.entries(about: "2026-0001").isEmpty == true, "the index went with them")
            #expect(try first.access?.entries(about: "2026-0002").count == 1)
            // A head kept before the purge is still found; one that lies in what was removed
            // cannot be compared and is no sign of tampering; one past the log's end is.
            #expect(try AccessLog.verify(first.log, key: key, expecting: keptBefore.head).problems.isEmpty)
            #expect(try AccessLog.verify(first.log, key: key, expecting: "2:beef").problems.isEmpty)
            #expect(
                try AccessLog.verify(first.log, key: key, expecting: "99:beef").problems == [
                    .accessHeadMissing("99:beef")
                ])
            first.close()
            let removed = 3
            // Cut one entry further than the purge says: found.
            try tamper(
                backend, aged, "DELETE FROM access_log WHERE sequence = \(removed + 1);",
                "DELETE FROM access_log WHERE sequence = \(removed + 1);")
            #expect(
                try check(backend, aged, unlock: unlock).problems == [
                    .accessLogBroken(entry: UInt64(removed + 1), reason: .missing)
                ])
            // A beginning cut with no purge to say so: found.
            let cut = try logged(backend, encrypted: encrypted)
            try tamper(
                backend, cut, "DELETE FROM access_log WHERE sequence <= 2;",
                "DELETE FROM access_log WHERE sequence <= 2;")
            #expect(try check(backend, cut, unlock: unlock).problems == [.accessLogBroken(entry: 2, reason: .missing)])
        }
    }

    @Test("A log pruned before the store was encrypted still verifies after encrypting", arguments: Backend.allCases)
    func prunedThenEncrypted(backend: Backend) throws {
        let place = try backend.place()
        let desk = try store(backend, place, anna)
        desk.access?.record(.view, cases: ["2026-0001"], what: "detail", at: Date(timeIntervalSince1970: 1_600_000_000))
        desk.access?.record(.view, cases: ["2026-0002"], what: "detail")
        try desk.access?.flush()
        #expect(try desk.access?.prune(before: Date(timeIntervalSinceNow: -3_600)) == 1)
        desk.close()
        let log = try backend.open(place)
        _ = try Keyring.encrypt(log, advisor: "Anna Visser", passphrase: "lange wachtwoordzin")
        log.close()
        let report = try check(backend, place, unlock: unlock("Anna Visser"))
        #expect(report.problems.isEmpty)
    }

    @Test("A copy keeps the access log entry for entry: a pruned log keeps its base, and its heads stay the same")
    func prunedCopy() throws {
        let place = try Backend.sqlite.place()
        let desk = try store(.sqlite, place, anna)
        desk.access?.record(.view, cases: ["2026-0001"], what: "detail", at: Date(timeIntervalSince1970: 1_600_000_000))
        desk.access?.record(.view, cases: ["2026-0002"], what: "detail")
        try desk.access?.flush()
        #expect(try desk.access?.prune(before: Date(timeIntervalSinceNow: -3_600)) == 1)
        desk.close()
        let source = try Backend.sqlite.open(place, readOnly: true)
        let head = try AccessLog.verify(source, key: nil).head
        source.close()
        let target = TemporaryDirectory()
        _ = try CaseStore.copy(from: place.dir.store, to: target.store)
        let copy = try SQLiteCommitLog(directory: target.store, readOnly: true, create: false)
        defer { copy.close() }
        let copied = try AccessLog.verify(copy, key: nil, expecting: head)
        #expect(copied.problems.isEmpty)
        #expect(copied.head == head)
        #expect(try copy.readAccess(after: 0, limit: 10).first?.sequence == 2, "the base's place is kept")
    }
}
