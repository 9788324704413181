import Foundation
import TestSupport
import Testing

@Suite("The command line, as a script drives it")
struct CommandLineTests {
    @Test("Adding, listing and showing a case; the id comes only after the change is durable")
    func addListShow() throws {
        let dir = TemporaryDirectory()
        let add = try Schakel.run([
            "case", "add", "--store", dir.store, "--name", "Anne de Vries", "--bsn", "111222333",
            "--birthdate", "1980-02-03", "--gemeente", "leeuwarden", "--wijkteam", "noord",
            "--source", "politie", "--reason", "Overlast", "--risk", "geweld,wapens",
        ])
        #expect(add.status == 0)
        #expect(add.stdout == "2026-0001\n")
        #expect(add.stderr.isEmpty)
        let json = try Schakel.run([
            "case", "add", "--store", dir.store, "--name", "Piet", "--gemeente", "Vlieland",
            "--source", "zsm", "--reason", "Aangehouden", "--json",
        ])
        // One case is one object, not a list of one.
        let decoded = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
        #expect(decoded?["id"] as? String == "2026-0002")
        #expect(decoded?["source"] as? String == "om-zsm")
        let shown = try Schakel.run(["case", "show", "2026-0002", "--store", dir.store, "--json"])
        let object = try JSONSerialization.jsonObject(with: Data(shown.stdout.utf8)) as? [String: Any]
        #expect(object?["id"] as? String == "2026-0002")
        #expect((object?["timeline"] as? [[String: Any]])?.count == 1)

        let list = try Schakel.run(["case", "list", "--store", dir.store])
        let lines = list.stdout.split(separator: "\n")
        #expect(lines.count == 3)
        #expect(lines[1].hasPrefix("2026-0002  Piet"))  // the ZSM request is on top
        #expect(lines[2].contains("Leeuwarden / Wijkteam Noord"))
        let filtered = try Schakel.run(["case", "list", "--store", dir.store, "--filter", "vries", "--json"])
        #expect((try JSONSerialization.jsonObject(with: Data(filtered.stdout.utf8)) as? [Any])?.count == 1)

        let show = try Schakel.run(["case", "show", "2026-1", "--store", dir.store])
        #expect(show.status == 0)
        #expect(show.stdout.contains("BSN                   111222333"))
        #expect(show.stdout.contains("Risicosignalen\n  geweld, wapens"))
        let english = try Schakel.run(["case", "show", "2026-0001", "--store", dir.store, "--lang", "en"])
        #expect(english.stdout.contains("Risk signals\n  violence, weapons"))
    }

    @Test(
        "Bad input: one clear line on stderr, a non-zero exit, and nothing changed",
        arguments: [
            (["--bsn", "123456789"], "--bsn: geen geldig BSN (11-proef) (123456789)"),
            (["--birthdate", "1980-02-30"], "--birthdate: geen datum; schrijf dd-mm-jjjj (1980-02-30)"),
            (["--source", "buurman"], "--source: onbekende bron (buurman); bekend: wijkteam, politie, om-zsm"),
            (["--gemeente", "Amsterdam"], "--gemeente: onbekende gemeente (Amsterdam); bekend: Achtkarspelen"),
            (["--name", "  "], "--name: verplicht"),
            (["--postcode", "12345"], "--postcode: postcode als 1234 AB (12345)"),
        ])
    func badInput(override: [String], message: String) throws {
        let dir = TemporaryDirectory()
        try Schakel.run([
            "case", "add", "--store", dir.store, "--name", "Eerste", "--gemeente", "Harlingen",
            "--source", "wijkteam", "--reason", "x",
        ])
        let before = FileManager.default.contents(atPath: dir.database)
        var arguments = [
            "case", "add", "--store", dir.store, "--name", "Anne", "--gemeente", "Leeuwarden",
            "--source", "wijkteam", "--reason", "Zorgen",
        ]
        for index in stride(from: 0, to: override.count, by: 2) {
            if let at = arguments.firstIndex(of: override[index]) {
                arguments[at + 1] = override[index + 1]
            } else {
                arguments += [override[index], override[index + 1]]
            }
        }
        let result = try Schakel.run(arguments)
        #expect(result.status != 0)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.hasPrefix("schakel: " + message))
        #expect(result.stderr.split(separator: "\n").count == 1)
        #expect(FileManager.default.contents(atPath: dir.database) == before)
    }

    @Test("Even the argument parser's own errors never pass escape sequences on")
    func parserErrors() throws {
        let result = try Schakel.run(["--bogus\u{1B}[2J\u{1B}]0;x\u{07}"])
        #expect(result.status == 1)
        #expect(try Schakel.run(["--version"]).stdout == "0.11.0\n")
        #expect(result.stderr.hasPrefix("Fout: Onbekende optie '--bogus␛[2J␛]0;x␇'"))
        #expect(!result.stderr.contains("\u{1B}"))
        #expect(try Schakel.run(["--help"]).stdout.hasPrefix("OVERVIEW: Desk for the advisors"))
    }

    @Test(
        "Every message of a run is in its one language: Dutch by default, English with --lang en",
        arguments: ["nl", "en"])
    func oneLanguage(lang: String) throws {
        let dir = TemporaryDirectory()
        let store = dir.path + "/store"
        let bad = dir.path + "/bad.csv"
        try Data("organisatie;soort;naam;telefoon\nGGD;brood;Jan;123\n".utf8).write(to: URL(fileURLWithPath: bad))
        // An export whose last commit registers a case a second time: the domain's own refusal.
        let source = dir.path + "/source"
        #expect(try Schakel.run(["demo", "--cases", "5", "--store", source]).status == 0)
        let exported = dir.path + "/export.json"
        #expect(try Schakel.run(["export", "--out", exported, "--store", source]).status == 0)
        var export = try #require(
            try JSONSerialization.jsonObject(with: try Data(contentsOf: URL(fileURLWithPath: exported)))
                as? [String: Any])
        var commits = try #require(export["commits"] as? [[String: Any]])
        var again = try #require(commits.first { ($0["events"] as? [Any])?.isEmpty == false })
        again["sequence"] = commits.count + 1
        commits.append(again)
        export["commits"] = commits
        let twice = dir.path + "/twice.json"
        try JSONSerialization.data(withJSONObject: export).write(to: URL(fileURLWithPath: twice))
        let runs: [[String]] = [
            ["demo", "--cases", "12", "--store", store], ["demo", "--cases", "12", "--store", store],
            ["demo", "--cases", "0", "--store", store],
            ["case", "show", "2026-9999", "--store", store], ["import", dir.path + "/nope.json", "--store", store],
            ["case", "list", "--store", dir.path + "/none"], ["case", "add", "--bogus", "--store", store],
            ["case", "add", "--store", store],
            ["partner", "import", bad, "--store", store], ["partner", "export", "--format", "xml", "--store", store],
            ["check", "--store", store], ["export", "--out", dir.path + "/out.json", "--store", store],
            ["store", "config", "get", "settings.json", "--store", store],
            ["store", "config", "get", "secrets.txt", "--store", store],
            ["case", "note", "2026-0001", "--store", store], ["import", twice, "--store", dir.path + "/fresh"],
        ]
        // Words only the other language uses; option names, paths and the options' help texts
        // (which stay English: "Hulp:" lines) are taken out first.
        let other =
            lang == "nl"
            ? [
                "no ", "cannot", "failed", "cases", "Error", "holds", "not ", "line ", "Usage", "See ", "takes",
                "imported", "ready", "changes",
            ]
            : [
                "geen", "kan ", "opslag", "mislukt", "casussen", "Fout", "bevat", "niet", "regel", "Gebruik", "Zie ",
                "kent ", "wijzigingen",
            ]
        var said = 0
        for arguments in runs {
            let result = try Schakel.run(arguments + ["--lang", lang])
            let text = (result.stdout + result.stderr).replacingOccurrences(of: dir.path, with: "DIR")
                .replacingOccurrences(of: #"--[a-z-]+"#, with: "", options: .regularExpression)
                .split(separator: "\n").filter {
                    !$0.hasPrefix("Hulp:") && !$0.hasPrefix("Help:") && !$0.hasPrefix("Gebruik: schakel")
                        && !$0.hasPrefix("Usage: schakel")
                }
                .joined(separator: "\n")
            said += text.isEmpty ? 0 : 1
            for word in other {
                #expect(
                    !text.contains(word), "\(arguments.joined(separator: " ")) --lang \(lang) says \"\(word)\": \(text)"
                )
            }
        }
        #expect(said == runs.count)
    }

    @Test("A settings.json that names a moved setting is refused by every command but the one that mends it")
    func mendConfiguration() throws {
        let dir = TemporaryDirectory()
        let store = dir.path + "/store"
        #expect(try Schakel.run(["store", "init", "--store", store]).status == 0)
        try Data(#"{"zsmAnswerHours": 5}"#.utf8).write(to: URL(fileURLWithPath: store + "/settings.json"))
        let refused = try Schakel.run(["case", "list", "--store", store])
        #expect(
            refused.status == 1 && refused.stderr.contains("\"zsmAnswerHours\" is geen instelling meer"),
            "\(refused.stderr)")
        let good = dir.path + "/good.json"
        try Data(#"{"consultThreadCount": 4}"#.utf8).write(to: URL(fileURLWithPath: good))
        let set = try Schakel.run(["store", "config", "set", "settings.json", good, "--store", store])
        #expect(set.status == 0, "\(set.stderr)")
        #expect(try Schakel.run(["case", "list", "--store", store]).status == 0)
    }

    @Test("Global options may come before the subcommand: schakel --store X case list, --lang en --store=X case show")
    func globalOptionsFirst() throws {
        let dir = TemporaryDirectory()
        #expect(try Schakel.run(["--store", dir.store, "demo", "--cases", "4"]).status == 0)
        let listed = try Schakel.run(["--store", dir.store, "case", "list"])
        #expect(
            listed.status == 0 && listed.stdout.hasPrefix("Nr ") && listed.stdout.contains("2026-000"),
            "\(listed.stderr)")
        let shown = try Schakel.run(["--lang", "en", "--store=\(dir.store)", "case", "show", "2026-9999"])
        #expect(shown.stderr == "schakel: no case 2026-9999 in \(dir.store)\n")
    }

    @Test("Unknown ids, unreadable files and a second demo are refused clearly")
    func otherRefusals() throws {
        let dir = TemporaryDirectory()
        #expect(try Schakel.run(["demo", "--store", dir.store, "--cases", "12"]).status == 0)
        let again = try Schakel.run(["demo", "--store", dir.store])
        #expect(again.status != 0)
        #expect(again.stderr.contains("bevat al 12 casussen"))
        let show = try Schakel.run(["case", "show", "2026-9999", "--store", dir.store])
        #expect(show.status != 0)
        #expect(show.stderr == "schakel: geen casus 2026-9999 in \(dir.store)\n")
        let bad = try Schakel.run(["case", "show", "42", "--store", dir.store])
        #expect(bad.stderr == "schakel: casusnummer als 2026-0042 (42)\n")
        let missing = try Schakel.run(["import", dir.path + "/nope.json", "--store", dir.path + "/other"])
        #expect(missing.status != 0)
        #expect(missing.stderr.contains("niet lezen"))
        #expect(!FileManager.default.fileExists(atPath: dir.path + "/other"))
        let noStore = try Schakel.run(["case", "list", "--store", dir.path + "/none"])
        #expect(noStore.stderr.contains("nog geen opslag op"))
    }

    @Test("Export, import into a new store, and check: the same cases, byte for byte the same export")
    func exportImportCheck() throws {
        let dir = TemporaryDirectory()
        try Schakel.run(["demo", "--store", dir.store, "--cases", "30", "--seed", "7"])
        let export = dir.path + "/export.json"
        #expect(try Schakel.run(["export", "--store", dir.store, "--out", export]).status == 0)
        let copy = dir.path + "/copy"
        let imported = try Schakel.run(["import", export, "--store", copy])
        #expect(imported.status == 0)
        #expect(imported.stdout.hasPrefix("30 casussen ("))
        let a = try Schakel.run(["case", "list", "--store", dir.store, "--json"]).stdout
        let b = try Schakel.run(["case", "list", "--store", copy, "--json"]).stdout
        #expect(a == b)
        let check = try Schakel.run(["check", "--store", copy])
        #expect(check.status == 0)
        #expect(check.stdout.hasSuffix("ok\n"))
        let exportMode = try FileManager.default.attributesOfItem(atPath: export)[.posixPermissions] as? Int
        #expect(exportMode == 0o600)
    }

    @Test("A file that is not a store's database is one clear refusal, and nothing overwrites it")
    func notADatabase() throws {
        let dir = TemporaryDirectory()
        try Schakel.run([
            "case", "add", "--store", dir.store, "--name", "A", "--gemeente", "Harlingen", "--source", "politie",
            "--reason", "x",
        ])
        var bytes = [UInt8](FileManager.default.contents(atPath: dir.database) ?? Data())
        for i in 0..<16 { bytes[i] = 0x41 }
        FileManager.default.createFile(atPath: dir.database, contents: Data(bytes))
        let check = try Schakel.run(["check", "--store", dir.store])
        #expect(check.status == 1)
        #expect(check.stderr == "schakel: \(dir.database) is geen schakel-database (geen SQLite-bestand)\n")
        let add = try Schakel.run([
            "case", "add", "--store", dir.store, "--name", "B", "--gemeente", "Harlingen", "--source", "politie",
            "--reason", "y",
        ])
        #expect(add.status == 1)
        #expect(add.stderr == "schakel: \(dir.database) is geen schakel-database (geen SQLite-bestand)\n")
        #expect([UInt8](FileManager.default.contents(atPath: dir.database) ?? Data()) == bytes)
    }
}

@Suite("The triage instrument on the command line")
struct InstrumentCommandTests {
    @Test("The bundled instrument is shown; an edited file with a mistake is refused by file and line")
    func checkAndShow() throws {
        let dir = TemporaryDirectory()
        let shown = try Schakel.run(["instrument", "--store", dir.store])
        #expect(shown.status == 0)
        #expect(shown.stdout.hasPrefix("AVE-triage-instrument Fryslân  (instrument-fryslan.txt)\n"))
        #expect(shown.stdout.contains("criteria: (1 and 2 and 3) or 4"))
        #expect(shown.stdout.contains("    bestuurlijk: burgemeester"))

        let bundled = SourceTree.text("Resources/Data/instrument-fryslan.txt")
        #expect(bundled.contains("review-weeks = 6"))
        let edited = dir.path + "/regio.txt"
        try bundled.replacingOccurrences(of: "review-weeks = 6", with: "review-weeks = zes").write(
            toFile: edited, atomically: true, encoding: .utf8)
        let line = bundled.components(separatedBy: "\n").firstIndex(of: "review-weeks = 6").map { $0 + 1 } ?? 0
        let refused = try Schakel.run(["instrument", "--instrument", edited])
        #expect(refused.status == 1)
        #expect(
            refused.stderr
                == "schakel: \(edited):\(line): \"review-weeks\" must be a whole number from 1 to 52, not \"zes\"\n")
        // Named on the command line, a bad file stops any command, the desk included.
        let listing = try Schakel.run(["case", "list", "--store", dir.store, "--instrument", edited])
        #expect(listing.stderr == refused.stderr)

        // A store's own instrument.txt is used when there is one.
        try FileManager.default.createDirectory(atPath: dir.store, withIntermediateDirectories: true)
        try bundled.replacingOccurrences(
            of: "name = AVE-triage-instrument Fryslân", with: "name = Instrument Testregio"
        )
        .write(toFile: dir.store + "/instrument.txt", atomically: true, encoding: .utf8)
        #expect(
            try Schakel.run(["instrument", "--store", dir.store]).stdout.hasPrefix(
                "Instrument Testregio  (\(dir.store)/instrument.txt)"))
    }
}

@Suite("Triage and decisions on the command line")
struct TriageCommandTests {
    @Test("Triage prints the recommendation; a deviating decision needs its reason; the case shows both")
    func triageAndDecide() throws {
        let dir = TemporaryDirectory()
        try Schakel.run([
            "case", "add", "--store", dir.store, "--name", "Anne", "--gemeente", "Leeuwarden", "--source", "politie",
            "--reason", "Overlast", "--risk", "wapens",
        ])
        let triage = try Schakel.run([
            "triage", "2026-0001", "--store", dir.store, "--criterion", "1=ja", "--criterion", "2=ja",
            "--criterion", "3=ja", "--criterion", "4=ja:wapenbezit in de buurt",
            "--zrm", "Financiën=2", "--zrm", "Justitie=1",
        ])
        #expect(triage.status == 0, "\(triage.stderr)")
        #expect(triage.stdout.hasPrefix("2026-0001: bestuurlijke opschaling, AVE 4\n  · criteria 1, 2, 3, 4 vervuld\n"))
        #expect(triage.stdout.contains("  · veiligheidssignaal: wapens\n"))

        let refused = try Schakel.run([
            "decide", "2026-0001", "--store", dir.store, "--outcome", "procesregie", "--rationale", "Eerst samen",
        ])
        #expect(refused.status == 1)
        #expect(
            refused.stderr == "schakel: --deviation: wijkt af van de aanbeveling (bestuurlijk, AVE 4); geef een reden\n"
        )

        let decided = try Schakel.run([
            "decide", "2026-0001", "--store", dir.store, "--outcome", "procesregie", "--rationale", "Eerst samen",
            "--deviation", "Burgemeester pas bij escalatie", "--task", "Politie|Huisbezoek|3",
            "--holder", "casusregie=Wijkteam Noord/J. Jansen",
        ])
        #expect(decided.stdout == "2026-0001: ZVH neemt procesregie, AVE 3\n")
        let show = try Schakel.run(["case", "show", "2026-0001", "--store", dir.store])
        #expect(show.stdout.contains("Criterium 4           ja — wapenbezit in de buurt"))
        #expect(
            show.stdout.contains(
                "Afwijking             bestuurlijke opschaling, AVE 4 → Burgemeester pas bij escalatie"))
        #expect(show.stdout.contains("casusregie            Wijkteam Noord, J. Jansen"))
        #expect(show.stdout.contains("Plan van aanpak       1 taak bij het besluit, zie Termijnen"))
        #expect(
            show.stdout.range(
                of: #"taak T1 +vr 27-11-2026  \(\d+ wd\)  Politie: Huisbezoek"#, options: .regularExpression) != nil)
        #expect(show.stdout.range(of: #"evaluatie +di 05-01-2027  \("#, options: .regularExpression) != nil)
        let list = try Schakel.run(["case", "list", "--store", dir.store])
        #expect(list.stdout.contains("procesregie"))
        let noTriage = try Schakel.run([
            "case", "add", "--store", dir.store, "--name", "B", "--gemeente", "Harlingen", "--source", "wijkteam",
            "--reason", "y",
        ])
        #expect(noTriage.status == 0)
        let early = try Schakel.run([
            "decide", "2026-0002", "--store", dir.store, "--outcome", "advies", "--rationale", "x",
        ])
        #expect(early.stderr == "schakel: --id: nog geen triage vastgelegd (schakel triage) (2026-0002)\n")
    }
}

@Suite("From registration to closing on the command line")
struct WholeCaseTests {
    @Test("register → triage → decide procesregie with a task → review → hand back → check → closed")
    func wholeCase() throws {
        let dir = TemporaryDirectory()
        let store = ["--store", dir.store]
        func run(_ arguments: [String]) throws -> String {
            let result = try Schakel.run(arguments + store)
            #expect(result.status == 0, "\(arguments): \(result.stderr)")
            return result.stdout
        }
        #expect(
            try run([
                "case", "add", "--name", "Pier Postma", "--gemeente", "Leeuwarden", "--wijkteam", "noord",
                "--source", "wijkteam", "--reason", "Zorgen en overlast",
            ]) == "2026-0001\n")
        _ = try run(["triage", "2026-0001", "--criterion", "1=ja", "--criterion", "2=ja", "--criterion", "3=ja"])
        #expect(
            try run([
                "decide", "2026-0001", "--outcome", "procesregie", "--rationale", "Drie criteria",
                "--task", "GGZ|Intake|5",
            ]) == "2026-0001: ZVH neemt procesregie, AVE 3\n")
        #expect(try run(["review", "2026-0001", "--note", "Intake gedaan"]) == "2026-0001: procesregie\n")
        let early = try Schakel.run(["handback-check", "2026-0001", "--result", "stabiel", "--note", "x"] + store)
        #expect(early.status == 1)
        #expect(early.stderr.contains("--id: kan niet bij deze status; kan bij: teruggelegd (procesregie)"))
        // The plan's task is open: the handback asks what becomes of it, and is refused until told.
        let undecided = try Schakel.run(
            ["handback", "2026-0001", "--to", "J. Jansen", "--conditions", "Zorg geborgd"] + store)
        #expect(undecided.status == 1)
        #expect(
            undecided.stderr.hasPrefix("schakel: --open-tasks: open taken: overdragen of afsluiten?"),
            "\(undecided.stderr)")
        #expect(
            try run([
                "handback", "2026-0001", "--to", "J. Jansen", "--conditions", "Zorg geborgd", "--open-tasks",
                "afsluiten",
            ])
                == "2026-0001: teruggelegd\n")
        let listed = try run(["case", "list"])
        #expect(listed.contains("teruggelegd"))
        #expect(
            try run(["handback-check", "2026-0001", "--result", "stabiel", "--note", "Rustig"])
                == "2026-0001: afgesloten\n")
        #expect(try run(["case", "list"]).split(separator: "\n").count == 1)  // only the header: nothing open
        let shown = try run(["case", "show", "2026-0001"])
        #expect(shown.contains("teruggelegd bij Wijkteam Noord (J. Jansen); warme overdracht 24-11-2026,"))
        #expect(shown.contains("controle 24-02-2027"))
        #expect(shown.contains("controle: stabiel, afgesloten — Rustig"))
        let check = try Schakel.run(["check"] + store)
        #expect(check.stdout.contains("casussen   1 (0 open)"))
    }
}

@Suite("ZSM on the command line")
struct ZSMCommandTests {
    @Test("A ZSM request is on top until answered; the decision follows the answer")
    func zsm() throws {
        let dir = TemporaryDirectory()
        let store = ["--store", dir.store]
        try Schakel.run(
            ["case", "add", "--name", "Eerst", "--gemeente", "Harlingen", "--source", "wijkteam", "--reason", "x"]
                + store)
        #expect(
            try Schakel.run(
                ["zsm", "add", "--name", "Durk Visser", "--gemeente", "Vlieland", "--reason", "Aangehouden"] + store
            ).stdout == "2026-0002\n")
        #expect(
            try Schakel.run(["case", "list"] + store).stdout.split(separator: "\n")[1].hasPrefix(
                "2026-0002  Durk Visser"))
        let early = try Schakel.run(["zsm", "decision", "2026-0002", "--decision", "Sepot"] + store)
        #expect(early.stderr == "schakel: --id: nog geen ZSM-advies verstuurd (2026-0002)\n")
        #expect(
            try Schakel.run(["zsm", "answer", "2026-0002", "--known", "nee", "--advice", "Halt-afdoening"] + store)
                .status == 0)
        #expect(
            try Schakel.run(["case", "list"] + store).stdout.split(separator: "\n")[1].hasPrefix("2026-0001  Eerst"))
        #expect(try Schakel.run(["zsm", "decision", "2026-0002", "--decision", "Halt"] + store).status == 0)
        let shown = try Schakel.run(["case", "show", "2026-0002"] + store).stdout
        #expect(shown.contains("ZSM-advies verstuurd: bekend nee; advies: Halt-afdoening"))
        #expect(shown.contains("ZSM-beslissing: Halt"))
    }
}
