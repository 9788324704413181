import Foundation
import TestSupport
import Testing

/// Names and BSNs need not be on the command line, where any user of the machine reads them in
/// /proc: `case add --personal FILE` (or `-`, standard input) takes them from a JSON object.
@Suite("Personal data off the command line")
struct PersonalDataTests {
    @Test("From a file and from standard input; a field given twice, an unknown one, or no name is refused by name")
    func personal() throws {
        let dir = TemporaryDirectory()
        #expect(try Schakel.run(["store", "init", "--store", dir.store]).status == 0)
        let file = dir.path + "/persoon.json"
        FileManager.default.createFile(
            atPath: file,
            contents: Data(#"{"name": "Anne de Vries", "bsn": "111222333", "reason": "Zorgen om de kinderen"}"#.utf8))
        let common = ["--gemeente", "Leeuwarden", "--source", "wijkteam", "--store", dir.store]
        let fromFile = try Schakel.run(["case", "add", "--personal", file] + common)
        #expect(fromFile.status == 0, "\(fromFile.stderr)")
        let piped = try Spawn.run(
            "/bin/sh",
            [
                "-c",
                "printf '%s' '{\"name\": \"Bert Bos\", \"birthdate\": \"1980-02-03\"}' | "
                    + ([Schakel.path, "case", "add", "--personal", "-", "--reason", "Overlast"] + common).map(
                        Schakel.quoted
                    ).joined(separator: " "),
            ], environment: Schakel.environment)
        #expect(piped.status == 0, "\(piped.stderr)")
        let list = try Schakel.run(["case", "list", "--json", "--store", dir.store]).stdout
        let cases = try #require(try JSONSerialization.jsonObject(with: Data(list.utf8)) as? [[String: Any]])
        let persons = cases.compactMap { ($0["persons"] as? [[String: Any]])?.first }
        #expect(Set(persons.compactMap { $0["name"] as? String }) == ["Anne de Vries", "Bert Bos"])
        #expect(persons.contains { $0["bsn"] as? String == "111222333" })
        #expect(persons.contains { $0["birthDate"] as? String == "1980-02-03" })

        let twice = try Schakel.run(["case", "add", "--personal", file, "--name", "Ander"] + common)
        #expect(twice.status == 1)
        #expect(
            twice.stderr == "schakel: name staat zowel op de opdrachtregel als in --personal: geef het op één plek\n")
        FileManager.default.createFile(atPath: file, contents: Data(#"{"naam": "Anne"}"#.utf8))
        let unknown = try Schakel.run(["case", "add", "--personal", file] + common)
        #expect(unknown.stderr.hasPrefix("schakel: onbekend veld \"naam\" in --personal (bekend: birthdate, bsn,"))
        let nameless = try Schakel.run(["case", "add", "--reason", "x"] + common)
        #expect(nameless.stderr == "schakel: een naam is nodig: --name, of name in --personal\n")
    }

    @Test("zsm add, person add and known take names and BSNs from --personal too; nothing personal in their arguments")
    func otherCommands() throws {
        let dir = TemporaryDirectory()
        #expect(try Schakel.run(["store", "init", "--store", dir.store]).status == 0)
        let file = dir.path + "/verdachte.json"
        FileManager.default.createFile(
            atPath: file,
            contents: Data(#"{"name": "Karel Visser", "bsn": "111222333", "birthdate": "1990-05-06"}"#.utf8))
        let zsm = try Schakel.run([
            "zsm", "add", "--personal", file, "--gemeente", "Leeuwarden", "--reason", "Winkeldiefstal", "--store",
            dir.store,
        ])
        #expect(zsm.status == 0, "\(zsm.stderr)")
        let id = zsm.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let child = dir.path + "/kind.json"
        FileManager.default.createFile(
            atPath: child, contents: Data(#"{"name": "Lotte Visser", "birthdate": "2015-01-02"}"#.utf8))
        let person = try Schakel.run(["person", "add", id, "--role", "kind", "--personal", child, "--store", dir.store])
        #expect(person.status == 0, "\(person.stderr)")
        #expect(person.stdout.contains("Lotte Visser"), "\(person.stdout)")
        let search = dir.path + "/zoek.json"
        FileManager.default.createFile(atPath: search, contents: Data(#"{"bsn": "111222333"}"#.utf8))
        let known = try Schakel.run(["known", "--personal", search, "--json", "--store", dir.store])
        #expect(known.status == 0, "\(known.stderr)")
        #expect(known.stdout.contains(id) && known.stdout.contains("Karel Visser"), "\(known.stdout)")
        // A field the command does not take is refused by name.
        FileManager.default.createFile(atPath: search, contents: Data(#"{"street": "Tuinstraat 1"}"#.utf8))
        let refused = try Schakel.run(["known", "--personal", search, "--store", dir.store])
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("onbekend veld \"street\""), "\(refused.stderr)")
    }

    @Test("case correct and case list take names and BSNs from --personal too; a mistake in the file changes nothing")
    func correctAndList() throws {
        let dir = TemporaryDirectory()
        #expect(try Schakel.run(["demo", "--store", dir.store, "--cases", "4"]).status == 0)
        let add = try Schakel.run([
            "case", "add", "--name", "Jelle Hoekstra", "--gemeente", "Harlingen", "--source", "wijkteam", "--reason",
            "x", "--store", dir.store,
        ])
        let id = add.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(add.status == 0, "\(add.stderr)")
        let file = dir.path + "/correctie.json"
        FileManager.default.createFile(
            atPath: file, contents: Data(#"{"name": "Jelle Hoekstra-Zijlstra", "bsn": "111222333"}"#.utf8))
        let correct = try Schakel.run([
            "case", "correct", id, "--personal", file, "--why", "Achternaam en BSN nagekomen", "--store", dir.store,
        ])
        #expect(correct.status == 0, "\(correct.stderr)")
        let search = dir.path + "/zoek.json"
        FileManager.default.createFile(atPath: search, contents: Data(#"{"bsn": "111222333"}"#.utf8))
        let list = try Schakel.run(["case", "list", "--personal", search, "--json", "--store", dir.store])
        #expect(list.status == 0, "\(list.stderr)")
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(list.stdout.utf8)) as? [[String: Any]])
        #expect(rows.compactMap { $0["id"] as? String } == [id], "\(list.stdout)")
        let person = (rows.first?["persons"] as? [[String: Any]])?.first
        #expect(person?["name"] as? String == "Jelle Hoekstra-Zijlstra")
        // The filter in the file and on the command line both: refused by name, as for every field.
        FileManager.default.createFile(atPath: search, contents: Data(#"{"filter": "Hoekstra"}"#.utf8))
        let twice = try Schakel.run(["case", "list", "--personal", search, "--filter", "x", "--store", dir.store])
        #expect(twice.status == 1)
        #expect(twice.stderr.contains("filter staat zowel op de opdrachtregel als in --personal"), "\(twice.stderr)")
        // A field correct does not take: refused before anything is written.
        FileManager.default.createFile(atPath: file, contents: Data(#"{"name": "Ander", "gemeente": "Sneek"}"#.utf8))
        let unknown = try Schakel.run(["case", "correct", id, "--personal", file, "--why", "x", "--store", dir.store])
        #expect(unknown.status == 1)
        #expect(unknown.stderr.contains("onbekend veld \"gemeente\""), "\(unknown.stderr)")
        let after = try Schakel.run(["case", "list", "--filter", "Hoekstra-Zijlstra", "--json", "--store", dir.store])
        #expect(after.stdout.contains(id) && !after.stdout.contains("Ander"), "\(after.stdout)")
    }
}
