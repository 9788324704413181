import Foundation
import TestSupport
import Testing

@Suite("The desk in a real terminal, as a new user works it")
struct DeskInTerminalTests {
    @Test("Empty store → register through the form → in the queue → quit → reopen → still there")
    func registerAndReopen() throws {
        let dir = TemporaryDirectory()
        let desk = try TerminalSession(["--store", dir.store])
        desk.waitFor("Geen open casussen")
        try desk.press("n")
        desk.waitFor("Nieuwe aanmelding")
        try desk.type("w")  // Bron: wijkteam (type-ahead)
        try desk.press("Tab", "Tab", "Tab")
        try desk.type("Anne Zijlstra")
        try desk.press("Tab", "Tab", "Tab", "Tab", "Tab", "Tab")
        try desk.type("Leeu")  // Gemeente: Leeuwarden
        try desk.press("Tab", "Right", "Tab")  // Wijkteam: the first of Leeuwarden
        try desk.type("Zorgen om veiligheid in het gezin")
        try desk.press("F2")
        let queue = desk.waitFor("Casus 2026-0001 geregistreerd")
        #expect(queue.contains("Anne Zijlstra"))
        #expect(queue.contains("Leeuwarden / Wijkteam Noord"))
        try desk.press("q")
        desk.waitFor("EXIT:0")

        let again = try TerminalSession(["--store", dir.store])
        let reopened = again.waitFor("Anne Zijlstra")
        #expect(reopened.contains("2026-0001"))
        #expect(reopened.contains("nieuw 1"))
    }

    @Test("Filtering a demo queue as you type, then clearing it")
    func filterDemo() throws {
        let dir = TemporaryDirectory()
        #expect(try Schakel.run(["demo", "--store", dir.store, "--cases", "60"]).status == 0)
        let desk = try TerminalSession(["--store", dir.store])
        desk.waitFor("nieuw ")
        try desk.press("/")
        try desk.type("vlie")
        // Of the 60 demo cases, those closed after their check are not in the queue.
        let filtered = desk.waitFor("the filtered queue") {
            $0.contains("Zoek: vlie") && $0.range(of: #"van 5\d casussen"#, options: .regularExpression) != nil
        }
        let rows = filtered.split(separator: "\n").filter { $0.dropFirst(3).hasPrefix("2026-") }
        #expect(!rows.isEmpty)
        #expect(rows.allSatisfy { $0.contains("Vlieland") })
        try desk.press("Enter", "Escape")
        let cleared = desk.waitFor("the whole queue") { !$0.contains("Zoek:") }
        // 40 rows less header, tabs, column titles, status line and footer: 35 cases in view.
        #expect(cleared.split(separator: "\n").filter { $0.dropFirst(3).hasPrefix("2026-") }.count == 35, "\(cleared)")
    }

    @Test("A resize redraws the desk for the new size")
    func resize() throws {
        let dir = TemporaryDirectory()
        try Schakel.run(["demo", "--store", dir.store, "--cases", "20"])
        let desk = try TerminalSession(["--store", dir.store], width: 80, height: 24)
        let narrow = desk.waitFor("Termijn")
        #expect(!narrow.contains("Bron"))
        try desk.tmux(["resize-window", "-x", "120", "-y", "40"])
        let wide = desk.waitFor("the wide layout") { $0.contains("Bron") && $0.contains("Wacht") }
        #expect(wide.split(separator: "\n", omittingEmptySubsequences: false).count >= 40)
        try desk.tmux(["resize-window", "-x", "40", "-y", "10"])
        desk.waitFor("Schakel: 60x16+")
    }

    @Test("A name full of escape sequences is drawn harmlessly")
    func hostileName() throws {
        let dir = TemporaryDirectory()
        let add = try Schakel.run([
            "case", "add", "--store", dir.store, "--name", "\u{1B}[2J\u{1B}[31mEvil\u{07}\u{1B}]0;owned\u{07}",
            "--gemeente", "Harlingen", "--source", "wijkteam", "--reason", "\u{1B}[H\u{1B}[Jweg",
        ])
        #expect(add.status == 0)
        let desk = try TerminalSession(["--store", dir.store])
        let screen = desk.waitFor("␛[2J␛[31mEvil␇")
        // The header is still there (no clear-screen got through); the name gives way to the counts.
        #expect(screen.contains("Zorg- en Veiligheidshuis Fry"))
        #expect(screen.contains("␛]0;owned␇"))
        try desk.press("Enter")
        desk.waitFor("␛[H␛[Jweg")
        let list = try Schakel.run(["case", "list", "--store", dir.store])
        #expect(list.stdout.contains("␛[2J␛[31mEvil␇"))
        #expect(!list.stdout.contains("\u{1B}"))
    }
}

@Suite("Escalation in a real terminal")
struct EscalationInTerminalTests {
    @Test("Register → triage → decide procesregie from the keyboard; the decision is on record")
    func triageAndDecide() throws {
        let dir = TemporaryDirectory()
        try Schakel.run([
            "case", "add", "--store", dir.store, "--name", "Anne de Vries", "--gemeente", "Leeuwarden",
            "--source", "politie", "--reason", "Overlast en bedreiging", "--risk", "geweld",
        ])
        let desk = try TerminalSession(["--store", dir.store])
        desk.waitFor("Anne de Vries")
        try desk.press("e")
        desk.waitFor("Triage en besluit: 2026-0001")
        try desk.answer("jjjn22")  // each answer and score, then Enter to the next question
        desk.waitFor("Aanbevolen: ZVH neemt procesregie, AVE 3")
        for _ in 0..<19 { try desk.press("Down") }
        try desk.type("Drie criteria; twee domeinen laag")
        try desk.press("F2")
        let detail = desk.waitFor("Triage en besluit voor 2026-0001 vastgelegd.")
        #expect(detail.contains("Status                procesregie"))
        #expect(detail.contains("AVE-fase              AVE 3"))
        let show = try Schakel.run(["case", "show", "2026-0001", "--store", dir.store])
        #expect(show.stdout.contains("Uitkomst              ZVH neemt procesregie, AVE 3"))
        #expect(show.stdout.contains("Onderbouwing          Drie criteria; twee domeinen laag"))
        #expect(show.stdout.contains("procesregie           Zorg- en Veiligheidshuis"))
        #expect(show.stdout.contains("evaluatie             di 05-01-2027"))
    }
}

@Suite("A whole case from the keyboard")
struct WholeCaseInTerminalTests {
    @Test("register → triage → decide procesregie → review → hand back → check → close, all in the desk")
    func wholeCase() throws {
        let dir = TemporaryDirectory()
        let desk = try TerminalSession(["--store", dir.store])
        desk.waitFor("Geen open casussen")
        // Register.
        try desk.press("n")
        desk.waitFor("Nieuwe aanmelding")
        try desk.type("w")
        try desk.press("Tab", "Tab", "Tab")
        try desk.type("Pier Postma")
        try desk.press("Tab", "Tab", "Tab", "Tab", "Tab", "Tab")
        try desk.type("Leeu")
        try desk.press("Tab", "Right", "Tab")
        try desk.type("Zorgen en overlast")
        try desk.press("F2")
        desk.waitFor("Casus 2026-0001 geregistreerd")
        // Triage and decide: criteria 1-3 yes, 4 no; follow the recommendation (procesregie).
        try desk.press("e")
        desk.waitFor("Triage en besluit: 2026-0001")
        try desk.answer("jjjn")
        desk.waitFor("Aanbevolen: ZVH neemt procesregie, AVE 3")
        for _ in 0..<21 { try desk.press("Down") }
        try desk.type("Drie criteria vervuld")
        for _ in 0..<11 { try desk.press("Down") }  // the first plan task: partner, what, when
        for part in ["Politie", "Huisbezoek met wijkagent", "3"] {
            try desk.type(part)
            try desk.press("Down")
        }
        try desk.press("F2")
        desk.waitFor("Triage en besluit voor 2026-0001 vastgelegd.")
        // Review.
        try desk.press("r")
        desk.waitFor("Evaluatie procesregie: 2026-0001")
        try desk.type("Plan loopt")
        try desk.press("F2")
        desk.waitFor("the review recorded") {
            $0.contains("Vastgelegd voor 2026-0001.") && !$0.contains("Evaluatie procesregie:")
        }
        // Hand back.
        try desk.fillHandback("2026-0001", contact: "J. Jansen", conditions: "Zorg geborgd")
        // The plan's open task is carried over to the wijkteam, by choice (the last field).
        try desk.press("Tab", "Tab", "Tab", "Tab", "Right")
        desk.waitFor("overdragen aan wijkteam")
        try desk.press("F2")
        desk.waitFor("Status                teruggelegd")
        let between = try Schakel.run(["case", "show", "2026-0001", "--store", dir.store])
        #expect(between.stdout.contains("evaluatie: Plan loopt"))
        #expect(between.stdout.contains("Plan van aanpak       1 taak bij het besluit, zie Termijnen"))
        #expect(
            between.stdout.range(
                of: #"taak T1 +vr 27-11-2026 .*Politie: Huisbezoek met wijkagent"#, options: .regularExpression) != nil)
        #expect(between.stdout.contains("open taken overgedragen"))
        #expect(between.stdout.contains("controle na afschalen wo 24-02-2027  (64 wd)"))
        // Check: stable, and the case closes.
        try desk.press("c")
        desk.waitFor("Controle na terugleggen: 2026-0001")
        try desk.type("stabiel")
        try desk.press("Tab")
        try desk.type("Rustig, zorg loopt")
        try desk.press("F2")
        // Wait for the whole frame (top and bottom line), not just its first part.
        desk.waitFor("the closed case's queue") {
            $0.contains("Geen open casussen") && $0.contains("Vastgelegd voor 2026-0001.")
        }
        let show = try Schakel.run(["case", "show", "2026-0001", "--store", dir.store])
        #expect(show.stdout.contains("Status                afgesloten"))
        #expect(show.stdout.contains("controle: stabiel, afgesloten — Rustig, zorg loopt"))
    }
}

@Suite("The instrument in the desk")
struct InstrumentInDeskTests {
    @Test("A broken edit of the store's instrument is named, and the desk keeps the last good one")
    func lastGood() throws {
        let dir = TemporaryDirectory()
        try Schakel.run([
            "case", "add", "--store", dir.store, "--name", "Anne", "--gemeente", "Harlingen", "--source", "politie",
            "--reason", "x",
        ])
        let good = SourceTree.text("Resources/Data/instrument-fryslan.txt")
            .replacingOccurrences(of: "name = Advies en terug naar de melder", with: "name = Advies (testregio)")
        try good.write(toFile: dir.store + "/instrument.txt", atomically: true, encoding: .utf8)
        let first = try TerminalSession(["--store", dir.store])
        first.waitFor("Anne")
        try first.press("q")
        first.waitFor("EXIT:0")
        #expect(FileManager.default.contents(atPath: dir.store + "/instrument.last-good.txt") == Data(good.utf8))

        let broken = good.replacingOccurrences(of: "review-weeks = 6", with: "review-weeks = zes")
        try broken.write(toFile: dir.store + "/instrument.txt", atomically: true, encoding: .utf8)
        let line = broken.components(separatedBy: "\n").firstIndex(of: "review-weeks = zes").map { $0 + 1 } ?? 0
        let desk = try TerminalSession(["--store", dir.store])
        desk.waitFor("Instrument niet gebruikt: \(dir.store)/instrument.txt:\(line):")
        try desk.press("e")
        desk.waitFor("Aanbevolen:")
        let refused = try Schakel.run(["triage", "2026-0001", "--store", dir.store, "--criterion", "1=ja"])
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("instrument.txt:\(line): \"review-weeks\" must be a whole number"))
    }
}

/// Input a real terminal sends that ncurses alone gets wrong: keys it does not know, and pastes.
@Suite("Input in a real terminal: PuTTY's Home key and bracketed paste")
struct TerminalInputTests {
    @Test(
        "In a form, ESC [ 1 ~ (Home as PuTTY sends it) moves the cursor and cancels nothing; three lines pasted with tmux's bracketed paste register nothing"
    )
    func puttyHomeAndPaste() throws {
        let dir = TemporaryDirectory()
        // As xterm: its terminfo knows Home as ESC O H, so ESC [ 1 ~ reaches schakel unrecognised.
        let desk = try TerminalSession(["--store", dir.store], environment: ["TERM": "xterm-256color"])
        desk.waitFor("Druk n")
        try desk.press("n")
        desk.waitFor("Naam")
        try desk.press("Tab", "Tab", "Tab")
        try desk.type("Anne")
        desk.waitFor("Anne")
        try desk.type("\u{1B}[1~")
        try desk.type("X")
        desk.waitFor("XAnne")
        // Three lines pasted into the name where the cursor stands: one line of text, no Enter pressed.
        try desk.tmux(["set-buffer", "-b", "three", " de Wit\nGemeente Leeuwarden\nF2 "])
        try desk.tmux(["paste-buffer", "-p", "-d", "-b", "three"])
        let screen = desk.waitFor("X de Wit Gemeente Leeuwarden F2 Anne")
        #expect(!screen.contains("geregistreerd"))
        // A stray Esc asks; Esc again keeps the input.
        try desk.press("Escape")
        desk.waitFor("Aanmelding niet bewaard. Weggooien? j/N")
        try desk.press("Escape")
        desk.waitFor("Niet weggegooid; je invoer staat er nog.")
        // Ctrl-C asks too; j then quits, and the terminal is the shell's again.
        try desk.press("C-c")
        desk.waitFor("Aanmelding niet bewaard. Weggooien en afsluiten? j/N")
        try desk.type("j")
        desk.waitFor("EXIT:0")
        #expect(try Schakel.run(["case", "list", "--store", dir.store]).stdout.split(separator: "\n").count <= 1)
    }

    @Test(
        "A terminal that cannot place the cursor (TERM=dumb) gets one clear line and exit status 1, not a screen of blanks"
    )
    func dumbTerminal() throws {
        let dir = TemporaryDirectory()
        #expect(try Schakel.run(["demo", "--cases", "3", "--store", dir.store]).status == 0)
        let desk = try TerminalSession(["--store", dir.store], width: 200, height: 20, environment: ["TERM": "dumb"])
        let screen = desk.waitFor("EXIT:1")
        #expect(screen.contains("schakel: deze terminal (TERM=dumb) kan de desk niet tekenen"))
    }

    @Test("At 80x24 a 200-character rationale typed in the Escalatie pane shows its end as it is typed")
    func longRationale() throws {
        let dir = TemporaryDirectory()
        #expect(
            try Schakel.run([
                "case", "add", "--store", dir.store, "--name", "Pier Postma", "--gemeente", "Leeuwarden",
                "--source", "politie", "--reason", "Zorgen",
            ]).status == 0)
        let desk = try TerminalSession(["--store", dir.store], width: 80, height: 24)
        desk.waitFor("Pier Postma")
        try desk.press("e")
        desk.waitFor("Criterium 1")
        try desk.answer("jjj")
        for _ in 0..<23 { try desk.press("Down") }
        desk.waitFor("the rationale row") { $0.contains("› Onderbouwing") }
        let rationale = String(repeating: "Drie criteria vervuld; ", count: 9) + "EINDE"
        #expect(rationale.count >= 200)
        try desk.type(rationale)
        let screen = desk.waitFor("the rationale's end") { $0.contains("EINDE") }
        #expect(screen.split(separator: "\n").contains { $0.contains("› Onderbouwing") && $0.contains("EINDE") })
    }
}
