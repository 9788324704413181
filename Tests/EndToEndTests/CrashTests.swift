import Foundation
import TestSupport
import Testing

@Suite("Crash safety")
struct CrashTests {
    @Test("A writer killed with SIGKILL loses nothing it acknowledged, and the store opens again")
    func sigkill() throws {
        let dir = TemporaryDirectory()
        let acknowledged = dir.path + "/acknowledged"
        // A loop of writers; each prints the id only after its change is on disk.
        let script = """
            i=0; while [ $i -lt 500 ]; do \
            \(Schakel.quoted(Schakel.path)) case add --store \(Schakel.quoted(dir.store)) --name "Persoon $i" \
            --gemeente Leeuwarden --source wijkteam --reason "Belasting $i" >> \(Schakel.quoted(acknowledged)) || exit 1; \
            i=$((i+1)); done
            """
        let writer = try Spawn.start("/bin/sh", ["-c", script], environment: Schakel.environment)
        let end = Date().addingTimeInterval(60)
        while Date() < end {
            let count = ((try? String(contentsOfFile: acknowledged, encoding: .utf8)) ?? "").split(separator: "\n")
                .count
            if count >= 5 { break }
            Thread.sleep(forTimeInterval: 0.02)
        }
        // Kill the loop and whichever writer it is running (its process group), mid-write if the timing falls so.
        kill(-writer, SIGKILL)
        _ = Spawn.wait(writer)

        let ids = ((try? String(contentsOfFile: acknowledged, encoding: .utf8)) ?? "").split(separator: "\n").map(
            String.init)
        #expect(ids.count >= 5)
        // Opening for writing recovers (a torn tail is cut off); every acknowledged case is there.
        let add = try Schakel.run([
            "case", "add", "--store", dir.store, "--name", "Na de crash", "--gemeente", "Harlingen",
            "--source", "politie", "--reason", "x",
        ])
        #expect(add.status == 0, "\(add.stderr)")
        let list = try Schakel.run(["case", "list", "--store", dir.store, "--json"])
        let stored = Set(
            ((try JSONSerialization.jsonObject(with: Data(list.stdout.utf8)) as? [[String: Any]]) ?? []).compactMap {
                $0["id"] as? String
            })
        #expect(Set(ids).isSubset(of: stored))
        #expect(stored.contains(add.stdout.trimmingCharacters(in: .whitespacesAndNewlines)))
        let check = try Schakel.run(["check", "--store", dir.store])
        #expect(check.status == 0, "\(check.stdout)\(check.stderr)")
    }
}
