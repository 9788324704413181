import Foundation
import TestSupport
import Testing

/// Faults injected into a real `schakel case add` on a PostgreSQL store: the n-th write or read on
/// the client's sockets fails (EIO), for n = 1, 2, ... until the command runs through untouched,
/// with the same LD_PRELOAD shim as the file faults (`Fixtures/faults.c`, `SCHAKEL_FAIL_UNDER=socket:`).
/// A failed write means the server never got the statement; a failed read means it may have
/// committed and the answer was lost: the command must find out which before it speaks. Each time:
/// a clear refusal that left nothing (the retry registers the person once), or the number, and
/// the person is there exactly once; the store checks clean at the end.
@Suite("Faults injected into a PostgreSQL client's sockets", .serialized)
struct PostgresFaultTests {
    private func names(_ store: String, _ environment: [String: String]) throws -> [String] {
        let list = try Schakel.run(["case", "list", "--json", "--store", store], environment: environment)
        #expect(list.status == 0, "\(list.stderr)")
        let cases = try JSONSerialization.jsonObject(with: Data(list.stdout.utf8)) as? [[String: Any]] ?? []
        return cases.compactMap { ($0["persons"] as? [[String: Any]])?.first?["name"] as? String }
    }

    private func add(_ store: String, _ name: String, _ environment: [String: String]) throws -> Schakel.Result {
        try FaultInjectionTests.add(store, name, environment: environment)
    }

    @Test(
        "The n-th socket write or read of a case add fails, for every n: a clear refusal that left nothing, or the number; never lost, never twice",
        arguments: ["write", "read"])
    func everySocketFault(op: String) throws {
        let shim = try #require(FaultInjectionTests.shim, "no C compiler to build the fault shim")
        let cluster = try PostgresCluster.shared.get()
        let store = try cluster.newDatabase()
        let plain = cluster.environment
        #expect(try Schakel.run(["demo", "--store", store, "--cases", "5"], environment: plain).status == 0)
        let scratch = TemporaryDirectory()
        func faulty(at n: Int, count: String? = nil, mark: String? = nil) -> [String: String] {
            plain.merging(FaultInjectionTests.faults(shim, op, under: "socket:", at: n, count: count, mark: mark)) {
                $1
            }
        }
        let countFile = scratch.path + "/count"
        #expect(try add(store, "Tellen", faulty(at: -1, count: countFile)).status == 0)
        let calls = Int((try? String(contentsOfFile: countFile, encoding: .utf8)) ?? "") ?? 0
        #expect(calls > 0, "the shim saw no socket \(op)")
        var expected = try names(store, plain).count
        var (refused, acknowledgedAfterFault, lost, doubled) = (0, 0, 0, 0)
        for n in 1...max(1, calls) {
            let name = "Fout socket \(op) \(n)"
            let mark = scratch.path + "/mark-\(n)"
            let result = try add(store, name, faulty(at: n, mark: mark))
            let hit = FileManager.default.fileExists(atPath: mark)
            guard result.status == 0 || result.status == 1 else {
                Issue.record("\(op) \(n): ended by signal or trap (\(result.status)): \(result.stderr)")
                continue
            }
            if result.status == 1 {
                refused += 1
                FaultInjectionTests.expectClearRefusal(result, hit: hit, "\(op) \(n)")
                #expect(
                    try !names(store, plain).contains(name),
                    "\(op) \(n): refused, but the change stayed: \(result.stderr)")
                #expect(try add(store, name, plain).status == 0)
            } else if hit {
                acknowledgedAfterFault += 1
            }
            let held = try names(store, plain)
            let times = held.filter { $0 == name }.count
            #expect(times == 1, "\(op) \(n): \(name) is there \(times) times")
            if times == 0 { lost += 1 } else { doubled += times - 1 }
            #expect(held.count == expected + 1, "\(op) \(n): \(held.count) cases, \(expected) before")
            expected = held.count
        }
        let check = try Schakel.run(["check", "--store", store], environment: plain)
        #expect(check.status == 0, "\(check.stdout)\(check.stderr)")
        print(
            "fault injection PostgreSQL socket \(op): \(calls) places, \(refused) refused clearly, "
                + "\(acknowledgedAfterFault) acknowledged after a fault, \(lost) lost, \(doubled) doubled")
    }

    @Test(
        "The connection breaks just after the INSERT went out, while the server waits for a lock: the command waits out the server's process before it looks, so no commit lands after a refusal"
    )
    func lostWhileTheServerWorks() throws {
        let shim = try #require(FaultInjectionTests.shim, "no C compiler to build the fault shim")
        let cluster = try PostgresCluster.shared.get()
        let store = try cluster.newDatabase()
        let database = String(store.split(separator: "/").last ?? "")
        let plain = cluster.environment
        #expect(try Schakel.run(["demo", "--store", store, "--cases", "3"], environment: plain).status == 0)
        // A colleague's long transaction holds the chain: the INSERT waits for it on the server.
        let released = DispatchSemaphore(value: 0)
        DispatchQueue.global().async {
            _ = try? cluster.psql(
                "BEGIN; LOCK TABLE chain IN EXCLUSIVE MODE; SELECT pg_sleep(3); COMMIT;", database: database)
            released.signal()
        }
        let held =
            "SELECT 'vast' FROM pg_locks l JOIN pg_class c ON c.oid = l.relation WHERE c.relname = 'chain' AND l.mode = 'ExclusiveLock' AND l.granted"
        var locked = false
        for _ in 0..<100 where !locked {
            locked = (try? cluster.psql(held, database: database).stdout.contains("vast")) ?? false
            if !locked { usleep(20_000) }
        }
        #expect(locked, "the lock was never taken")
        let scratch = TemporaryDirectory()
        let mark = scratch.path + "/mark"
        let result = try add(
            store, "Laat",
            plain.merging(["LD_PRELOAD": shim, "SCHAKEL_SHUT_AFTER": "INSERT INTO commits", "SCHAKEL_FAIL_MARK": mark])
            {
                $1
            })
        #expect(FileManager.default.fileExists(atPath: mark), "the connection was not cut after the INSERT")
        released.wait()
        // Whatever the server's process was doing is over now: the lock is gone.
        let times = try names(store, plain).filter { $0 == "Laat" }.count
        #expect(result.status == 1, "\(result.stdout)\(result.stderr)")
        #expect(result.stderr == "schakel: \(store): toevoegen mislukt: de verbinding met de server is verbroken\n")
        #expect(times == 0, "refused, but the change was saved after all")
        #expect(try add(store, "Laat", plain).status == 0)
        #expect(try names(store, plain).filter { $0 == "Laat" }.count == 1)
    }
}
