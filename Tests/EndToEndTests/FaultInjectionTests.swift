import Foundation
import TestSupport
import Testing

/// Faults injected into a real `schakel case add` (and `consult add`, `partner add`, `import`): the n-th write, fsync or read on the store's
/// files fails (EIO, or ENOSPC), for n = 1, 2, ... until the command runs through untouched, with
/// an LD_PRELOAD shim over libc (`Fixtures/faults.c`; SQLite calls libc, so every one of its I/O
/// calls is reached without a VFS of our own, and the program under test is the real binary).
/// Each time: the command ends with a clear refusal or with the number; a refusal left nothing
/// behind (the retry registers the person once), an acknowledgement is there; the store opens
/// and checks clean. And a real full disk: a small tmpfs, when the tests run as root.
@Suite("Faults injected into the store's I/O")
struct FaultInjectionTests {
    /// The shim, built once per test run with the C compiler at hand.
    static let shim: String? = {
        let source = SourceTree.root.appendingPathComponent("Tests/EndToEndTests/Fixtures/faults.c").path
        let library = NSTemporaryDirectory() + "schakel-faults-\(getpid()).so"
        for compiler in ["/usr/bin/cc", "/usr/bin/clang", "/opt/swift/usr/bin/clang"]
        where FileManager.default.isExecutableFile(atPath: compiler) {
            let built = try? Spawn.run(
                compiler, ["-shared", "-fPIC", "-O1", "-o", library, source, "-ldl"],
                environment: ["PATH": "/usr/bin:/bin"])
            if built?.status == 0 { return library }
        }
        return nil
    }()

    /// The environment that makes the shim fail the `n`-th `op` (write, fsync, read) on a path
    /// under `under` (EIO, or ENOSPC), counting the calls into `count` and naming the one it made
    /// fail in `mark`.
    static func faults(
        _ shim: String, _ op: String, under: String, at n: Int, enospc: Bool = false, count: String? = nil,
        mark: String? = nil
    ) -> [String: String] {
        var environment = [
            "LD_PRELOAD": shim, "SCHAKEL_FAIL_OP": op, "SCHAKEL_FAIL_AT": String(n), "SCHAKEL_FAIL_UNDER": under,
        ]
        if enospc { environment["SCHAKEL_FAIL_ERRNO"] = "ENOSPC" }
        if let count { environment["SCHAKEL_FAIL_COUNT"] = count }
        if let mark { environment["SCHAKEL_FAIL_MARK"] = mark }
        return environment
    }

    private func names(_ store: String) throws -> [String] {
        let list = try Schakel.run(["case", "list", "--json", "--store", store])
        let cases = try JSONSerialization.jsonObject(with: Data(list.stdout.utf8)) as? [[String: Any]] ?? []
        return cases.compactMap { ($0["persons"] as? [[String: Any]])?.first?["name"] as? String }
    }

    /// A refusal as every fault run wants it: the fault was really hit, and it is said in one line.
    static func expectClearRefusal(_ result: Schakel.Result, hit: Bool, _ label: String) {
        #expect(hit, "\(label): refused without a fault")
        #expect(
            result.stderr.hasPrefix("schakel: ") && result.stderr.split(separator: "\n").count == 1,
            "\(label): not one clear line: \(result.stderr)")
    }

    /// Registers `name` (the command every fault run repeats).
    static func add(_ store: String, _ name: String, environment: [String: String] = [:]) throws -> Schakel.Result {
        try Schakel.run(
            [
                "case", "add", "--store", store, "--name", name, "--gemeente", "Leeuwarden", "--source", "wijkteam",
                "--reason", "x",
            ], environment: environment)
    }

    @Test(
        "The n-th write, fsync or read fails, for every n: a clear refusal that left nothing, or the number; never lost, never twice",
        arguments: ["write", "fsync", "read", "write-ENOSPC"])
    func everyFault(kind: String) throws {
        let shim = try #require(Self.shim, "no C compiler to build the fault shim")
        let base = TemporaryDirectory()
        #expect(try Schakel.run(["demo", "--store", base.store, "--cases", "5"]).status == 0)
        let op = String(kind.split(separator: "-")[0])
        let before = try names(base.store).count
        func faulty(_ dir: TemporaryDirectory, at n: Int, count: String? = nil, mark: String? = nil) -> [String: String]
        {
            Self.faults(
                shim, op, under: dir.store + "/", at: n, enospc: kind.hasSuffix("ENOSPC"), count: count, mark: mark)
        }
        // How many such calls one registration makes.
        let counting = TemporaryDirectory()
        try FileManager.default.copyItem(atPath: base.store, toPath: counting.store)
        let countFile = counting.path + "/count"
        #expect(
            try Self.add(counting.store, "Tellen", environment: faulty(counting, at: -1, count: countFile)).status == 0)
        let calls = Int((try? String(contentsOfFile: countFile, encoding: .utf8)) ?? "") ?? 0
        #expect(calls > 0, "the shim saw no \(op) on the store")
        var refused = 0
        // ENOSPC takes the same paths as EIO (every n above): every other n is enough for its wording.
        let places =
            kind.hasSuffix("ENOSPC") ? Array(stride(from: 1, through: max(1, calls), by: 2)) : Array(1...max(1, calls))
        for n in places {
            let dir = TemporaryDirectory()
            try FileManager.default.copyItem(atPath: base.store, toPath: dir.store)
            let name = "Fout \(kind) \(n)"
            let mark = dir.path + "/mark"
            let result = try Self.add(dir.store, name, environment: faulty(dir, at: n, mark: mark))
            let hit = FileManager.default.fileExists(atPath: mark)
            #expect(
                result.status == 0 || result.status == 1, "\(kind) \(n): ended by signal or trap (\(result.status))")
            if result.status == 1 {
                refused += 1
                FaultInjectionTests.expectClearRefusal(result, hit: hit, "\(kind) \(n)")
                #expect(try !names(dir.store).contains(name), "\(kind) \(n): refused, but the change stayed")
                // As the advisor would: once more, without the fault; then it is there once.
                #expect(try Self.add(dir.store, name).status == 0)
            }
            let held = try names(dir.store)
            #expect(
                held.filter { $0 == name }.count == 1,
                "\(kind) \(n): \(name) is there \(held.filter { $0 == name }.count) times")
            #expect(held.count == before + 1, "\(kind) \(n): \(held.count) cases, \(before) before")
            let check = try Schakel.run(["check", "--store", dir.store])
            #expect(check.status == 0, "\(kind) \(n): \(check.stdout)\(check.stderr)")
        }
        print(
            "fault injection \(kind): \(calls) places, \(places.count) tried, \(refused) refused clearly, 0 lost, 0 doubled"
        )
    }

    /// How often `marker` occurs in the store's export (once per record that holds it).
    private func occurrences(_ store: String, _ marker: String) throws -> Int {
        let export = try Schakel.run(["export", "--store", store])
        #expect(export.status == 0, "\(export.stderr)")
        return export.stdout.components(separatedBy: "\"\(marker)\"").count - 1
    }

    @Test(
        "A consultation, a partner and a decision, the n-th write or fsync failing, for every n: a clear refusal that left nothing, or acknowledged; never twice",
        // A partner's write goes through the same append as a consultation's: its fsyncs are enough.
        arguments: ["consult-write", "consult-fsync", "partner-fsync", "decide-write", "decide-fsync"])
    func otherWrites(kind: String) throws {
        let shim = try #require(Self.shim, "no C compiler to build the fault shim")
        let parts = kind.split(separator: "-").map(String.init)
        let (what, op) = (parts[0], parts[1])
        let base = TemporaryDirectory()
        #expect(try Schakel.run(["demo", "--store", base.store, "--cases", "5"]).status == 0)
        // A decision needs a triaged case: registered and triaged before the faults begin.
        let triaged = try Self.add(base.store, "Te besluiten").stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        if what == "decide" {
            let criteria = (1...4).flatMap { ["--criterion", "\($0)=nee"] }
            let triage = try Schakel.run(["triage", triaged] + criteria + ["--store", base.store])
            #expect(triage.status == 0, "\(triage.stderr)")
        }
        func write(_ store: String, _ marker: String, _ environment: [String: String] = [:]) throws -> Schakel.Result {
            let arguments =
                switch what {
                case "consult": ["consult", "add", "--wijkteam", "Wijkteam Noord", "--question", marker]
                case "partner": ["partner", "add", "--organisation", marker, "--type", "gemeente"]
                default: ["decide", triaged, "--outcome", "verwijzen", "--to", "GGD", "--rationale", marker]
                }
            return try Schakel.run(arguments + ["--store", store], environment: environment)
        }
        func faulty(_ dir: TemporaryDirectory, at n: Int, count: String? = nil, mark: String? = nil) -> [String: String]
        {
            Self.faults(shim, op, under: dir.store + "/", at: n, count: count, mark: mark)
        }
        let counting = TemporaryDirectory()
        try FileManager.default.copyItem(atPath: base.store, toPath: counting.store)
        let countFile = counting.path + "/count"
        #expect(try write(counting.store, "Tellen", faulty(counting, at: -1, count: countFile)).status == 0)
        let calls = Int((try? String(contentsOfFile: countFile, encoding: .utf8)) ?? "") ?? 0
        #expect(calls > 0, "the shim saw no \(op) on the store")
        var refused = 0
        for n in 1...max(1, calls) {
            let dir = TemporaryDirectory()
            try FileManager.default.copyItem(atPath: base.store, toPath: dir.store)
            let marker = "Fout \(kind) \(n)"
            let mark = dir.path + "/mark"
            let result = try write(dir.store, marker, faulty(dir, at: n, mark: mark))
            #expect(
                result.status == 0 || result.status == 1, "\(kind) \(n): ended by signal or trap (\(result.status))")
            if result.status == 1 {
                refused += 1
                FaultInjectionTests.expectClearRefusal(
                    result, hit: FileManager.default.fileExists(atPath: mark), "\(kind) \(n)")
                #expect(try occurrences(dir.store, marker) == 0, "\(kind) \(n): refused, but the change stayed")
                #expect(try write(dir.store, marker).status == 0)
            }
            #expect(try occurrences(dir.store, marker) == 1, "\(kind) \(n): not there exactly once")
            let check = try Schakel.run(["check", "--store", dir.store])
            #expect(check.status == 0, "\(kind) \(n): \(check.stdout)\(check.stderr)")
        }
        print("fault injection \(kind): \(calls) places, \(refused) refused clearly, 0 lost, 0 doubled")
    }

    @Test(
        "An import whose snapshot cannot be written, for every n-th write of it: imported whole and said so (never 'failed' with everything in)"
    )
    func importWithoutSnapshot() throws {
        let shim = try #require(Self.shim, "no C compiler to build the fault shim")
        let base = TemporaryDirectory()
        #expect(try Schakel.run(["demo", "--store", base.store, "--cases", "5"]).status == 0)
        let file = base.path + "/export.json"
        #expect(try Schakel.run(["export", "--store", base.store, "--out", file]).status == 0)
        let cases = try names(base.store).count
        func faulty(_ store: String, at n: Int, count: String? = nil) -> [String: String] {
            Self.faults(shim, "write", under: store + "/schakel.snapshot", at: n, count: count)
        }
        let counting = TemporaryDirectory()
        let countFile = counting.path + "/count"
        let counted = try Schakel.run(
            ["import", file, "--store", counting.store], environment: faulty(counting.store, at: -1, count: countFile))
        #expect(counted.status == 0, "\(counted.stderr)")
        let calls = Int((try? String(contentsOfFile: countFile, encoding: .utf8)) ?? "") ?? 0
        #expect(calls > 0, "the import wrote no snapshot")
        for n in 1...max(1, calls) {
            let dir = TemporaryDirectory()
            let run = try Schakel.run(["import", file, "--store", dir.store], environment: faulty(dir.store, at: n))
            #expect(run.status == 0, "snapshot write \(n): \(run.stderr)")
            #expect(try names(dir.store).count == cases, "snapshot write \(n)")
            // The log is never touched by these faults: checked at a sample of places (and the last).
            if n % 10 == 1 || n == calls {
                let check = try Schakel.run(["check", "--store", dir.store])
                #expect(check.status == 0, "snapshot write \(n): \(check.stdout)\(check.stderr)")
            }
        }
        print("fault injection import snapshot: \(calls) places, every import whole, 0 refused")
    }

    @Test(
        "Under umask 000 the store's directory and this machine's state directory are made 0700 from their first moment"
    )
    func directoriesMadePrivate() throws {
        let shim = try #require(Self.shim, "no C compiler to build the fault shim")
        let dir = TemporaryDirectory()
        let log = dir.path + "/mkdir.log"
        let store = dir.path + "/nieuw/store"
        let state = dir.path + "/state"
        let run = try Spawn.run(
            "/bin/sh",
            [
                "-c", #"umask 000; exec "$0" "$@""#, Schakel.path, "case", "add", "--store", store, "--name", "A",
                "--gemeente", "Leeuwarden", "--source", "wijkteam", "--reason", "x",
            ],
            environment: Schakel.environment.merging(
                ["LD_PRELOAD": shim, "SCHAKEL_MKDIR_LOG": log, "XDG_STATE_HOME": state]) { $1 })
        #expect(run.status == 0, "\(run.stderr)")
        let lines = ((try? String(contentsOfFile: log, encoding: .utf8)) ?? "").split(separator: "\n")
        func mode(of path: String) -> String? {
            lines.first { $0.hasSuffix(" " + path) }.map { String($0.split(separator: " ")[0]) }
        }
        #expect(mode(of: store) == "700", "\(lines)")
        #expect(mode(of: state + "/schakel") == "700", "\(lines)")
        var info = stat()
        #expect(stat(store, &info) == 0 && info.st_mode & 0o777 == 0o700)
    }

    @Test("A real full disk: a registration is refused in words, the store stays whole, and works once there is room")
    func fullDisk() throws {
        guard getuid() == 0 else {
            print("fault injection full disk: skipped (needs root to mount a small tmpfs)")
            return
        }
        let dir = TemporaryDirectory()
        let mount = dir.path + "/small"
        try FileManager.default.createDirectory(atPath: mount, withIntermediateDirectories: true)
        let mounted = try Spawn.run(
            "/bin/mount", ["-t", "tmpfs", "-o", "size=4m", "tmpfs", mount], environment: ["PATH": "/usr/bin:/bin"])
        guard mounted.status == 0 else {
            print("fault injection full disk: skipped (mount refused: \(mounted.stderr))")
            return
        }
        defer { _ = try? Spawn.run("/bin/umount", [mount], environment: ["PATH": "/usr/bin:/bin"]) }
        let store = mount + "/store"
        #expect(try Schakel.run(["demo", "--store", store, "--cases", "5"]).status == 0)
        // Fill what is left.
        let filler = mount + "/filler"
        _ = try Spawn.run(
            "/bin/dd", ["if=/dev/zero", "of=" + filler, "bs=64k"], environment: ["PATH": "/usr/bin:/bin"])
        var refused = try Self.add(store, "Op een volle schijf")
        for attempt in 0..<20 where refused.status == 0 {
            // The WAL may still have had room: more names, until the disk is really full.
            refused = try Self.add(store, "Vol \(attempt)")
        }
        #expect(refused.status == 1)
        #expect(refused.stderr.hasPrefix("schakel: "), "\(refused.stderr)")
        #expect(refused.stderr.contains("de schijf is vol"), "\(refused.stderr)")
        try FileManager.default.removeItem(atPath: filler)
        let check = try Schakel.run(["check", "--store", store])
        #expect(check.status == 0, "\(check.stdout)\(check.stderr)")
        let after = try Self.add(store, "Na het opruimen")
        #expect(after.status == 0, "\(after.stderr)")
        #expect(try names(store).contains("Na het opruimen"))
        print(
            "fault injection full disk: refused with \"\(refused.stderr.trimmingCharacters(in: .newlines))\", whole after"
        )
    }
}
