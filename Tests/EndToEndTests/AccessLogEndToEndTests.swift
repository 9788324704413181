import Foundation
import TestSupport
import Testing

/// The access log as an FG uses it: a tmux session's views are in it, `schakel audit` selects and
/// exports them (read back with Python's csv), and an entry edited with sqlite3 fails `check`.
@Suite("The access log, from the desk to the FG")
struct AccessLogEndToEndTests {
    private func python(_ script: String, _ arguments: [String]) throws -> Spawn.Output {
        try Spawn.run("/usr/bin/python3", ["-c", script] + arguments, environment: ["PATH": "/usr/bin:/bin"])
    }

    @Test(
        "The views and the search of a desk session are logged with their terminal; audit selects them; csv reads them")
    func deskSession() throws {
        let dir = TemporaryDirectory()
        #expect(try Schakel.run(["demo", "--store", dir.store, "--cases", "12"]).status == 0)
        let desk = try TerminalSession(["--store", dir.store])
        desk.waitFor("Wachtrij")
        try desk.press("/")
        try desk.type("2026-0003")
        try desk.press("Enter")
        try desk.press("Enter")
        desk.waitFor("2026-0003")
        try desk.press("End")
        desk.waitFor("Inzage (wie heeft dit dossier bekeken)")
        // Per advisor: the Inzage pane lists who the store knows, the card what one of them did.
        try desk.press("5")
        let pane = desk.waitFor("the Inzage pane") {
            $0.contains("Het inzagelog per adviseur") && $0.contains("Tester") && $0.contains("Adviseur A. Zwart")
        }
        #expect(pane.contains("Adviseur A. Zwart"), "the demo's advisors, with no entries yet")
        try desk.press("Enter")
        let card = desk.waitFor("Tester's card") {
            $0.contains("Inzage door Tester") && $0.contains("inzage dossier 2026-0003 (detail)")
        }
        #expect(card.contains("lijst (desk;"), "\(card)")
        try desk.press("Escape")
        desk.waitFor("Het inzagelog per adviseur")
        try desk.press("q")
        desk.waitFor("EXIT:0")
        let terminal = try desk.tmux(["display-message", "-p", "#{pane_tty}"]).trimmingCharacters(
            in: .whitespacesAndNewlines)

        let audit = try Schakel.run(["audit", "--store", dir.store, "--case", "2026-0003"])
        #expect(audit.status == 0, "\(audit.stderr)\(desk.screen)")
        let lines = audit.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first?.hasPrefix("Moment") == true)
        #expect(
            lines.contains {
                $0.contains("Tester") && $0.contains("inzage dossier") && $0.contains(terminal) && $0.contains("detail")
            })
        let all = try Schakel.run(["audit", "--store", dir.store, "--by", "Tester"]).stdout
        #expect(all.contains("zoeken"))
        #expect(all.contains("1 woord, 9 tekens: casusnummer"))
        #expect(all.contains("lijst"))

        let csv = try Schakel.run(["audit", "--store", dir.store, "--format", "csv", "--lang", "en"])
        let path = dir.path + "/audit.csv"
        FileManager.default.createFile(atPath: path, contents: Data(csv.stdout.utf8))
        let read = try python(
            """
            import csv, sys
            rows = list(csv.reader(open(sys.argv[1], encoding="utf-8-sig", newline=""), delimiter=";"))
            print(rows[0])
            views = [r for r in rows[1:] if r[3] == "file viewed" and r[4] == "2026-0003"]
            print(len(views), views[0][1], views[0][6])
            """, [path])
        #expect(read.status == 0, "\(read.stderr)")
        #expect(read.stdout.hasPrefix("['When', 'Advisor', 'Login', 'Action', 'Case', 'From', 'Detail']\n"))
        #expect(read.stdout.contains("\n1 Tester detail\n"))
        let check = try Schakel.run(["check", "--store", dir.store])
        #expect(check.status == 0, "\(check.stdout)\(check.stderr)")
        #expect(check.stdout.contains("de keten klopt; kop "))
    }

    @Test("An entry edited, removed or swapped with sqlite3 makes check fail, naming the entry")
    func tampered() throws {
        let cases: [(String, String)] = [
            (
                "UPDATE access_log SET entry = replace(entry, 'Tester', 'Mallory') WHERE sequence = 2",
                "schakel: het inzagelog klopt niet vanaf vermelding 2: een vermelding is veranderd of verplaatst\n"
            ),
            (
                "DELETE FROM access_log WHERE sequence = 2",
                "schakel: het inzagelog klopt niet vanaf vermelding 2: er ontbreekt een vermelding of er is er een tussengevoegd\n"
            ),
            (
                "UPDATE access_log SET sequence = 99 WHERE sequence = 2; UPDATE access_log SET sequence = 2 WHERE sequence = 3; UPDATE access_log SET sequence = 3 WHERE sequence = 99",
                "schakel: het inzagelog klopt niet vanaf vermelding 2: een vermelding is veranderd of verplaatst\n"
            ),
        ]
        for (sql, message) in cases {
            let dir = TemporaryDirectory()
            #expect(try Schakel.run(["demo", "--store", dir.store, "--cases", "3"]).status == 0)
            for id in ["2026-0001", "2026-0002", "2026-0003"] {
                #expect(try Schakel.run(["case", "show", id, "--store", dir.store]).status == 0)
            }
            #expect(try Schakel.run(["check", "--store", dir.store]).status == 0)
            let edit = try python(
                """
                import sqlite3, sys
                db = sqlite3.connect(sys.argv[1])
                db.executescript("DROP TRIGGER access_log_is_not_updated; DROP TRIGGER access_log_is_not_deleted; " + sys.argv[2])
                db.commit()
                """, [dir.store + "/schakel.db", sql])
            #expect(edit.status == 0, "\(edit.stderr)")
            let check = try Schakel.run(["check", "--store", dir.store])
            #expect(check.status == 1)
            #expect(check.stderr == message, "\(sql)")
        }
    }
}
