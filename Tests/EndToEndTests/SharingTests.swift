import Foundation
import TestSupport
import Testing

/// Lawful sharing on record, from the command line: the ground, a summary holding only the chosen
/// categories (read with Python's Markdown), and an organisation outside the covenant refused
/// until there is a reason.
@Suite("Sharing on record")
struct SharingTests {
    /// The case as `case show --json` gives it.
    private func show(_ dir: TemporaryDirectory, _ id: String) throws -> [String: Any] {
        let out = try Schakel.run(["case", "show", id, "--json", "--store", dir.store]).stdout
        return try #require(try JSONSerialization.jsonObject(with: Data(out.utf8)) as? [String: Any])
    }

    @Test("A summary holds only the chosen categories, parses as Markdown, and the sharing is on record and exported")
    func summary() throws {
        let dir = TemporaryDirectory()
        #expect(try Schakel.run(["demo", "--store", dir.store, "--cases", "12"]).status == 0)
        let c = try show(dir, "2026-0002")
        let person = try #require((c["persons"] as? [[String: Any]])?.first)
        let name = try #require(person["name"] as? String)
        let bsn = try #require(person["bsn"] as? String)
        let out = dir.path + "/zonder-naam.md"
        let temporary = dir.path + "/tmp"
        try FileManager.default.createDirectory(atPath: temporary, withIntermediateDirectories: false)
        let share = try Schakel.run(
            [
                "share", "2026-0002", "--with", "CP-11", "--categories", "strafrechtelijk", "--out", out, "--store",
                dir.store,
            ], environment: ["TMPDIR": temporary])
        #expect(share.status == 0, "\(share.stderr)")
        #expect(share.stdout.hasPrefix("2026-0002: gedeeld met Wietske Zijlstra (Gemeente Leeuwarden) (deling 1)"))
        let text = try String(contentsOfFile: out, encoding: .utf8)
        #expect(!text.contains(name.split(separator: " ").last.map(String.init) ?? name))
        #expect(!text.contains(bsn))
        #expect(!text.contains(c["reason"] as? String ?? "?"))
        #expect(text.contains("Strafrechtelijke gegevens"))
        #expect(text.contains("identificerend"), "the summary says what was left out")
        let attributes = try FileManager.default.attributesOfItem(atPath: out)
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
        // The PDF beside it (LibreOffice Writer, installed by scripts/test), read by poppler's pdftotext.
        let pdf = dir.path + "/zonder-naam.pdf"
        #expect(share.stdout.contains("en als PDF in \(pdf)"), "\(share.stdout)\(share.stderr)")
        #expect((try FileManager.default.attributesOfItem(atPath: pdf)[.posixPermissions] as? Int) == 0o600)
        let pdfText = try Spawn.run("/usr/bin/pdftotext", [pdf, "-"], environment: ["PATH": "/usr/bin:/bin"])
        #expect(pdfText.status == 0, "\(pdfText.stderr)")
        #expect(pdfText.stdout.contains("Casussamenvatting 2026-0002"))
        #expect(pdfText.stdout.contains("Strafrechtelijke gegevens"))
        #expect(!pdfText.stdout.contains(bsn))
        #expect(!pdfText.stdout.contains(name.split(separator: " ").last.map(String.init) ?? name))
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: temporary).isEmpty,
            "the document and LibreOffice's profile are gone")

        let named = dir.path + "/met-naam.md"
        #expect(
            try Schakel.run([
                "share", "2026-0002", "--with", "CP-11", "--categories", "identificerend", "--out", named, "--store",
                dir.store, "--no-pdf",
            ]).status == 0)
        #expect(!FileManager.default.fileExists(atPath: dir.path + "/met-naam.pdf"))
        let withName = try String(contentsOfFile: named, encoding: .utf8)
        let parsed = try Spawn.run(
            "/usr/bin/python3",
            [
                "-c",
                """
                import markdown, sys, html
                page = markdown.markdown(open(sys.argv[1], encoding="utf-8").read())
                print(page.count("<h1>"), page.count("<h2>"), page.count("<li>"))
                print(html.unescape(page))
                """, named,
            ], environment: ["PATH": "/usr/bin:/bin"])
        #expect(parsed.status == 0, "\(parsed.stderr)")
        #expect(parsed.stdout.hasPrefix("1 2 "))
        #expect(parsed.stdout.contains(name))
        #expect(parsed.stdout.contains("BSN \(bsn)"))
        #expect(!withName.contains("Strafrechtelijke gegevens"))

        let after = try show(dir, "2026-0002")
        let sharings = try #require(after["sharings"] as? [[String: Any]])
        #expect(sharings.map { $0["number"] as? Int } == [1, 2])
        #expect(sharings.map { $0["categories"] as? [String] } == [["strafrechtelijk"], ["identificerend"]])
        #expect(sharings.first?["by"] as? String == "Tester")
        // And as another tool reads it: Python's json.
        let json = try Schakel.run(["case", "show", "2026-0002", "--json", "--store", dir.store]).stdout
        let path = dir.path + "/case.json"
        FileManager.default.createFile(atPath: path, contents: Data(json.utf8))
        let python = try Spawn.run(
            "/usr/bin/python3",
            [
                "-c",
                """
                import json, sys
                c = json.load(open(sys.argv[1]))
                print(c["lawful"]["ground"], [s["categories"] for s in c["sharings"]], c["sharings"][0]["covenant"])
                """, path,
            ], environment: ["PATH": "/usr/bin:/bin"])
        #expect(python.stdout == "publieke-taak [['strafrechtelijk'], ['identificerend']] True\n", "\(python.stderr)")
        let export = try Schakel.run(["export", "--store", dir.store]).stdout
        #expect(export.contains("\"CaseShared\""))
        let detail = try Schakel.run(["case", "show", "2026-0002", "--store", dir.store]).stdout
        #expect(detail.contains("Gedeeld met"))
        #expect(detail.contains("Wietske Zijlstra (Gemeente Leeuwarden): strafrechtelijk;"))
        #expect(detail.contains("publieke taak (AVG 6.1.e), door Tester"))
        let audit = try Schakel.run(["audit", "--case", "2026-0002", "--store", dir.store]).stdout
        #expect(audit.contains("share"))
    }

    @Test(
        "Outside the covenant: refused without a reason (no file, nothing recorded), shared with one, in the warning words"
    )
    func outsideCovenant() throws {
        let dir = TemporaryDirectory()
        #expect(try Schakel.run(["demo", "--store", dir.store, "--cases", "5"]).status == 0)
        let out = dir.path + "/halt.md"
        let refused = try Schakel.run([
            "share", "2026-0001", "--with", "Tjeerd Bakker", "--categories", "identificerend", "--out", out, "--store",
            dir.store,
        ])
        #expect(refused.status == 1)
        #expect(
            refused.stderr
                == "schakel: --reason: niet aangesloten bij het convenant: schrijf eerst op waarom delen toch nodig is (Halt Noord-Nederland)\n"
        )
        #expect(!FileManager.default.fileExists(atPath: out))
        #expect(
            try show(dir, "2026-0001")["sharings"] as? [Any] == nil
                || (try show(dir, "2026-0001")["sharings"] as? [Any])?.isEmpty == true)
        let shared = try Schakel.run([
            "share", "2026-0001", "--with", "Tjeerd Bakker", "--categories", "identificerend", "--out", out,
            "--reason", "Halt-traject loopt al; ouders stemden in.", "--store", dir.store,
        ])
        #expect(shared.status == 0, "\(shared.stderr)")
        let detail = try Schakel.run(["case", "show", "2026-0001", "--store", dir.store]).stdout
        #expect(detail.contains("ZONDER CONVENANT; reden: Halt-traject loopt al; ouders stemden in."))
    }

    @Test("The ground: recorded, changed one field at a time, refused by name; the header counts the cases without one")
    func ground() throws {
        let dir = TemporaryDirectory()
        #expect(try Schakel.run(["demo", "--store", dir.store, "--cases", "12"]).status == 0)
        // The demo leaves case 7 without a ground: the detail says so and the header counts it.
        let before = try show(dir, "2026-0007")
        #expect(before["lawful"] == nil)
        let desk = try TerminalSession(["--store", dir.store])
        desk.waitFor("zonder grondslag 1")
        try desk.press("q")
        desk.waitFor("EXIT:0")
        let set = try Schakel.run([
            "ground", "2026-0007", "--ground", "c", "--informed", "nee", "--not-informed-because",
            "Onderzoek politie loopt.", "--store", dir.store,
        ])
        #expect(set.status == 0, "\(set.stderr)")
        #expect(
            set.stdout
                == "2026-0007: wettelijke plicht (AVG 6.1.c); niet geïnformeerd: Onderzoek politie loopt.; normaal\n")
        let level = try Schakel.run(["ground", "2026-0007", "--confidentiality", "strikt", "--store", dir.store])
        #expect(
            level.stdout
                == "2026-0007: wettelijke plicht (AVG 6.1.c); niet geïnformeerd: Onderzoek politie loopt.; strikt vertrouwelijk\n"
        )
        let bad = try Schakel.run(["ground", "2026-0007", "--informed", "nee", "--store", dir.store, "--lang", "en"])
        #expect(bad.stderr == "schakel: --not-informed-because: required\n")
        #expect(
            try Schakel.run(["case", "show", "2026-0007", "--store", dir.store]).stdout.contains(
                "Grondslag             wettelijke plicht"))
    }

    @Test(
        "In the desk: l records the ground, s shares with a partner outside the covenant once a reason is given; the file holds only what was chosen"
    )
    func inTheDesk() throws {
        let dir = TemporaryDirectory()
        #expect(try Schakel.run(["demo", "--store", dir.store, "--cases", "12"]).status == 0)
        let desk = try TerminalSession(["--store", dir.store], environment: ["SCHAKEL_SHARE_DIR": dir.path])
        desk.waitFor("zonder grondslag 1")
        try desk.press("/")
        try desk.type("2026-0007")
        try desk.press("Enter")
        try desk.press("Enter")
        desk.waitFor("Waarom hier")
        try desk.press("End")
        desk.waitFor("GEEN GRONDSLAG VASTGELEGD")
        try desk.press("l")
        desk.waitFor("Grondslag en informeren: 2026-0007")
        try desk.type("pu")
        try desk.press("Tab")
        try desk.press("Tab")
        try desk.type("j")
        desk.waitFor("the ground chosen") { $0.contains("publieke taak") && $0.contains("‹ ja ›") }
        try desk.press("F2")
        desk.waitFor("Vastgelegd voor 2026-0007.")
        try desk.press("s")
        desk.waitFor("Delen met een partner: 2026-0007")
        try desk.type("Tjeerd Bakker")
        try desk.press("Tab")
        try desk.type("strafrechtelijk")
        try desk.press("F2")
        desk.waitFor("niet aangesloten bij het convenant")
        try desk.press("Tab")
        try desk.press("Tab")
        try desk.type("Halt-traject loopt al")
        try desk.press("F2")
        // The message may wrap (a long temporary path): wait for its two ends.
        desk.waitFor("the sharing said") {
            $0.contains("gedeeld met Tjeerd Bakker (Halt Noord-Nederland)") && $0.contains("2026-0007-deling-1.md")
        }
        try desk.press("End")
        desk.waitFor("ZONDER CONVENANT; reden: Halt-traject loopt al")
        try desk.press("q")
        try desk.press("q")
        desk.waitFor("EXIT:0")
        let text = try String(contentsOfFile: dir.path + "/2026-0007-deling-1.md", encoding: .utf8)
        let person = try #require((try show(dir, "2026-0007")["persons"] as? [[String: Any]])?.first)
        #expect(!text.contains(person["name"] as? String ?? "?"))
        #expect(text.contains("Strafrechtelijke gegevens"))
        let audit = try Schakel.run(["audit", "--case", "2026-0007", "--store", dir.store]).stdout
        #expect(audit.contains("export"))
        #expect(audit.contains("share"))
    }
}
