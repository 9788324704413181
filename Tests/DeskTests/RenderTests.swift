import CaseModel
import Foundation
import Screen
import Testing

@testable import Desk

@Suite("What the desk draws")
struct RenderTests {
    func trimmed(_ buffer: ScreenBuffer) -> [String] {
        buffer.lines.map { String($0.reversed().drop(while: { $0 == " " }).reversed()) }
    }

    func column(of text: String, in line: String) -> Int? {
        guard let range = line.range(of: text) else { return nil }
        return DisplayWidth.of(String(line[..<range.lowerBound]))
    }

    @Test("A message too long for the status line takes the footer's row too and is read whole")
    func longMessage() throws {
        let context = try DeskFixtures.context()
        var state = DeskFixtures.state(size: (60, 20), context: context)
        let text =
            "2026-0002 is intussen gewijzigd door Bram de Boer om 14:05 (CaseHandedBack). Niets opgeslagen; je invoer staat er nog."
        state.message = .init(text: text, isError: true)
        let lines = trimmed(DeskView.render(state, context: context).buffer)
        let shown = lines.suffix(3).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }.joined(
            separator: " ")
        #expect(shown == text, "\(lines.suffix(3))")
        // A short one leaves the footer's keys where they are.
        state.message = .init(text: "Vastgelegd.", isError: false)
        #expect(trimmed(DeskView.render(state, context: context).buffer).last?.contains("Enter") == true)
    }

    @Test("Counts are said in the singular for one and the plural otherwise, in both languages")
    func plurals() throws {
        let nl = try Localizer(language: .nl)
        let en = try Localizer(language: .en)
        #expect(nl(.urgencyReviewOverdue, 1) == "evaluatie 1 werkdag te laat")
        #expect(nl(.urgencyReviewOverdue, 3) == "evaluatie 3 werkdagen te laat")
        #expect(en(.urgencyReviewOverdue, 1) == "review 1 working day overdue")
        #expect(nl(.cliPartnersImported, 1, "X") == "1 regel geïmporteerd in X")
        #expect(nl(.urgencyTasksOverdue, 2, 1) == "2 plantaken te laat, de oudste 1 werkdag")
        #expect(Localizer.plurals("{a|b} en {0|x}", [1]) == "{a|b} en {0|x}", "what is no plural form stays as written")
    }

    @Test("Under a day a ZSM deadline shows hours and minutes in the queue, late ones with a minus")
    func zsmMinutesInQueue() throws {
        let context = try DeskFixtures.context()
        let soon = DeskFixtures.registration(1, name: "Hylke Kuipers", source: .omZSM, hoursAgo: 2.25)
        let late = DeskFixtures.registration(2, name: "Baukje Smit", source: .omZSM, hoursAgo: 4 + 1.0 / 3)
        let state = DeskFixtures.state(
            cases: [soon, late].map { Case(registration: $0, at: $0.receivedAt, reference: 0) }, context: context)
        let lines = trimmed(DeskView.render(state, context: context).buffer)
        #expect(lines.contains { $0.contains("Hylke Kuipers") && $0.hasSuffix("1u45") }, "\(lines)")
        #expect(lines.contains { $0.contains("Baukje Smit") && $0.hasSuffix("-0u20") }, "\(lines)")
    }

    @Test("The queue at 80x24, line by line")
    func queueLines() throws {
        let context = try DeskFixtures.context()
        let lines = trimmed(DeskView.render(DeskFixtures.state(context: context), context: context).buffer)
        #expect(
            Array(lines.prefix(8)) == [
                " Zorg- e… │ adviseur: A. Zwart │ di 24-11-2026 nieuw 4 · te laat 1 · ZSM open 1",
                "  1 Wachtrij   2 Escalatie   3 Partners   4 Consulten   5 Inzage   6 Rapportage",
                "   Nr        Naam              Gemeente / wijkteam   AVE  Status        Termijn",
                "!! 2026-0001 Hylke Kuipers     Leeuwarden / Wijktea… —    nieuw            3u00",
                "!! 2026-0002 Baukje de Vries   Súdwest-Fryslân / Ge… —    nieuw           -3 wd",
                "!  2026-0003 Zoë Wiersma       Leeuwarden / Wijktea… —    nieuw            5 wd",
                "   2026-0004 Jan Bakker        Vlieland              —    nieuw            5 wd",
                "",
            ])
        #expect(lines[23] == "j/↓ bewegen  Enter openen  / zoeken  n nieuwe aanmelding  …  ? hulp")
    }

    @Test("Styles: the selected row is reversed, an overdue deadline red, the header coloured")
    func styles() throws {
        let context = try DeskFixtures.context()
        let buffer = DeskView.render(DeskFixtures.state(context: context), context: context).buffer
        #expect(buffer[5, 3].style.reverse)  // first row selected
        #expect(!buffer[5, 4].style.reverse)
        let overdueLine = buffer.lines[4]
        let x = try #require(column(of: "-3 wd", in: overdueLine))
        #expect(buffer[x, 4].style.foreground == .red)
        #expect(buffer[0, 0].style.background == .blue)
        let plain = DeskView.render(
            DeskFixtures.state(context: try DeskFixtures.context(noColor: true)),
            context: try DeskFixtures.context(noColor: true)
        ).buffer
        #expect(plain.cells.allSatisfy { $0.style.foreground == nil && $0.style.background == nil })
        #expect(plain.lines == buffer.lines)
    }

    @Test("A name full of escape sequences is drawn as visible symbols, never as commands")
    func hostileName() throws {
        let context = try DeskFixtures.context()
        let evil = DeskFixtures.registration(9, name: "\u{1B}[2J\u{1B}]0;pwned\u{07}Evil\u{9B}31m", hoursAgo: 1)
        let cases = [Case(registration: evil, at: evil.receivedAt, reference: 0)]
        let buffer = DeskView.render(
            DeskFixtures.state(size: (120, 30), cases: cases, context: context), context: context
        ).buffer
        #expect(buffer.lines[3].contains("␛[2J␛]0;pwned␇Evil�31m"))
        #expect(
            buffer.cells.allSatisfy { cell in
                !cell.text.unicodeScalars.contains { $0.value < 0x20 || (0x7F..<0xA0).contains($0.value) }
            })
    }

    @Test("Wide screens show source and waiting time; English on request")
    func wideAndEnglish() throws {
        let context = try DeskFixtures.context(.en)
        let lines = trimmed(
            DeskView.render(DeskFixtures.state(size: (140, 30), context: context), context: context).buffer)
        #expect(lines[0].hasPrefix(" Zorg- en Veiligheidshuis Fryslân │ advisor: A. Zwart │ Tue 24-11-2026"))
        #expect(lines[0].hasSuffix("new 4 · overdue 1 · ZSM open 1 · without ground 4"))
        #expect(lines[2].contains("Source"))
        #expect(lines[2].hasSuffix("Wait"))
        #expect(lines[4].contains("Súdwest-Fryslân / Gebiedsteam Sneek"))
        #expect(lines[4].hasSuffix("-3 wd  12 d"))
        #expect(lines[1] == "  1 Queue   2 Escalation   3 Partners   4 Consultations   5 Access   6 Reports")
    }

    @Test("The detail explains the urgency and lists the deadlines")
    func detail() throws {
        let context = try DeskFixtures.context()
        var state = DeskFixtures.state(size: (100, 60), context: context)
        state.route = .detail(CaseID(year: 2026, sequence: 2))
        state.timeline = []
        let lines = trimmed(DeskView.render(state, context: context).buffer)
        #expect(lines[2] == " 2026-0002  Baukje de Vries")
        #expect(lines.contains(" contact met melder    do 19-11-2026  (-3 wd)"))
        #expect(lines.contains("     130 ptn  contact met melder: 3 werkdagen te laat"))
        #expect(lines.contains("      12 ptn  12 dagen wachtend op triage"))
        #expect(lines.contains("   totaal 142 punten"))
    }

    @Test("The form marks the focused field and shows errors inline; the help overlay lists the keys")
    func formAndHelp() throws {
        let context = try DeskFixtures.context()
        var state = DeskFixtures.state(context: context)
        _ = Reducer.reduce(&state, .startRegistration, context: context)
        _ = Reducer.reduce(&state, .saveForm, context: context)
        let frame = DeskView.render(state, context: context)
        let lines = trimmed(frame.buffer)
        #expect(lines[2].hasPrefix(" Nieuwe aanmelding"))
        #expect(lines[4].hasPrefix("› Bron *"))
        #expect(lines[4].hasSuffix("! verplicht"))
        #expect(lines[7].hasPrefix("  Naam *"))
        #expect(lines[7].hasSuffix("! verplicht"))
        #expect(lines[22] == " 4 velden kloppen niet. Bron: verplicht")  // the first error whole, its field focused

        var queue = DeskFixtures.state(context: context)
        _ = Reducer.reduce(&queue, .showHelp, context: context)
        let help = trimmed(DeskView.render(queue, context: context).buffer).joined(separator: "\n")
        #expect(help.contains("Toetsen"))
        #expect(help.contains("│ n         nieuwe aanmelding "))
        #expect(help.contains("│ PgDn PgUp pagina "))
        #expect(help.contains("│ !!  te laat, of een ZSM-verzoek staat open "))  // the markers' legend
        #expect(help.contains("┌─ Toetsen ─"))  // framed, also without colour
        #expect(help.contains("? of Esc sluit dit venster"))
    }
}
