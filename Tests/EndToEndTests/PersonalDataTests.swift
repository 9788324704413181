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
}
