import CaseModel
import Foundation
import Screen
import TestSupport
import Testing
import Workplace

@testable import CaseStore
@testable import Desk

@Suite("The desk loop against a real store and an in-memory terminal")
@MainActor
struct DeskAppTests {

    @Test("Register through the form; the case is in the queue, on disk, and there after reopening")
    func registerAndReopen() throws {
        let dir = TemporaryDirectory()
        let context = try DeskFixtures.context()
        let store = try CaseStore.open(at: dir.store)
        let terminal = InMemoryTerminal(width: 100, height: 30)
        let app = DeskApp(store: store, terminal: terminal, context: context)
        app.draw()
        #expect(terminal.lines[4].contains("Geen open casussen. Druk n om een aanmelding te registreren."))

        var keys: [Key] = [.character("n"), .character("w"), .tab, .tab, .tab]
        keys += "Anne Zijlstra".map { .character($0) }
        keys += [.tab, .tab, .tab, .tab, .tab, .tab] + "Leeu".map { .character($0) }
        keys += [.tab, .tab] + "Zorgen om veiligheid".map { .character($0) } + [.function(2)]
        for key in keys { app.handle(.key(key)) }
        app.draw()

        #expect(app.state.mode == .queue)
        #expect(
            terminal.lines.contains {
                $0.contains("2026-0001") && $0.contains("Anne Zijlstra") && $0.contains("Leeuwarden")
            })
        #expect(terminal.lines[28].contains("Casus 2026-0001 geregistreerd en opgeslagen."))
        store.close()

        let reopened = try CaseStore.open(at: dir.store, readOnly: true)
        let c = try #require(reopened.book[CaseID(year: 2026, sequence: 1)])
        #expect(c.primaryPerson.name == "Anne Zijlstra")
        #expect(c.source == .wijkteam)
        #expect(c.reason == "Zorgen om veiligheid")
        #expect(try reopened.timeline(of: c.id).map(\.actor) == ["A. Zwart"])
        reopened.close()
    }

    @Test("While the desk waits, it verifies the commits' chain; a commit edited by hand shows in the status line")
    func scrubWhileIdle() throws {
        let dir = TemporaryDirectory()
        let context = try DeskFixtures.context()
        let store = try CaseStore.open(at: dir.store)
        for n in 1...3 {
            let registration = DeskFixtures.registration(n, name: "Persoon \(n)", hoursAgo: 2)
            try store.commit([.registered(registration)], at: registration.receivedAt, actor: "B. Feenstra")
        }
        store.close()
        let healthy = try CaseStore.open(at: dir.store)
        let quiet = DeskApp(store: healthy, terminal: InMemoryTerminal(width: 100, height: 30), context: context)
        var turns = 0
        quiet.run(interrupted: {
            turns += 1
            return turns > 5
        })
        #expect(quiet.state.storeDamage == nil)
        healthy.close()
        // An advisor's name changed in the database, by hand: the snapshot does not cover it away.
        let raw = try SQLiteConnection(path: dir.database, readOnly: false)
        try raw.execute("DROP TRIGGER commits_are_not_updated; UPDATE commits SET actor = 'Iemand' WHERE sequence = 2;")
        raw.close()
        let damaged = try CaseStore.open(at: dir.store)
        defer { damaged.close() }
        let terminal = InMemoryTerminal(width: 100, height: 30)
        let app = DeskApp(store: damaged, terminal: terminal, context: context)
        turns = 0
        app.run(interrupted: {
            turns += 1
            return turns > 5
        })
        #expect(
            app.state.storeDamage?.hasPrefix("Opslag beschadigd: de keten van wijzigingen klopt niet bij wijziging 2")
                == true)
        #expect(terminal.lines.contains { $0.contains("Opslag beschadigd") }, "\(terminal.lines)")
    }

    @Test("After the chain, the database's own check of every page runs in the background; damage it finds shows")
    func storageCheckWhileIdle() throws {
        let dir = TemporaryDirectory()
        let context = try DeskFixtures.context()
        let store = try CaseStore.open(at: dir.store)
        for n in 1...3 {
            let registration = DeskFixtures.registration(n, name: "Persoon \(n)", hoursAgo: 2)
            try store.commit([.registered(registration)], at: registration.receivedAt, actor: "B. Feenstra")
        }
        store.close()
        // An index whose entries no longer match its table: the chain holds, every commit reads,
        // and only SQLite's own check of the pages finds it.
        let raw = try SQLiteConnection(path: dir.database, readOnly: false)
        try raw.execute(
            """
            CREATE INDEX extra ON commits(actor); PRAGMA writable_schema = ON;
            UPDATE sqlite_master SET sql = 'CREATE INDEX extra ON commits(at)' WHERE name = 'extra';
            PRAGMA writable_schema = OFF;
            """)
        raw.close()
        let damaged = try CaseStore.open(at: dir.store)
        defer { damaged.close() }
        let terminal = InMemoryTerminal(width: 100, height: 30)
        let app = DeskApp(store: damaged, terminal: terminal, context: context)
        let end = Date().addingTimeInterval(20)
        app.run(interrupted: {
            Thread.sleep(forTimeInterval: 0.01)
            return app.state.storeDamage != nil || Date() > end
        })
        let shown = try #require(app.state.storeDamage)
        #expect(shown.hasPrefix("Opslag beschadigd: \(dir.database): "), "\(shown)")
        #expect(shown.contains("extra"), "SQLite names the index: \(shown)")
        #expect(
            CaseStore.check(directory: dir.store).problems.contains { if case .integrity = $0 { true } else { false } })
    }

    @Test("Opening a case loads its timeline from the journal; a resize redraws whole")
    func detailAndResize() throws {
        let dir = TemporaryDirectory()
        let context = try DeskFixtures.context()
        let store = try CaseStore.open(at: dir.store)
        let registration = DeskFixtures.registration(1, name: "Pier Postma", hoursAgo: 2)
        try store.commit([.registered(registration)], at: registration.receivedAt, actor: "B. Feenstra")
        try store.commit(
            [.noteAdded(NoteAdded(caseID: registration.id, text: "Gebeld met de melder"))],
            at: DeskFixtures.now, actor: "A. Zwart")
        let terminal = InMemoryTerminal(width: 90, height: 60)
        let app = DeskApp(store: store, terminal: terminal, context: context)
        app.handle(.key(.enter))
        app.draw()
        let screen = terminal.lines.joined(separator: "\n")
        #expect(screen.contains("24-11-2026 07:00 B. Feenstra: aanmelding geregistreerd (bron: wijkteam)"))
        #expect(screen.contains("24-11-2026 09:00 A. Zwart: notitie: Gebeld met de melder"))

        terminal.resize(width: 70, height: 20)
        if let event = terminal.nextEvent(timeoutMilliseconds: 0) { app.handle(event) }
        app.draw()
        #expect(terminal.updates.last?.clearFirst == true)
        #expect(terminal.screen.width == 70)
        #expect(terminal.lines[2] == DisplayWidth.padded(" 2026-0001  Pier Postma", to: 70))
        store.close()
    }
}

@Suite("Undo")
@MainActor
struct UndoTests {

    func context() throws -> DeskContext {
        var context = try DeskFixtures.context()
        context.instrument = try InstrumentParser.parse(
            SourceTree.text("Resources/Data/instrument-fryslan.txt"), file: "i")
        return context
    }

    @Test(
        "u takes back a decision by a compensating event; the journal keeps both; a second u takes back the registration"
    )
    func undoDecisionThenRegistration() throws {
        let dir = TemporaryDirectory()
        let context = try context()
        let store = try CaseStore.open(at: dir.store)
        let terminal = InMemoryTerminal(width: 100, height: 30)
        let app = DeskApp(store: store, terminal: terminal, context: context)
        var keys: [Key] = [.character("n"), .character("w"), .tab, .tab, .tab] + "Anne".map { .character($0) }
        keys +=
            [.tab, .tab, .tab, .tab, .tab, .tab] + "Leeu".map { .character($0) } + [.tab, .tab]
            + "Zorg".map { .character($0) }
        keys += [.function(2)]
        // Escalatie: three criteria yes, a rationale, F2: triage and decision in one commit.
        keys += [.character("e"), .character("j"), .enter, .character("j"), .enter, .character("j"), .enter]
        keys += Array(repeating: .down, count: 23) + "Drie criteria".map { .character($0) } + [.function(2)]
        for key in keys { app.handle(.key(key)) }
        let id = CaseID(year: 2026, sequence: 1)
        #expect(store.book[id]?.status == .procesregie)
        #expect(app.state.cases[id]?.avePhase == .three)

        app.handle(.key(.character("u")))
        #expect(store.book[id]?.status == .nieuw)
        #expect(store.book[id]?.decision == nil)
        #expect(store.book[id]?.triage == nil)
        #expect(app.state.cases[id]?.status == .nieuw)
        #expect(
            app.state.message?.text
                == "Ongedaan gemaakt voor 2026-0001: triage vastgelegd; besluit: ZVH neemt procesregie, AVE 3. Ctrl-R maakt het opnieuw."
        )
        let timeline = try store.timeline(of: id).map(\.event.typeName)
        #expect(timeline == ["CaseRegistered", "TriageRecorded", "DecisionRecorded", "CaseRestored"])
        // The undo says what it took back: the triage and the decision, not a journal number.
        #expect(try store.timeline(of: id).last?.undid.map(\.typeName) == ["TriageRecorded", "DecisionRecorded"])
        #expect(
            DetailPane.lines(
                try #require(store.book[id]), urgency: nil, timeline: try store.timeline(of: id), context: context,
                width: 200
            )
            .contains {
                $0.text.contains("A. Zwart: ongedaan gemaakt: triage vastgelegd; besluit: ZVH neemt procesregie, AVE 3")
            })

        // In the queue, undo first says what it would take back, and where.
        app.handle(.key(.escape))
        app.handle(.key(.character("u")))
        #expect(
            app.state.message?.text == "Ongedaan maken: aanmelding geregistreerd (bron: wijkteam) van 2026-0001? j/N")
        #expect(store.book[id] != nil)
        app.handle(.key(.character("j")))
        #expect(store.book[id] == nil)
        #expect(app.state.cases.isEmpty)
        app.handle(.key(.character("u")))
        #expect(app.state.message?.text == "Niets om ongedaan te maken in deze sessie.")
        store.close()
        // Reopening replays the undo events to the same place, and numbers are not reused.
        let reopened = try CaseStore.open(at: dir.store)
        #expect(reopened.book.cases.isEmpty)
        #expect(reopened.book.nextCaseID(year: 2026) == CaseID(year: 2026, sequence: 2))
        reopened.close()
        #expect(CaseStore.check(directory: dir.store).isHealthy)
    }
}

@Suite("Notes and contact moments in the desk")
@MainActor
struct DeskNoteTests {
    @Test(
        "n in the detail logs the call with the referrer (offered first while it is owed); F2 saves it and the deadline shows met"
    )
    func logCall() throws {
        let dir = TemporaryDirectory()
        let context = try DeskFixtures.context()
        let store = try CaseStore.open(at: dir.store)
        defer { store.close() }
        var registration = DeskFixtures.registration(1, name: "Pier Postma", hoursAgo: 2)
        registration.referrer = Referrer(organisation: "Politie Noord", contact: "J. de Wit")
        try store.commit([.registered(registration)], at: registration.receivedAt, actor: "B. Feenstra")
        let terminal = InMemoryTerminal(width: 100, height: 60)
        let app = DeskApp(store: store, terminal: terminal, context: context)
        app.handle(.key(.enter))
        app.handle(.key(.character("n")))
        app.draw()
        var screen = terminal.lines.joined(separator: "\n")
        #expect(screen.contains("Notitie of contactmoment: 2026-0001 Pier Postma"), "\(screen)")
        #expect(screen.contains("Contact met de melder") && screen.contains("ja"))
        // Kind (telefoon), referrer (ja), with (empty: the registration's referrer), then the text.
        for key: Key in [.tab, .tab, .tab] { app.handle(.key(key)) }
        for character in "Verhaal gehoord" { app.handle(.key(.character(character))) }
        app.handle(.key(.function(2)))
        app.draw()
        screen = terminal.lines.joined(separator: "\n")
        #expect(screen.contains("Vastgelegd voor 2026-0001."), "\(screen)")
        #expect(store.book[registration.id]?.openDeadlines.contains { $0.kind == .contactReferrer } == false)
        #expect(
            screen.contains("A. Zwart: telefoon met de melder (J. de Wit, Politie Noord): Verhaal gehoord"), "\(screen)"
        )
        #expect(screen.contains("✓ voldaan"))
    }
}

@Suite("Plan tasks in the desk")
@MainActor
struct DeskTaskTests {
    @Test("t in the detail ticks off the first open task, by the advisor at the desk; the form then offers the next")
    func tickTasks() throws {
        let dir = TemporaryDirectory()
        var context = try DeskFixtures.context()
        context.instrument = try InstrumentParser.parse(
            SourceTree.text("Resources/Data/instrument-fryslan.txt"), file: "i")
        let store = try CaseStore.open(at: dir.store)
        defer { store.close() }
        let registration = DeskFixtures.registration(1, name: "Pier Postma", hoursAgo: 2)
        try store.commit([.registered(registration)], at: registration.receivedAt, actor: "B. Feenstra")
        let workplace = Workplace(store: store, rules: context.rules)
        var triage = TriageDraft()
        triage.criteria = ["1=ja", "2=ja", "3=ja", "4=nee"]
        try workplace.perform(.triageDraft(registration.id, triage))
        var decision = DecisionDraft()
        decision.outcome = "procesregie"
        decision.rationale = "Drie criteria"
        decision.tasks = ["Politie|Huisbezoek|5", "GGZ|Intake|10"].map(TaskEntry.init(text:))
        try workplace.perform(.decide(registration.id, decision))

        let terminal = InMemoryTerminal(width: 110, height: 60)
        let app = DeskApp(store: store, terminal: terminal, context: context)
        app.handle(.key(.enter))
        app.handle(.key(.character("t")))
        app.draw()
        var screen = terminal.lines.joined(separator: "\n")
        #expect(screen.contains("Taak van het plan: 2026-0001 Pier Postma"), "\(screen)")
        #expect(screen.contains("T1  Politie: Huisbezoek"))
        app.handle(.key(.function(2)))
        app.draw()
        screen = terminal.lines.joined(separator: "\n")
        #expect(screen.contains("Vastgelegd voor 2026-0001."), "\(screen)")
        #expect(store.book[registration.id]?.openTasks.map(\.number) == [2])
        #expect(screen.contains("taak T1               di 01-12-2026  ✓ voldaan  Politie: Huisbezoek"))
        #expect(
            try store.timeline(of: registration.id).last.map { ($0.actor, $0.event.typeName) } ?? ("", "") == (
                "A. Zwart", "TaskDone"
            ))
        // The next time, T2 is offered first.
        app.handle(.key(.character("t")))
        app.draw()
        #expect(terminal.lines.joined(separator: "\n").contains("T2  GGZ: Intake"))
        app.handle(.key(.escape))
    }
}

@Suite("Registering a person who is known already")
@MainActor
struct DeskKnownTests {
    @Test("F2 on a person already on a case says where, writes nothing; a second F2 registers anyway")
    func knownWarning() throws {
        let dir = TemporaryDirectory()
        let context = try DeskFixtures.context()
        let store = try CaseStore.open(at: dir.store)
        defer { store.close() }
        var registration = DeskFixtures.registration(1, name: "Anne Zijlstra", hoursAgo: 30)
        registration.person.birthDate = CalendarDate(iso: "1990-05-06")
        try store.commit([.registered(registration)], at: registration.receivedAt, actor: "B. Feenstra")
        let terminal = InMemoryTerminal(width: 120, height: 30)
        let app = DeskApp(store: store, terminal: terminal, context: context)
        var keys: [Key] = [.character("n"), .character("w"), .tab, .tab, .tab] + "anne zijlstra".map { .character($0) }
        keys += [.tab] + "06-05-1990".map { .character($0) }
        keys += [.tab, .tab, .tab, .tab, .tab] + "Leeu".map { .character($0) }
        keys += [.tab, .tab] + "Zorgen".map { .character($0) } + [.function(2)]
        for key in keys { app.handle(.key(key)) }
        app.draw()
        #expect(
            app.state.message?.text
                == "anne zijlstra staat al op 2026-0001 (nieuw). F2 registreert toch; Esc annuleert.")
        #expect(store.book.cases.count == 1)
        #expect(app.state.mode == .form)
        app.handle(.key(.function(2)))
        #expect(store.book.cases.count == 2)
        #expect(app.state.message?.text == "Casus 2026-0002 geregistreerd en opgeslagen.")
    }
}

@Suite("Assigning in the desk")
@MainActor
struct DeskAssignTests {
    @Test("w in the detail gives the case to a colleague; it leaves the advisor's own 'mijn zaken'")
    func reassign() throws {
        let dir = TemporaryDirectory()
        let context = try DeskFixtures.context()
        let store = try CaseStore.open(at: dir.store)
        defer { store.close() }
        let registration = DeskFixtures.registration(1, name: "Pier Postma", hoursAgo: 2, advisor: "A. Zwart")
        try store.commit([.registered(registration)], at: registration.receivedAt, actor: "A. Zwart")
        let terminal = InMemoryTerminal(width: 110, height: 40)
        let app = DeskApp(store: store, terminal: terminal, context: context)
        app.handle(.key(.character("m")))
        #expect(app.state.rows.count == 1)
        app.handle(.key(.enter))
        app.handle(.key(.character("w")))
        for character in "Bram de Boer" { app.handle(.key(.character(character))) }
        app.handle(.key(.tab))
        for character in "Verlof" { app.handle(.key(.character(character))) }
        app.handle(.key(.function(2)))
        app.draw()
        #expect(app.state.message?.text == "Vastgelegd voor 2026-0001.")
        #expect(terminal.lines.contains { $0.contains("Adviseur              Bram de Boer") })
        #expect(store.book[registration.id]?.advisor == "Bram de Boer")
        app.handle(.key(.escape))
        #expect(app.state.rows.isEmpty, "the case is Bram's now, not in A. Zwart's own cases")
    }
}

@Suite("Undo and redo in the desk")
@MainActor
struct DeskUndoTests {
    /// Opens `id`'s detail from the queue, wherever its row now is.
    func open(_ app: DeskApp, _ id: CaseID) {
        app.handle(.key(.home))
        for _ in 0..<(app.state.rows.firstIndex { $0.id == id } ?? 0) { app.handle(.key(.down)) }
        app.handle(.key(.enter))
    }

    /// Writes a note on `id` from its detail, as the advisor types it, and goes back to the queue.
    func note(_ app: DeskApp, on id: CaseID, _ text: String) {
        open(app, id)
        app.handle(.key(.character("n")))
        for _ in 0..<3 { app.handle(.key(.tab)) }
        for character in text { app.handle(.key(.character(character))) }
        app.handle(.key(.function(2)))
        app.handle(.key(.escape))
    }

    @Test(
        "u in a case's detail takes back that case's last change only, and names it; Ctrl-R makes it again; a question in the queue can be declined"
    )
    func scopedUndoAndRedo() throws {
        let dir = TemporaryDirectory()
        let context = try DeskFixtures.context()
        let store = try CaseStore.open(at: dir.store)
        defer { store.close() }
        let a = DeskFixtures.registration(1, name: "Anne Eerst", hoursAgo: 5)
        let b = DeskFixtures.registration(2, name: "Bert Later", hoursAgo: 4)
        try store.commit([.registered(a)], at: a.receivedAt, actor: "A. Zwart")
        try store.commit([.registered(b)], at: b.receivedAt, actor: "A. Zwart")
        let app = DeskApp(store: store, terminal: InMemoryTerminal(width: 120, height: 40), context: context)
        note(app, on: a.id, "Gesprek met Anne")
        note(app, on: b.id, "Gesprek met Bert")
        #expect(store.book[a.id]?.history.count == 2 && store.book[b.id]?.history.count == 2)
        // In A's detail, u takes back A's note, though B's came later.
        open(app, a.id)
        #expect(app.state.mode == .detail(a.id))
        app.handle(.key(.character("u")))
        let undone = app.state.message?.text ?? ""
        #expect(
            undone.hasPrefix("Ongedaan gemaakt voor 2026-0001: ") && undone.contains("Gesprek met Anne")
                && undone.hasSuffix("Ctrl-R maakt het opnieuw."), "\(undone)")
        #expect(
            try store.timeline(of: b.id).map(\.event.typeName) == ["CaseRegistered", "NoteAdded"], "B's note stays")
        #expect(try store.timeline(of: a.id).last?.event.typeName == "CaseRestored")
        // Ctrl-R writes it again.
        app.handle(.key(.control("r")))
        #expect(
            app.state.message?.text.hasPrefix("Opnieuw gedaan voor 2026-0001: ") == true
                && app.state.message?.text.contains("Gesprek met Anne") == true)
        #expect(try store.timeline(of: a.id).last?.event.typeName == "NoteAdded")
        // In the queue u asks first, naming the change and the case; n declines.
        app.handle(.key(.escape))
        app.handle(.key(.character("u")))
        let asked = app.state.message?.text ?? ""
        #expect(
            asked.hasPrefix("Ongedaan maken: ") && asked.contains("Gesprek met Anne")
                && asked.hasSuffix(" van 2026-0001? j/N"), "\(asked)")
        let before = store.position
        app.handle(.key(.character("n")))
        #expect(app.state.message?.text == "Niet ongedaan gemaakt." && store.position == before)
    }
}

@Suite("Leaving a form with input asks")
@MainActor
struct DeskDiscardTests {
    @Test("Esc on a filled registration asks; any key but j keeps it, j throws it away; an empty form closes at once")
    func escAsks() throws {
        let dir = TemporaryDirectory()
        let context = try DeskFixtures.context()
        let store = try CaseStore.open(at: dir.store)
        defer { store.close() }
        let terminal = InMemoryTerminal(width: 100, height: 30)
        let app = DeskApp(store: store, terminal: terminal, context: context)
        app.handle(.key(.character("n")))
        app.handle(.key(.escape))
        #expect(app.state.mode == .queue, "nothing typed: Esc leaves at once")
        for key: Key in [.character("n"), .tab, .tab, .tab] + "Anne".map({ .character($0) }) { app.handle(.key(key)) }
        app.handle(.key(.escape))
        app.draw()
        #expect(app.state.mode == .form)
        #expect(terminal.lines.contains { $0.contains("Aanmelding niet bewaard. Weggooien? j/N") })
        app.handle(.key(.character("n")))
        #expect(
            app.state.mode == .form && app.state.registration?.draft.name == "Anne",
            "n keeps the input (and types nothing)")
        #expect(app.state.message?.text == "Niet weggegooid; je invoer staat er nog.")
        app.handle(.key(.escape))
        app.handle(.key(.character("j")))
        #expect(app.state.mode == .queue && store.position == 0)
    }

    @Test(
        "A short form with a note typed asks too; Ctrl-C in a filled form asks before quitting, outside a form it quits"
    )
    func shortFormsAndCtrlC() throws {
        let dir = TemporaryDirectory()
        let context = try DeskFixtures.context()
        let store = try CaseStore.open(at: dir.store)
        defer { store.close() }
        let registration = DeskFixtures.registration(1, name: "Pier Postma", hoursAgo: 2)
        try store.commit([.registered(registration)], at: registration.receivedAt, actor: "A. Zwart")
        let terminal = InMemoryTerminal(width: 100, height: 30)
        let app = DeskApp(store: store, terminal: terminal, context: context)
        app.handle(.key(.enter))
        app.handle(.key(.character("n")))
        #expect(app.state.mode == .action)
        for _ in 0..<3 { app.handle(.key(.tab)) }
        for character in "Melder gebeld" { app.handle(.key(.character(character))) }
        app.handle(.key(.escape))
        #expect(app.state.mode == .action && app.state.discardPending == .cancelForm)
        app.handle(.key(.escape))
        #expect(app.state.mode == .action && app.state.discardPending == nil, "Esc again answers no")
        // Ctrl-C with the note typed: asked, and only j quits.
        let quitting = DeskApp(store: store, terminal: InMemoryTerminal(width: 100, height: 30), context: context)
        quitting.handle(.key(.enter))
        quitting.handle(.key(.character("n")))
        for _ in 0..<3 { quitting.handle(.key(.tab)) }
        for character in "Gesprek" { quitting.handle(.key(.character(character))) }
        quitting.interrupt()
        #expect(
            !quitting.state.shouldQuit
                && quitting.state.message?.text == "Invoer niet bewaard. Weggooien en afsluiten? j/N")
        quitting.handle(.key(.character("j")))
        #expect(quitting.state.shouldQuit)
        let idle = DeskApp(store: store, terminal: InMemoryTerminal(width: 100, height: 30), context: context)
        idle.interrupt()
        #expect(idle.state.shouldQuit, "Ctrl-C in the queue quits")
    }
}

@Suite("Pasting into the desk")
@MainActor
struct DeskPasteTests {
    @Test(
        "Three pasted lines in Aanleiding are text in that field, not three Enters: nothing registers; the risk list and the queue take no paste"
    )
    func pasteRegistersNothing() throws {
        let dir = TemporaryDirectory()
        let context = try DeskFixtures.context()
        let store = try CaseStore.open(at: dir.store)
        defer { store.close() }
        let terminal = InMemoryTerminal(width: 100, height: 30)
        let app = DeskApp(store: store, terminal: terminal, context: context)
        app.handle(.paste("n\nj\n"))
        #expect(app.state.mode == .queue && store.position == 0, "a paste in the queue is no key")
        var keys: [Key] = [.character("n"), .character("w"), .tab, .tab, .tab] + "Anne Zijlstra".map { .character($0) }
        keys += [.tab, .tab, .tab, .tab, .tab, .tab] + "Leeu".map { .character($0) } + [.tab, .tab]
        for key in keys { app.handle(.key(key)) }
        app.handle(.paste("Regel een\r\nRegel twee\nRegel\tdrie\u{1B}[2J"))
        #expect(app.state.mode == .form, "still in the form")
        #expect(store.position == 0, "nothing written")
        #expect(app.state.registration?.draft.reason == "Regel een Regel twee Regel drie[2J")
        // On the risk list a pasted space ticks nothing.
        for key: Key in [.tab, .tab] { app.handle(.key(key)) }
        #expect(app.state.registration?.focus == .risk)
        app.handle(.paste("   "))
        #expect(app.state.registration?.draft.riskSignals.isEmpty == true)
        app.handle(.key(.function(2)))
        #expect(store.position == 1, "F2 registers, once")
        #expect(store.book.cases.values.first?.reason == "Regel een Regel twee Regel drie[2J")
        // In the queue's search a paste is search text.
        app.handle(.key(.character("/")))
        app.handle(.paste("Anne\n"))
        #expect(app.state.filterText == "Anne " && app.state.isEditingFilter)
    }
}

@Suite("Closed cases in the desk")
@MainActor
struct DeskClosedTests {
    @Test(
        "a shows the closed cases (search finds them by BSN), Enter reads one, h reopens it with a reason; it is in the queue again"
    )
    func findAndReopen() throws {
        let dir = TemporaryDirectory()
        let context = try DeskFixtures.context()
        let store = try CaseStore.open(at: dir.store)
        defer { store.close() }
        var registration = DeskFixtures.registration(1, name: "Hylke Kuipers", hoursAgo: 30)
        registration.person.bsn = try BSN("111222333")
        try store.commit([.registered(registration)], at: registration.receivedAt, actor: "B. Feenstra")
        try store.commit(
            [.statusChanged(StatusChanged(caseID: registration.id, from: .nieuw, to: .afgesloten))],
            at: DeskFixtures.now, actor: "B. Feenstra")
        try store.commit(
            [.registered(DeskFixtures.registration(2, name: "Open Casus", hoursAgo: 3))], at: DeskFixtures.now,
            actor: "B. Feenstra")
        let terminal = InMemoryTerminal(width: 120, height: 40)
        let app = DeskApp(store: store, terminal: terminal, context: context)
        app.draw()
        #expect(!terminal.lines.contains { $0.contains("Hylke Kuipers") })
        app.handle(.key(.character("a")))
        app.draw()
        #expect(
            terminal.lines.contains { $0.contains("Hylke Kuipers") }
                && !terminal.lines.contains { $0.contains("Open Casus") })
        for key: Key in [.character("/")] + "111222333".map({ .character($0) }) + [.enter] { app.handle(.key(key)) }
        app.draw()
        #expect(
            terminal.lines.contains {
                $0.contains("2026-0001") && $0.contains("Hylke Kuipers") && $0.contains("afgesloten")
            })
        #expect(!terminal.lines.contains { $0.contains("Open Casus") })
        app.handle(.key(.enter))
        app.draw()
        #expect(terminal.lines.contains { $0.contains("Status                afgesloten") })
        app.handle(.key(.character("h")))
        for character in "Nieuwe melding" { app.handle(.key(.character(character))) }
        app.handle(.key(.function(2)))
        app.draw()
        #expect(app.state.message?.text == "Vastgelegd voor 2026-0001.")
        #expect(store.book[registration.id]?.status == .screening)
        #expect(app.state.cases[registration.id] != nil, "back among the open cases")
    }
}

@Suite("Is this person known? in the desk")
@MainActor
struct DeskKnownSearchTests {
    @Test(
        "b asks who is known: a household member's BSN finds the closed case and the open one, name words in any order too; Enter reads it; Esc leaves the queue as it was"
    )
    func knownFromTheQueue() throws {
        let dir = TemporaryDirectory()
        let context = try DeskFixtures.context()
        let store = try CaseStore.open(at: dir.store)
        defer { store.close() }
        let closed = DeskFixtures.registration(1, name: "Sjoukje de Vries", hoursAgo: 300)
        try store.commit([.registered(closed)], at: closed.receivedAt, actor: "B. Feenstra")
        try store.commit(
            [
                .personAdded(
                    PersonAdded(
                        caseID: closed.id,
                        person: Person(name: "Femke de Vries", bsn: try BSN("111222333"), role: .kind)))
            ],
            at: closed.receivedAt, actor: "B. Feenstra")
        try store.commit(
            [.statusChanged(StatusChanged(caseID: closed.id, from: .nieuw, to: .afgesloten))], at: DeskFixtures.now,
            actor: "B. Feenstra")
        var open = DeskFixtures.registration(2, name: "Femke de Vries", hoursAgo: 3)
        open.person.bsn = try BSN("111222333")
        try store.commit([.registered(open)], at: open.receivedAt, actor: "A. Zwart")
        try store.commit(
            [.registered(DeskFixtures.registration(3, name: "Jan Bakker", hoursAgo: 2))], at: DeskFixtures.now,
            actor: "A. Zwart")
        let terminal = InMemoryTerminal(width: 120, height: 40)
        let app = DeskApp(store: store, terminal: terminal, context: context)
        // The advisor was looking at her own cases, searching "femke".
        for key: Key in [.character("m"), .character("/")] + "femke".map({ .character($0) }) + [.enter] {
            app.handle(.key(key))
        }
        #expect(app.state.rows.map(\.id) == [open.id])
        app.handle(.key(.character("b")))
        app.draw()
        #expect(terminal.lines.contains { $0.contains("Bekend? BSN, naam, geboortedatum of postcode:") })
        #expect(app.state.rows.isEmpty, "nothing is listed before anything is asked")
        for character in "111222333" { app.handle(.key(.character(character))) }
        #expect(app.state.rows.map(\.id) == [open.id, closed.id], "open first, then closed")
        app.draw()
        #expect(terminal.lines.contains { $0.contains("2026-0001") && $0.contains("afgesloten") })
        for _ in 0..<9 { app.handle(.key(.backspace)) }
        for character in "vries femke" { app.handle(.key(.character(character))) }
        #expect(app.state.rows.map(\.id) == [open.id, closed.id])
        app.handle(.key(.enter))
        app.handle(.key(.down))
        app.handle(.key(.enter))
        #expect(app.state.mode == .detail(closed.id))
        app.draw()
        #expect(terminal.lines.contains { $0.contains("Status                afgesloten") })
        app.handle(.key(.escape))
        app.handle(.key(.escape))
        #expect(
            app.state.quickFilters == [.mine] && app.state.filterText == "femke"
                && app.state.rows.map(\.id) == [open.id],
            "the queue as it was before the question")
    }
}

extension DeskKnownSearchTests {
    @Test(
        "While b is open, a colleague's correction of a name is searched as it is now: the old name no longer finds the case, the new one does"
    )
    func knownAfterAColleaguesCorrection() throws {
        let dir = TemporaryDirectory()
        let context = try DeskFixtures.context()
        let store = try CaseStore.open(at: dir.store)
        defer { store.close() }
        let bakker = DeskFixtures.registration(1, name: "Jan Bakker", hoursAgo: 2)
        try store.commit([.registered(bakker)], at: DeskFixtures.now, actor: "A. Zwart")
        let terminal = InMemoryTerminal(width: 120, height: 40)
        let app = DeskApp(store: store, terminal: terminal, context: context)
        app.handle(.key(.character("b")))
        for character in "bakker" { app.handle(.key(.character(character))) }
        #expect(app.state.rows.map(\.id) == [bakker.id])
        // A colleague corrects the name in another process (here: the same store, another writer).
        let colleague = try CaseStore.open(at: dir.store, scope: .cases([bakker.id]))
        var person = bakker.person
        person.name = "Jan Visser"
        let correction = RegistrationCorrected(
            caseID: bakker.id, reason: "Achternaam verkeerd overgenomen",
            changes: [.init(field: "name", old: "Jan Bakker", new: "Jan Visser")], person: person,
            gemeente: bakker.gemeente, wijkteam: bakker.wijkteam, source: bakker.source, referrer: bakker.referrer,
            caseReason: bakker.reason, goal: bakker.goal, riskSignals: bakker.riskSignals)
        try colleague.commit([.corrected(correction)], at: DeskFixtures.now, actor: "B. Feenstra")
        colleague.close()
        app.refreshFromStore()
        #expect(app.state.rows.isEmpty, "the old name finds nothing")
        for _ in "bakker" { app.handle(.key(.backspace)) }
        for character in "visser" { app.handle(.key(.character(character))) }
        #expect(app.state.rows.map(\.id) == [bakker.id], "the new one finds it")
    }
}

@Suite("The household in the desk")
@MainActor
struct DeskHouseholdTests {
    @Test("g in the detail adds a child; the detail lists the household and the queue shows +1")
    func addChild() throws {
        let dir = TemporaryDirectory()
        let context = try DeskFixtures.context()
        let store = try CaseStore.open(at: dir.store)
        defer { store.close() }
        let registration = DeskFixtures.registration(1, name: "Sjoukje de Vries", hoursAgo: 2)
        try store.commit([.registered(registration)], at: registration.receivedAt, actor: "A. Zwart")
        let terminal = InMemoryTerminal(width: 110, height: 45)
        let app = DeskApp(store: store, terminal: terminal, context: context)
        app.handle(.key(.enter))
        app.handle(.key(.character("g")))
        app.handle(.key(.tab))
        for character in "Femke de Vries" { app.handle(.key(.character(character))) }
        app.handle(.key(.tab))  // role: kind (the default)
        app.handle(.key(.tab))
        for character in "04-03-2015" { app.handle(.key(.character(character))) }
        app.handle(.key(.function(2)))
        app.draw()
        #expect(app.state.message?.text == "Vastgelegd voor 2026-0001.")
        #expect(terminal.lines.contains { $0.contains("kind                  Femke de Vries  04-03-2015 (11 jaar)") })
        app.handle(.key(.escape))
        app.draw()
        #expect(terminal.lines.contains { $0.contains("Sjoukje de Vries +1") })
    }
}

@Suite("The help overlay on a small terminal")
@MainActor
struct HelpOverlayTests {
    @Test("At 80×24 the detail's help shows every key of the pane, in columns")
    func everyKeyFits() throws {
        let dir = TemporaryDirectory()
        let context = try DeskFixtures.context()
        let store = try CaseStore.open(at: dir.store)
        defer { store.close() }
        let registration = DeskFixtures.registration(1, name: "Pier Postma", hoursAgo: 2)
        try store.commit([.registered(registration)], at: registration.receivedAt, actor: "A. Zwart")
        let terminal = InMemoryTerminal(width: 80, height: 24)
        let app = DeskApp(store: store, terminal: terminal, context: context)
        app.handle(.key(.enter))
        app.handle(.key(.character("?")))
        app.draw()
        let screen = terminal.lines.joined(separator: "\n")
        // Every key the case's status allows; a new case offers no review or reopening.
        for binding in DeskKeymap.shared.bindings(in: .detail) {
            let title = TextKey(rawValue: binding.title).map { context.text($0) } ?? binding.title
            let offered = DeskKeymap.isOffered(binding.action, in: app.state)
            #expect(screen.contains(title) == offered, "\(title) offered: \(offered):\n\(screen)")
        }
    }
}
