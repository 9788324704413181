import Foundation
import TestSupport
import Testing

@Suite("Partners and consultations, as an advisor and a script use them")
struct PartnersAndConsultationsTests {
    @Test(
        "On the phone: a consultation logged in a few dozen keys, then a partner's number found by typing part of a name"
    )
    func consultationAndPhoneNumber() throws {
        let dir = TemporaryDirectory()
        #expect(try Schakel.run(["demo", "--store", dir.store, "--cases", "30"]).status == 0)
        let desk = try TerminalSession(["--store", dir.store])
        desk.waitFor("nieuw ")

        // What an advisor types during the call, key by key.
        let typed = [
            "Oost", "Fenna", "Moeder weigert hulp voor de kinderen, wat nu?",
            "Drie kinderen, vader uit beeld, schulden.",
            "Huisbezoek met wijkagent; terugbellen volgende week.",
        ]
        let started = Date()
        try desk.press("4")
        desk.waitFor("the Consulten pane") { $0.contains("Per wijkteam, consulten → aanmeldingen") }
        try desk.press("n")
        desk.waitFor("Consult vastleggen")
        for (index, text) in typed.enumerated() {
            try desk.type(text)
            if index < typed.count - 1 { try desk.press("Tab") }
        }
        try desk.press("F2")
        let saved = desk.waitFor("the saved consultation") {
            $0.contains("Consult CO-8 vastgelegd.") && $0.contains("Moeder weigert hulp")
        }
        #expect(Date().timeIntervalSince(started) < 60)
        // Every key pressed: the text, four Tabs, 4, n and F2. At 200 keys a minute (an ordinary typist), well within a minute.
        let keys = typed.map(\.count).reduce(0, +) + typed.count - 1 + 3
        #expect(keys < 200, "\(keys) keys")
        #expect(saved.contains("Wijkteam Oost"))

        // The advisor now needs the GGD's number: the Partners pane (3), / and a few letters.
        try desk.press("3")
        desk.waitFor("the Partners pane") { $0.contains("/ zoekt op naam") }
        try desk.type("/jans")
        let found = desk.waitFor("the GGD contact") { $0.contains("1 van 13") }
        let row = try #require(found.split(separator: "\n").first { $0.contains("Piet Jansma") })
        #expect(row.contains("058-2345678"))
        #expect(row.contains("GGD Fryslân"))
        try desk.press("Escape", "Escape", "q")
        desk.waitFor("EXIT:0")

        let list = try Schakel.run(["consult", "list", "--store", dir.store])
        #expect(list.stdout.contains("CO-8"))
        #expect(list.stdout.contains("Wijkteam Oost"))
    }

    @Test(
        "partner import: semicolons and BOM, a bad line named with its reason, nothing kept without confirmation; vCard round trip"
    )
    func importExport() throws {
        let dir = TemporaryDirectory()
        let csv = dir.path + "/partners.csv"
        let text =
            "\u{FEFF}Organisatie;Soort;Naam;Telefoon;E-mail\r\nGGD Fryslân;ggd;Piet Bos;058 123 45 67;piet@ggd.nl\r\n"
            + "Bakkerij;brood;Jan;123;jan@\r\n\"Politie; Noord\";politie;Anne de Wit;06-12345678;\r\n"
        try Data(text.utf8).write(to: URL(fileURLWithPath: csv))
        let refused = try Schakel.run(["partner", "import", csv, "--store", dir.store])
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("partners.csv: regel 3: type: onbekende soort partner (brood)"))
        #expect(refused.stderr.contains("phone: geen Nederlands telefoonnummer"))
        #expect(refused.stderr.contains("niets geïmporteerd"))
        #expect(try Schakel.run(["partner", "list", "--store", dir.store]).stdout.split(separator: "\n").count == 1)

        #expect(try Schakel.run(["partner", "import", csv, "--yes", "--store", dir.store]).status == 0)
        let listed = try Schakel.run(["partner", "list", "anne", "--store", dir.store]).stdout
        #expect(listed.contains("Anne de Wit") && listed.contains("06-12345678") && listed.contains("Politie; Noord"))

        let vcard = try Schakel.run([
            "partner", "export", "--format", "vcard", "--vcard-version", "4.0", "--store", dir.store,
        ]).stdout
        #expect(vcard.hasPrefix("BEGIN:VCARD\r\nVERSION:4.0\r\n"))
        let file = dir.path + "/partners.vcf"
        try Data(vcard.utf8).write(to: URL(fileURLWithPath: file))
        let other = dir.path + "/other"
        #expect(try Schakel.run(["partner", "import", file, "--store", other]).status == 0)
        let first = try Schakel.run(["partner", "export", "--store", dir.store]).stdout
        let second = try Schakel.run(["partner", "export", "--store", other]).stdout
        #expect(first == second)
        #expect(first.contains("\"Politie; Noord\";politie;;n;;Anne de Wit;;06-12345678;;;\r\n"))
    }

    @Test("partner import of a file whose every line is refused fails with exit 1 and imports nothing, --yes or not")
    func allRefused() throws {
        let dir = TemporaryDirectory()
        let csv = dir.path + "/bad.csv"
        try Data("organisatie;soort;naam;telefoon\nGGD;brood;Jan;123\n;;Piet;\n".utf8).write(
            to: URL(fileURLWithPath: csv))
        for extra in [[], ["--yes"]] {
            let run = try Schakel.run(["partner", "import", csv, "--store", dir.store] + extra)
            #expect(run.status == 1, "\(extra)")
            #expect(run.stderr.contains("niets geïmporteerd: 2 regels zijn geweigerd"), "\(run.stderr)")
        }
        #expect(try Schakel.run(["partner", "list", "--store", dir.store]).stdout.split(separator: "\n").count <= 1)
    }

    @Test("consult add guards anonymity without a terminal; case add --from-consult registers the thread")
    func consultAndRegister() throws {
        let dir = TemporaryDirectory()
        let base = ["--store", dir.store]
        #expect(
            try Schakel.run(
                [
                    "case", "add", "--name", "Anne de Vries", "--gemeente", "Leeuwarden", "--source", "politie",
                    "--reason", "Overlast",
                ] + base
            ).status == 0)
        let guarded = try Schakel.run(
            [
                "consult", "add", "--wijkteam", "Noord", "--question", "Wat nu?",
                "--sketch", "Buurvrouw van Anne de Vries, 8911 AB 12",
            ] + base)
        #expect(guarded.status == 1)
        #expect(
            guarded.stderr.contains(
                "lijkt identificerend: postcode met huisnummer ‘8911 AB 12’, naam uit het register ‘Anne de Vries’"))
        let kept = try Schakel.run(
            [
                "consult", "add", "--wijkteam", "Noord", "--question", "Wat nu?", "--thread", "buurt Noord-1",
                "--sketch", "Buurvrouw van Anne de Vries", "--accept-identifying",
            ] + base)
        #expect(kept.stdout == "CO-1\n")
        #expect(
            try Schakel.run(
                [
                    "consult", "add", "--wijkteam", "Noord", "--question", "Opnieuw", "--thread", "Buurt noord 1",
                    "--safety",
                ] + base
            ).stderr.contains("veiligheidssignaal: overweeg aanmelding (schakel case add --from-consult CO-2)"))
        let bad = try Schakel.run(
            ["consult", "add", "--wijkteam", "Zuid-Oost", "--question", "", "--when", "morgen"] + base)
        #expect(bad.status == 1)
        #expect(
            bad.stderr.contains("--question: verplicht")
                && bad.stderr.contains("--wijkteam: onbekend wijkteam (Zuid-Oost)")
                && bad.stderr.contains("--when: moment als uu:mm of dd-mm-jjjj uu:mm (morgen)"))

        let registered = try Schakel.run(["case", "add", "--from-consult", "CO-2", "--name", "Durk Visser"] + base)
        #expect(registered.stdout == "2026-0002\n")
        let shown = try Schakel.run(["case", "show", "2026-0002"] + base).stdout
        #expect(shown.contains("Voorafgaande consulten"))
        #expect(shown.contains("CO-1") && shown.contains("CO-2"))
        #expect(try Schakel.run(["consult", "list", "--figures"] + base).stdout == "Wijkteam Noord: 2 → 2\n")
        let again = try Schakel.run(["case", "add", "--from-consult", "CO-1", "--name", "X Y"] + base)
        #expect(again.status == 1 && again.stderr.contains("al aangemeld als casus 2026-0002"))
    }
}
