import Foundation
import TestSupport
import Testing

/// Defects of issue 13's list, each as a user meets it through the real binary: outside text with
/// terminal escapes in rejection and problem lines, a bidirectional override in `--json`, a commit
/// rewritten by hand that `schakel check` must name, and a store's hostile instrument file.
@Suite("Hostile input through the real binary")
struct HostileInputEndToEndTests {
    // No ';' in it: a CSV field must hold it whole.
    private let escape = "\u{1B}[31m\u{1B}[2J\u{07}\u{9B}0m"

    private func noRawControls(_ text: String, _ what: String) {
        #expect(
            !text.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x07 || $0.value == 0x9B },
            "\(what) let a raw control character through: \(text.debugDescription)")
    }

    @Test("A partner file's escapes never reach the terminal in its rejection lines")
    func partnerRejections() throws {
        let dir = TemporaryDirectory()
        let csv = dir.path + "/bad.csv"
        try Data("organisatie;soort;naam;telefoon\nGGD\(escape);brood\(escape);Jan\(escape);123\n".utf8).write(
            to: URL(fileURLWithPath: csv))
        let run = try Schakel.run(["partner", "import", csv, "--store", dir.store])
        #expect(run.status == 1)
        #expect(run.stderr.contains("brood"), "the rejection names the value: \(run.stderr)")
        noRawControls(run.stdout + run.stderr, "partner import")
    }

    @Test("A damaged index's name with escapes never reaches the terminal in check's problem lines")
    func checkProblemLines() throws {
        let dir = TemporaryDirectory()
        #expect(try Schakel.run(["demo", "--store", dir.store, "--cases", "3"]).status == 0)
        let script = """
            import sqlite3, sys
            db = sqlite3.connect(sys.argv[1])
            name = sys.argv[2]
            db.execute('CREATE INDEX "%s" ON commits(actor)' % name)
            db.execute('PRAGMA writable_schema = ON')
            db.execute("UPDATE sqlite_master SET sql = 'CREATE INDEX \\"%s\\" ON commits(at)' WHERE name = ?" % name, (name,))
            db.commit()
            """
        let python = try Spawn.run(
            "/usr/bin/python3", ["-c", script, dir.store + "/schakel.db", "ix\(escape)"],
            environment: ["PATH": "/usr/bin:/bin"])
        try #require(python.status == 0, "\(python.stderr)")
        let check = try Schakel.run(["check", "--store", dir.store])
        #expect(check.status == 1, "\(check.stdout)\(check.stderr)")
        #expect(check.stderr.contains("ix"), "the problem names the index: \(check.stderr)")
        noRawControls(check.stdout + check.stderr, "check")
    }

    @Test("A bidirectional override in a name is escaped in --json, and the JSON still reads back to the name")
    func bidiInJSON() throws {
        let dir = TemporaryDirectory()
        let name = "Anna \u{202E}nesraP"
        let add = try Schakel.run([
            "case", "add", "--store", dir.store, "--name", name, "--gemeente", "Leeuwarden", "--source", "wijkteam",
            "--reason", "x",
        ])
        #expect(add.status == 0, "\(add.stderr)")
        let list = try Schakel.run(["case", "list", "--json", "--store", dir.store])
        #expect(!list.stdout.unicodeScalars.contains { $0.value == 0x202E }, "raw U+202E in --json")
        let cases = try JSONSerialization.jsonObject(with: Data(list.stdout.utf8)) as? [[String: Any]] ?? []
        let names = cases.compactMap { ($0["persons"] as? [[String: Any]])?.first?["name"] as? String }
        #expect(names == [name], "a JSON parser reads the name back whole")
    }

    @Test("A commit rewritten by hand (another name, valid JSON) makes schakel check fail and name it")
    func rewrittenCommit() throws {
        let dir = TemporaryDirectory()
        #expect(try Schakel.run(["demo", "--store", dir.store, "--cases", "3"]).status == 0)
        let script = """
            import sqlite3, sys
            db = sqlite3.connect(sys.argv[1])
            db.executescript('''DROP TRIGGER commits_are_not_updated; UPDATE commits SET payload = replace(payload, '"actor":"', '"actor":"Iemand ') WHERE sequence = 1;''')
            db.commit()
            """
        let python = try Spawn.run(
            "/usr/bin/python3", ["-c", script, dir.store + "/schakel.db"], environment: ["PATH": "/usr/bin:/bin"])
        try #require(python.status == 0, "\(python.stderr)")
        let check = try Schakel.run(["check", "--store", dir.store])
        #expect(check.status == 1)
        #expect(check.stderr.contains("keten") && check.stderr.contains("wijziging 1"), "\(check.stderr)")
    }

    @Test("A store's instrument.txt with a rule nested 37,500 deep: every command says so clearly, check included")
    func deepInstrument() throws {
        let dir = TemporaryDirectory()
        #expect(try Schakel.run(["demo", "--store", dir.store, "--cases", "3"]).status == 0)
        let shipped = try Schakel.run(["instrument", "--store", dir.store]).status
        #expect(shipped == 0)
        let instrument = dir.store + "/instrument.txt"
        let base = try String(
            contentsOfFile: SourceTree.root.appendingPathComponent("Resources/Data/instrument-fryslan.txt").path,
            encoding: .utf8)
        let deep = String(repeating: "(", count: 37_500) + "1" + String(repeating: ")", count: 37_500)
        let hostile = base.replacingOccurrences(
            of: "rule = (1 and 2 and 3) or 4", with: "rule = \(deep)")
        #expect(hostile != base)
        try Data(hostile.utf8).write(to: URL(fileURLWithPath: instrument))
        for arguments in [["check"], ["case", "list"], ["instrument"]] {
            let run = try Schakel.run(arguments + ["--store", dir.store])
            #expect(run.status == 0 || run.status == 1, "\(arguments): ended by a signal (\(run.status))")
            #expect(
                run.stderr.isEmpty || run.stderr.hasPrefix("schakel: "),
                "\(arguments): not a clear line: \(run.stderr.prefix(300))")
        }
        let instrumentRun = try Schakel.run(["instrument", "--store", dir.store])
        #expect(instrumentRun.status == 1, "the hostile file is refused, not used")
        #expect(instrumentRun.stderr.contains("instrument.txt"), "\(instrumentRun.stderr.prefix(300))")
    }

    @Test(
        "A head kept elsewhere: check --expect-head agrees, and once the last commit is cut off it names the head it misses"
    )
    func keptHead() throws {
        let dir = TemporaryDirectory()
        #expect(try Schakel.run(["demo", "--store", dir.store, "--cases", "3"]).status == 0)
        let check = try Schakel.run(["check", "--store", dir.store])
        let headLine = check.stdout.split(separator: "\n").first { $0.hasPrefix("keten") && $0.contains("kop ") }
        let head = try #require(headLine.flatMap { $0.split(separator: " ").last.map(String.init) }, "\(check.stdout)")
        #expect(try Schakel.run(["check", "--store", dir.store, "--expect-head", head]).status == 0)
        let script = """
            import sqlite3, sys
            db = sqlite3.connect(sys.argv[1])
            db.executescript("DROP TRIGGER commits_are_not_deleted; DROP TRIGGER chain_is_not_deleted; "
                "DELETE FROM commits WHERE sequence = (SELECT max(sequence) FROM commits); "
                "DELETE FROM chain WHERE sequence = (SELECT max(sequence) FROM chain);")
            db.commit()
            """
        let python = try Spawn.run(
            "/usr/bin/python3", ["-c", script, dir.store + "/schakel.db"], environment: ["PATH": "/usr/bin:/bin"])
        try #require(python.status == 0, "\(python.stderr)")
        // Another machine (no record of it, no snapshot) has only the kept head to go by.
        try FileManager.default.removeItem(atPath: dir.store + "/schakel.snapshot")
        let cut = try Schakel.run(
            ["check", "--store", dir.store, "--expect-head", head],
            environment: ["XDG_STATE_HOME": dir.path + "/elders"])
        #expect(cut.status == 1, "\(cut.stdout)")
        #expect(cut.stderr.contains(head), "the missing head is named: \(cut.stderr)")
    }
}
