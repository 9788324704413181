import Foundation
import TestSupport
import Testing

/// `schakel report` on a store filled through the command line at known moments, read back by
/// other tools: Python's csv and json, python-markdown, and LibreOffice Calc with a Dutch profile.
@Suite("schakel report: a quarter's figures per gemeente, as text, CSV, Markdown and JSON")
struct ReportEndToEndTests {
    /// Fifteen cases in the third quarter: seven in Harlingen (five triaged 36 hours after they came
    /// in, one of them referred on: no ZVH case), six in Leeuwarden, two in Heerenveen; one in October.
    static func store() throws -> TemporaryDirectory {
        let dir = TemporaryDirectory()
        func run(_ arguments: [String], at moment: String) throws {
            let result = try Schakel.run(arguments + ["--store", dir.store], environment: ["SCHAKEL_NOW": moment])
            try #require(result.status == 0, "\(arguments): \(result.stderr)")
        }
        var number = 0
        for (gemeente, wijkteam, count) in [
            ("Harlingen", "Wijkteam Harlingen", 7), ("Leeuwarden", "Wijkteam Noord", 6),
            ("Heerenveen", "Wijkteam Heerenveen Noord", 2),
        ] {
            for _ in 0..<count {
                number += 1
                try run(
                    [
                        "case", "add", "--name", "Persoon \(number)", "--gemeente", gemeente, "--wijkteam", wijkteam,
                        "--source", "wijkteam", "--reason", "Zorgen",
                    ], at: String(format: "2026-07-%02dT08:00:00Z", number))
            }
        }
        for case_ in 1...5 {
            let id = String(format: "2026-%04d", case_)
            try run(
                ["triage", id, "--criterion", "1=ja", "--criterion", "2=ja", "--criterion", "3=ja"],
                at: String(format: "2026-07-%02dT20:00:00Z", case_ + 1))
        }
        try run(
            [
                "decide", "2026-0001", "--outcome", "verwijzen", "--rationale", "Hoort bij de GGZ", "--to", "GGZ",
                "--deviation", "De GGZ heeft het al",
            ],
            at: "2026-07-10T08:00:00Z")
        try run(
            [
                "case", "add", "--name", "Later", "--gemeente", "Harlingen", "--wijkteam", "Wijkteam Harlingen",
                "--source", "politie", "--reason", "x",
            ], at: "2026-10-02T08:00:00Z")
        return dir
    }

    static func report(_ dir: TemporaryDirectory, _ arguments: [String]) throws -> Schakel.Result {
        try Schakel.run(["report", "--store", dir.store, "--period", "2026-Q3", "--by", "gemeente"] + arguments)
    }

    static func python(_ script: String, _ input: String) throws -> String {
        let dir = TemporaryDirectory()
        let file = dir.path + "/input"
        try Data(input.utf8).write(to: URL(fileURLWithPath: file))
        let run = try Spawn.run("/usr/bin/python3", ["-c", script, file], environment: ["PATH": "/usr/bin:/bin"])
        try #require(run.status == 0, "\(run.stderr)")
        return run.stdout
    }

    @Test("CSV read by Python's csv: Heerenveen (2) held back, Leeuwarden (6) with it, Harlingen and the total shown")
    func csv() throws {
        let dir = try Self.store()
        let result = try Self.report(dir, ["--format", "csv"])
        #expect(result.status == 0, "\(result.stderr)")
        let rows = try Self.python(
            """
            import csv, json, sys
            print(json.dumps(list(csv.reader(open(sys.argv[1], encoding='utf-8-sig', newline=''), delimiter=';'))))
            """, result.stdout)
        let table = try #require(try JSONSerialization.jsonObject(with: Data(rows.utf8)) as? [[String]])
        let header = try #require(table.first)
        func column(_ name: String) throws -> Int { try #require(header.firstIndex(of: name), "\(header)") }
        let byName = Dictionary(uniqueKeysWithValues: table.dropFirst().map { ($0[0], $0) })
        #expect(Set(byName.keys) == ["Harlingen", "Heerenveen", "Leeuwarden", "Totaal"])
        #expect(byName["Heerenveen"]?.dropFirst().allSatisfy { $0 == "< 5" } == true)
        #expect(byName["Leeuwarden"]?.dropFirst().allSatisfy { $0 == "< 5" } == true)
        let harlingen = try #require(byName["Harlingen"])
        let total = try #require(byName["Totaal"])
        #expect(harlingen[try column("Aanmeld.")] == "7")
        #expect(total[try column("Aanmeld.")] == "15")
        #expect(harlingen[try column("Besluit")] == "1")
        #expect(harlingen[try column("geen ZVH-casus, verwezen")] == "1")
        // Five triages, each 36 hours after the case came in: 1,5 days as a Dutch spreadsheet writes it.
        #expect(harlingen[try column("Aanm.→triage n")] == "5")
        #expect(harlingen[try column("Aanm.→triage mediaan")] == "1,5")
        #expect(harlingen[try column("Aanm.→triage p90")] == "", "a 90th percentile needs ten cases")
        // One decision is too few for its lead time to be shown.
        #expect(harlingen[try column("Triage→besl. mediaan")] == "< 5")
    }

    @Test("Opened in a Dutch spreadsheet (LibreOffice Calc), the figures are numbers and the held-back cells text")
    func spreadsheet() throws {
        let dir = try Self.store()
        let csv = try Self.report(dir, ["--format", "csv"]).stdout
        let work = TemporaryDirectory()
        try Data(csv.utf8).write(to: URL(fileURLWithPath: work.path + "/report.csv"))
        let converted = try LibreOffice.convert("report.csv", in: work.path, to: "fods", out: "out")
        let flat = try String(contentsOfFile: converted, encoding: .utf8)
        // Each cell as the spreadsheet holds it: its type and value, row by row.
        let cells = try Self.python(
            """
            import sys, json, xml.etree.ElementTree as ET
            ns = {'table': 'urn:oasis:names:tc:opendocument:xmlns:table:1.0',
                  'office': 'urn:oasis:names:tc:opendocument:xmlns:office:1.0',
                  'text': 'urn:oasis:names:tc:opendocument:xmlns:text:1.0'}
            rows = []
            for row in ET.parse(sys.argv[1]).getroot().iter('{%s}table-row' % ns['table']):
                out = []
                for cell in row.findall('table:table-cell', ns):
                    repeat = int(cell.get('{%s}number-columns-repeated' % ns['table'], '1'))
                    kind = cell.get('{%s}value-type' % ns['office'], '')
                    value = cell.get('{%s}value' % ns['office']) or ''.join(cell.itertext()).strip()
                    out += [[kind, value]] * min(repeat, 60)
                rows.append(out)
            print(json.dumps(rows))
            """, flat)
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(cells.utf8)) as? [[[String]]])
        let header = try #require(rows.first).map { $0[1] }
        let harlingen = try #require(rows.first { $0.first?[1] == "Harlingen" })
        let median = try #require(header.firstIndex(of: "Aanm.→triage mediaan"))
        let registrations = try #require(header.firstIndex(of: "Aanm.→triage n"))
        #expect(harlingen[median] == ["float", "1.5"], "\(harlingen)")
        #expect(harlingen[registrations] == ["float", "5"])
        let heerenveen = try #require(rows.first { $0.first?[1] == "Heerenveen" })
        #expect(heerenveen[1] == ["string", "< 5"])
    }

    @Test("JSON and Markdown read by Python; text fits 80 columns; the report is in the access log")
    func otherFormats() throws {
        let dir = try Self.store()
        let json = try Self.report(dir, ["--format", "json"])
        let summary = try Self.python(
            """
            import json, sys
            d = json.load(open(sys.argv[1]))
            rows = {r['group']: r for r in d['rows']}
            print(json.dumps([d['period'], d['minimum'], d['total']['figures']['registrations'],
                rows['Heerenveen']['suppressed'], 'figures' in rows['Heerenveen'],
                rows['Harlingen']['figures']['outcomes']['verwijzen'],
                rows['Harlingen']['figures']['leadTimes']['registrationToTriage']['medianDays'],
                d['total']['monthly'][-3:]]))
            """, json.stdout)
        #expect(
            summary.trimmingCharacters(in: .whitespacesAndNewlines)
                == #"["2026-Q3", 5, 15, true, false, 1, 1.5, [15, 0, 0]]"#)

        let markdown = try Self.report(dir, ["--format", "md"])
        let html = try Self.python(
            "import markdown, sys; print(markdown.markdown(open(sys.argv[1]).read(), extensions=['tables']))",
            markdown.stdout)
        #expect(html.components(separatedBy: "<table>").count - 1 == 3, "\(html)")
        #expect(html.contains("<td>Harlingen</td>"))
        #expect(!html.contains("Persoon"), "no names in a report")

        let text = try Self.report(dir, [])
        #expect(text.status == 0)
        let lines = text.stdout.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.allSatisfy { $0.count <= 80 }, "\(lines.filter { $0.count > 80 })")
        #expect(text.stdout.contains("Rapportage 2026-Q3"))
        // Every table whole: its last column's header and the total's last figure are on screen.
        #expect(lines.contains { $0.hasSuffix("Te lang") } && lines.contains { $0.hasSuffix("ZSM op tijd") })
        #expect(lines.contains { $0.hasPrefix("Totaal") && $0.hasSuffix("0/0") }, "\(lines)")
        #expect(!text.stdout.contains("Persoon"))

        let audit = try Schakel.run(["audit", "--store", dir.store, "--format", "csv"])
        #expect(audit.stdout.contains("report 2026-Q3 gemeente json"), "\(audit.stdout)")
        #expect(audit.stdout.contains("report 2026-Q3 gemeente text"))
    }

    @Test("Bad input gets a clear error, in Dutch or English, and writes nothing")
    func badInput() throws {
        let dir = try Self.store()
        for (arguments, words) in [
            (["--period", "2026-Q5"], "periode niet herkend"),
            (["--period", "2026-09-30..2026-07-01"], "eindigt voor ze begint"),
            (["--by", "postcode"], "onbekende indeling"),
            (["--format", "xls"], "xls"),
            (["--minimum", "2"], "lager dan de instelling"),
            (["--from", "2026-07-01", "--to", "2026-09-30", "--period", "2026-Q3"], "niet beide"),
            (["--from", "31-02-2026", "--to", "2026-09-30"], "--from"),
        ] {
            let result = try Schakel.run(
                ["report", "--store", dir.store] + arguments + ["--out", dir.path + "/r.txt"])
            #expect(result.status == 1, "\(arguments)")
            #expect(result.stderr.contains(words), "\(arguments): \(result.stderr)")
            #expect(!FileManager.default.fileExists(atPath: dir.path + "/r.txt"))
        }
        let english = try Schakel.run(["report", "--store", dir.store, "--period", "2026-13", "--lang", "en"])
        #expect(english.status == 1 && english.stderr.contains("period not recognised"), "\(english.stderr)")
        let written = try Schakel.run(
            [
                "report", "--store", dir.store, "--from", "01-07-2026", "--to", "30-09-2026", "--out",
                dir.path + "/r.csv",
                "--format", "csv", "--lang", "en",
            ])
        #expect(written.status == 0, "\(written.stderr)")
        #expect(written.stdout.contains("Report 2026-07-01..2026-09-30 (csv) written to"))
        let attributes = try FileManager.default.attributesOfItem(atPath: dir.path + "/r.csv")
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
        #expect(try String(contentsOfFile: dir.path + "/r.csv", encoding: .utf8).contains("Registr."))
        // A byte-order mark first, so Excel reads the file as UTF-8.
        let bytes = try #require(FileManager.default.contents(atPath: dir.path + "/r.csv"))
        #expect(Array(bytes.prefix(3)) == [0xEF, 0xBB, 0xBF])
    }

    @Test("The Rapportage pane at 80x24: the quarter before, per wijkteam, the year; noted in the access log")
    func pane() throws {
        let dir = try Self.store()
        let desk = try TerminalSession(["--store", dir.store], width: 80, height: 24)
        desk.waitFor("1 Wachtrij")
        try desk.press("6")
        // The clock says 24 November 2026: this quarter holds only the October case.
        desk.waitFor("the fourth quarter") { $0.contains("Rapportage 2026-Q4") && $0.contains("Totaal") }
        try desk.press("Left")
        let third = desk.waitFor("the third quarter per gemeente") {
            $0.contains("Rapportage 2026-Q3") && $0.contains("per gemeente") && $0.contains("Harlingen")
        }
        let harlingen = try #require(third.split(separator: "\n").first { $0.contains("Harlingen") })
        #expect(harlingen.split(separator: " ").dropFirst().prefix(3) == ["7", "1", "1"], "\(harlingen)")
        #expect(third.contains("Heerenveen") && third.contains("< 5"))
        #expect(!third.contains("Persoon"), "no names in a report")
        try desk.press("g")
        desk.waitFor("per wijkteam") { $0.contains("per wijkteam") && $0.contains("Wijkteam Harlingen") }
        try desk.press("p")
        let year = desk.waitFor("the year") { $0.contains("Rapportage 2026,") && $0.contains("Wijkteam Harlingen") }
        #expect(year.split(separator: "\n").allSatisfy { $0.count <= 80 })
        try desk.press("End")
        desk.waitFor("the sparklines") { $0.contains("Aanmeldingen per maand, 01-2026 t/m 12-2026") }
        try desk.press("q")
        desk.waitFor("EXIT:0")
        let audit = try Schakel.run(["audit", "--store", dir.store, "--format", "csv"])
        #expect(audit.stdout.contains("report 2026-Q3 gemeente desk"), "\(audit.stdout)")
        #expect(audit.stdout.contains("report 2026 wijkteam desk"))
    }
}
