import Foundation
import TestSupport
import Testing

/// A store damaged with sqlite3 (here Python's sqlite3 module, the same library), as an advisor
/// and whoever looks after the store meet it: a change is refused with what to do, the desk opens
/// read-only up to the damage and says so, and `schakel repair` writes a new store with the rest,
/// naming what was lost; numbers the lost change handed out are not handed out again.
@Suite("A damaged store, from the desk to schakel repair")
struct RepairEndToEndTests {
    private func sql(_ database: String, _ statements: String) throws {
        let script = """
            import sqlite3, sys
            db = sqlite3.connect(sys.argv[1])
            db.executescript(sys.argv[2])
            db.commit()
            """
        let done = try Spawn.run(
            "/usr/bin/python3", ["-c", script, database, statements], environment: ["PATH": "/usr/bin:/bin"])
        #expect(done.status == 0, "\(done.stderr)")
    }

    private func head(_ database: String) throws -> Int {
        let done = try Spawn.run(
            "/usr/bin/python3",
            [
                "-c",
                "import sqlite3, sys; print(sqlite3.connect(sys.argv[1]).execute('SELECT max(sequence) FROM commits').fetchone()[0])",
                database,
            ],
            environment: ["PATH": "/usr/bin:/bin"])
        return Int(done.stdout.trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0
    }

    private func register(_ store: String, _ name: String) throws -> Schakel.Result {
        try Schakel.run([
            "case", "add", "--store", store, "--name", name, "--gemeente", "Leeuwarden", "--source", "wijkteam",
            "--reason", "Zorgen om de woonsituatie",
        ])
    }

    @Test("A change is refused with what to do; the desk opens read-only up to the damage; repair saves the rest")
    func damagedStore() throws {
        let dir = TemporaryDirectory()
        #expect(try Schakel.run(["demo", "--store", dir.store, "--cases", "12"]).status == 0)
        // Two registrations after the demo's snapshot: 2026-0013 and 2026-0014.
        #expect(try register(dir.store, "Jildou Postma").status == 0)
        #expect(try register(dir.store, "Wietse Hoekstra").status == 0)
        let database = dir.store + "/schakel.db"
        let last = try head(database)
        // The registration of 2026-0014, the last commit, made unreadable.
        try sql(
            database,
            "DROP TRIGGER commits_are_not_updated; UPDATE commits SET payload = 'kapot' WHERE sequence = \(last);")

        // A change: refused, with what to do.
        let refused = try register(dir.store, "Sjoerd Visser")
        #expect(refused.status != 0)
        #expect(refused.stderr.contains("wijziging \(last)"), "\(refused.stderr)")
        #expect(
            refused.stderr.contains("alleen-lezen") && refused.stderr.contains("schakel repair"), "\(refused.stderr)")
        #expect(try head(database) == last, "nothing was written")

        // The desk: read-only, up to the damage, and it says so.
        let desk = try TerminalSession(["--store", dir.store])
        let screen = desk.waitFor("the read-only desk") {
            $0.contains("ALLEEN LEZEN") && $0.contains("Alleen lezen, tot wijziging \(last)")
        }
        #expect(screen.contains("schakel repair"), "\(screen)")
        #expect(screen.contains("Jildou Postma") && !screen.contains("Wietse Hoekstra"), "up to the damage")
        try desk.press("q")
        desk.waitFor("EXIT:0")

        // The repair: what was lost, named; the rest in a new store; the damaged one untouched.
        let before = FileManager.default.contents(atPath: database)
        let new = dir.path + "/hersteld"
        let repaired = try Schakel.run(["repair", "--store", dir.store, "--to", new])
        #expect(repaired.status == 0, "\(repaired.stdout)\(repaired.stderr)")
        #expect(repaired.stdout.contains("\(last) plaatsen in het log: \(last - 1) wijzigingen bewaard, 1 verloren"))
        #expect(repaired.stdout.contains("wijziging \(last) ("), "\(repaired.stdout)")
        #expect(repaired.stdout.contains("onleesbaar"), "\(repaired.stdout)")
        // The access log named 2026-0014 when it was registered: the number stays taken.
        #expect(
            repaired.stdout.contains("blijven vergeven") && repaired.stdout.contains("2026-0014"), "\(repaired.stdout)")
        #expect(FileManager.default.contents(atPath: database) == before, "the damaged store was only read")

        let check = try Schakel.run(["check", "--store", new])
        #expect(check.status == 0, "\(check.stdout)\(check.stderr)")
        let list = try Schakel.run(["case", "list", "--store", new])
        #expect(list.stdout.contains("Jildou Postma") && !list.stdout.contains("Wietse Hoekstra"), "\(list.stdout)")
        // The repaired store's export: Python's json reads the empty commit that keeps the number,
        // and an import of it keeps the number taken too.
        let exported = dir.path + "/hersteld.json"
        #expect(try Schakel.run(["export", "--store", new, "--out", exported]).status == 0)
        let python = try Spawn.run(
            "/usr/bin/python3",
            [
                "-c",
                "import json, sys; c = json.load(open(sys.argv[1]))['commits']; "
                    + "print([x['reserved']['lastCaseNumber'] for x in c if x.get('actor') == 'schakel repair'])",
                exported,
            ], environment: ["PATH": "/usr/bin:/bin"])
        #expect(python.status == 0, "\(python.stderr)")
        #expect(python.stdout.contains("2026") && python.stdout.contains("14"), "\(python.stdout)")
        let imported = dir.path + "/ingelezen"
        #expect(try Schakel.run(["import", exported, "--store", imported]).status == 0)
        #expect(try register(imported, "Sjoerd Visser").stdout.contains("2026-0015"))

        // A new registration in the new store never gets 2026-0014 again.
        let next = try register(new, "Sjoerd Visser")
        #expect(next.status == 0, "\(next.stderr)")
        #expect(next.stdout.contains("2026-0015"), "\(next.stdout)")

        // In English too, as a dry run.
        let english = try Schakel.run([
            "repair", "--store", dir.store, "--to", dir.path + "/x", "--dry-run", "--lang", "en",
        ])
        #expect(english.stdout.contains("1 lost") && english.stdout.contains("Dry run: nothing was written."))
        #expect(!FileManager.default.fileExists(atPath: dir.path + "/x"))
    }
}
