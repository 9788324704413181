import CaseModel
import Foundation
import Screen
import TestSupport
import Testing

@testable import CaseStore
@testable import Desk

/// The desk opens on its queue: the open cases at once, the closed history read on another thread
/// and taken in afterwards (`CaseStore.Scope.openFirst`). What it ends with must be exactly what a
/// whole open reads, whatever colleagues committed meanwhile.
@Suite("Opened with the open cases first, the store ends with exactly the whole ledger")
struct OpenFirstTests {
    static let now = DemoTests.now

    /// A demo region with closed history, partners linked to cases and consultations, in a store
    /// that has its snapshot.
    static func region(_ dir: TemporaryDirectory) throws {
        let store = try CaseStore.open(at: dir.path)
        defer { store.close() }
        var builder = try DemoBuilder(seed: 7, context: try DemoTests.context(at: now))
        let commits = builder.commits(cases: 160, scale: DemoScale(years: 2, contacts: 40, consultations: 30))
        try store.importAll(StoreExport(exportedAt: now, commits: commits), from: "demo", what: "demo")
    }

    static func whole(_ dir: TemporaryDirectory) throws -> Ledger {
        let store = try CaseStore.open(at: dir.path, readOnly: true)
        defer { store.close() }
        #expect(!store.isPartial && !store.isHistoryPending)
        return store.ledger
    }

    static func expectSame(_ a: Ledger, _ b: Ledger) {
        #expect(a.book == b.book)
        #expect(a.partners.canonical == b.partners.canonical)
        #expect(a.consultations == b.consultations)
    }

    @Test("The open cases come at once, the closed ones once taken, and then it is the whole ledger")
    func takenWhole() throws {
        let dir = TemporaryDirectory()
        try Self.region(dir)
        let whole = try Self.whole(dir)
        let closedCount = whole.book.cases.values.filter { !$0.status.isOpen }.count
        #expect(closedCount > 50, "the demo has closed history: \(closedCount)")

        let store = try CaseStore.open(at: dir.path, scope: .openFirst)
        defer { store.close() }
        #expect(store.isHistoryPending && store.isPartial)
        #expect(store.book.cases.values.allSatisfy { $0.status.isOpen })
        #expect(store.book.cases.count == whole.book.cases.count - closedCount)
        // The numbering and the partners come whole at once; the consultation log with the history.
        #expect(store.book.lastCaseNumber == whole.book.lastCaseNumber)
        #expect(store.partners.withoutLinks == whole.partners.withoutLinks)
        #expect(store.ledger.consultations.consultations.isEmpty && !whole.consultations.consultations.isEmpty)

        let closed = try #require(try store.takeHistory(wait: true))
        #expect(closed.count == closedCount)
        #expect(!store.isHistoryPending && !store.isPartial)
        Self.expectSame(store.ledger, whole)
        #expect(try store.takeHistory(wait: true) == nil, "handed over once")
    }

    @Test("Colleagues' commits meanwhile (a note on a closed case, a contact removed) end as a whole open ends")
    func colleaguesMeanwhile() throws {
        let dir = TemporaryDirectory()
        try Self.region(dir)
        let before = try Self.whole(dir)
        let closedCase = try #require(before.book.cases.values.filter { !$0.status.isOpen }.min { $0.id < $1.id })
        // A contact linked to a closed case: its removal must take that link along.
        let link = try #require(
            before.partners.links.sorted { ($0.caseID, $0.contact.value) < ($1.caseID, $1.contact.value) }
                .first { before.book[$0.caseID]?.status.isOpen == false })

        let desk = try CaseStore.open(at: dir.path, scope: .openFirst)
        defer { desk.close() }
        #expect(desk.book[closedCase.id] == nil)
        let colleague = try CaseStore.open(at: dir.path, scope: .cases([closedCase.id]))
        try colleague.commit(
            [.noteAdded(NoteAdded(caseID: closedCase.id, text: "Dossier opgevraagd door de gemeente"))], at: Self.now,
            actor: "Collega")
        try colleague.commit([], partnerEvents: [.contactRemoved(link.contact)], at: Self.now, actor: "Collega")
        colleague.close()

        try desk.catchUp()
        // The closed case a commit touched was taken in before it was applied, from the same moment.
        #expect(desk.book[closedCase.id]?.history.count == closedCase.history.count + 1)
        let closed = try #require(try desk.takeHistory(wait: true))
        #expect(!closed.contains { $0.id == closedCase.id }, "the desk has it already, from the commit")
        #expect(!desk.ledger.partners.links.contains { $0.contact == link.contact })
        Self.expectSame(desk.ledger, try Self.whole(dir))
    }

    @Test("A colleague's consultation meanwhile: the log as the snapshot has it is taken in first, then the new one")
    func consultationMeanwhile() throws {
        let dir = TemporaryDirectory()
        try Self.region(dir)
        let before = try Self.whole(dir).consultations.consultations.count
        let desk = try CaseStore.open(at: dir.path, scope: .openFirst)
        defer { desk.close() }
        try Self.colleagueLogsConsultation(dir)

        try desk.catchUp()
        #expect(!desk.isHistoryPending, "a consultation event takes the history in before it is applied")
        #expect(desk.consultations.consultations.count == before + 1)
        #expect(try desk.takeHistory(wait: false)?.isEmpty == false, "and the desk is handed it")
        Self.expectSame(desk.ledger, try Self.whole(dir))
    }

    @Test("A store opened for some cases reads the consultation log when it is asked for, or a change needs it")
    func consultationsWhenAsked() throws {
        let dir = TemporaryDirectory()
        try Self.region(dir)
        let whole = try Self.whole(dir)
        let some = try CaseStore.open(at: dir.path, scope: .cases([]))
        defer { some.close() }
        #expect(some.consultationsPending && some.ledger.consultations.consultations.isEmpty)
        #expect(some.consultations == whole.consultations, "read when asked")
        #expect(!some.consultationsPending)

        // Logged by a store that never asked: the change reads the log first, so the number is the next.
        let writer = try CaseStore.open(at: dir.path, scope: .cases([]))
        defer { writer.close() }
        var consultation = try #require(whole.consultations.newestFirst.first)
        consultation.id = whole.consultations.nextID
        let written = try writer.commit([], consultationEvents: [.logged(consultation)], at: Self.now, actor: "Collega")
        #expect(written.sequence == whole.lastSequence + 1)
        #expect(writer.ledger.consultations.consultations.count == whole.consultations.consultations.count + 1)
        // And one that catches up with it reads its log before applying the commit.
        #expect(some.consultations.consultations.count == whole.consultations.consultations.count)
        let reader = try CaseStore.open(at: dir.path, scope: .cases([]))
        defer { reader.close() }
        #expect(reader.ledger.consultations.consultations.count == whole.consultations.consultations.count + 1)
    }

    @Test("Opened for the queue alone (case list): the open cases, never the history, and no change")
    func openOnly() throws {
        let dir = TemporaryDirectory()
        try Self.region(dir)
        let whole = try Self.whole(dir)
        let store = try CaseStore.open(at: dir.path, scope: .open)
        defer { store.close() }
        #expect(!store.isHistoryPending && store.isPartial)
        #expect(Set(store.book.cases.keys) == Set(whole.book.cases.values.filter(\.status.isOpen).map(\.id)))
        #expect(try store.takeHistory(wait: true) == nil)
        #expect(store.consultations == whole.consultations, "read when asked, as for some cases")
        #expect(throws: StoreError.readOnly) {
            try store.commit([try Self.note(on: whole)], at: Self.now, actor: "Bench")
        }
    }

    static func note(on ledger: Ledger) throws -> CaseEvent {
        .noteAdded(NoteAdded(caseID: try #require(ledger.book.cases.keys.min()), text: "Gebeld"))
    }

    /// A colleague logs one more consultation (like the newest, on a thread of its own, numbered
    /// next) through a store of their own.
    static func colleagueLogsConsultation(_ dir: TemporaryDirectory) throws {
        let colleague = try CaseStore.open(at: dir.path, scope: .cases([]))
        defer { colleague.close() }
        var consultation = try #require(colleague.consultations.newestFirst.first)
        consultation.id = colleague.consultations.nextID
        consultation.thread = "Nieuwe draad"
        try colleague.commit([], consultationEvents: [.logged(consultation)], at: now, actor: "Collega")
    }

    @MainActor
    @Test("The desk is handed the closed cases a colleague's consultation took into the store before it asked")
    func deskHandedAfterColleague() throws {
        let dir = TemporaryDirectory()
        try Self.region(dir)
        let whole = try Self.whole(dir)
        let store = try CaseStore.open(at: dir.path, scope: .openFirst)
        defer { store.close() }
        let app = DeskApp(
            store: store, terminal: InMemoryTerminal(width: 120, height: 40),
            context: try DemoTests.context(at: Self.now))
        app.draw()
        try Self.colleagueLogsConsultation(dir)
        app.refreshFromStore()
        #expect(!store.isHistoryPending, "taken into the store by the colleague's consultation")
        app.handle(.key(.character("a")))
        #expect(!store.hasHistoryToHand)
        #expect(app.state.rows.count == whole.book.cases.values.filter { !$0.status.isOpen }.count)
        #expect(app.state.consultations.consultations.count == whole.consultations.consultations.count + 1)
    }

    @Test("A snapshot moved on under the reader: the store reads the closed cases from the moment it kept")
    func movedOn() throws {
        let dir = TemporaryDirectory()
        try Self.region(dir)
        let whole = try Self.whole(dir)
        let store = try CaseStore.open(at: dir.path, scope: .openFirst)
        defer { store.close() }
        // The helper is asked for another binding than the snapshot has, as when another process
        // rewrote it between the store's read and the helper's.
        _ = store.historyLoad?.result(wait: true)
        let binding = SnapshotStore.Binding(identity: store.log.identity, sequence: 1, digest: 0)
        store.historyLoad = HistoryLoad(path: dir.path + "/" + SnapshotStore.fileName, key: nil, binding: binding)
        #expect(
            try SnapshotStore.closedCases(path: dir.path + "/" + SnapshotStore.fileName, key: nil, binding: binding)
                == nil)
        try store.completeHistory()
        Self.expectSame(store.ledger, whole)
        #expect(try store.takeHistory(wait: false)?.count == whole.book.cases.values.filter { !$0.status.isOpen }.count)
    }

    @Test("A change waits for the closed history: 'is this person known?' sees a closed case of the person")
    func changeWaits() throws {
        let dir = TemporaryDirectory()
        try Self.region(dir)
        let whole = try Self.whole(dir)
        let closedCase = try #require(
            whole.book.cases.values.filter { !$0.status.isOpen && $0.persons.first?.bsn != nil }.min { $0.id < $1.id })
        let store = try CaseStore.open(at: dir.path, scope: .openFirst)
        defer { store.close() }
        let person = try #require(closedCase.persons.first)
        #expect(store.book.alreadyKnown(person).isEmpty, "not yet: only the open cases are in")
        try store.completeHistory()
        #expect(store.book.alreadyKnown(person).contains { $0.caseID == closedCase.id })
    }

    @MainActor
    @Test("The desk: the queue first, the closed cases listed (a) once they are in, and known over them")
    func deskTakesHistory() throws {
        let dir = TemporaryDirectory()
        try Self.region(dir)
        let whole = try Self.whole(dir)
        let context = try DemoTests.context(at: Self.now)
        let store = try CaseStore.open(at: dir.path, scope: .openFirst)
        defer { store.close() }
        let terminal = InMemoryTerminal(width: 120, height: 40)
        let app = DeskApp(store: store, terminal: terminal, context: context)
        app.draw()
        let open = whole.book.cases.values.filter(\.status.isOpen).count
        #expect(app.state.cases.count == open && app.state.closedCases.isEmpty)
        // Moving needs only the open cases; the closed filter waits for the rest and lists all of them.
        app.handle(.key(.down))
        app.handle(.key(.character("a")))
        #expect(!store.isHistoryPending)
        let closed = whole.book.cases.values.filter { !$0.status.isOpen }
        #expect(app.state.rows.count == closed.count)
        #expect(Set(app.state.rows.map(\.id)) == Set(closed.map(\.id)))
    }
}
