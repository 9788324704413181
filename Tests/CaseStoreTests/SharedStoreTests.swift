import CaseModel
import Foundation
import Testing

@testable import CaseStore

@Suite("Many desks on one store: catching up, rebasing, conflicts")
struct SharedStoreTests {
    let now = StoreFixtures.now
    let first = CaseID(year: 2026, sequence: 1)

    @Test("Two advisors who both register 'the next case' each get a number; the other catches up")
    func renumbering() throws {
        let dir = TemporaryDirectory()
        let a = try CaseStore.open(at: dir.store)
        let b = try CaseStore.open(at: dir.store)
        try a.commit([StoreFixtures.registration(1, name: "Van A")], at: now, actor: "a")
        // B still thinks 2026-0001 is next.
        let written = try b.commit([StoreFixtures.registration(1, name: "Van B")], at: now, actor: "b")
        guard case .registered(let e)? = written.events.first else {
            Issue.record("no registration")
            return
        }
        #expect(e.id == CaseID(year: 2026, sequence: 2))
        #expect(b.book[first]?.primaryPerson.name == "Van A")
        #expect(b.book[e.id]?.primaryPerson.name == "Van B")
        let caught = try a.catchUp()
        #expect(caught.map(\.sequence) == [2])
        #expect(a.ledger == b.ledger)
        a.close()
        b.close()
        #expect(CaseStore.check(directory: dir.store).isHealthy)
    }

    @Test("New partners and consultations made on an older state are renumbered, references included")
    func partnerRenumbering() throws {
        let dir = TemporaryDirectory()
        let a = try CaseStore.open(at: dir.store)
        let b = try CaseStore.open(at: dir.store)
        let politie = Organisation(
            id: OrganisationID(1), type: .politie, name: "Politie", gemeenten: [], covenantSigned: true,
            covenantDate: nil)
        try a.commit([], partnerEvents: [.organisationRecorded(politie)], at: now, actor: "a")
        let ggd = Organisation(
            id: OrganisationID(1), type: .ggd, name: "GGD", gemeenten: [], covenantSigned: false, covenantDate: nil)
        let contact = Contact(
            id: ContactID(1), organisation: ggd.id, name: "Jet", role: "", phone: nil, email: nil, availability: "",
            notes: "")
        let written = try b.commit(
            [], partnerEvents: [.organisationRecorded(ggd), .contactRecorded(contact)], at: now, actor: "b")
        #expect(
            written.partnerEvents.first
                == .organisationRecorded(
                    Organisation(
                        id: OrganisationID(2), type: .ggd, name: "GGD", gemeenten: [], covenantSigned: false,
                        covenantDate: nil)))
        #expect(b.partners.contacts[ContactID(1)]?.organisation == OrganisationID(2))
        #expect(b.partners.organisations[OrganisationID(1)]?.name == "Politie")
        a.close()
        b.close()
    }

    @Test("The same step on the same case by a colleague meanwhile is a conflict that names them; nothing is written")
    func sameStepConflict() throws {
        let dir = TemporaryDirectory()
        let a = try CaseStore.open(at: dir.store)
        try a.commit([StoreFixtures.registration(1)], at: now, actor: "a")
        let b = try CaseStore.open(at: dir.store)
        let step = CaseEvent.statusChanged(StatusChanged(caseID: first, from: .nieuw, to: .screening))
        try a.commit([step], at: now.addingTimeInterval(60), actor: "Anna Visser")
        let head = try b.log.head()
        do {
            try b.commit(
                [.statusChanged(StatusChanged(caseID: first, from: .nieuw, to: .triage))], at: now, actor: "Bram")
            Issue.record("the second change was written")
        } catch {
            guard case .conflict(let conflict) = error else {
                Issue.record("\(error)")
                return
            }
            #expect(conflict.record == "2026-0001")
            #expect(conflict.actor == "Anna Visser")
            #expect(conflict.events == ["StatusChanged"])
            #expect(conflict.at == now.addingTimeInterval(60))
        }
        #expect(try b.log.head() == head)
        #expect(b.book[first]?.status == .screening)  // caught up, and only A's change is in
        a.close()
        b.close()
    }

    @Test("A change the colleague's commit made impossible is refused with who did it and why")
    func madeImpossible() throws {
        let dir = TemporaryDirectory()
        let a = try CaseStore.open(at: dir.store)
        try a.commit([StoreFixtures.registration(1)], at: now, actor: "a")
        let b = try CaseStore.open(at: dir.store)
        try a.commit(
            [.statusChanged(StatusChanged(caseID: first, from: .nieuw, to: .afgesloten))], at: now, actor: "Anna")
        let triage = TriageRecorded(
            caseID: first, criteria: [], zrmScores: [:], zrmAssessedOn: nil, indicators: [], triggers: [])
        #expect(
            throws: StoreError.conflict(
                CommitConflict(
                    record: "2026-0001", actor: "Anna", at: now, events: ["StatusChanged"],
                    reason: CaseBook.ApplyError.caseClosed(first).description))
        ) {
            try b.commit([.triageRecorded(triage)], at: now, actor: "Bram")
        }
        a.close()
        b.close()
    }

    @Test("Notes on one case never contest each other: both are written")
    func notesDoNotConflict() throws {
        let dir = TemporaryDirectory()
        let a = try CaseStore.open(at: dir.store)
        try a.commit([StoreFixtures.registration(1)], at: now, actor: "a")
        let b = try CaseStore.open(at: dir.store)
        try a.commit([.noteAdded(NoteAdded(caseID: first, text: "melder gebeld"))], at: now, actor: "a")
        try b.commit([.noteAdded(NoteAdded(caseID: first, text: "gesprek met moeder"))], at: now, actor: "b")
        #expect(try b.timeline(of: first).count == 3)
        a.close()
        b.close()
    }

    @Test("Correcting a consultation a colleague corrected since the form opened is a conflict; nothing is written")
    func consultationCorrections() throws {
        let dir = TemporaryDirectory()
        let a = try CaseStore.open(at: dir.store)
        let original = Consultation(
            id: ConsultationID(1), at: now, gemeente: "Leeuwarden", wijkteam: "Wijkteam Noord", member: "Jan",
            question: "Wanneer opschalen?", sketch: "Gezin met schulden", advice: "", durationMinutes: 10,
            followUp: .none, thread: nil, safetySignal: false, advisor: "a", acceptedFindings: [])
        try a.commit([], consultationEvents: [.logged(original)], at: now, actor: "a")
        let b = try CaseStore.open(at: dir.store)
        let formOpened = b.position
        var theirs = original
        theirs.advice = "Bel Veilig Thuis"
        try a.commit([], consultationEvents: [.corrected(theirs)], at: now, actor: "Anna Visser")
        var mine = original
        mine.sketch = "Gezin met schulden en een zorgmijder"
        try b.catchUp()
        #expect(
            throws: StoreError.conflict(
                CommitConflict(
                    record: "CO-1", actor: "Anna Visser", at: now, events: ["ConsultationCorrected"],
                    reason: nil))
        ) {
            try b.commit([], consultationEvents: [.corrected(mine)], basis: formOpened, at: now, actor: "Bram")
        }
        #expect(b.consultations[ConsultationID(1)]?.advice == "Bel Veilig Thuis")
        a.close()
        b.close()
    }

    @Test("A change made on an older basis is checked against everything since that basis")
    func basis() throws {
        let dir = TemporaryDirectory()
        let a = try CaseStore.open(at: dir.store)
        try a.commit([StoreFixtures.registration(1)], at: now, actor: "a")
        let basis = a.position
        let b = try CaseStore.open(at: dir.store)
        try b.commit(
            [.statusChanged(StatusChanged(caseID: first, from: .nieuw, to: .screening))], at: now, actor: "Bram")
        try a.catchUp()  // A's desk caught up, but the advisor's form was made at `basis`
        #expect(throws: StoreError.self) {
            try a.commit(
                [.statusChanged(StatusChanged(caseID: first, from: .screening, to: .triage))], basis: basis, at: now,
                actor: "a")
        }
        a.close()
        b.close()
    }
}

@Suite("Snapshots belong to their log")
struct SnapshotBindingTests {
    @Test("Another store's snapshot is never shown: the database is another store, a hard error; check says so too")
    func otherStore() throws {
        let one = TemporaryDirectory()
        let two = TemporaryDirectory()
        try StoreFixtures.filled(one, count: 3)
        try StoreFixtures.filled(two, count: 1)
        try FileManager.default.removeItem(atPath: two.snapshot)
        try FileManager.default.copyItem(atPath: one.snapshot, toPath: two.snapshot)
        #expect(throws: StoreError.otherDatabase(store: two.database, snapshot: two.snapshot)) {
            _ = try CaseStore.open(at: two.store)
        }
        #expect(throws: StoreError.otherDatabase(store: two.database, snapshot: two.snapshot)) {
            _ = try CaseStore.open(at: two.store, readOnly: true)
        }
        #expect(
            CaseStore.check(directory: two.store).problems.contains(
                .store(.otherDatabase(store: two.database, snapshot: two.snapshot))))
        // Replaced on purpose: the snapshot removed, the store opens as what it is.
        try FileManager.default.removeItem(atPath: two.snapshot)
        let store = try CaseStore.open(at: two.store)
        #expect(store.book.cases.count == 1)
        store.close()
    }

    @Test(
        "A log restored from an older backup under a newer snapshot went back in time: a hard error naming both positions"
    )
    func restoredOlderLog() throws {
        let dir = TemporaryDirectory()
        let store = try CaseStore.open(at: dir.store)
        try store.commit([StoreFixtures.registration(1)], at: StoreFixtures.now, actor: "t")
        store.close()
        let backup = dir.path + "/backup.db"
        _ = try CaseStore.backup(directory: dir.store, to: backup)
        let later = try CaseStore.open(at: dir.store, snapshotThreshold: 1)
        try later.commit([StoreFixtures.registration(2)], at: StoreFixtures.now, actor: "t")
        later.close()
        #expect(FileManager.default.fileExists(atPath: dir.snapshot))
        // Restore the older copy under the newer snapshot.
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: dir.database + suffix) }
        try FileManager.default.copyItem(atPath: backup, toPath: dir.database)
        #expect(throws: StoreError.wentBack(store: dir.database, seen: 2, head: 1, snapshot: dir.snapshot)) {
            _ = try CaseStore.open(at: dir.store)
        }
        #expect(
            CaseStore.check(directory: dir.store).problems.contains(
                .store(.wentBack(store: dir.database, seen: 2, head: 1, snapshot: dir.snapshot))))
        // Number 2026-0002 is never handed out again without a person deciding to.
        #expect(try CaseStore.forget(location: dir.store) == 2)
        #expect(!FileManager.default.fileExists(atPath: dir.snapshot))
        let restored = try CaseStore.open(at: dir.store)
        #expect(restored.book.cases.count == 1)
        restored.close()
    }

    @Test(
        "A whole store put back from an older copy, snapshot and all, went back in time: this machine's record refuses it until forgotten"
    )
    func restoredWholeStore() throws {
        let dir = TemporaryDirectory()
        let record = PositionRecord.standard()
        let store = try CaseStore.open(at: dir.store)
        try store.commit([StoreFixtures.registration(1)], at: StoreFixtures.now, actor: "t")
        let identity = store.log.identity
        store.close()
        let older = dir.path + "/older"
        try FileManager.default.copyItem(atPath: dir.store, toPath: older)
        let later = try CaseStore.open(at: dir.store, snapshotThreshold: 1)
        try later.commit([StoreFixtures.registration(2)], at: StoreFixtures.now, actor: "t")
        later.close()
        #expect(record.seen(identity, at: dir.database) == 2)
        try FileManager.default.removeItem(atPath: dir.store)
        try FileManager.default.moveItem(atPath: older, toPath: dir.store)
        let expected = StoreError.behindRecord(
            store: dir.database, seen: 2, head: 1, record: record.path, identity: identity)
        #expect(throws: expected) { _ = try CaseStore.open(at: dir.store) }
        #expect(throws: expected) { _ = try CaseStore.open(at: dir.store, readOnly: true) }
        #expect(CaseStore.check(directory: dir.store).problems.contains(.store(expected)))
        // Put back on purpose: forgotten, then taken as it is (and seen from there on).
        #expect(try CaseStore.forget(location: dir.store) == 2)
        #expect(record.seen(identity, at: dir.database) == nil)
        let restored = try CaseStore.open(at: dir.store)
        #expect(restored.book.cases.count == 1)
        restored.close()
        #expect(record.seen(identity, at: dir.database) == 1)
    }

    @Test(
        "The record keeps the furthest position of each store where it is, never lowers it, and survives processes noting at once"
    )
    func positionRecord() throws {
        let dir = TemporaryDirectory()
        let record = PositionRecord(path: dir.path + "/state/positions")
        #expect(record.seen("a", at: "/s") == nil)
        record.note("a", at: "/s", sequence: 5)
        record.note("a", at: "/s", sequence: 3)
        #expect(record.seen("a", at: "/s") == 5)
        // A copy elsewhere (the same identity) is a store of its own.
        #expect(record.seen("a", at: "/copy") == nil)
        record.note("a", at: "/with\ttab", sequence: 2)
        #expect(record.seen("a", at: "/with\ttab") == 2)
        DispatchQueue.concurrentPerform(iterations: 40) { n in record.note("s\(n)", at: "/s", sequence: UInt64(n + 1)) }
        for n in 0..<40 { #expect(record.seen("s\(n)", at: "/s") == UInt64(n + 1)) }
        var info = stat()
        #expect(stat(record.path, &info) == 0 && info.st_mode & 0o777 == 0o600)
        // A line that cannot be read is passed over, not believed.
        _ = FileManager.default.createFile(
            atPath: record.path, contents: Data("kapot\na\tx\tnu\t/s\nb\t7\t2026-11-24T09:00:00Z\t/s\n".utf8))
        #expect(record.seen("a", at: "/s") == nil)
        #expect(record.seen("b", at: "/s") == 7)
        record.forget("b", at: "/s")
        #expect(record.seen("b", at: "/s") == nil)
    }

    @Test(
        "A snapshot older than a purge another desk made is rebuilt, not refused; a commit rewritten by hand is refused"
    )
    func purgedSinceSnapshot() throws {
        let dir = TemporaryDirectory()
        let who = Accessor(advisor: "Anna", login: "anna", host: "desk-1", terminal: "-")
        let store = try CaseStore.open(at: dir.store, snapshotThreshold: 1, accessor: who)
        let id = CaseID(year: 2026, sequence: 1)
        try store.commit([StoreFixtures.registration(1)], at: StoreFixtures.now, actor: "t")
        try store.access?.flush()
        store.close()
        // This machine's snapshot from before the purge (as another desk's cache would be), of
        // the registration the purge will rewrite.
        let kept = dir.path + "/old.snapshot"
        try FileManager.default.copyItem(atPath: dir.snapshot, toPath: kept)
        let purging = try CaseStore.open(at: dir.store, accessor: who)
        try purging.commit(
            [.statusChanged(StatusChanged(caseID: id, from: .nieuw, to: .afgesloten))], at: StoreFixtures.now,
            actor: "t")
        _ = try purging.purge([id], months: 60, at: StoreFixtures.now, actor: "t")
        try purging.access?.flush()
        purging.close()
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: dir.snapshot + suffix) }
        try FileManager.default.copyItem(atPath: kept, toPath: dir.snapshot)
        let reopened = try CaseStore.open(at: dir.store, accessor: who)
        #expect(reopened.notices == [.snapshotRebuilt(reason: .logChanged)])
        #expect(reopened.book[id]?.purgedAt != nil)
        reopened.close()

        // The same difference without a purge to explain it: history rewritten, refused.
        let other = TemporaryDirectory()
        let plain = try CaseStore.open(at: other.store, snapshotThreshold: 1, accessor: who)
        try plain.commit([StoreFixtures.registration(1)], at: StoreFixtures.now, actor: "t")
        try plain.access?.flush()
        plain.close()
        let raw = try SQLiteConnection(path: other.database, readOnly: false)
        try raw.execute(
            "DROP TRIGGER commits_are_not_updated; UPDATE commits SET payload = replace(payload, 'Anne', 'Anna');")
        raw.close()
        #expect(throws: StoreError.self) { _ = try CaseStore.open(at: other.store, accessor: who) }
    }

    @Test("A directory whose database is gone but whose snapshot is there is not taken for a new store")
    func databaseGone() throws {
        let dir = TemporaryDirectory()
        try StoreFixtures.filled(dir, count: 2)
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: dir.database + suffix) }
        #expect(throws: StoreError.databaseMissing(path: dir.store, snapshot: dir.snapshot)) {
            _ = try CaseStore.open(at: dir.store)
        }
        #expect(!FileManager.default.fileExists(atPath: dir.database), "no new database was made")
    }

    @Test("One change never rewrites the snapshot: it waits until the tail is long")
    func threshold() throws {
        let dir = TemporaryDirectory()
        try StoreFixtures.filled(dir, count: 2)
        #expect(try StoreFixtures.snapshotSequence(dir) == 2)
        let store = try CaseStore.open(at: dir.store, snapshotThreshold: 3)
        try store.commit([StoreFixtures.registration(3)], at: StoreFixtures.now, actor: "t")
        try store.commit([StoreFixtures.registration(4)], at: StoreFixtures.now, actor: "t")
        store.close()
        #expect(try StoreFixtures.snapshotSequence(dir) == 2)
        let again = try CaseStore.open(at: dir.store, snapshotThreshold: 3)
        try again.commit([StoreFixtures.registration(5)], at: StoreFixtures.now, actor: "t")
        #expect(try StoreFixtures.snapshotSequence(dir) == 5)
        again.close()
        #expect(CaseStore.check(directory: dir.store).snapshot == .agrees(5))
    }
}

@Suite("The store's files and who may read them")
struct StoreFilesTests {
    private func mode(_ path: String) -> Int {
        (try? FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int) ?? -1
    }

    @Test("A store is private: directory 0700, database, WAL, shared memory and snapshot 0600, whatever the umask")
    func privateStore() throws {
        let dir = TemporaryDirectory()
        let old = umask(0)
        defer { umask(old) }
        let store = try CaseStore.open(at: dir.store, snapshotThreshold: 1)
        try store.commit([StoreFixtures.registration(1)], at: StoreFixtures.now, actor: "t")
        #expect(mode(dir.store) == 0o700)
        for file in [dir.database, dir.database + "-wal", dir.database + "-shm", dir.snapshot] {
            #expect(mode(file) == 0o600, "\(file)")
        }
        store.close()
    }

    @Test("A team store keeps group modes on every file it makes later", .enabled(if: getgrnam("root") != nil))
    func teamStore() throws {
        let dir = TemporaryDirectory()
        let group = String(cString: getgrgid(getgid()).pointee.gr_name)
        _ = try StoreDirectory.initialise(dir.store, group: group)
        let store = try CaseStore.open(at: dir.store, snapshotThreshold: 1)
        try store.commit([StoreFixtures.registration(1)], at: StoreFixtures.now, actor: "t")
        #expect(mode(dir.store) & 0o7777 == 0o2770)
        for file in [dir.database, dir.database + "-wal", dir.database + "-shm", dir.snapshot] {
            #expect(mode(file) == 0o660, "\(file)")
        }
        store.close()
    }

    @Test("An existing directory's mode is never changed by opening it")
    func existingModeKept() throws {
        let dir = TemporaryDirectory()
        try FileManager.default.createDirectory(atPath: dir.store, withIntermediateDirectories: true)
        chmod(dir.store, 0o750)
        let store = try CaseStore.open(at: dir.store)
        store.close()
        #expect(mode(dir.store) == 0o750)
    }

    @Test("A directory with other files in it is not taken for a store, and nothing is made in it")
    func foreignDirectory() throws {
        let dir = TemporaryDirectory()
        try FileManager.default.createDirectory(atPath: dir.store, withIntermediateDirectories: true)
        _ = FileManager.default.createFile(atPath: dir.store + "/thesis.pdf", contents: Data("x".utf8))
        #expect(throws: StoreError.notAStore(path: dir.store)) { _ = try CaseStore.open(at: dir.store) }
        #expect(!FileManager.default.fileExists(atPath: dir.database))
    }

    @Test("History cannot be rewritten: the database refuses UPDATE and DELETE of a commit")
    func appendOnly() throws {
        let dir = TemporaryDirectory()
        try StoreFixtures.filled(dir, count: 1)
        let raw = try SQLiteConnection(path: dir.database, readOnly: false)
        #expect(throws: StoreError.self) { try raw.execute("UPDATE commits SET actor = 'mallory'") }
        #expect(throws: StoreError.self) { try raw.execute("DELETE FROM commits") }
        raw.close()
        #expect(CaseStore.check(directory: dir.store).commits == 1)
    }

    @Test("A store made by a newer schakel is refused in words, not misread")
    func newerSchema() throws {
        let dir = TemporaryDirectory()
        try StoreFixtures.filled(dir, count: 1)
        let raw = try SQLiteConnection(path: dir.database, readOnly: false)
        try raw.execute("PRAGMA user_version = 99")
        raw.close()
        #expect(
            throws: StoreError.newerSchema(path: dir.database, found: 99, supported: Int(SQLiteCommitLog.schemaVersion))
        ) {
            _ = try CaseStore.open(at: dir.store)
        }
    }

    @Test(
        "A store of schema 1 (no authors, no keys) is read as it is, and migrated on the first write: old commits have no author, new ones the login"
    )
    func schemaOneMigrates() throws {
        let dir = TemporaryDirectory()
        try StoreFixtures.filled(dir, count: 2)
        // Schema 1 as the earlier schakel made it: the commits table without its author column.
        let raw = try SQLiteConnection(path: dir.database, readOnly: false)
        try raw.execute(
            """
            DROP TRIGGER commits_are_sealed; DROP TABLE keyslots; DROP TABLE access_log; DROP TABLE access_pending;
            DROP TABLE access_tags; DROP TABLE chain; DROP TABLE rewritten;
            DELETE FROM meta WHERE key = 'unchained-until'; ALTER TABLE commits DROP COLUMN author; PRAGMA user_version = 1
            """
        )
        raw.close()
        let reader = try CaseStore.open(at: dir.store, readOnly: true)
        #expect(reader.book.cases.count == 2)
        #expect(try reader.allCommits().map(\.author) == [nil, nil])
        reader.close()
        let check = try SQLiteConnection(path: dir.database, readOnly: true)
        #expect(try check.integer("PRAGMA user_version") == 1, "reading must not migrate")
        check.close()

        let writer = try CaseStore.open(at: dir.store)
        try writer.commit(
            [StoreFixtures.registration(3, name: "Na de migratie")], at: StoreFixtures.now, actor: "Tester")
        #expect(try writer.allCommits().map(\.author) == [nil, nil, ProcessIdentity.login])
        writer.close()
        let migrated = try SQLiteConnection(path: dir.database, readOnly: true)
        #expect(try migrated.integer("PRAGMA user_version") == SQLiteCommitLog.schemaVersion)
        #expect(try migrated.integer("SELECT count(*) FROM keyslots") == 0)
        #expect(try migrated.integer("SELECT count(*) FROM chain") == 3, "the commits from before are linked too")
        migrated.close()
        #expect(CaseStore.check(directory: dir.store).problems.isEmpty)
    }

    @Test("A backup of a live store is private, verified, and opens as the same store")
    func backup() throws {
        let dir = TemporaryDirectory()
        try StoreFixtures.filled(dir, count: 4)
        let live = try CaseStore.open(at: dir.store)  // a desk keeps it open meanwhile
        let target = dir.path + "/nightly.db"
        let report = try CaseStore.backup(directory: dir.store, to: target)
        #expect(report.commits == 4)
        #expect(mode(target) == 0o600)
        #expect(throws: StoreError.self) { _ = try CaseStore.backup(directory: dir.store, to: target) }
        let restoredDir = dir.path + "/restored"
        try FileManager.default.createDirectory(atPath: restoredDir, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: target, toPath: restoredDir + "/schakel.db")
        let restored = try CaseStore.open(at: restoredDir, readOnly: true)
        #expect(restored.ledger == live.ledger)
        #expect(restored.log.identity == live.log.identity)
        restored.close()
        live.close()
    }
}

@Suite("Upgrading a journal store")
struct UpgradeInProcessTests {
    @Test("The journal store made by the earlier schakel becomes the same store in SQLite; the journal is kept")
    func upgrade() throws {
        let dir = TemporaryDirectory()
        let fixture = SourceTree.root.appendingPathComponent("Tests/EndToEndTests/Fixtures/journal-store-v1").path
        try FileManager.default.copyItem(atPath: fixture, toPath: dir.store)
        let exported = try #require(
            FileManager.default.contents(
                atPath: SourceTree.root.appendingPathComponent(
                    "Tests/EndToEndTests/Fixtures/journal-store-v1.export.json"
                ).path))
        let expected = try StoreExport.decode(exported, path: "fixture")
        #expect(throws: StoreError.needsUpgrade(path: dir.store)) {
            _ = try CaseStore.open(at: dir.store, readOnly: true)
        }
        let store = try CaseStore.open(at: dir.store)
        #expect(store.notices == [.upgraded(commits: expected.commits.count, tornBytes: 0)])
        #expect(try store.export(at: expected.exportedAt) == expected)
        store.close()
        #expect(FileManager.default.fileExists(atPath: dir.store + "/journal.skj.pre-sqlite"))
        #expect(!FileManager.default.fileExists(atPath: dir.store + "/journal.skj"))
        #expect(!FileManager.default.fileExists(atPath: dir.store + "/lock"))
        #expect(CaseStore.check(directory: dir.store).isHealthy)
        let again = try CaseStore.open(at: dir.store)
        #expect(again.notices.isEmpty)
        again.close()
    }
}

@Suite("A change reads only what it needs")
struct PartialStoreTests {
    @Test(
        "A store holding one case validates against it, numbers new cases after all, and writes what a full store reads"
    )
    func partial() throws {
        let dir = TemporaryDirectory()
        try StoreFixtures.filled(dir, count: 20)  // snapshot at 20
        let writer = try CaseStore.open(at: dir.store)
        let third = CaseID(year: 2026, sequence: 3)
        try writer.commit(
            [.statusChanged(StatusChanged(caseID: third, from: .nieuw, to: .screening))], at: StoreFixtures.now,
            actor: "w")
        writer.close()  // one commit after the snapshot: the tail

        let partial = try CaseStore.open(at: dir.store, scope: .cases([CaseID(year: 2026, sequence: 7)]))
        #expect(partial.isPartial)
        // Asked for, and touched by the tail.
        #expect(Set(partial.book.cases.keys) == [CaseID(year: 2026, sequence: 7), third])
        #expect(partial.book.nextCaseID(year: 2026) == CaseID(year: 2026, sequence: 21))
        try partial.commit(
            [.statusChanged(StatusChanged(caseID: CaseID(year: 2026, sequence: 7), from: .nieuw, to: .screening))],
            at: StoreFixtures.now, actor: "p")
        #expect(throws: StoreError.rejected(.cases(.statusMismatch(third, expected: .nieuw, found: .screening)))) {
            try partial.commit(
                [.statusChanged(StatusChanged(caseID: third, from: .nieuw, to: .triage))], at: StoreFixtures.now,
                actor: "p")
        }
        // A case it did not load is read from the snapshot when a change needs it.
        try partial.commit(
            [.noteAdded(NoteAdded(caseID: CaseID(year: 2026, sequence: 12), text: "gebeld"))], at: StoreFixtures.now,
            actor: "p")
        try partial.commit([StoreFixtures.registration(21)], at: StoreFixtures.now, actor: "p")
        partial.close()

        let full = try CaseStore.open(at: dir.store)
        #expect(full.book.cases.count == 21)
        #expect(full.book[CaseID(year: 2026, sequence: 7)]?.status == .screening)
        #expect(try full.timeline(of: CaseID(year: 2026, sequence: 12)).count == 2)
        full.close()
        #expect(CaseStore.check(directory: dir.store).isHealthy)
    }

    @Test(
        "A partial store holds the links of its cases only; snapshots keep links per case, also after a contact is removed"
    )
    func links() throws {
        let dir = TemporaryDirectory()
        try StoreFixtures.filled(dir, count: 10)
        let politie = Organisation(
            id: OrganisationID(1), type: .politie, name: "Politie", gemeenten: [], covenantSigned: true,
            covenantDate: nil)
        let anne = Contact(
            id: ContactID(1), organisation: politie.id, name: "Anne", role: "", phone: nil, email: nil,
            availability: "", notes: "")
        let bert = Contact(
            id: ContactID(2), organisation: politie.id, name: "Bert", role: "", phone: nil, email: nil,
            availability: "", notes: "")
        let c3 = CaseID(year: 2026, sequence: 3)
        let c7 = CaseID(year: 2026, sequence: 7)
        let store = try CaseStore.open(at: dir.store, snapshotThreshold: 1)
        try store.commit(
            [],
            partnerEvents: [
                .organisationRecorded(politie), .contactRecorded(anne), .contactRecorded(bert),
                .caseLinked(CaseLink(caseID: c3, contact: anne.id, role: .melder)),
                .caseLinked(CaseLink(caseID: c7, contact: anne.id, role: .behandelaar)),
                .caseLinked(CaseLink(caseID: c7, contact: bert.id, role: .adviseur)),
            ],
            at: StoreFixtures.now, actor: "t")
        store.close()
        #expect(CaseStore.check(directory: dir.store).snapshot == .agrees(11))

        let partial = try CaseStore.open(at: dir.store, scope: .cases([c7]))
        #expect(Set(partial.partners.links.map(\.caseID)) == [c7])
        #expect(partial.partners.links.count == 2)
        try partial.commit(
            [], partnerEvents: [.caseUnlinked(CaseLink(caseID: c7, contact: bert.id, role: .adviseur))],
            at: StoreFixtures.now, actor: "p")
        partial.close()

        let full = try CaseStore.open(at: dir.store, snapshotThreshold: 1)
        #expect(full.partners.links(of: c7).map(\.contact) == [anne.id])
        try full.commit([], partnerEvents: [.contactRemoved(anne.id)], at: StoreFixtures.now, actor: "t")
        #expect(full.partners.links.isEmpty)
        full.close()
        let report = CaseStore.check(directory: dir.store)
        #expect(report.isHealthy)
        #expect(report.snapshot == .agrees(13))
    }

    @Test(
        "With a long tail after the snapshot, a partial open loads everything once and brings the snapshot up to date")
    func longTail() throws {
        let dir = TemporaryDirectory()
        try StoreFixtures.filled(dir, count: 2)
        let writer = try CaseStore.open(at: dir.store, snapshotThreshold: 1_000)
        for n in 3...8 { try writer.commit([StoreFixtures.registration(n)], at: StoreFixtures.now, actor: "w") }
        writer.close()
        #expect(try StoreFixtures.snapshotSequence(dir) == 2)
        let partial = try CaseStore.open(at: dir.store, scope: .cases([]), snapshotThreshold: 5)
        #expect(!partial.isPartial)
        #expect(partial.book.cases.count == 8)
        partial.close()
        #expect(try StoreFixtures.snapshotSequence(dir) == 8)
    }
}
