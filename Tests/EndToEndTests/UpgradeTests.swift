import Foundation
import TestSupport
import Testing

/// A store written by the old journal code (journal.skj, snapshot.sks, lock), and what that code
/// exported from it, upgraded to the SQLite store by the built binary.
@Suite("Upgrading a journal store to SQLite")
struct UpgradeTests {
    static let fixture = SourceTree.root.appendingPathComponent("Tests/EndToEndTests/Fixtures/journal-store-v1").path
    static let fixtureExport = SourceTree.root.appendingPathComponent(
        "Tests/EndToEndTests/Fixtures/journal-store-v1.export.json"
    ).path

    /// A copy of the fixture store in a fresh directory (the fixture itself is never touched).
    private func copy(into dir: TemporaryDirectory) throws -> String {
        try FileManager.default.copyItem(atPath: Self.fixture, toPath: dir.store)
        return dir.store
    }

    /// The old code's export, each commit as canonical JSON text.
    private func expectedCommits() throws -> [String] {
        let data = try #require(
            FileManager.default.contents(atPath: Self.fixtureExport), "missing \(Self.fixtureExport)")
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let commits = try #require(object["commits"] as? [[String: Any]])
        return commits.map(StoreProbe.canonical)
    }

    private func exported(_ store: String) throws -> [String] {
        try StoreProbe.exportCommits(store).map(StoreProbe.canonical)
    }

    /// The first commit where two lists differ, for a readable failure.
    private func firstDifference(_ a: [String], _ b: [String]) -> String {
        for (index, (x, y)) in zip(a, b).enumerated() where x != y {
            return "commit \(index + 1) differs:\n  upgraded: \(x.prefix(600))\n  fixture:  \(y.prefix(600))"
        }
        return a.count == b.count ? "equal" : "\(a.count) commits against \(b.count)"
    }

    private func exists(_ path: String) -> Bool { FileManager.default.fileExists(atPath: path) }

    @Test(
        "store upgrade carries every commit over: the export equals the old code's, check passes, the journal is kept aside"
    )
    func upgrade() throws {
        let dir = TemporaryDirectory()
        let store = try copy(into: dir)
        let expected = try expectedCommits()
        #expect(expected.count > 100)

        let upgrade = try Schakel.run(["store", "upgrade", "--store", store])
        #expect(upgrade.status == 0, "\(upgrade.stdout)\(upgrade.stderr)")
        #expect(
            (upgrade.stdout + upgrade.stderr).contains("\(expected.count) wijzigingen"),
            "\(upgrade.stdout)\(upgrade.stderr)")

        let commits = try exported(store)
        #expect(commits == expected, "\(firstDifference(commits, expected))")
        let check = try Schakel.run(["check", "--store", store])
        #expect(check.status == 0, "\(check.stdout)\(check.stderr)")
        #expect(exists(store + "/schakel.db"))
        #expect(exists(store + "/journal.skj.pre-sqlite"))
        #expect(!exists(store + "/journal.skj"))
        #expect(
            FileManager.default.contents(atPath: store + "/journal.skj.pre-sqlite")
                == FileManager.default.contents(atPath: Self.fixture + "/journal.skj"),
            "the kept journal is the old one, byte for byte")

        // The upgraded store takes new work and numbers on from the old one.
        let cases = try StoreProbe.caseList(store)
        let add = try Schakel.run([
            "case", "add", "--store", store, "--name", "Na de omzetting", "--gemeente", "Harlingen",
            "--source", "politie", "--reason", "x",
        ])
        #expect(add.status == 0, "\(add.stderr)")
        #expect(
            add.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == String(format: "2026-%04d", cases.count + 1))
        let after = try exported(store)
        #expect(Array(after.prefix(expected.count)) == expected)
        #expect(after.count == expected.count + 1)
    }

    @Test(
        "Killed just before the new database is renamed into place: the journal is still the store, and the next write redoes the upgrade"
    )
    func crashBeforeRename() throws {
        let dir = TemporaryDirectory()
        let store = try copy(into: dir)
        let expected = try expectedCommits()
        let crashed = try Schakel.run(
            ["store", "upgrade", "--store", store], environment: ["SCHAKEL_UPGRADE_CRASH": "before-rename"])
        #expect(
            crashed.status == 128 + SIGKILL, "the upgrade should have been killed: \(crashed.status) \(crashed.stderr)")
        #expect(!exists(store + "/schakel.db"), "the database must not be in place yet")
        #expect(exists(store + "/journal.skj"))
        #expect(
            FileManager.default.contents(atPath: store + "/journal.skj")
                == FileManager.default.contents(atPath: Self.fixture + "/journal.skj"))

        // Still a journal store: reading says how to convert it.
        let list = try Schakel.run(["case", "list", "--store", store])
        #expect(list.status != 0)
        #expect(list.stderr.contains("store upgrade"), "\(list.stderr)")

        // An ordinary write converts it (again, from scratch) and goes on.
        let add = try Schakel.run([
            "case", "add", "--store", store, "--name", "Na de crash", "--gemeente", "Harlingen",
            "--source", "politie", "--reason", "x",
        ])
        #expect(add.status == 0, "\(add.stderr)")
        #expect(add.stderr.contains("journal.skj.pre-sqlite"), "the upgrade notice: \(add.stderr)")
        let commits = try exported(store)
        #expect(
            Array(commits.prefix(expected.count)) == expected,
            "\(firstDifference(Array(commits.prefix(expected.count)), expected))")
        #expect(commits.count == expected.count + 1)
        #expect(commits.last?.contains("Na de crash") == true)
        let relisted = try Schakel.run(["case", "list", "--store", store])
        #expect(relisted.status == 0 && relisted.stdout.contains("Na de crash"), "\(relisted.stderr)")
        #expect(!exists(store + "/schakel.db.upgrading"), "the half-built database is thrown away")
        #expect(!exists(store + "/journal.skj") && exists(store + "/journal.skj.pre-sqlite"))
        let check = try Schakel.run(["check", "--store", store])
        #expect(check.status == 0, "\(check.stdout)\(check.stderr)")
    }

    @Test(
        "Killed just after the rename: the database is the store; reads and writes work and the export is the old one's"
    )
    func crashAfterRename() throws {
        let dir = TemporaryDirectory()
        let store = try copy(into: dir)
        let expected = try expectedCommits()
        let crashed = try Schakel.run(
            ["store", "upgrade", "--store", store], environment: ["SCHAKEL_UPGRADE_CRASH": "after-rename"])
        #expect(
            crashed.status == 128 + SIGKILL, "the upgrade should have been killed: \(crashed.status) \(crashed.stderr)")
        #expect(exists(store + "/schakel.db"))

        let list = try Schakel.run(["case", "list", "--store", store, "--json"])
        #expect(list.status == 0, "\(list.stderr)")
        let listed = (try? JSONSerialization.jsonObject(with: Data(list.stdout.utf8)) as? [[String: Any]]) ?? []
        let data = try #require(FileManager.default.contents(atPath: Self.fixtureExport))
        let fixtureCommits =
            ((try JSONSerialization.jsonObject(with: data) as? [String: Any])?["commits"] as? [[String: Any]]) ?? []
        let registered = Set(
            fixtureCommits.flatMap { ($0["events"] as? [[String: Any]]) ?? [] }
                .filter { $0["type"] as? String == "CaseRegistered" }
                .compactMap { ($0["data"] as? [String: Any])?["id"] as? String }
        ).count
        #expect(
            !listed.isEmpty && listed.count == registered,
            "\(listed.count) cases listed, the fixture registers \(registered)")
        let commits = try exported(store)
        #expect(commits == expected, "\(firstDifference(commits, expected))")

        let add = try Schakel.run([
            "case", "add", "--store", store, "--name", "Na de crash", "--gemeente", "Harlingen",
            "--source", "politie", "--reason", "x",
        ])
        #expect(add.status == 0, "\(add.stderr)")
        let after = try exported(store)
        #expect(Array(after.prefix(expected.count)) == expected)
        #expect(after.count == expected.count + 1)
        // The interrupted upgrade's tidying is finished by that write.
        #expect(!exists(store + "/journal.skj") && exists(store + "/journal.skj.pre-sqlite"))
        let check = try Schakel.run(["check", "--store", store])
        #expect(check.status == 0, "\(check.stdout)\(check.stderr)")
    }

    @Test("A read-only command on a journal store refuses, names 'store upgrade', and changes nothing")
    func readOnlyRefuses() throws {
        let dir = TemporaryDirectory()
        let store = try copy(into: dir)
        let before = try FileManager.default.contentsOfDirectory(atPath: store).sorted()
        let list = try Schakel.run(["case", "list", "--store", store])
        #expect(list.status != 0)
        #expect(list.stdout.isEmpty)
        #expect(list.stderr.contains("store upgrade"), "\(list.stderr)")
        let export = try Schakel.run(["export", "--store", store])
        #expect(export.status != 0)
        #expect(export.stderr.contains("store upgrade"), "\(export.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: store).sorted() == before)
        #expect(
            FileManager.default.contents(atPath: store + "/journal.skj")
                == FileManager.default.contents(atPath: Self.fixture + "/journal.skj"))
    }
}
