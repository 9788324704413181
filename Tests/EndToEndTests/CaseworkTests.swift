import Foundation
import TestSupport
import Testing

/// Casework day to day, as a script and an advisor do it.
@Suite("Casework day to day")
struct CaseworkTests {
    @Test(
        "A logged call with the referrer meets the contact deadline; a plain note does not; bad input is refused in words; a closed case takes a note"
    )
    func contactMoments() throws {
        let dir = TemporaryDirectory()
        let add = try Schakel.run([
            "case", "add", "--store", dir.store, "--name", "Pier Postma", "--gemeente", "Leeuwarden",
            "--source", "politie", "--referrer", "Politie Noord", "--contact", "J. de Wit", "--reason", "Overlast",
        ])
        #expect(add.stdout == "2026-0001\n", "\(add.stderr)")
        func show() throws -> String { try Schakel.run(["case", "show", "2026-0001", "--store", dir.store]).stdout }
        let contactLine = { (text: String) in
            text.split(separator: "\n").first { $0.hasPrefix("contact met melder") }.map(String.init) ?? ""
        }
        #expect(!contactLine(try show()).contains("voldaan"))

        let plain = try Schakel.run(["note", "2026-0001", "--store", dir.store, "--text", "Dossier doorgelezen"])
        #expect(plain.status == 0, "\(plain.stderr)")
        #expect(!contactLine(try show()).contains("voldaan"))

        let bad = try Schakel.run(["note", "2026-0001", "--store", dir.store, "--text", "x", "--kind", "fax"])
        #expect(bad.status == 1)
        #expect(
            bad.stderr
                == "schakel: --kind: onbekende soort (fax); bekend: telefoon, gesprek, e-mail, overleg, notitie\n")
        let empty = try Schakel.run(["note", "2026-0001", "--store", dir.store, "--text", "  "])
        #expect(empty.stderr.hasPrefix("schakel: --text: "), "\(empty.stderr)")

        let called = try Schakel.run([
            "note", "2026-0001", "--store", dir.store, "--referrer", "--text", "Melder gebeld, verhaal gehoord",
        ])
        #expect(called.status == 0, "\(called.stderr)")
        let shown = try show()
        #expect(contactLine(shown).contains("✓ voldaan"), "\(shown)")
        #expect(shown.contains("Tester: telefoon met de melder (J. de Wit, Politie Noord): Melder gebeld"), "\(shown)")
        #expect(shown.contains("Tester: notitie: Dossier doorgelezen"))
        // `case show --json` says when it was met, read by another JSON reader (Python's): the
        // fixed clock's moment, as ISO 8601 that Python's datetime takes.
        let json = dir.path + "/case.json"
        let exported = try Schakel.run(["case", "show", "2026-0001", "--json", "--store", dir.store])
        FileManager.default.createFile(atPath: json, contents: Data(exported.stdout.utf8))
        let python = try Spawn.run(
            "/bin/sh",
            [
                "-c",
                """
                /usr/bin/python3 -c 'import json,sys,datetime; d=json.load(open(sys.argv[1])); \
                m=[x for x in d["deadlines"] if x["kind"]=="contact-referrer"][0]; \
                print(m["met"], datetime.datetime.fromisoformat(m["metAt"].replace("Z","+00:00")).isoformat())' "$0"
                """, json,
            ], environment: ["PATH": "/usr/bin:/bin"])
        #expect(python.stdout == "True 2026-11-24T08:00:00+00:00\n", "\(python.stdout)\(python.stderr)")
        // The queue no longer counts the met deadline.
        let list = try Schakel.run(["case", "list", "--store", dir.store])
        #expect(list.stdout.contains("2026-0001"))
        #expect(
            !list.stdout.split(separator: "\n").contains { $0.contains("2026-0001") && $0.hasSuffix("wd") },
            "\(list.stdout)")
        // In English, the same.
        let english = try Schakel.run(["case", "show", "2026-0001", "--store", dir.store, "--lang", "en"])
        #expect(
            english.stdout.contains("phone call with the referrer (J. de Wit, Politie Noord): Melder gebeld"),
            "\(english.stdout)")
    }

    @Test(
        "Five tasks: two ticked off, one moved, one added; handing back asks about the open ones and carries them over; all on the command line"
    )
    func tasksOneByOne() throws {
        let dir = TemporaryDirectory()
        func run(_ arguments: [String]) throws -> Schakel.Result {
            try Schakel.run(arguments + ["--store", dir.store])
        }
        #expect(
            try run([
                "case", "add", "--name", "Pier Postma", "--gemeente", "Leeuwarden", "--wijkteam", "Wijkteam Noord",
                "--source", "politie", "--reason", "x",
            ]).status == 0)
        #expect(
            try run([
                "triage", "2026-0001", "--criterion", "1=ja", "--criterion", "2=ja", "--criterion", "3=ja",
                "--criterion", "4=nee",
            ]).status == 0)
        let decided = try run([
            "decide", "2026-0001", "--outcome", "procesregie", "--rationale", "Drie", "--task", "Politie|Huisbezoek|5",
            "--task", "GGZ|Intake|10", "--task", "Wijkteam|Gezinsplan|10", "--task", "Woonstede|Huurgesprek|15",
            "--task", "School|Overleg|20",
        ])
        #expect(decided.status == 0, "\(decided.stderr)")
        #expect(
            try run(["task", "done", "2026-0001", "T1", "--note", "Samen met wijkagent"]).stdout
                == "2026-0001: T2 T3 T4 T5\n")
        #expect(try run(["task", "done", "2026-0001", "2"]).stdout == "2026-0001: T3 T4 T5\n")
        let twice = try run(["task", "done", "2026-0001", "2"])
        #expect(twice.status == 1)
        #expect(twice.stderr == "schakel: --task: taak is al klaar (T2)\n")
        let unknown = try run(["task", "done", "2026-0001", "T9"])
        #expect(unknown.stderr == "schakel: --task: geen taak met dat nummer; open: T3, T4, T5 (T9)\n")
        let noReason = try run(["task", "move", "2026-0001", "T3", "--due", "2026-12-18", "--reason", " "])
        #expect(noReason.status == 1)
        #expect(
            try run(["task", "move", "2026-0001", "T3", "--due", "2026-12-18", "--reason", "Gezin op vakantie"]).status
                == 0)
        #expect(
            try run(["task", "add", "2026-0001", "--partner", "GGD", "--task", "Bemoeizorg", "--due", "8"]).stdout
                == "2026-0001: T3 T4 T5 T6\n")
        let undecided = try run(["handback", "2026-0001", "--to", "J. Jansen", "--conditions", "Zorg geborgd"])
        #expect(
            undecided.stderr.contains(
                "T3 Wijkteam: Gezinsplan, T4 Woonstede: Huurgesprek, T5 School: Overleg, T6 GGD: Bemoeizorg"),
            "\(undecided.stderr)")
        #expect(
            try run([
                "handback", "2026-0001", "--to", "J. Jansen", "--conditions", "Zorg geborgd", "--open-tasks",
                "overdragen",
            ]).status == 0)
        let shown = try run(["case", "show", "2026-0001"]).stdout
        for line in [
            "taak T1               di 01-12-2026  ✓ voldaan  Politie: Huisbezoek",
            "taak T2               di 08-12-2026  ✓ voldaan  GGZ: Intake",
            "taak T3               vr 18-12-2026  (18 wd)  Wijkteam: Gezinsplan",
            "taak T6               vr 04-12-2026  (8 wd)  GGD: Bemoeizorg",
            "Tester: taak T1 klaar: Samen met wijkagent", "Tester: taak T3 verzet naar 18-12-2026: Gezin op vakantie",
            "Tester: taak toegevoegd: GGD: Bemoeizorg, uiterlijk 04-12-2026",
        ] {
            #expect(shown.contains(line), "missing: \(line)\n\(shown)")
        }
        #expect(shown.contains("open taken overgedragen"))
        // The export carries every task step, and reads back into the same store.
        let export = try run(["export"])
        for name in ["TaskDone", "TaskRescheduled", "TaskAdded"] { #expect(export.stdout.contains("\"\(name)\"")) }
        // Read by another JSON reader (Python's): every commit has its author, and the task steps are there.
        let exportFile = dir.path + "/export.json"
        FileManager.default.createFile(atPath: exportFile, contents: Data(export.stdout.utf8))
        let python = try Spawn.run(
            "/bin/sh",
            [
                "-c",
                """
                /usr/bin/python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); c=d["commits"]; \
                print(len(c), all(x.get("author") for x in c), sorted({e["type"] for x in c for e in x["events"] if e["type"].startswith("Task")}))' "$0"
                """, exportFile,
            ], environment: ["PATH": "/usr/bin:/bin"])
        #expect(
            python.stdout.hasSuffix("True ['TaskAdded', 'TaskDone', 'TaskRescheduled']\n"),
            "\(python.stdout)\(python.stderr)")
        let copy = TemporaryDirectory()
        let file = copy.path + "/export.json"
        FileManager.default.createFile(atPath: file, contents: Data(export.stdout.utf8))
        #expect(try Schakel.run(["import", file, "--store", copy.store]).status == 0)
        #expect(try Schakel.run(["case", "show", "2026-0001", "--store", copy.store]).stdout == shown)
    }

    @Test(
        "Is this person known: a BSN finds a closed case; registering a known person needs --known-ok, and says where they are"
    )
    func known() throws {
        let dir = TemporaryDirectory()
        func run(_ arguments: [String]) throws -> Schakel.Result {
            try Schakel.run(arguments + ["--store", dir.store])
        }
        #expect(
            try run([
                "case", "add", "--name", "Hylke Kuipers", "--bsn", "111222333", "--birthdate", "1980-01-02",
                "--gemeente", "Leeuwarden",
                "--wijkteam", "Wijkteam Noord", "--source", "wijkteam", "--reason", "x",
            ]).status == 0)
        #expect(
            try run([
                "triage", "2026-0001", "--criterion", "1=ja", "--criterion", "2=ja", "--criterion", "3=ja",
                "--criterion", "4=nee",
            ]).status == 0)
        #expect(try run(["decide", "2026-0001", "--outcome", "procesregie", "--rationale", "r"]).status == 0)
        #expect(try run(["handback", "2026-0001", "--to", "J. Jansen", "--conditions", "z"]).status == 0)
        #expect(
            try run(["handback-check", "2026-0001", "--result", "stabiel", "--note", "rustig"]).stdout
                == "2026-0001: afgesloten\n")
        #expect(try run(["case", "list"]).stdout.split(separator: "\n").count == 1)
        #expect(try run(["known", "111222333"]).stdout == "2026-0001  afgesloten    Hylke Kuipers  02-01-1980\n")
        #expect(
            try run(["known", "kuipers", "hylke"]).stdout == "2026-0001  afgesloten    Hylke Kuipers  02-01-1980\n")
        #expect(try run(["known", "jansen"]).stdout == "Niet bekend: geen casus met jansen.\n")
        let json = try run(["known", "02-01-1980", "--json"])
        let rows = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: String]]
        #expect(rows?.first?["case"] == "2026-0001" && rows?.first?["status"] == "afgesloten")

        let again = try run([
            "case", "add", "--name", "H. Kuipers", "--bsn", "111222333", "--gemeente", "Leeuwarden", "--source",
            "politie",
            "--reason", "opnieuw",
        ])
        #expect(again.status == 1)
        #expect(
            again.stderr
                == "schakel: H. Kuipers staat al op 2026-0001 (afgesloten); open die casus, of registreer toch met --known-ok\n"
        )
        let zsm = try run([
            "zsm", "add", "--name", "Hylke Kuipers", "--birthdate", "1980-01-02", "--gemeente", "Leeuwarden",
            "--reason", "aangehouden",
        ])
        #expect(zsm.status == 1, "\(zsm.stdout)")
        #expect(
            try run([
                "case", "add", "--name", "H. Kuipers", "--bsn", "111222333", "--gemeente", "Leeuwarden", "--source",
                "politie",
                "--reason", "opnieuw", "--known-ok",
            ]).stdout == "2026-0002\n")
        #expect(
            try run(["known", "111222333"]).stdout
                == "2026-0002  nieuw         H. Kuipers\n2026-0001  afgesloten    Hylke Kuipers  02-01-1980\n")
    }

    @Test(
        "assign gives a case to a colleague, with a reason in the timeline; the same advisor again is refused in words")
    func assign() throws {
        let dir = TemporaryDirectory()
        func run(_ arguments: [String]) throws -> Schakel.Result {
            try Schakel.run(arguments + ["--store", dir.store])
        }
        #expect(
            try run([
                "case", "add", "--name", "Pier Postma", "--gemeente", "Leeuwarden", "--source", "politie", "--reason",
                "x",
            ]).status == 0)
        #expect(
            try run(["assign", "2026-0001", "--to", "Bram de Boer", "--reason", "Tester met verlof"]).stdout
                == "2026-0001: Bram de Boer\n")
        let again = try run(["assign", "2026-0001", "--to", "bram de boer"])
        #expect(again.stderr == "schakel: --to: is al de verantwoordelijke adviseur (bram de boer)\n")
        let shown = try run(["case", "show", "2026-0001"]).stdout
        #expect(shown.contains("Adviseur              Bram de Boer"))
        #expect(shown.contains("Tester: toegewezen aan Bram de Boer: Tester met verlof"))
    }

    @Test(
        "case correct changes what it names, checked as registering; the timeline keeps old and new and why; bad input changes nothing"
    )
    func correct() throws {
        let dir = TemporaryDirectory()
        func run(_ arguments: [String]) throws -> Schakel.Result {
            try Schakel.run(arguments + ["--store", dir.store])
        }
        #expect(
            try run([
                "case", "add", "--name", "Anne Zijlstra", "--birthdate", "1990-05-06", "--gemeente", "Leeuwarden",
                "--source", "politie", "--reason", "Overlast",
            ]).status == 0)
        let bad = try run(["case", "correct", "2026-0001", "--birthdate", "2030-01-01", "--bsn", "123", "--why", "x"])
        #expect(
            bad.stderr
                == "schakel: --birthdate: datum ligt in de toekomst (2030-01-01); --bsn: een BSN is 9 cijfers (123)\n")
        #expect(
            try run([
                "case", "correct", "2026-0001", "--birthdate", "06-06-1990", "--wijkteam", "Wijkteam Noord",
                "--why", "Verkeerd overgenomen",
            ]).stdout == "2026-0001\n")
        let shown = try run(["case", "show", "2026-0001", "--lang", "en"]).stdout
        #expect(
            shown.contains("Tester: registration corrected (Verkeerd overgenomen): Date of birth 1990-05-06 →"),
            "\(shown)")
        #expect(shown.contains("1990-06-06; Wijkteam — → Wijkteam Noord"))
        #expect(shown.contains("Date of birth         06-06-1990"))
        #expect(shown.contains("Overlast"), "fields not mentioned stay")
    }

    @Test("Closed cases are listed apart (by BSN too), and reopened with a reason; an open case cannot be reopened")
    func closedAndReopened() throws {
        let dir = TemporaryDirectory()
        func run(_ arguments: [String]) throws -> Schakel.Result {
            try Schakel.run(arguments + ["--store", dir.store])
        }
        #expect(
            try run([
                "case", "add", "--name", "Hylke Kuipers", "--bsn", "111222333", "--gemeente", "Leeuwarden",
                "--wijkteam", "Wijkteam Noord",
                "--source", "wijkteam", "--reason", "x",
            ]).status == 0)
        for step in [
            [
                "triage", "2026-0001", "--criterion", "1=ja", "--criterion", "2=ja", "--criterion", "3=ja",
                "--criterion", "4=nee",
            ],
            ["decide", "2026-0001", "--outcome", "procesregie", "--rationale", "r"],
            ["handback", "2026-0001", "--to", "J", "--conditions", "c"],
            ["handback-check", "2026-0001", "--result", "stabiel", "--note", "ok"],
        ] {
            #expect(try run(step).status == 0)
        }
        #expect(try run(["case", "list"]).stdout.split(separator: "\n").count == 1)
        let closed = try run(["case", "list", "--closed", "--filter", "111222333"]).stdout
        #expect(
            closed.split(separator: "\n").count == 2 && closed.contains("2026-0001  Hylke Kuipers")
                && closed.contains("afgesloten"))
        let early = try run(["case", "reopen", "2026-0001", "--why", " "])
        #expect(early.stderr == "schakel: --why: verplicht\n")
        #expect(
            try run(["case", "reopen", "2026-0001", "--why", "Nieuwe melding van de politie"]).stdout
                == "2026-0001: screening\n")
        #expect(try run(["case", "list"]).stdout.contains("2026-0001"))
        let again = try run(["case", "reopen", "2026-0001", "--why", "x"])
        #expect(again.stderr == "schakel: --id: kan niet bij deze status; kan bij: afgesloten (screening)\n")
        #expect(
            try run(["case", "show", "2026-0001"]).stdout.contains("Tester: heropend: Nieuwe melding van de politie"))
    }

    @Test("A family of three on one case: person add and remove; the list shows +2; the child's BSN finds the case")
    func household() throws {
        let dir = TemporaryDirectory()
        func run(_ arguments: [String]) throws -> Schakel.Result {
            try Schakel.run(arguments + ["--store", dir.store])
        }
        #expect(
            try run([
                "case", "add", "--name", "Sjoukje de Vries", "--gemeente", "Leeuwarden", "--source", "wijkteam",
                "--reason", "x",
            ]).status == 0)
        #expect(
            try run(["person", "add", "2026-0001", "--name", "Piet de Vries", "--role", "partner"]).stdout
                == "2026-0001: Sjoukje de Vries, Piet de Vries\n")
        #expect(
            try run([
                "person", "add", "2026-0001", "--name", "Femke de Vries", "--role", "kind", "--birthdate", "2015-03-04",
                "--bsn", "111222333",
            ]).status == 0)
        #expect(try run(["case", "list"]).stdout.contains("Sjoukje de Vries +2"))
        #expect(try run(["known", "111222333"]).stdout == "2026-0001  nieuw         Femke de Vries  04-03-2015\n")
        let twice = try run(["person", "add", "2026-0001", "--name", "femke de vries", "--role", "kind"])
        #expect(twice.stderr == "schakel: --name: staat al op de casus (femke de vries)\n")
        #expect(
            try run(["person", "remove", "2026-0001", "--name", "Piet de Vries"]).stdout
                == "2026-0001: Sjoukje de Vries, Femke de Vries\n")
        let shown = try run(["case", "show", "2026-0001"]).stdout
        #expect(shown.contains("kind                  Femke de Vries  04-03-2015 (11 jaar)  BSN 111222333"))
        #expect(
            shown.contains("Tester: Piet de Vries toegevoegd (partner)")
                && shown.contains("Tester: Piet de Vries van de casus gehaald"))
    }
}

/// The week of a case, by keyboard only, in a real terminal.
@Suite("A week of a case, by keyboard")
struct CaseWeekInTerminalTests {
    @Test(
        "Register a family, log the call, decide with five tasks, tick two, note, correct, reassign, find by BSN, hand back carrying a task, close, find among closed, reopen"
    )
    func week() throws {
        let dir = TemporaryDirectory()
        #expect(try Schakel.run(["store", "init", "--store", dir.store]).status == 0)
        let desk = try TerminalSession(
            ["--store", dir.store], width: 200, height: 150, environment: ["SCHAKEL_ADVISOR": "Anna Visser"])
        desk.waitFor("Geen open casussen")
        // Monday: the registration of the mother, with her BSN.
        try desk.press("n")
        desk.waitFor("Nieuwe aanmelding")
        try desk.type("w")
        try desk.press("Tab", "Tab", "Tab")
        try desk.type("Sjoukje de Vries")
        try desk.press("Tab")
        try desk.type("1980-05-06")
        try desk.press("Tab")
        try desk.type("111222333")
        try desk.press("Tab", "Tab", "Tab", "Tab")
        try desk.type("Leeu")
        try desk.press("Tab", "Right", "Tab")
        try desk.type("Zorgen om het gezin")
        try desk.press("F2")
        desk.waitFor("Casus 2026-0001 geregistreerd")
        try desk.press("Enter")
        desk.waitFor("Status                nieuw")
        // The family: her partner and their daughter.
        for (name, roleKeys, birth) in [("Piet de Vries", ["Left"], ""), ("Femke de Vries", [String](), "04-03-2015")] {
            try desk.press("g")
            desk.waitFor("Gezin of huishouden: 2026-0001")
            try desk.press("Tab")
            try desk.type(name)
            try desk.press("Tab")
            for key in roleKeys { try desk.press(key) }
            if !birth.isEmpty {
                try desk.press("Tab")
                try desk.type(birth)
            }
            try desk.press("F2")
            desk.waitFor("\(name) added") { $0.contains(name) && $0.contains("Vastgelegd voor 2026-0001.") }
        }
        // The call with the referrer meets the contact deadline.
        try desk.press("n")
        desk.waitFor("Notitie of contactmoment: 2026-0001")
        try desk.press("Tab", "Tab", "Tab")
        try desk.type("Verhaal van het wijkteam gehoord")
        try desk.press("F2")
        desk.waitFor("the call") { $0.contains("contact met melder") && $0.contains("✓ voldaan") }
        // Tuesday: triage and decision, procesregie with three tasks in the pane and two added after.
        try desk.press("e")
        desk.waitFor("Escalatie")
        try desk.answer("jjjn")
        for _ in 0..<21 { try desk.press("Down") }
        try desk.type("Drie criteria")
        // Past the deviation, the referral and the four holders (organisation and person each), to
        // the first task: partner, what and when, each a row of its own.
        for _ in 0..<11 { try desk.press("Down") }
        for part in ["Politie", "Huisbezoek", "5", "GGZ", "Intake", "10", "Woonstede", "Huurgesprek", "15"] {
            try desk.type(part)
            try desk.press("Down")
        }
        try desk.press("F2")
        desk.waitFor("procesregie") { $0.contains("Status                procesregie") && $0.contains("taak T3") }
        for (partner, what) in [("School", "Overleg met mentor"), ("Wijkteam", "Gezinsplan")] {
            try desk.press("t")
            desk.waitFor("Taak van het plan: 2026-0001")
            try desk.press("Right", "Right")  // klaar → verzetten → nieuw
            try desk.press("Tab", "Tab")
            try desk.type(partner)
            try desk.press("Tab")
            try desk.type(what)
            try desk.press("Tab")
            try desk.type("10")
            try desk.press("F2")
            desk.waitFor("\(partner) added") { $0.contains("\(partner): \(what)") && $0.contains("Vastgelegd voor") }
        }
        // Two tasks ticked off, the first open one each time.
        for number in [1, 2] {
            try desk.press("t")
            desk.waitFor("Taak van het plan: 2026-0001")
            try desk.press("F2")
            desk.waitFor("T\(number) done") {
                $0.contains("Vastgelegd voor")
                    && $0.split(separator: "\n").contains {
                        $0.hasPrefix(" taak T\(number) ") && $0.contains("✓ voldaan")
                    }
            }
        }
        // A note, a corrected birth date, and the case to a colleague.
        try desk.press("n")
        desk.waitFor("Notitie of contactmoment: 2026-0001")
        try desk.press("Right", "Right", "Right", "Right")  // telefoon → … → notitie
        try desk.press("Tab", "Tab", "Tab")
        try desk.type("Gesprek met moeder gepland")
        try desk.press("F2")
        desk.waitFor("the note") { $0.contains("Vastgelegd voor") }
        try desk.press("v")
        desk.waitFor("Aanmelding verbeteren: 2026-0001")
        try desk.press("Right")  // naam → geboortedatum
        try desk.press("Tab")
        try desk.type("06-06-1980")
        try desk.press("Tab")
        try desk.type("Verkeerd overgenomen")
        try desk.press("F2")
        desk.waitFor("corrected") { $0.contains("06-06-1980") && $0.contains("Vastgelegd voor") }
        try desk.press("w")
        desk.waitFor("Toewijzen aan een adviseur: 2026-0001")
        try desk.type("Bram de Boer")
        try desk.press("F2")
        desk.waitFor("reassigned") { $0.contains("Adviseur              Bram de Boer") }
        // Thursday: ZSM asks about the mother; her BSN finds the case from the queue.
        try desk.press("Escape")
        try desk.press("/")
        try desk.type("111222333")
        try desk.press("Enter")
        desk.waitFor("found by BSN") { $0.contains("2026-0001") && $0.contains("Sjoukje de Vries +2") }
        // Friday: handed back with the open tasks carried over, then the check closes it.
        try desk.press("Enter")
        try desk.fillHandback("2026-0001", contact: "J. Jansen", conditions: "Zorg geborgd")
        try desk.press("Tab", "Tab", "Tab", "Tab", "Right")
        desk.waitFor("overdragen aan wijkteam")
        try desk.press("F2")
        desk.waitFor("handed back") { $0.contains("Status                teruggelegd") }
        try desk.press("c")
        desk.waitFor("Controle na terugleggen: 2026-0001")
        try desk.type("stabiel")
        try desk.press("Tab")
        try desk.type("Rust in het gezin")
        try desk.press("F2")
        desk.waitFor("closed") { $0.contains("Vastgelegd voor 2026-0001.") && !$0.contains("Sjoukje de Vries +2") }
        // Weeks later: found among the closed cases and reopened.
        try desk.press("Escape", "Escape")
        try desk.press("a")
        desk.waitFor("among closed") { $0.contains("Sjoukje de Vries +2") && $0.contains("afgesloten") }
        try desk.press("Enter")
        try desk.press("h")
        desk.waitFor("Casus heropenen: 2026-0001")
        try desk.type("Nieuwe melding van school")
        try desk.press("F2")
        desk.waitFor("reopened") { $0.contains("Status                screening") }
        // The record, by script.
        let shown = try Schakel.run(["case", "show", "2026-0001", "--store", dir.store]).stdout
        for line in [
            "Anna Visser: telefoon met de melder", "Anna Visser: taak T1 klaar", "Anna Visser: taak T2 klaar",
            "aanmelding verbeterd (Verkeerd overgenomen)", "toegewezen aan Bram de Boer", "open taken overgedragen",
            "heropend: Nieuwe melding van school", "Femke de Vries toegevoegd (kind)",
        ] {
            #expect(shown.contains(line), "missing: \(line)\n\(shown)")
        }
    }
}
