import Foundation
import TestSupport
import Testing

/// Faults injected into the commands that write a whole store: `store copy` and `schakel repair`.
/// The n-th write or fsync under the new store fails, for every n: the command refuses in one
/// line and leaves no half store (the same command, run again without the fault, makes it
/// whole), or it succeeds and the new store holds every commit and checks clean.
extension FaultInjectionTests {
    /// A python3 one-off against an SQLite database (the same library SQLite tools use).
    private func sql(_ database: String, _ statements: String) throws {
        let script =
            "import sqlite3, sys; db = sqlite3.connect(sys.argv[1]); db.executescript(sys.argv[2]); db.commit()"
        let done = try Spawn.run(
            "/usr/bin/python3", ["-c", script, database, statements], environment: ["PATH": "/usr/bin:/bin"])
        #expect(done.status == 0, "\(done.stderr)")
    }

    /// What `check` counts in a store (commits and events, cases, partners, consultations) and its
    /// access log's head, without where it is or its identity; checked clean.
    private func logLine(_ store: String) throws -> String {
        let check = try Schakel.run(["check", "--store", store])
        #expect(check.status == 0, "\(store): \(check.stdout)\(check.stderr)")
        return check.stdout.split(separator: "\n")
            .filter { ["log", "casussen", "partners", "consulten", "inzagelog"].contains(where: $0.hasPrefix) }
            .map { $0.split(separator: "(").first.map(String.init) ?? "" }.joined(separator: "\n")
    }

    @Test(
        "store copy and repair, the n-th write or fsync of the new store failing, for every n: a clear refusal and no half store, or the whole store",
        // Repair fills its new store the way a copy does (`fill`, one transaction): its fsyncs are enough.
        arguments: ["copy-write", "copy-fsync", "repair-fsync"])
    func wholeStores(kind: String) throws {
        let shim = try #require(Self.shim, "no C compiler to build the fault shim")
        let parts = kind.split(separator: "-").map(String.init)
        let (what, op) = (parts[0], parts[1])
        let base = TemporaryDirectory()
        #expect(try Schakel.run(["demo", "--store", base.store, "--cases", "3"]).status == 0)
        if what == "repair" {
            // One registration after the demo, its commit made unreadable: repair keeps the rest.
            let added = try Schakel.run([
                "case", "add", "--store", base.store, "--name", "Verloren", "--gemeente", "Leeuwarden", "--source",
                "wijkteam", "--reason", "x",
            ])
            #expect(added.status == 0, "\(added.stderr)")
            try sql(
                base.store + "/schakel.db",
                "DROP TRIGGER commits_are_not_updated; UPDATE commits SET payload = 'kapot' WHERE sequence = (SELECT max(sequence) FROM commits);"
            )
        }
        func command(_ target: String) -> [String] {
            what == "copy"
                ? ["store", "copy", "--from", base.store, "--to", target]
                : ["repair", "--store", base.store, "--to", target]
        }
        // The whole store as it should come out, made once without a fault.
        let reference = TemporaryDirectory()
        let countFile = reference.path + "/count"
        let counted = try Schakel.run(
            command(reference.store),
            environment: Self.faults(shim, op, under: reference.store + "/", at: -1, count: countFile))
        #expect(counted.status == 0, "\(counted.stdout)\(counted.stderr)")
        let whole = try logLine(reference.store)
        let calls = Int((try? String(contentsOfFile: countFile, encoding: .utf8)) ?? "") ?? 0
        #expect(calls > 0, "the shim saw no \(op) on the new store")
        var refused = 0
        for n in 1...max(1, calls) {
            let dir = TemporaryDirectory()
            let mark = dir.path + "/mark"
            let result = try Schakel.run(
                command(dir.store), environment: Self.faults(shim, op, under: dir.store + "/", at: n, mark: mark))
            #expect(
                result.status == 0 || result.status == 1, "\(kind) \(n): ended by signal or trap (\(result.status))")
            if result.status == 1 {
                refused += 1
                FaultInjectionTests.expectClearRefusal(
                    result, hit: FileManager.default.fileExists(atPath: mark), "\(kind) \(n)")
                // No half store: what is there takes the same command again, and then it is whole.
                let again = try Schakel.run(command(dir.store))
                #expect(again.status == 0, "\(kind) \(n): the retry: \(again.stdout)\(again.stderr)")
            }
            #expect(try logLine(dir.store) == whole, "\(kind) \(n): not the whole store")
        }
        print("fault injection \(kind): \(calls) places, \(refused) refused clearly, every new store whole")
    }
}
