import CaseModel
import CaseStore
import Foundation
import Screen
import TestSupport
import Testing

@testable import Desk

@Suite("A desk among colleagues: their commits show, the advisor keeps their place")
@MainActor
struct LiveDeskTests {
    private func registration(_ n: Int, _ name: String) -> CaseEvent {
        .registered(DeskFixtures.registration(n, name: name, hoursAgo: 1))
    }

    @Test("A colleague's registration appears without a reload; the half-typed form stays")
    func colleagueRegisters() throws {
        let dir = TemporaryDirectory()
        let context = try DeskFixtures.context()
        let mine = try CaseStore.open(at: dir.store)
        try mine.commit([registration(1, "Eerste Persoon")], at: DeskFixtures.now, actor: "a")
        let app = DeskApp(store: mine, terminal: InMemoryTerminal(width: 100, height: 30), context: context)
        // Start a registration and type a name.
        for key in [Key.character("n")] + "Half".map({ Key.character($0) }) { app.handle(.key(key)) }
        let form = app.state.registration

        let colleague = try CaseStore.open(at: dir.store)
        try colleague.commit([registration(2, "Van Collega")], at: DeskFixtures.now, actor: "Bram de Boer")
        app.refreshFromStore()
        if app.state.cases.count < 2 {
            // The WAL may be written a moment before the commit is visible: ask again as the loop does.
            Thread.sleep(forTimeInterval: 0.05)
            app.refreshFromStore()
        }
        #expect(app.state.cases[CaseID(year: 2026, sequence: 2)]?.primaryPerson.name == "Van Collega")
        #expect(app.state.registration == form)
        #expect(app.state.mode == .form)
        #expect(app.state.nextCaseID == CaseID(year: 2026, sequence: 3))
        colleague.close()
        mine.close()
    }

    @Test("Registering after a colleague took the number gives the next one, and shows both")
    func rebasedRegistration() throws {
        let dir = TemporaryDirectory()
        let context = try DeskFixtures.context()
        let mine = try CaseStore.open(at: dir.store)
        let app = DeskApp(store: mine, terminal: InMemoryTerminal(width: 100, height: 30), context: context)
        let colleague = try CaseStore.open(at: dir.store)
        try colleague.commit([registration(1, "Van Collega")], at: DeskFixtures.now, actor: "Bram de Boer")
        // The desk has not looked yet: its form still offers 2026-0001.
        var keys: [Key] = [.character("n"), .character("w"), .tab, .tab, .tab]
        keys += "Anne Zijlstra".map { .character($0) }
        keys += [.tab, .tab, .tab, .tab, .tab, .tab] + "Leeu".map { .character($0) }
        keys += [.tab, .tab] + "Zorgen".map { .character($0) } + [.function(2)]
        for key in keys { app.handle(.key(key)) }
        #expect(app.state.mode == .queue)
        #expect(app.state.message?.text == "Casus 2026-0002 geregistreerd en opgeslagen.")
        #expect(app.state.cases[CaseID(year: 2026, sequence: 1)]?.primaryPerson.name == "Van Collega")
        #expect(app.state.cases[CaseID(year: 2026, sequence: 2)]?.primaryPerson.name == "Anne Zijlstra")
        colleague.close()
        mine.close()
    }

    @Test("Undo stops at a colleague's later change to the same case, and says who")
    func undoStopsAtColleague() throws {
        let dir = TemporaryDirectory()
        let context = try DeskFixtures.context()
        let mine = try CaseStore.open(at: dir.store)
        try mine.commit([registration(1, "Anne")], at: DeskFixtures.now, actor: "a")
        let app = DeskApp(store: mine, terminal: InMemoryTerminal(width: 100, height: 30), context: context)
        var keys: [Key] = [.character("n"), .character("w"), .tab, .tab, .tab]
        keys += "Piet".map { .character($0) }
        keys += [.tab, .tab, .tab, .tab, .tab, .tab] + "Leeu".map { .character($0) }
        keys += [.tab, .tab] + "Zorgen".map { .character($0) } + [.function(2)]
        for key in keys { app.handle(.key(key)) }
        let piet = CaseID(year: 2026, sequence: 2)
        #expect(app.state.cases[piet] != nil)
        let colleague = try CaseStore.open(at: dir.store)
        try colleague.commit(
            [.noteAdded(NoteAdded(caseID: piet, text: "gebeld"))], at: DeskFixtures.now, actor: "Bram de Boer")
        app.handle(.key(.character("u")))
        #expect(
            app.state.message?.text == "Ongedaan maken kan niet meer: 2026-0002 is daarna gewijzigd door Bram de Boer.")
        #expect(mine.book[piet] != nil)
        colleague.close()
        mine.close()
    }
}
