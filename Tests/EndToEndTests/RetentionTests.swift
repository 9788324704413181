import Foundation
import TestSupport
import Testing

/// Retention: on a fixed clock, the closed cases past their period are listed and purged; their
/// names are found nowhere afterwards (the store's files, an export, the desk's listing, the
/// PostgreSQL rows), while what reports count stays the same.
@Suite("Retention: purging what is past its period")
struct RetentionTests {
    /// The names, BSNs and reasons of the closed cases, from a plain export of the store.
    private func closedSecrets(_ store: String, _ env: [String: String]) throws -> (ids: [String], secrets: [String]) {
        let list = try Schakel.run(["case", "list", "--closed", "--json", "--store", store], environment: env).stdout
        let cases = try #require(try JSONSerialization.jsonObject(with: Data(list.utf8)) as? [[String: Any]])
        var secrets: [String] = []
        for c in cases {
            for person in c["persons"] as? [[String: Any]] ?? [] {
                secrets += [person["name"] as? String, person["bsn"] as? String].compactMap { $0 }
            }
        }
        return (cases.compactMap { $0["id"] as? String }, secrets.filter { $0.count >= 6 })
    }

    /// What reports count: cases per gemeente and status, open and closed.
    private func counts(_ store: String, _ env: [String: String]) throws -> [String: Int] {
        var tally: [String: Int] = [:]
        for flag in [[], ["--closed"]] {
            let list = try Schakel.run(["case", "list", "--json", "--store", store] + flag, environment: env).stdout
            for c in try #require(try JSONSerialization.jsonObject(with: Data(list.utf8)) as? [[String: Any]]) {
                tally["\(c["gemeente"] ?? "")/\(c["status"] ?? "")/\(c["source"] ?? "")", default: 0] += 1
            }
        }
        return tally
    }

    /// The consultations as `consult list --json` gives them, by number.
    private func consultations(_ store: String, _ env: [String: String]) throws -> [String: [String: Any]] {
        let out = try Schakel.run(["consult", "list", "--json", "--store", store], environment: env).stdout
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(out.utf8)) as? [[String: Any]])
        var byID: [String: [String: Any]] = [:]
        for row in rows {
            let c = try #require(row["consultation"] as? [String: Any])
            byID[try #require(c["id"] as? String)] = c
        }
        return byID
    }

    private func purgeAndLook(store: String, env: [String: String], files: () throws -> String) throws {
        let (ids, secrets) = try closedSecrets(store, env)
        let consultsBefore = try consultations(store, env)
        #expect(!ids.isEmpty && !secrets.isEmpty, "the demo should have a closed case")
        let before = try counts(store, env)
        let dry = try Schakel.run(["purge", "--dry-run", "--store", store], environment: env)
        #expect(dry.status == 0, "\(dry.stderr)")
        for id in ids { #expect(dry.stdout.contains("\(id)  gesloten, laatste wijziging ")) }
        #expect(dry.stdout.contains("er is niets veranderd"))
        // Consultations held more than a month ago are due; the newer ones are not.
        let dueConsults = dry.stdout.split(separator: "\n").filter { $0.contains("  consult van ") }.map {
            String($0.prefix(while: { $0 != " " }))
        }
        #expect(!dueConsults.isEmpty && dueConsults.count < consultsBefore.count, "\(dry.stdout)")
        #expect(try closedSecrets(store, env).secrets == secrets, "a dry run changes nothing")
        let refused = try Schakel.run(["purge", "--store", store], environment: env)
        #expect(refused.stderr == "schakel: opschonen vraagt bevestiging: op een terminal, of met --yes\n")
        let purge = try Schakel.run(["purge", "--yes", "--store", store], environment: env)
        #expect(purge.status == 0, "\(purge.stderr)")
        let casus = "\(ids.count) \(ids.count == 1 ? "casus" : "casussen")"
        let consults = "\(dueConsults.count) \(dueConsults.count == 1 ? "consult" : "consulten")"
        #expect(purge.stdout.contains("\(casus) en \(consults) opgeschoond"), "\(purge.stdout)")
        let check = try Schakel.run(["check", "--store", store], environment: env)
        #expect(check.status == 0, "\(check.stdout)\(check.stderr)")
        #expect(try counts(store, env) == before, "what reports count stays")
        let export = try Schakel.run(["export", "--store", store], environment: env).stdout
        let listing = try Schakel.run(["case", "list", "--closed", "--store", store], environment: env).stdout
        let raw = try files()
        for secret in secrets {
            #expect(!export.contains(secret), "the export holds \(secret)")
            #expect(!listing.contains(secret))
            #expect(!raw.contains(secret), "a file of the store holds \(secret)")
        }
        #expect(listing.contains("Persoon 1"))
        // A purged consultation keeps when, where and its follow-up; its text is gone, from the
        // log's commits too; the others are as they were.
        let consultsAfter = try consultations(store, env)
        #expect(consultsAfter.count == consultsBefore.count)
        let exported = try #require(try JSONSerialization.jsonObject(with: Data(export.utf8)) as? [String: Any])
        let logged = (exported["commits"] as? [[String: Any]] ?? []).flatMap {
            $0["consultationEvents"] as? [[String: Any]] ?? []
        }.compactMap { $0["data"] as? [String: Any] }
        for (id, before) in consultsBefore {
            let after = try #require(consultsAfter[id])
            for field in ["at", "gemeente", "wijkteam", "followUp", "safetySignal"] {
                #expect("\(after[field] ?? "")" == "\(before[field] ?? "")", "\(id) \(field)")
            }
            let purged = dueConsults.contains(id)
            for field in ["question", "sketch", "advice", "member"] {
                #expect(((after[field] as? String) ?? "").isEmpty == purged, "\(id) \(field)")
            }
            #expect((after["purgedAt"] != nil) == purged)
            for record in logged where record["id"] as? String == id {
                #expect(((record["sketch"] as? String) ?? "").isEmpty == purged, "the log's record of \(id)")
            }
        }
        let audit = try Schakel.run(["audit", "--store", store], environment: env).stdout
        #expect(audit.contains("opschoning"))
        // Nothing is due any more; a second purge finds nothing and changes nothing.
        #expect(
            try Schakel.run(["purge", "--dry-run", "--store", store], environment: env).stdout.contains(
                "niets is voorbij zijn bewaartermijn")
        )
    }

    @Test("On SQLite: listed, purged, and the names are in no file of the store, no export, no listing")
    func sqlite() throws {
        let dir = TemporaryDirectory()
        #expect(try Schakel.run(["demo", "--store", dir.store, "--cases", "40"]).status == 0)
        FileManager.default.createFile(
            atPath: dir.store + "/settings.json",
            contents: Data(#"{"retentionClosedMonths": 1, "retentionConsultationMonths": 1}"#.utf8))
        try purgeAndLook(store: dir.store, env: [:]) {
            var all = ""
            for name in try FileManager.default.contentsOfDirectory(atPath: dir.store) {
                let out = try Spawn.run(
                    "/usr/bin/strings", ["-a", dir.store + "/" + name], environment: ["PATH": "/usr/bin:/bin"])
                all += out.stdout
            }
            return all
        }
    }

    @Test("On PostgreSQL, encrypted: the rows and pg_dump hold no purged name either")
    func postgres() throws {
        let cluster = try PostgresCluster.shared.get()
        let store = try cluster.newDatabase()
        let database = String(store.split(separator: "/").last ?? "")
        let dir = TemporaryDirectory()
        let pass = dir.path + "/pass"
        FileManager.default.createFile(
            atPath: pass, contents: Data("een lange wachtwoordzin\n".utf8), attributes: [.posixPermissions: 0o600])
        var env = cluster.environment
        env["SCHAKEL_PASSPHRASE_FILE"] = pass
        env["SCHAKEL_NEW_PASSPHRASE_FILE"] = pass
        #expect(try Schakel.run(["demo", "--store", store, "--cases", "40"], environment: env).status == 0)
        let set = dir.path + "/settings.json"
        FileManager.default.createFile(
            atPath: set, contents: Data(#"{"retentionClosedMonths": 1, "retentionConsultationMonths": 1}"#.utf8))
        #expect(
            try Schakel.run(["store", "config", "set", "settings.json", set, "--store", store], environment: env).status
                == 0)
        // Names kept in plaintext before encrypting are gone by VACUUM FULL; the purge must not bring any back.
        #expect(try Schakel.run(["store", "encrypt", "--store", store], environment: env).status == 0)
        try purgeAndLook(store: store, env: env) {
            let dump = try cluster.dump(database: database)
            #expect(dump.status == 0)
            return dump.stdout
        }
    }
}
