import CaseModel
import CaseStore
import Foundation
import Screen
import TestSupport
import Testing

@testable import Desk

@Suite("Partners and Consulten panes")
@MainActor
struct DirectoryTests {
    func send(_ state: inout AppState, _ keys: [Key], _ context: DeskContext) -> [Effect] {
        var effects: [Effect] = []
        for key in keys {
            if let command = DeskKeymap.command(for: key, in: state) {
                effects += Reducer.reduce(&state, command, context: context)
            }
        }
        return effects
    }

    func type(_ text: String) -> [Key] { text.map { .character($0) } }

    static func directory() throws -> PartnerDirectory {
        var directory = PartnerDirectory()
        for (organisation, type, name, phone) in [
            ("Politie Fryslân", "politie", "Anne de Wit", "06-12345678"),
            ("Politie Fryslân", "", "Bert Zijlstra", "058 765 4321"),
            ("GGD Fryslân", "ggd", "Piet Bos", ""),
        ] {
            var draft = PartnerDraft()
            (draft.organisation, draft.type, draft.name, draft.phone) = (organisation, type, name, phone)
            try directory.apply(
                try draft.events(in: directory, region: DeskFixtures.region, today: CalendarDate(iso: "2026-11-24")!)
                    .get(),
                cases: CaseBook())
        }
        return directory
    }

    @Test("p opens Partners; typing finds a number by part of a name; Enter shows the card; Esc clears, then goes back")
    func findPhone() throws {
        let context = try DeskFixtures.context()
        var state = DeskFixtures.state(size: (100, 30), context: context)
        state.setPartners(try Self.directory())
        _ = send(&state, [.character("3"), .character("/")] + type("zijl"), context)
        #expect(state.mode == .partners)
        #expect(state.partnerRows.compactMap(\.contact?.name) == ["Bert Zijlstra"])
        let list = DeskView.render(state, context: context).buffer.lines
        #expect(list.contains { $0.contains("Bert Zijlstra") && $0.contains("058-7654321") })
        _ = send(&state, [.enter, .enter], context)  // Enter keeps the search, Enter again opens
        #expect(state.mode == .partnerDetail(OrganisationID(1), ContactID(2)))
        let card = DeskView.render(state, context: context).buffer.lines.joined(separator: "\n")
        #expect(card.contains("Telefoon              058-7654321  werk  (+31587654321)"))
        #expect(card.contains("Anne de Wit"))  // a colleague at the same organisation
        _ = send(&state, [.escape, .escape], context)
        #expect(state.mode == .partners && state.partnerQuery.isEmpty && state.partnerRows.count == 3)
        _ = send(&state, [.escape], context)
        #expect(state.mode == .queue)
    }

    @Test("^N adds a contact; a bad phone number is shown at its field; the events name the new numbers")
    func addPartner() throws {
        let context = try DeskFixtures.context()
        var state = DeskFixtures.state(size: (100, 30), context: context)
        state.setPartners(try Self.directory())
        var keys: [Key] = [.character("3"), .character("n")] + type("Veilig Thuis Fryslân") + [.tab] + type("v")
        keys += [.tab, .tab, .tab, .tab] + type("Sanne Kok") + [.tab, .tab] + type("12345") + [.function(2)]
        #expect(send(&state, keys, context).isEmpty)
        #expect(state.entry?.form.errors[.phone]?.hasPrefix("geen Nederlands telefoonnummer") == true)
        keys = Array(repeating: .backspace, count: 5) + type("0800-2000") + [.function(2)]
        let effects = send(&state, keys, context)
        guard case .recordPartners(let events, let message) = try #require(effects.first) else {
            Issue.record("expected partner events, got \(effects)")
            return
        }
        #expect(message == "Bewaard: Sanne Kok.")
        #expect(
            events == [
                .organisationRecorded(
                    Organisation(
                        id: OrganisationID(3), type: .veiligThuis, name: "Veilig Thuis Fryslân", gemeenten: [],
                        covenantSigned: false, covenantDate: nil)),
                .contactRecorded(
                    Contact(
                        id: ContactID(4), organisation: OrganisationID(3), name: "Sanne Kok", role: "",
                        phone: try PhoneNumber("08002000"), email: nil, availability: "", notes: "")),
            ])
    }

    @Test("A consultation in a few keys; identifying text is named and saved only on a second F2")
    func quickConsultation() throws {
        let context = try DeskFixtures.context()
        var state = DeskFixtures.state(size: (100, 30), context: context)
        state.privacy = PrivacyGuard(cases: state.cases.values)
        var keys: [Key] =
            [.character("4"), .character("n")] + type("Oost") + [.tab, .tab] + type("Vader weigert hulp, wat nu?")
        keys += [.tab] + type("Zoë Wiersma, BSN 111222333") + [.tab] + type("Bel Veilig Thuis") + [.function(2)]
        #expect(send(&state, keys, context).isEmpty)
        #expect(state.entry?.pendingFindings.map(\.kind) == [.bsn, .name])
        let screen = DeskView.render(state, context: context).buffer.lines.joined(separator: "\n")
        #expect(screen.contains("Lijkt identificerend: BSN ‘111222333’, naam uit het register ‘Zoë Wiersma’."))
        let effects = send(&state, [.function(2)], context)
        guard case .recordConsultation(.logged(let consultation)) = try #require(effects.first) else {
            Issue.record("expected a consultation, got \(effects)")
            return
        }
        #expect(consultation.wijkteam == "Wijkteam Oost" && consultation.gemeente == "Leeuwarden")
        #expect(consultation.at == DeskFixtures.now)
        #expect(consultation.acceptedFindings == ["bsn", "name"])
        #expect(consultation.advice == "Bel Veilig Thuis")
    }

    @Test("Registering a consultation as a case: the form starts from it and the case carries the open thread")
    func registerFromConsultation() throws {
        let dir = TemporaryDirectory()
        let context = try DeskFixtures.context()
        let store = try CaseStore.open(at: dir.store)
        for (n, question) in [(1, "Eerste vraag"), (2, "Tweede vraag")] {
            let c = Consultation(
                id: ConsultationID(n), at: DeskFixtures.now.addingTimeInterval(Double(n - 3) * 86_400),
                gemeente: "Leeuwarden",
                wijkteam: "Wijkteam Noord", member: "Fenna", question: question, sketch: "", advice: "",
                durationMinutes: nil, followUp: .again, thread: "gezin Noord-3", safetySignal: false, advisor: nil,
                acceptedFindings: [])
            try store.commit([], consultationEvents: [.logged(c)], at: c.at, actor: "B. Feenstra")
        }
        let terminal = InMemoryTerminal(width: 100, height: 90)
        let app = DeskApp(store: store, terminal: terminal, context: context)
        for key in [Key.character("4"), .character("a")] + type("Durk Visser") + [.function(2)] {
            app.handle(.key(key))
        }
        app.draw()
        let id = CaseID(year: 2026, sequence: 1)
        #expect(store.consultations.promotedTo == [ConsultationID(1): id, ConsultationID(2): id])
        let c = try #require(store.book[id])
        #expect([c.primaryPerson.name, c.wijkteam, c.referrer?.contact] == ["Durk Visser", "Wijkteam Noord", "Fenna"])
        for key in [Key.enter] { app.handle(.key(key)) }
        app.draw()
        let screen = terminal.lines.joined(separator: "\n")
        #expect(screen.contains("Voorafgaande consulten"))
        #expect(screen.contains("CO-1  Wijkteam Noord, Fenna"))
        store.close()
    }

    @Test("p on a case links a contact found by part of the name; the case shows who to call")
    func linkContact() throws {
        let context = try DeskFixtures.context()
        var state = DeskFixtures.state(size: (100, 40), context: context)
        state.setPartners(try Self.directory())
        let id = try #require(state.rows.first { state.cases[$0.id]?.primaryPerson.name == "Zoë Wiersma" }).id
        state.selection = try #require(state.rows.firstIndex { $0.id == id })
        _ = send(&state, [.enter], context)
        var effects = send(&state, [.character("p")] + type("politie") + [.function(2)], context)
        #expect(effects.isEmpty)
        #expect(state.entry?.form.errors[.contact]?.contains("Anne de Wit") == true)  // two contacts match: names them
        effects = send(
            &state, Array(repeating: .backspace, count: 7) + type("zijl") + [.tab, .right, .function(2)], context)
        let link = CaseLink(caseID: id, contact: ContactID(2), role: .adviseur)
        #expect(effects == [.recordPartners([.caseLinked(link)], message: "Bert Zijlstra gekoppeld als adviseur.")])
        var directory = state.partners
        try directory.apply([.caseLinked(link)], cases: CaseBook(cases: state.cases))
        _ = Reducer.reduce(&state, .partnersChanged(directory, message: "ok", select: nil, nil), context: context)
        #expect(state.mode == .detail(id))
        let screen = DeskView.render(state, context: context).buffer.lines.joined(separator: "\n")
        #expect(screen.contains("adviseur              Bert Zijlstra, Politie Fryslân  058-7654321"))

        // Unlinking: the same form, the last field turned to "ontkoppelen"; a link that is not there is refused.
        effects = send(&state, [.character("p")] + type("zijl") + [.tab, .tab, .right, .function(2)], context)
        #expect(effects.isEmpty)
        #expect(state.entry?.form.errors[.contact] == "niet in deze rol gekoppeld (Bert Zijlstra)")
        // The focus went to the contact; the role: adviseur.
        effects = send(&state, [.tab, .right, .function(2)], context)
        #expect(
            effects == [.recordPartners([.caseUnlinked(link)], message: "Bert Zijlstra ontkoppeld (was adviseur).")])
    }

    @Test(
        "e corrects a consultation: the form starts from it, keeps its number and moment, and names the thread so far")
    func correctConsultation() throws {
        let context = try DeskFixtures.context()
        var state = DeskFixtures.state(size: (100, 30), context: context)
        var log = ConsultationLog()
        let at = DeskFixtures.now.addingTimeInterval(-86_400)
        func consultation(_ n: Int, wijkteam: String, thread: String?) -> Consultation {
            Consultation(
                id: ConsultationID(n), at: at, gemeente: "Leeuwarden", wijkteam: wijkteam, member: "Fenna",
                question: "Vraag \(n)", sketch: "", advice: "", durationMinutes: 10, followUp: .again, thread: thread,
                safetySignal: false, advisor: "B. Feenstra", acceptedFindings: [])
        }
        try log.apply(
            [
                .logged(consultation(1, wijkteam: "Wijkteam Oost", thread: "gezin Oost-2")),
                .logged(consultation(2, wijkteam: "Wijkteam Noord", thread: "gezin Oost-2")),
            ], cases: CaseBook(), at: Date())
        state.setConsultations(log)
        state.privacy = PrivacyGuard(knownNames: [])
        // CO-2 was logged under the wrong team: correct it to Oost; the form then sees CO-1 on the same thread.
        _ = send(&state, [.character("4"), .enter, .character("e")], context)
        #expect(state.entry?.form.value(.when) == "23-11-2026 09:00")
        _ = send(&state, Array(repeating: .backspace, count: 14) + type("Oost"), context)
        let screen = DeskView.render(state, context: context).buffer.lines.joined(separator: "\n")
        #expect(screen.contains("Consult CO-2 corrigeren"))
        #expect(screen.contains("Draad ‘gezin Oost-2’: al 1 consult, laatste 23-11-2026 09:00."))
        let effects = send(&state, [.function(2)], context)
        var expected = consultation(2, wijkteam: "Wijkteam Oost", thread: "gezin Oost-2")
        expected.at = at
        #expect(effects == [.recordConsultation(.corrected(expected))])
        try log.apply([.corrected(expected)], cases: CaseBook(), at: Date())
        #expect(log.openThread(of: expected).map(\.id.value) == [1, 2])
        #expect(
            log.suggestion(for: expected, now: DeskFixtures.now, rule: ThreadRule(count: 2, weeks: 8))
                == .repeated(count: 2))
    }
}
