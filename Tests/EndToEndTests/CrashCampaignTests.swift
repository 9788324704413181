import Foundation
import TestSupport
import Testing

/// SIGKILL at random moments across the kinds of writing the store does: a note on a case, a
/// partner, a consultation, a decision, a whole snapshot write (each a loop of commands that print
/// their acknowledgement once the change is on disk), an import and a store copy (one command
/// each, killed part-way). After
/// every kind: `check` is clean, nothing acknowledged is lost, nothing is there twice, and an
/// import or copy left either nothing or the whole store. `SCHAKEL_CRASH_CYCLES` makes the
/// campaign longer (`scripts/crash-campaign`); each kind prints its kills and losses.
@Suite("A crash campaign across the kinds of writing", .serialized)
struct CrashCampaignTests {
    static var cycles: Int {
        ProcessInfo.processInfo.environment["SCHAKEL_CRASH_CYCLES"].flatMap(Int.init) ?? 30
    }

    /// Every string in the store's export, with how often it occurs.
    private func strings(_ store: String) throws -> [String: Int] {
        let export = try Schakel.run(["export", "--store", store])
        #expect(export.status == 0, "\(export.stderr)")
        var counts: [String: Int] = [:]
        var pending: [Any] = [try JSONSerialization.jsonObject(with: Data(export.stdout.utf8))]
        while let next = pending.popLast() {
            if let text = next as? String {
                counts[text, default: 0] += 1
            } else if let array = next as? [Any] {
                pending += array
            } else if let object = next as? [String: Any] {
                pending += Array(object.values)
            }
        }
        return counts
    }

    /// Opens the store for writing once after the kills, checks it, and holds every kind's
    /// acknowledged values against its export: none gone, none twice.
    private func expectHeld(_ kinds: [(String, [String])], in store: String) throws {
        let after = try Schakel.run(["note", "2026-0001", "--text", "Na de kills", "--store", store])
        #expect(after.status == 0, "\(after.stderr)")
        let check = try Schakel.run(["check", "--store", store])
        #expect(check.status == 0, "\(check.stdout)\(check.stderr)")
        #expect(check.stdout.contains("klopt met de log"), "the snapshot agrees with the log: \(check.stdout)")
        let held = try strings(store)
        for (kind, values) in kinds {
            #expect(values.count >= Self.cycles, "\(kind): every cycle acknowledged at least one")
            let lost = values.filter { held[$0] == nil }
            let twice = values.filter { (held[$0] ?? 0) > 1 }
            print("crash campaign \(kind): \(lost.count) lost, \(twice.count) doubled")
            #expect(lost.isEmpty, "\(kind): acknowledged but gone: \(lost.prefix(5))")
            #expect(twice.isEmpty, "\(kind): there twice: \(twice.prefix(5))")
        }
    }

    /// Runs the loop `line(i)` (a shell command that prints one acknowledgement line per change)
    /// and kills it `cycles` times at random moments; returns the acknowledged values.
    private func killLoops(
        _ kind: String, in dir: TemporaryDirectory, seed: UInt64, _ line: (String) -> String
    ) throws -> [String] {
        var random = SeededRandom(seed: seed)
        var acknowledged: [String] = []
        var kills = 0
        for cycle in 0..<Self.cycles {
            let ack = dir.path + "/ack-\(kind)-\(cycle)"
            let script = """
                i=0; while [ $i -lt 1000 ]; do \(line("\(cycle)-$i")) >> \(Schakel.quoted(ack)) || exit 1; i=$((i+1)); done
                """
            let loop = try Spawn.start("/bin/sh", ["-c", script], environment: Schakel.environment)
            let end = Date().addingTimeInterval(20)
            while Date() < end && StoreProbe.lines(ack).isEmpty { Thread.sleep(forTimeInterval: 0.005) }
            Thread.sleep(forTimeInterval: Double(random.next() % 120) / 1000)
            kill(-loop, SIGKILL)
            kills += 1
            #expect(Spawn.wait(loop) == 128 + SIGKILL, "\(kind) cycle \(cycle): the loop ended by itself")
            acknowledged += StoreProbe.lines(ack).map { String($0.split(separator: " ").last ?? "") }
        }
        print("crash campaign \(kind): \(kills) kills, \(acknowledged.count) acknowledged")
        return acknowledged
    }

    @Test("Notes, partners and consultations killed mid-commit: nothing acknowledged lost or doubled, check clean")
    func commits() throws {
        let dir = TemporaryDirectory()
        #expect(try Schakel.run(["demo", "--store", dir.store, "--cases", "5"]).status == 0)
        let store = Schakel.quoted(dir.store)
        let schakel = Schakel.quoted(Schakel.path)
        // Each command prints its result; the loop appends the value it was given, once done.
        let notes = try killLoops("note", in: dir, seed: 11) { n in
            "\(schakel) note 2026-0001 --text \"Notitie-\(n)\" --store \(store) >/dev/null && echo \"ok Notitie-\(n)\""
        }
        let partners = try killLoops("partner", in: dir, seed: 12) { n in
            "\(schakel) partner add --organisation \"Org-\(n)\" --type gemeente --store \(store) >/dev/null && echo \"ok Org-\(n)\""
        }
        let consultations = try killLoops("consultation", in: dir, seed: 13) { n in
            "\(schakel) consult add --wijkteam \"Wijkteam Noord\" --question \"Vraag-\(n)\" --store \(store) >/dev/null && echo \"ok Vraag-\(n)\""
        }
        try expectHeld([("note", notes), ("partner", partners), ("consultation", consultations)], in: dir.store)
    }

    @Test(
        "Decisions (each after a registration and its triage) and whole snapshot writes killed: nothing acknowledged lost or doubled, check clean, the snapshot agrees"
    )
    func decisionsAndSnapshots() throws {
        let dir = TemporaryDirectory()
        #expect(try Schakel.run(["demo", "--store", dir.store, "--cases", "60"]).status == 0)
        let store = Schakel.quoted(dir.store)
        let schakel = Schakel.quoted(Schakel.path)
        let criteria = (1...4).map { "--criterion \($0)=nee" }.joined(separator: " ")
        let decisions = try killLoops("decision", in: dir, seed: 14) { n in
            "id=$(\(schakel) case add --name \"Persoon-\(n)\" --gemeente Leeuwarden --source wijkteam --reason x --store \(store))"
                + " && \(schakel) triage $id \(criteria) --store \(store) >/dev/null"
                + " && \(schakel) decide $id --outcome verwijzen --to GGD --rationale \"Besluit-\(n)\" --store \(store) >/dev/null"
                + " && echo \"ok Besluit-\(n)\""
        }
        // Without a snapshot, the first open for writing writes it whole (60 cases and more): killed in it.
        let snapshot = Schakel.quoted(dir.store + "/schakel.snapshot")
        let snapshots = try killLoops("snapshot", in: dir, seed: 15) { n in
            "rm -f \(snapshot) \(snapshot)-wal \(snapshot)-shm && \(schakel) note 2026-0001 --text \"Snap-\(n)\" --store \(store) >/dev/null && echo \"ok Snap-\(n)\""
        }
        try expectHeld([("decision", decisions), ("snapshot", snapshots)], in: dir.store)
    }

    @Test("An import and a store copy killed part-way leave nothing or the whole store, never half of it")
    func importAndCopy() throws {
        let dir = TemporaryDirectory()
        #expect(try Schakel.run(["demo", "--store", dir.store, "--cases", "150"]).status == 0)
        let export = dir.path + "/export.json"
        #expect(try Schakel.run(["export", "--store", dir.store, "--out", export]).status == 0)
        let whole = try Schakel.run(["check", "--store", dir.store]).stdout
        let commits = whole.split(separator: "\n").first { $0.hasPrefix("log") }.map(String.init) ?? ""
        var random = SeededRandom(seed: 14)
        var outcomes: [String: Int] = [:]
        for cycle in 0..<Self.cycles {
            for kind in ["import", "copy"] {
                let target = dir.path + "/\(kind)-\(cycle)"
                let arguments =
                    kind == "import"
                    ? ["import", export, "--store", target] : ["store", "copy", "--from", dir.store, "--to", target]
                let pid = try Spawn.start(Schakel.path, arguments, environment: Schakel.environment)
                Thread.sleep(forTimeInterval: Double(random.next() % 900) / 1000)
                kill(pid, SIGKILL)
                let status = Spawn.wait(pid)
                // Nothing, or the whole store: what check says of it.
                guard FileManager.default.fileExists(atPath: target + "/schakel.db") else {
                    #expect(status != 0, "\(kind) \(cycle) said it was done but left no store")
                    outcomes["\(kind) nothing", default: 0] += 1
                    continue
                }
                let report = try Schakel.run(["check", "--store", target])
                let line = report.stdout.split(separator: "\n").first { $0.hasPrefix("log") }.map(String.init) ?? ""
                let empty = line.hasPrefix("log        0 wijzigingen")
                #expect(report.status == 0 || empty, "\(kind) \(cycle): \(report.stdout)\(report.stderr)")
                if status == 0 {
                    #expect(line.prefix(40) == commits.prefix(40), "\(kind) \(cycle) acknowledged, but holds \(line)")
                }
                let outcome = empty ? "nothing" : line.prefix(40) == commits.prefix(40) ? "whole" : "HALF"
                #expect(outcome != "HALF", "\(kind) \(cycle) left \(line)")
                outcomes["\(kind) \(outcome)", default: 0] += 1
            }
        }
        print("crash campaign import/copy: \(Self.cycles * 2) kills, \(outcomes.sorted { $0.key < $1.key })")
    }
}
