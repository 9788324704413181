import CaseModel
import Foundation
import Testing

@testable import CaseStore

@Suite("Fast opening, lossless transfer")
struct SnapshotAndTransferTests {
    @Test(
        "A long batch of commits decodes on every core into exactly what one thread gives; the first damaged one is the error"
    )
    func parallelDecode() throws {
        var batch: [EncodedCommit] = []
        for n in 1...1_500 {
            let commit = Commit(
                sequence: UInt64(n), at: StoreFixtures.now, actor: "tester", author: n % 3 == 0 ? "anna" : nil,
                events: [StoreFixtures.registration(n, name: "Persoon \(n)")])
            batch.append(try CommitCodec.encode(commit).encoded)
        }
        let one = try batch.map { try CommitCodec.decode($0, store: "s") }
        let all = try CommitCodec.decode(batch, store: "s")
        #expect(all == one)
        #expect(all.map(\.sequence) == Array(1...1_500))
        #expect(all[2].author == "anna" && all[0].author == nil)
        var damaged = batch
        damaged[1_200].payload = Array("{not json".utf8)
        damaged[1_400].payload = Array("{not json".utf8)
        #expect {
            _ = try CommitCodec.decode(damaged, store: "s")
        } throws: { error in
            guard case StoreError.corruptCommit(_, let sequence, _) = error else { return false }
            return sequence == 1_201
        }
    }

    @Test("A damaged snapshot is rebuilt from the log, never believed")
    func damagedSnapshot() throws {
        let dir = TemporaryDirectory()
        try StoreFixtures.filled(dir, count: 4)
        let expected = try CaseStore.open(at: dir.store, readOnly: true).book
        // SQLite does not checksum its pages: flip bytes inside one case's row, as a bad disk would.
        let raw = try SQLiteConnection(path: dir.snapshot, readOnly: false)
        try raw.execute(
            "UPDATE cases SET body = CAST(substr(body, 1, 10) || X'FF' || substr(body, 12) AS BLOB) WHERE number = 2")
        raw.close()
        let store = try CaseStore.open(at: dir.store)
        #expect(store.notices.count == 1)
        #expect(store.notices.first.map { "\($0)".contains("does not match its checksum") } == true)
        #expect(store.book == expected)
        store.close()
        #expect(CaseStore.check(directory: dir.store).snapshot == .agrees(4))
    }

    @Test("A snapshot derived under earlier replay rules is rebuilt, never believed; check says so meanwhile")
    func earlierRules() throws {
        let dir = TemporaryDirectory()
        try StoreFixtures.filled(dir, count: 3)
        let expected = try CaseStore.open(at: dir.store, readOnly: true).book
        // As an earlier schakel left it: rules 1, and a case as those rules derived it (changed here).
        let raw = try SQLiteConnection(path: dir.snapshot, readOnly: false)
        try raw.execute(
            "INSERT OR REPLACE INTO meta(key, value) VALUES ('rules', '1'); UPDATE cases SET open = 0 WHERE number = 2")
        raw.close()
        #expect(CaseStore.check(directory: dir.store).snapshot == .earlierRules)
        let store = try CaseStore.open(at: dir.store)
        #expect(store.notices == [.snapshotRebuilt(reason: .earlierRules)])
        #expect(store.book == expected)
        store.close()
        let check = try SQLiteConnection(path: dir.snapshot, readOnly: true)
        #expect(try check.text("SELECT value FROM meta WHERE key = 'rules'") == String(Ledger.rulesVersion))
        check.close()
        #expect(CaseStore.check(directory: dir.store).snapshot == .agrees(3))
    }

    @Test("The binary snapshot holds every field of a case, a partner and a consultation")
    func snapshotRoundTrip() throws {
        var book = Ledger()
        try book.apply(
            Commit(
                sequence: 1, at: StoreFixtures.now, actor: "t",
                events: [StoreFixtures.registration(1), StoreFixtures.registration(2, name: "Zoë 中文 👍")]), reference: 18
        )
        try book.apply(
            Commit(
                sequence: 2, at: StoreFixtures.now.addingTimeInterval(60), actor: "t",
                events: [
                    .statusChanged(
                        StatusChanged(caseID: CaseID(year: 2026, sequence: 1), from: .nieuw, to: .afgesloten))
                ]), reference: 900)
        let organisation = Organisation(
            id: OrganisationID(1), type: .politie, name: "Politie Fryslân", gemeenten: ["Leeuwarden", "Harlingen"],
            covenantSigned: true, covenantDate: CalendarDate(iso: "2024-03-01"))
        let contact = Contact(
            id: ContactID(1), organisation: organisation.id, name: "Anne de Wit", role: "wijkagent",
            phone: try PhoneNumber("06-12345678"), email: try EmailAddress("anne@politie.nl"),
            availability: "ma-vr", notes: "")
        let consultation = Consultation(
            id: ConsultationID(1), at: StoreFixtures.now, gemeente: "Leeuwarden", wijkteam: "Wijkteam Noord",
            member: "Jan",
            question: "Wanneer opschalen?", sketch: "Gezin met schulden", advice: "Bel Veilig Thuis",
            durationMinutes: 12,
            followUp: .registration, thread: "gezin Noord-3", safetySignal: true, advisor: "eva",
            acceptedFindings: ["phone"])
        try book.apply(
            Commit(
                sequence: 3, at: StoreFixtures.now, actor: "t", events: [],
                partnerEvents: [
                    .organisationRecorded(organisation), .contactRecorded(contact),
                    .caseLinked(
                        CaseLink(caseID: CaseID(year: 2026, sequence: 2), contact: contact.id, role: .behandelaar)),
                    .contactReached(ContactReached(contact: contact.id, on: CalendarDate(iso: "2026-11-20")!)),
                ],
                consultationEvents: [
                    .logged(consultation),
                    .promoted(
                        ConsultationPromoted(consultations: [consultation.id], caseID: CaseID(year: 2026, sequence: 2))),
                ]))
        let decoded = try StoreFixtures.snapshotRoundTrip(book)
        #expect(decoded == book)
        // The course (each status with its moment) and when deadlines were set, for the reports.
        let closed = try #require(decoded.book[CaseID(year: 2026, sequence: 1)])
        #expect(closed.course?.marks.map(\.status) == [.nieuw, .afgesloten])
        #expect(!closed.deadlines.isEmpty && closed.deadlines.allSatisfy { $0.setAt == closed.receivedAt })
        #expect(decoded.partners.contacts[contact.id] == contact)
        #expect(decoded.consultations[consultation.id] == consultation)
        #expect(decoded.consultations.promotedTo[consultation.id] == CaseID(year: 2026, sequence: 2))
    }

    @Test("Export and import carry everything; import wants an empty store and is all or nothing")
    func exportImport() throws {
        let source = TemporaryDirectory()
        try StoreFixtures.filled(source, count: 5)
        let store = try CaseStore.open(at: source.store, readOnly: true)
        let export = try store.export(at: StoreFixtures.now)
        let data = try export.encoded()
        store.close()

        let target = TemporaryDirectory()
        let copy = try CaseStore.open(at: target.store)
        try copy.importAll(try StoreExport.decode(data, path: "x.json"), from: "x.json")
        #expect(copy.book.cases == (try CaseStore.open(at: source.store, readOnly: true).book.cases))
        #expect(try copy.export(at: StoreFixtures.now) == export)
        #expect(throws: StoreError.notEmpty(path: target.store)) { try copy.importAll(export, from: "x.json") }
        copy.close()

        // A broken export changes nothing.
        var broken = export
        broken.commits.append(broken.commits[0])
        broken.commits[broken.commits.count - 1].sequence = UInt64(broken.commits.count)
        let third = TemporaryDirectory()
        let empty = try CaseStore.open(at: third.store)
        #expect(throws: StoreError.self) { try empty.importAll(broken, from: "broken.json") }
        #expect(empty.book.cases.isEmpty)
        #expect(try empty.log.head() == 0)
        empty.close()

        // No way in takes a text longer than a form does: a 20 MiB reason is refused, by commit.
        var huge = export
        if case .registered(var registration) = huge.commits[1].events[0] {
            registration.reason = String(repeating: "x", count: 20 << 20)
            huge.commits[1].events[0] = .registered(registration)
        }
        let fourth = TemporaryDirectory()
        let guarded = try CaseStore.open(at: fourth.store)
        #expect(
            throws: StoreError.badFile(
                path: "huge.json", reason: "commit 2 holds a text of 20971520 characters (at most 4000)")
        ) { try guarded.importAll(huge, from: "huge.json") }
        #expect(try guarded.log.head() == 0)
        guarded.close()

        #expect(throws: StoreError.badFile(path: "p", reason: "format is \"other\", expected \"schakel-export\"")) {
            _ = try StoreExport.decode(
                Data(#"{"format":"other","version":1,"exportedAt":"2026-01-01T00:00:00Z","commits":[]}"#.utf8),
                path: "p")
        }
    }
}

@Suite("Reading a snapshot on two threads")
struct ParallelSnapshotTests {
    @Test("Split over two connections, the decode gives exactly the ledger one thread gives")
    func sameLedger() throws {
        var ledger = Ledger()
        for n in 1...57 {
            try ledger.apply(
                Commit(
                    sequence: UInt64(n), at: StoreFixtures.now, actor: "t",
                    events: [StoreFixtures.registration(n, name: "Persoon \(n)")]), reference: UInt64(n))
        }
        let dir = TemporaryDirectory()
        let store = try SnapshotStore(path: dir.path + "/snapshot", create: true, fileMode: 0o600)
        defer { store.close() }
        try store.update(to: ledger, binding: .init(identity: "x", sequence: 57, digest: 1), from: nil, changed: nil)
        try store.beginReading()
        let serial = try store.ledger(cases: nil, sequence: 57, parallelFrom: .max)
        let parallel = try store.ledger(cases: nil, sequence: 57, parallelFrom: 2)
        try store.endReading()
        #expect(serial == ledger)
        #expect(parallel == ledger)
    }
}

@Suite("Snapshots of triaged cases")
struct TriageSnapshotTests {
    @Test("Triage, decision and labelled task deadlines survive the binary snapshot")
    func roundTrip() throws {
        var book = Ledger()
        let id = CaseID(year: 2026, sequence: 1)
        let triage = TriageRecorded(
            caseID: id,
            criteria: [
                CriterionAnswer(number: 1, answer: .yes, note: "notitie"),
                CriterionAnswer(number: 4, answer: .unknown),
            ],
            zrmScores: ["Financiën": 2, "Justitie": 1], zrmAssessedOn: CalendarDate(iso: "2026-11-20"),
            indicators: ["expertise"], triggers: ["safety"])
        let decision = DecisionRecorded(
            caseID: id, outcome: .procesregie, phase: .three,
            holders: [
                ResponsibilityAssignment(.casusregie, ResponsibilityHolder(organisation: "Wijkteam", person: "J."))
            ],
            rationale: "r", recommendedOutcome: .support, recommendedPhase: .two, deviationReason: "d", referredTo: nil,
            tasks: [PlanTask(partner: "Politie", task: "Huisbezoek", due: CalendarDate(iso: "2026-12-01")!)],
            nextReview: CalendarDate(iso: "2027-01-05"))
        try book.apply(
            Commit(
                sequence: 1, at: StoreFixtures.now, actor: "t",
                events: [StoreFixtures.registration(1), .triageRecorded(triage), .decisionRecorded(decision)]),
            reference: 18)
        let decoded = try StoreFixtures.snapshotRoundTrip(book)
        #expect(decoded == book)
        #expect(decoded.book[id]?.decision == decision)
        #expect(decoded.book[id]?.deadlines.contains { $0.label == "Politie: Huisbezoek" } == true)
    }
}
