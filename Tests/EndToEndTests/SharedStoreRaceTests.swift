import Foundation
import TestSupport
import Testing

extension SharedStoreTests {
    /// The flake of `threeAdvisorsLive` (one desk of three could not write at open) was this race:
    /// SQLite made the `-wal` and `-shm` files under a member's umask (0640) and set 0660 only
    /// after; a colleague opening in between got them read-only. Before the fix, 18 of this test's
    /// 120 writes were refused with "attempt to write a readonly database".
    @Test("Three members of a team store write at once, each from a fresh process: no write is refused")
    func concurrentFirstWrites() throws {
        guard getuid() == 0 else {
            print("concurrentFirstWrites: skipped, not running as root (needs groupadd/useradd/runuser)")
            return
        }
        let tag = UUID().uuidString.prefix(6).lowercased()
        let group = "schk-rg-\(tag)"
        let users = (1...3).map { "schk-r\($0)-\(tag)" }
        let root: [String: String] = ["PATH": "/usr/sbin:/usr/bin:/sbin:/bin"]
        defer {
            for user in users { _ = try? Spawn.run("/usr/sbin/userdel", [user], environment: root) }
            _ = try? Spawn.run("/usr/sbin/groupdel", [group], environment: root)
        }
        let made = try Spawn.run("/usr/sbin/groupadd", [group], environment: root)
        try #require(made.status == 0, "groupadd: \(made.stderr)")
        for user in users {
            let add = try Spawn.run(
                "/usr/sbin/useradd", ["-M", "-N", "-s", "/bin/sh", "-G", group, user], environment: root)
            try #require(add.status == 0, "useradd \(user): \(add.stderr)")
        }
        let dir = TemporaryDirectory()
        #expect(chmod(dir.path, 0o755) == 0)
        let binary = try reachableBinary(for: users[0], scratch: dir)
        let store = dir.store
        let initialise = try Spawn.run(
            binary, ["store", "init", "--store", store, "--group", group], environment: Schakel.environment)
        try #require(initialise.status == 0, "store init --group: \(initialise.stdout)\(initialise.stderr)")

        let rounds = 40
        let failures = Failures()
        for round in 1...rounds {
            DispatchQueue.concurrentPerform(iterations: users.count) { index in
                let user = users[index]
                // umask 022, as a login shell gives: what made the race.
                let add = try? Spawn.run(
                    "/usr/sbin/runuser",
                    [
                        "-u", user, "--", "/bin/sh", "-c", "umask 022; exec \"$@\"", "sh", "/usr/bin/env", "-i",
                        "LANG=C.UTF-8", "SCHAKEL_ADVISOR=\(user)", "SCHAKEL_NOW=2026-11-24T08:00:00Z", "HOME=/tmp",
                        binary, "case", "add", "--store", store, "--name", "Persoon \(index) \(round)",
                        "--gemeente", "Leeuwarden", "--source", "wijkteam", "--reason", "r",
                    ],
                    environment: root)
                if add?.status != 0 { failures.add("\(user), round \(round): \(add?.stderr ?? "did not start")") }
            }
        }
        #expect(
            failures.all.isEmpty,
            "\(failures.all.count) of \(rounds * users.count) writes failed, the first: \(failures.all.prefix(3))")
        let list = try Spawn.run(
            binary, ["case", "list", "--store", store, "--json"], environment: Schakel.environment)
        let cases = (try? JSONSerialization.jsonObject(with: Data(list.stdout.utf8))) as? [Any]
        #expect(cases?.count == rounds * users.count - failures.all.count, "\(list.stdout.prefix(300))\(list.stderr)")
        print(
            "concurrentFirstWrites: \(rounds * users.count) writes by \(users.count) users, \(failures.all.count) refused"
        )
    }
}

/// Failures collected from concurrent work.
private final class Failures: @unchecked Sendable {
    private let lock = NSLock()
    private var lines: [String] = []
    func add(_ line: String) { lock.withLock { lines.append(line) } }
    var all: [String] { lock.withLock { lines } }
}
