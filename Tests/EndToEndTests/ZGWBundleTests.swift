import Foundation
import TestSupport
import Testing

/// `schakel zgw` as another tool reads it: Python's json parses the bundle, and every field is
/// held against what `case show --json` says of the same case.
@Suite("The ZGW-aligned JSON bundle")
struct ZGWBundleTests {
    /// Three cases: one closed after a handback (two decisions' worth of history), one in
    /// procesregie with a household, one new.
    static func store(_ dir: TemporaryDirectory) throws {
        func run(_ arguments: [String]) throws {
            let result = try Schakel.run(arguments + ["--store", dir.store])
            #expect(result.status == 0, "\(arguments): \(result.stderr)")
        }
        try run([
            "case", "add", "--name", "Pier van der Postma", "--bsn", "111222333", "--birthdate", "1980-02-03",
            "--street", "Nieuwestad 12a", "--postcode", "8911 AB", "--place", "Leeuwarden", "--gemeente", "Leeuwarden",
            "--wijkteam", "noord", "--source", "politie", "--referrer", "Politie Fryslân", "--contact", "H. Agent",
            "--reason", "Zorgen en overlast",
        ])
        try run(["triage", "2026-0001", "--criterion", "1=ja", "--criterion", "2=ja", "--criterion", "3=ja"])
        try run(["decide", "2026-0001", "--outcome", "procesregie", "--rationale", "Drie criteria"])
        try run(["assign", "2026-0001", "--to", "Anna Bakker"])
        try run(["handback", "2026-0001", "--to", "J. Jansen", "--conditions", "Zorg geborgd"])
        try run(["handback-check", "2026-0001", "--result", "stabiel", "--note", "Rustig"])
        try run([
            "case", "add", "--name", "Sietske Visser", "--bsn", "123456782", "--gemeente", "Harlingen", "--source",
            "wijkteam", "--reason", "Schulden",
        ])
        try run(["person", "add", "2026-0002", "--name", "Kees Visser", "--role", "kind", "--birthdate", "2015-06-01"])
        try run(["triage", "2026-0002", "--criterion", "1=ja", "--criterion", "2=ja", "--criterion", "3=ja"])
        try run(["decide", "2026-0002", "--outcome", "procesregie", "--rationale", "Samen met de gemeente"])
        try run([
            "case", "add", "--name", "Jan Jansen", "--gemeente", "Vlieland", "--source", "politie", "--reason", "x",
        ])
    }

    static func json(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    /// The bundle as Python's json reads it, given back as Foundation objects.
    static func bundle(_ dir: TemporaryDirectory, _ arguments: [String]) throws -> [String: Any] {
        let path = dir.path + "/zgw-\(UUID().uuidString).json"
        let result = try Schakel.run(["zgw", "--store", dir.store, "--out", path] + arguments)
        #expect(result.status == 0, "\(result.stderr)")
        let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? NSNumber
        #expect(mode?.intValue == 0o600)
        let python = try Spawn.run(
            "/usr/bin/python3", ["-c", "import json, sys; print(json.dumps(json.load(open(sys.argv[1]))))", path],
            environment: ["PATH": "/usr/bin:/bin"])
        #expect(python.status == 0, "\(python.stderr)")
        return try json(python.stdout)
    }

    static func list(_ bundle: [String: Any], _ key: String, of zaak: String) -> [[String: Any]] {
        ((bundle[key] as? [[String: Any]]) ?? []).filter { $0["zaak"] as? String == zaak }
    }

    @Test("Every field of a Zaak, its Statussen, Rollen, Resultaat and Besluit agrees with the case in the store")
    func fieldByField() throws {
        let dir = TemporaryDirectory()
        try Self.store(dir)
        let bundle = try Self.bundle(dir, ["--all"])
        let zaken = try #require(bundle["zaken"] as? [[String: Any]])
        #expect(zaken.compactMap { $0["identificatie"] as? String } == ["2026-0001", "2026-0002", "2026-0003"])
        #expect((bundle["bundel"] as? [String: Any])?["uitlijning"] as? String != nil)
        for zaak in zaken {
            let id = try #require(zaak["identificatie"] as? String)
            let shown = try Self.json(try Schakel.run(["case", "show", id, "--json", "--store", dir.store]).stdout)
            let url = try #require(zaak["url"] as? String)
            let received = try #require(shown["receivedAt"] as? String)
            #expect(zaak["registratiedatum"] as? String == String(received.prefix(10)))
            #expect(zaak["startdatum"] as? String == String(received.prefix(10)))
            #expect(zaak["bronorganisatie"] as? String == "Zorg- en Veiligheidshuis Fryslân")
            #expect(zaak["zaaktype"] as? String == "urn:schakel:zaaktype:zvh-casus")
            #expect((zaak["toelichting"] as? String)?.hasPrefix(shown["reason"] as? String ?? "-") == true)
            // Statuses: in time order, the last one set is the case's status now.
            let statuses = Self.list(bundle, "statussen", of: url)
            let status = try #require(shown["status"] as? String)
            #expect(statuses.last?["statustype"] as? String == "urn:schakel:statustype:\(status)")
            #expect(statuses.last?["indicatieLaatstGezetteStatus"] as? Bool == true)
            #expect(statuses.dropLast().allSatisfy { $0["indicatieLaatstGezetteStatus"] as? Bool == false })
            #expect(zaak["status"] as? String == statuses.last?["url"] as? String)
            let moments = statuses.compactMap { $0["datumStatusGezet"] as? String }
            #expect(moments == moments.sorted() && moments.first == received)
            // Persons: one natuurlijk_persoon each, with BSN and birth date as the store has them.
            let roles = Self.list(bundle, "rollen", of: url)
            let persons = try #require(shown["persons"] as? [[String: Any]])
            let natural = roles.filter { $0["betrokkeneType"] as? String == "natuurlijk_persoon" }
            #expect(natural.count == persons.count)
            for (person, role) in zip(persons, natural) {
                let identification = try #require(role["betrokkeneIdentificatie"] as? [String: Any])
                #expect(identification["inpBsn"] as? String == person["bsn"] as? String)
                #expect(identification["geboortedatum"] as? String == person["birthDate"] as? String)
                let parts = ["voornamen", "voorvoegselGeslachtsnaam", "geslachtsnaam"].compactMap {
                    identification[$0] as? String
                }.filter { !$0.isEmpty }
                #expect(parts.joined(separator: " ") == person["name"] as? String)
                #expect(
                    role["roltype"] as? String == "urn:schakel:roltype:\(person["role"] as? String ?? "betrokkene")")
            }
            // The advisor and the responsibility holders.
            let advisor = roles.first { $0["betrokkeneType"] as? String == "medewerker" }
            #expect(
                (advisor?["betrokkeneIdentificatie"] as? [String: Any])?["identificatie"] as? String
                    == shown["advisor"] as? String)
            let holders = try #require(shown["responsibilities"] as? [String: [String: Any]])
            for (responsibility, holder) in holders {
                let role = roles.first { $0["roltype"] as? String == "urn:schakel:roltype:\(responsibility)" }
                #expect(
                    (role?["betrokkeneIdentificatie"] as? [String: Any])?["statutaireNaam"] as? String
                        == holder["organisation"] as? String, "\(id) \(responsibility)")
            }
            // Besluiten: one per decision in the timeline.
            let timeline = try #require(shown["timeline"] as? [[String: Any]])
            let decided = timeline.filter { ($0["event"] as? [String: Any])?["type"] as? String == "DecisionRecorded" }
            #expect(Self.list(bundle, "besluiten", of: url).count == decided.count)
            // A Resultaat and an einddatum only for a closed case.
            let results = Self.list(bundle, "resultaten", of: url)
            #expect(results.count == (status == "afgesloten" ? 1 : 0))
            #expect((zaak["einddatum"] != nil) == (status == "afgesloten"))
        }
        let first = try #require(zaken.first?["url"] as? String)
        #expect(
            Self.list(bundle, "statussen", of: first).compactMap { $0["statustype"] as? String }.map {
                $0.replacingOccurrences(of: "urn:schakel:statustype:", with: "")
            } == ["nieuw", "triage", "procesregie", "teruggelegd", "afgesloten"])
        #expect(
            Self.list(bundle, "resultaten", of: first).first?["resultaattype"] as? String
                == "urn:schakel:resultaattype:teruggelegd-stabiel")
        let pier = try #require(
            Self.list(bundle, "rollen", of: first).first?["betrokkeneIdentificatie"] as? [String: Any])
        #expect(pier["voorvoegselGeslachtsnaam"] as? String == "van der")
        #expect(pier["geslachtsnaam"] as? String == "Postma")
        let address = try #require(pier["verblijfsadres"] as? [String: Any])
        #expect(address["aoaHuisnummer"] as? Int == 12)
        #expect(address["aoaHuisletter"] as? String == "A")
        #expect(address["aoaPostcode"] as? String == "8911AB")
        #expect(address["gorOpenbareRuimteNaam"] as? String == "Nieuwestad")
    }

    @Test("Case numbers, --filter and --all choose the cases; the export is in the access log")
    func selection() throws {
        let dir = TemporaryDirectory()
        try Self.store(dir)
        func ids(_ bundle: [String: Any]) -> [String] {
            ((bundle["zaken"] as? [[String: Any]]) ?? []).compactMap { $0["identificatie"] as? String }
        }
        #expect(ids(try Self.bundle(dir, ["2026-0003", "2026-2"])) == ["2026-0002", "2026-0003"])
        #expect(ids(try Self.bundle(dir, ["--filter", "visser"])) == ["2026-0002"])
        #expect(ids(try Self.bundle(dir, ["--filter", "postma", "--closed"])) == ["2026-0001"])
        // Postma's case is closed: --filter alone looks at the open ones.
        #expect(try Schakel.run(["zgw", "--store", dir.store, "--filter", "postma"]).status == 1)
        let printed = try Schakel.run(["zgw", "2026-0001", "--store", dir.store])
        #expect(ids(try Self.json(printed.stdout)) == ["2026-0001"])
        let audit = try Schakel.run(["audit", "--store", dir.store, "--format", "csv"]).stdout
        let exports = audit.split(whereSeparator: \.isNewline).filter { $0.contains(";export;") && $0.contains("zgw") }
        #expect(exports.count == 4, "\(audit)")
        #expect(exports.contains { $0.contains("2026-0002 2026-0003") })
    }

    @Test(
        "Bad selections are one clear line",
        arguments: [
            ([String](), "schakel: noem de casussen, of geef --filter of --all: één van de drie\n"),
            (["2026-0001", "--all"], "schakel: noem de casussen, of geef --filter of --all: één van de drie\n"),
            (["--filter", "niemand"], "schakel: geen casus past bij --filter\n"),
            (
                ["--all", "--rsin", "123456789"],
                "schakel: --rsin: geen RSIN (negen cijfers die de 11-proef doorstaan): 123456789\n"
            ),
            (["2026-0009"], "schakel: geen casus 2026-0009 in STORE\n"),
        ])
    func badSelection(arguments: [String], message: String) throws {
        let dir = TemporaryDirectory()
        #expect(
            try Schakel.run([
                "case", "add", "--store", dir.store, "--name", "A", "--gemeente", "Harlingen", "--source", "politie",
                "--reason", "x",
            ]).status == 0)
        let result = try Schakel.run(["zgw", "--store", dir.store, "--out", dir.path + "/z.json"] + arguments)
        #expect(result.status == 1)
        #expect(result.stderr == message.replacingOccurrences(of: "STORE", with: dir.store))
        #expect(!FileManager.default.fileExists(atPath: dir.path + "/z.json"))
    }
}
