import CaseModel
import Foundation
import Screen
import TestSupport
import Testing

@testable import Desk

@Suite("The Escalatie pane")
struct EscalationTests {
    func context() throws -> DeskContext {
        var context = try DeskFixtures.context()
        context.instrument = try InstrumentParser.parse(
            SourceTree.text("Resources/Data/instrument-fryslan.txt"), file: "i")
        return context
    }

    func send(_ state: inout AppState, _ keys: [Key], _ context: DeskContext) -> [Effect] {
        var effects: [Effect] = []
        for key in keys {
            if let command = DeskKeymap.command(for: key, in: state) {
                effects += Reducer.reduce(&state, command, context: context)
            }
        }
        return effects
    }

    func down(_ n: Int) -> [Key] { Array(repeating: .down, count: n) }

    /// The triage and decision an F2 asks the use cases to record, as they would plan it on the case.
    static func planned(_ effects: [Effect], _ state: AppState, _ context: DeskContext) -> (
        TriageRecorded, DecisionRecorded?
    )? {
        guard case .perform(let change, _)? = effects.first, case .triage(let triage, _) = change,
            let c = state.cases[triage.caseID], case .success(let events) = change.events(on: c, rules: context.rules)
        else { return nil }
        let decision = events.compactMap { if case .decisionRecorded(let d) = $0 { d } else { nil } }.first
        return (triage, decision)
    }

    @Test("Answering, scoring and F2 without a rationale records the triage only")
    func triageOnly() throws {
        let context = try context()
        var state = DeskFixtures.state(context: context)
        _ = send(&state, [.down, .character("e")], context)  // case 2026-0002
        #expect(state.mode == .escalation)
        // j j j n answers the four criteria (Enter goes on to the next); 2 and 1 score the first domains.
        var keys: [Key] = [
            .character("j"), .enter, .character("j"), .enter, .character("j"), .enter, .character("n"), .enter,
            .character("2"), .enter, .character("1"), .character("7"), .enter,
        ]
        // From row 10 up to the note of criterion 4 (row 7).
        keys += [.up, .up, .up] + "politie en GGZ".map { .character($0) }
        keys += down(14) + [.character(" "), .function(2)]  // indicator crosses-borders (row 21)
        let effects = send(&state, keys, context)
        guard let (triage, decision) = Self.planned(effects, state, context) else {
            Issue.record("expected a triage, got \(effects)")
            return
        }
        #expect(decision == nil)
        #expect(triage.caseID == CaseID(year: 2026, sequence: 2))
        #expect(
            triage.criteria == [
                CriterionAnswer(number: 1, answer: .yes), CriterionAnswer(number: 2, answer: .yes),
                CriterionAnswer(number: 3, answer: .yes),
                CriterionAnswer(number: 4, answer: .no, note: "politie en GGZ"),
            ])
        #expect(triage.zrmScores == ["Financiën": 2, "Werk & Opleiding": 1])
        #expect(triage.indicators == ["crosses-borders"])
        #expect(triage.zrmAssessedOn == context.today)
    }

    @Test("A rationale makes it a decision; deviating asks for a reason first")
    func decision() throws {
        let context = try context()
        var state = DeskFixtures.state(context: context)
        var keys: [Key] = [
            .character("e"), .character("j"), .enter, .character("j"), .enter, .character("j"), .enter, .character("n"),
            .enter,
        ]
        keys += down(19) + [.right] + down(2) + "Samen met wijkteam".map { .character($0) } + [.function(2)]
        let refused = send(&state, keys, context)
        #expect(refused.isEmpty)
        #expect(
            state.escalation?.errors[.deviation]?.hasPrefix("wijkt af van de aanbeveling (procesregie, AVE 3)") == true)
        #expect(state.escalation?.focus == 30)
        let effects = send(&state, "Lokaal houden kan nog".map { .character($0) } + [.function(2)], context)
        guard let (_, decided) = Self.planned(effects, state, context), let decision = decided else {
            Issue.record("expected a decision, got \(effects)")
            return
        }
        #expect(decision.outcome == .advice)
        #expect(decision.phase == .two)
        #expect(decision.recommendedOutcome == .procesregie)
        #expect(decision.deviationReason == "Lokaal houden kan nog")
        #expect(decision.rationale == "Samen met wijkteam")
        #expect(decision.holders.first { $0.responsibility == .casusregie }?.holder.organisation == "sociaal wijkteam")
        #expect(decision.tasks.isEmpty)
    }

    @Test("The pane shows the live recommendation and the phase's holders")
    func rendering() throws {
        let context = try context()
        var state = DeskFixtures.state(size: (120, 40), context: context)
        _ = send(
            &state, [.character("e"), .character("j"), .enter, .character("j"), .enter, .character("j"), .enter],
            context)
        let buffer = DeskView.render(state, context: context).buffer
        let lines = buffer.lines
        let tab = try #require(lines[1].range(of: "Escalatie")).lowerBound.utf16Offset(in: lines[1])
        #expect(buffer[tab, 1].style.reverse)  // the Escalatie tab is the active one
        #expect(!buffer[3, 1].style.reverse)
        #expect(lines[2].contains("Triage en besluit: 2026-0001 Hylke Kuipers"))
        #expect(lines[2].hasSuffix("Aanbevolen: ZVH neemt procesregie, AVE 3 "))
        #expect(lines[4].contains("· criteria 1, 2, 3 vervuld"))
        #expect(lines.contains { $0.contains("‹ AVE 3 ›  casusregie: sociaal wijkteam;") })
    }
}

@Suite("The triage agenda in the desk and as files")
struct AgendaDeskTests {
    @Test("Quick filter t shows the agenda; Markdown and CSV exports are safe to open")
    func agenda() throws {
        let context = try DeskFixtures.context()
        var cases = DeskFixtures.cases()
        cases[2].reason = "Ruzie | dreiging\nop straat"
        cases[2].persons[0].name = "=HYPERLINK(\"x\")"
        var state = DeskFixtures.state(cases: cases, context: context)
        _ = Reducer.reduce(&state, .toggleQuickFilter(.agenda), context: context)
        // Cases received after Monday 12:00 (all but the one twelve days old) wait for next week.
        #expect(state.rows.map(\.id.sequence) == [2])
        let agenda = context.agenda(cases, at: DeskFixtures.now.addingTimeInterval(7 * 86_400))
        #expect(agenda.cases.count == 4)
        let markdown = AgendaExport.markdown(agenda, context: context)
        #expect(
            markdown.hasPrefix(
                "# Triage\\-agenda di 01\\-12\\-2026 \\(aanmeldingen tot 30\\-11\\-2026 12:00\\)\n\n4 casussen op de agenda.\n"
            ))
        #expect(markdown.contains("Ruzie \\| dreiging op straat"))
        let csv = AgendaExport.csv(agenda, context: context)
        #expect(
            csv.hasPrefix("\u{FEFF}Nr;Naam;Gemeente;Wijkteam;Bron;Ontvangen;Aanleiding;Risicosignalen;Urgentie\r\n"))
        #expect(csv.contains(";\"'=HYPERLINK(\"\"x\"\")\";"))
        #expect(csv.split(separator: "\r\n").count == 5)
    }
}

@Suite("The agenda's Markdown, read by a Markdown parser")
struct AgendaMarkdownTests {
    @Test("Names and reasons full of Markdown render as text in one intact table (python3-markdown)")
    func rendersAsText() throws {
        let context = try DeskFixtures.context()
        var cases = DeskFixtures.cases()
        let name = "Jan *de* _Vries_ <b>x</b> [link](http://x) #1 & ~y~ `code` \\ 1."
        cases[0].persons[0].name = name
        cases[1].reason = "| pipe | en ** vet ** en <script>alert(1)</script>"
        let agenda = context.agenda(cases, at: DeskFixtures.now.addingTimeInterval(7 * 86_400))
        let markdown = AgendaExport.markdown(agenda, context: context)
        let script = """
            import sys, json, markdown, html.parser
            class Cells(html.parser.HTMLParser):
                def __init__(self):
                    super().__init__(); self.rows = []; self.tables = 0; self.cell = None; self.tags = []
                def handle_starttag(self, tag, attrs):
                    if tag == "table": self.tables += 1
                    elif tag == "tr": self.rows.append([])
                    elif tag in ("td", "th"): self.cell = ""
                    elif self.cell is not None: self.tags.append(tag)
                def handle_endtag(self, tag):
                    if tag in ("td", "th"): self.rows[-1].append(self.cell); self.cell = None
                def handle_data(self, data):
                    if self.cell is not None: self.cell += data
            p = Cells(); p.feed(markdown.markdown(sys.stdin.read(), extensions=["tables"]))
            print(json.dumps({"tables": p.tables, "rows": p.rows, "tags": p.tags}))
            """
        let dir = TemporaryDirectory()
        let file = dir.path + "/agenda.md"
        FileManager.default.createFile(atPath: file, contents: Data(markdown.utf8))
        let run = try Spawn.run(
            "/bin/sh", ["-c", "/usr/bin/python3 -c \"$0\" < \"$1\"", script, file],
            environment: ["PATH": "/usr/bin:/bin"])
        try #require(run.status == 0, "python3-markdown is needed (scripts/test installs it): \(run.stderr)")
        let parsed = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        let rows = try #require(parsed["rows"] as? [[String]])
        #expect(parsed["tables"] as? Int == 1)
        #expect(rows.count == agenda.cases.count + 1, "\(rows)")
        #expect(Set(rows.map(\.count)) == [rows[0].count], "every row has the header's cells: \(rows)")
        #expect((parsed["tags"] as? [String]) == [], "no markup inside the cells")
        #expect(rows.contains { $0.contains(name) }, "the name reads back as written: \(rows)")
        #expect(rows.contains { $0.contains { $0.contains("<script>alert(1)</script>") } })
    }
}

@Suite("Holders, plan and review from the Escalatie pane")
struct EscalationPlanTests {
    @Test("Named holders, plan tasks and a review date go into the decision; a bad task is shown on its row")
    func plan() throws {
        var context = try DeskFixtures.context()
        context.instrument = try InstrumentParser.parse(
            SourceTree.text("Resources/Data/instrument-fryslan.txt"), file: "i")
        var state = DeskFixtures.state(context: context)
        func send(_ keys: [Key]) -> [Effect] {
            var effects: [Effect] = []
            for key in keys {
                if let c = DeskKeymap.command(for: key, in: state) {
                    effects += Reducer.reduce(&state, c, context: context)
                }
            }
            return effects
        }
        func type(_ text: String) -> [Key] { text.map { .character($0) } }
        var keys: [Key] =
            [.character("e")] + "jjjn".flatMap { [Key.character($0), .enter] } + Array(repeating: .down, count: 21)
            + type("Drie criteria")
        #expect(send(keys).isEmpty)
        // Each part of a holder and a task is a row of its own: no command-line syntax to type.
        let rows = EscalationForm.rows(try #require(context.instrument))
        func fill(_ row: EscalationForm.Row, _ text: String) -> [Effect] {
            var effects = Reducer.reduce(&state, .focusField(rows.firstIndex(of: row)!), context: context)
            effects += send(type(text))
            return effects
        }
        _ = fill(.holder(.casusregie), "Wijkteam Noord") + fill(.holderPerson(.casusregie), "J. Jansen")
        _ = fill(.task(0), "Politie") + fill(.taskWhat(0), "Huisbezoek") + fill(.taskDue(0), "5")
        _ = fill(.task(1), "GGZ") + fill(.taskWhat(1), "Intake")
        #expect(send([.function(2)]).isEmpty)  // task 2 has no date
        #expect(state.escalation?.errors[.taskDue(1)] == "verplicht")
        #expect(state.escalation?.focus == rows.firstIndex(of: .taskDue(1)))
        keys = type("15-12-2026")
        _ = send(keys)
        _ = fill(.review, "2027-01-12")
        keys = [.function(2)]
        guard let (_, decided) = EscalationTests.planned(send(keys), state, context), let decision = decided else {
            Issue.record("expected a decision")
            return
        }
        #expect(
            decision.holders.first { $0.responsibility == .casusregie }?.holder
                == ResponsibilityHolder(organisation: "Wijkteam Noord", person: "J. Jansen"))
        #expect(
            decision.holders.first { $0.responsibility == .procesregie }?.holder.organisation
                == "Zorg- en Veiligheidshuis")
        #expect(decision.tasks.map(\.partner) == ["Politie", "GGZ"])
        #expect(decision.tasks.map(\.due) == [CalendarDate(iso: "2026-12-01")!, CalendarDate(iso: "2026-12-15")!])
        #expect(decision.nextReview == CalendarDate(iso: "2027-01-12"))
    }
}
