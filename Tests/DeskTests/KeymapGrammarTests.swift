import CaseModel
import CaseStore
import Foundation
import Screen
import TestSupport
import Testing

@testable import Desk

/// The one keymap grammar (DECISIONS 83): the same keys for help, search, back, quit, the panes,
/// save and cancel in every pane and form; choices chosen by what is typed; search that matches
/// every word, diacritics ignored, in the Wachtrij, Partners and Consulten alike.
@Suite("One keymap grammar for the whole desk")
@MainActor
struct KeymapGrammarTests {
    func send(_ state: inout AppState, _ keys: [Key], _ context: DeskContext) -> [Effect] {
        var effects: [Effect] = []
        for key in keys {
            if let command = DeskKeymap.command(for: key, in: state, context: context) {
                effects += Reducer.reduce(&state, command, context: context)
            }
        }
        return effects
    }

    func type(_ text: String) -> [Key] { text.map { .character($0) } }

    /// The desk's context with the region's triage instrument (Escalatie needs one).
    func context() throws -> DeskContext {
        var context = try DeskFixtures.context()
        context.instrument = try InstrumentParser.parse(
            SourceTree.text("Resources/Data/instrument-fryslan.txt"), file: "i")
        return context
    }

    static let panes: [KeyScope] = [
        .queue, .detail, .partners, .partnerDetail, .consultations, .consultationDetail, .access, .accessDetail,
    ]
    static let forms: [KeyScope] = [.form, .escalation, .action, .entry]
    static let lists: [KeyScope] = [.queue, .partners, .consultations]

    @Test(
        "Every pane: Tab/S-Tab and F6/S-F6 the next and previous pane, 1–5 one pane, ? and F1 help; no pane key means anything else"
    )
    func paneKeys() {
        let keymap = DeskKeymap.shared
        for scope in Self.panes {
            #expect(keymap.action(for: .tab, in: [scope]) == .nextTab, "Tab in \(scope)")
            #expect(keymap.action(for: .function(6), in: [scope]) == .nextTab, "F6 in \(scope)")
            #expect(keymap.action(for: .backTab, in: [scope]) == .previousTab, "S-Tab in \(scope)")
            #expect(keymap.action(for: .function(18), in: [scope]) == .previousTab, "S-F6 in \(scope)")
            for n in 1...5 {
                #expect(
                    keymap.action(for: .character(Character(String(n))), in: [scope]) == .showTab(n - 1),
                    "\(n) in \(scope)")
            }
            #expect(keymap.action(for: .character("?"), in: [scope]) == .showHelp, "? in \(scope)")
            #expect(keymap.action(for: .function(1), in: [scope]) == .showHelp, "F1 in \(scope)")
            // q closes what is in view: a list closes the desk, a detail goes back to its list.
            let q = keymap.action(for: .character("q"), in: [scope])
            #expect(q == (Self.lists.contains(scope) || scope == .access ? .quit : .back), "q in \(scope)")
            #expect(keymap.action(for: .escape, in: [scope]) != .quit, "Esc in \(scope)")
        }
        for scope in Self.lists {
            #expect(keymap.action(for: .character("/"), in: [scope]) == .startFilter, "/ in \(scope)")
            #expect(keymap.action(for: .enter, in: [scope]) == .openDetail, "Enter in \(scope)")
            #expect(keymap.action(for: .character("j"), in: [scope]) == .moveSelection(.down), "j in \(scope)")
            #expect(keymap.action(for: .character("k"), in: [scope]) == .moveSelection(.up), "k in \(scope)")
        }
        for scope in Self.forms {
            #expect(keymap.action(for: .function(6), in: [scope]) == .nextTab, "F6 in \(scope)")
            #expect(keymap.action(for: .function(18), in: [scope]) == .previousTab, "S-F6 in \(scope)")
            #expect(keymap.action(for: .tab, in: [scope]) == .nextField, "Tab in \(scope)")
            #expect(keymap.action(for: .backTab, in: [scope]) == .previousField, "S-Tab in \(scope)")
            #expect(keymap.action(for: .function(2), in: [scope]) == .saveForm, "F2 in \(scope)")
            #expect(keymap.action(for: .escape, in: [scope]) == .cancelForm, "Esc in \(scope)")
            // Letters are typed in a form: none of them is a command.
            for letter in "abcdefghijklmnopqrstuvwxyz?/12345" {
                #expect(
                    keymap.action(for: .character(letter), in: [scope]) == nil, "\(letter) is a command in \(scope)")
            }
        }
        // The pane keys are never a pane's own action anywhere.
        let global = Set<Command>(
            [.nextTab, .previousTab, .showHelp, .startFilter] + (0..<5).map { Command.showTab($0) })
        for binding in keymap.bindings {
            for key in binding.keys
            where [
                Key.tab, .backTab, .function(6), .function(18), .character("?"), .character("/"),
                .character("1"), .character("2"), .character("3"), .character("4"), .character("5"),
            ].contains(key)
                && !Self.forms.contains(binding.scope) && ![.help, .filter].contains(binding.scope)
            {
                #expect(global.contains(binding.action), "\(key) means \(binding.action) in \(binding.scope)")
            }
        }
    }

    @Test("Tab visits every pane, Escalatie too (on the selected case); F6 leaves a form, and asks when it holds input")
    func tabVisitsEveryPane() throws {
        let context = try context()
        var state = DeskFixtures.state(size: (100, 30), context: context)
        let selected = try #require(state.selectedID)
        _ = send(&state, [.tab], context)
        #expect(state.mode == .escalation && state.escalation?.caseID == selected)
        _ = send(&state, [.function(6)], context)  // the Escalatie pane holds no input yet
        #expect(state.mode == .partners)
        _ = send(&state, [.tab], context)
        #expect(state.mode == .consultations)
        // Into Inzage the overview is read afresh; within it, nothing is read again.
        #expect(send(&state, [.tab], context) == [.loadAccessOverview])
        #expect(state.mode == .access)
        #expect(send(&state, [.character("5")], context).isEmpty)
        // Into Rapportage this quarter's report is asked for.
        let quarter = ReportPeriod.containing(context.today, span: .quarter)
        #expect(send(&state, [.tab], context) == [.makeReport(quarter, .gemeente)])
        #expect(state.mode == .report && state.reportPane.report == nil)
        _ = send(&state, [.tab], context)
        #expect(state.mode == .queue)
        _ = send(&state, [.backTab], context)
        #expect(state.mode == .report)
        _ = send(&state, [.backTab], context)
        #expect(state.mode == .access)
        _ = send(&state, [.backTab], context)
        #expect(state.mode == .consultations)
        _ = send(&state, [.character("2")], context)
        #expect(state.mode == .escalation)
        // An answer given, F6 asks; N keeps the pane and its answer, j leaves it.
        _ = send(&state, type("j") + [.function(6)], context)
        #expect(state.mode == .escalation)
        #expect(state.message?.text == "Escalatie van \(selected) niet bewaard. Weggooien? j/N")
        _ = send(&state, [.character("n")], context)
        #expect(state.mode == .escalation && state.escalation?.criteria[1] == .yes)
        _ = send(&state, [.function(6), .character("j")], context)
        #expect(state.mode == .partners)
        _ = send(&state, [.character("1"), .character("2")], context)  // the answer went with the form
        #expect(state.mode == .escalation && state.escalation?.criteria[1] == nil)
        _ = send(&state, [.escape, .character("3")], context)
        // From a case's detail, Tab goes to Escalatie on that case.
        _ = send(&state, [.character("1"), .down, .down, .enter], context)
        guard case .detail(let shown) = state.mode else {
            Issue.record("no detail: \(state.mode)")
            return
        }
        _ = send(&state, [.tab], context)
        #expect(state.escalation?.caseID == shown && shown != selected)
    }

    @Test("Tab over Escalatie with no case to open goes on to Partners and says why")
    func escalationNeedsCase() throws {
        let context = try context()
        var state = DeskFixtures.state(cases: [], context: context)
        _ = send(&state, [.tab], context)
        #expect(state.mode == .partners)
        #expect(state.message?.text == "Escalatie hoort bij een casus: kies er eerst een in de wachtrij.")
    }

    @Test(
        "Search is one rule: every word must occur, diacritics and case ignored, in the Wachtrij, Partners and Consulten"
    )
    func searchEverywhere() throws {
        let context = try DeskFixtures.context()
        var state = DeskFixtures.state(size: (100, 30), context: context)
        state.setPartners(try DirectoryTests.directory())
        var log = ConsultationLog()
        for (n, team, question) in [
            (1, "Wijkteam Oost", "Vader weigert hulp"), (2, "Wijkteam Noord", "Schulden en vader weg"),
        ] {
            try log.apply(
                [
                    .logged(
                        Consultation(
                            id: ConsultationID(n), at: DeskFixtures.now, gemeente: "Leeuwarden", wijkteam: team,
                            member: "Fenna", question: question, sketch: "", advice: "", durationMinutes: nil,
                            followUp: .none, thread: nil, safetySignal: false, advisor: nil, acceptedFindings: []))
                ],
                cases: CaseBook(), at: Date())
        }
        state.setConsultations(log)
        // Words in any order, in different fields, without the ë.
        _ = send(&state, [.character("/")] + type("leeuw zoe"), context)
        #expect(state.rows.compactMap { state.cases[$0.id]?.primaryPerson.name } == ["Zoë Wiersma"])
        _ = send(&state, [.escape, .character("3"), .character("/")] + type("zijl politie"), context)
        #expect(state.partnerRows.compactMap(\.contact?.name) == ["Bert Zijlstra"])
        _ = send(&state, [.enter, .character("4"), .character("/")] + type("VADER oost"), context)
        #expect(state.consultationRows == [ConsultationID(1)])
        let screen = DeskView.render(state, context: context).buffer.lines.joined(separator: "\n")
        #expect(screen.contains("Zoek: VADER oost") && screen.contains("1 van 2"))
        // Enter keeps the search; letters are commands again (n: a new consultation).
        _ = send(&state, [.enter], context)
        #expect(!state.isEditingFilter && state.consultationQuery == "VADER oost")
        _ = send(&state, [.escape], context)
        #expect(state.consultationQuery.isEmpty && state.consultationRows.count == 2 && state.mode == .consultations)
        _ = send(&state, [.escape], context)
        #expect(state.mode == .queue)
    }

    @Test("A choice takes the whole typed prefix: l-e-g lands on Leger des Heils, not on what the last letter starts")
    func typeAheadPrefix() {
        let labels = ["Gemeente", "GGD", "Leerplicht", "Leger des Heils J&R", "Politie", "Veilig Thuis"]
        var typed = ""
        var landed: [String] = []
        for letter in "leg" {
            let pick = TypeAhead.pick(after: typed, letter, labels: labels)
            typed = pick?.typed ?? typed
            landed.append(pick.map { labels[$0.index] } ?? "-")
        }
        #expect(landed == ["Leerplicht", "Leerplicht", "Leger des Heils J&R"])
        // A letter that fits nothing with what came before starts afresh; a word inside counts too.
        #expect(TypeAhead.pick(after: "leg", "p", labels: labels).map { labels[$0.index] } == "Politie")
        #expect(TypeAhead.pick(after: "", "t", labels: labels).map { labels[$0.index] } == "Veilig Thuis")
        #expect(TypeAhead.pick(after: "", "x", labels: labels) == nil)
    }

    @Test(
        "Yes/no fields are choices: typing j on a prefilled nee gives ja, never nj; the partner form's kind takes a prefix"
    )
    func yesNoAndChoices() throws {
        let context = try DeskFixtures.context()
        var state = DeskFixtures.state(size: (100, 30), context: context)
        state.privacy = PrivacyGuard(knownNames: [])
        _ = send(&state, [.character("4"), .character("n")], context)
        let safety = try #require(state.entry?.form.fields.firstIndex { $0.key == .safety })
        _ = send(&state, Array(repeating: .down, count: safety) + type("j"), context)
        #expect(state.entry?.form.value(.safety) == "j")
        #expect(state.entry?.form.fields[safety].shown == "ja")
        _ = send(&state, type("n"), context)
        #expect(state.entry?.form.value(.safety) == "n")
        // `?` on a choice is help; in a text field it is typed.
        _ = send(&state, type("?"), context)
        #expect(state.isShowingHelp)
        _ = send(&state, [.escape, .up] + type("?"), context)
        #expect(!state.isShowingHelp && state.entry?.form.value(.thread) == "?")

        var partners = DeskFixtures.state(size: (100, 30), context: context)
        _ = send(&partners, [.character("3"), .character("n"), .down] + type("leg"), context)
        #expect(partners.entry?.form.value(.type) == "leger-des-heils")
    }

    @Test(
        "Escalatie: an answer is typed and does not move on; Enter goes to the next question; ? on a criterion is help")
    func escalationAnswers() throws {
        let context = try context()
        var state = DeskFixtures.state(size: (120, 40), context: context)
        _ = send(&state, [.character("e")] + type("j"), context)
        #expect(state.escalation?.criteria[1] == .yes && state.escalation?.focus == 0)
        // At 80 columns the focused criterion is shown whole, wrapped under itself; the others are cut.
        var narrow = state
        narrow.size = (80, 24)
        let lines = DeskView.render(narrow, context: context).buffer.lines
        let focused = try #require(lines.firstIndex { $0.hasPrefix("› Criterium 1") })
        #expect(
            lines[focused + 1].hasSuffix("crimineel of overlastgevend gedrag.")
                || lines[focused + 2].contains("overlastgevend gedrag."))
        #expect(
            lines.contains { $0.hasPrefix("  Criterium 2") && $0.trimmingCharacters(in: .whitespaces).hasSuffix("…") })
        // The hint wraps instead of being cut at the edge.
        #expect(lines.contains { $0.contains("F2 legt vast (met onderbouwing ook het besluit).") })
        _ = send(&state, type("o"), context)
        #expect(state.escalation?.criteria[1] == .unknown && state.escalation?.focus == 0)
        _ = send(&state, [.enter], context)  // past the note, on to criterion 2
        #expect(state.escalation?.focus == 2)
        _ = send(&state, type("?"), context)
        #expect(state.isShowingHelp && state.escalation?.criteria[2] == nil)
        let help = DeskView.render(state, context: context).buffer.lines.joined(separator: "\n")
        #expect(help.contains("Toetsen") && help.contains("opslaan"))
    }

    @Test("The detail's footer offers only the steps the case's status allows")
    func footerFollowsStatus() throws {
        let context = try DeskFixtures.context()
        var state = DeskFixtures.state(size: (200, 30), context: context)
        _ = send(&state, [.enter], context)
        var footer = DeskView.render(state, context: context).buffer.lines.last ?? ""
        #expect(footer.contains("e escalatie") && !footer.contains("heropenen") && !footer.contains("r evaluatie"))
        guard case .detail(let id) = state.mode, var c = state.cases[id] else {
            Issue.record("no detail")
            return
        }
        c.status = .afgesloten
        state.upsert(c, context: context)
        state.route = .detail(id)
        footer = DeskView.render(state, context: context).buffer.lines.last ?? ""
        #expect(footer.contains("h heropenen") && !footer.contains("e escalatie") && footer.contains("n notitie"))
    }

    @Test(
        "Inzage: an advisor's card opens on Enter and reads their entries; a card loaded late for another is not shown")
    func accessPane() throws {
        let context = try context()
        var state = DeskFixtures.state(size: (100, 30), context: context)
        _ = send(&state, [.character("5")], context)
        let overview = [
            AdvisorAccessSummary(advisor: "Anna", entries: 3, last: DeskFixtures.now),
            AdvisorAccessSummary(advisor: "Bob", entries: 0, last: nil),
        ]
        _ = Reducer.reduce(&state, .accessOverviewLoaded(overview), context: context)
        #expect(state.accessOverview == overview)
        #expect(send(&state, [.down, .down], context).isEmpty)
        #expect(state.accessSelection == 1, "the selection stays on the list")
        #expect(send(&state, [.up, .enter], context) == [.loadAdvisorAccess("Anna")])
        #expect(state.mode == .accessDetail("Anna"))
        let entry = AccessEntry(
            at: DeskFixtures.now, who: Accessor(advisor: "Anna", login: "anna", host: "desk-1", terminal: "/dev/pts/2"),
            action: .view, cases: ["2026-0001"], what: "detail")
        _ = Reducer.reduce(
            &state, .advisorAccessLoaded(AdvisorAccess(advisor: "Bob", entries: [], total: 0)), context: context)
        #expect(state.advisorAccess == nil, "Bob's card came late: Anna's is in view")
        _ = Reducer.reduce(
            &state, .advisorAccessLoaded(AdvisorAccess(advisor: "Anna", entries: [entry], total: 1)), context: context)
        let screen = DeskView.render(state, context: context).buffer.lines.joined(separator: "\n")
        #expect(screen.contains("Inzage door Anna"), "\(screen)")
        #expect(screen.contains("inzage dossier 2026-0001 (detail) desk-1 /dev/pts/2"), "\(screen)")
        #expect(send(&state, [.escape], context) == [.loadAccessOverview])
        #expect(state.mode == .access)
    }
}
