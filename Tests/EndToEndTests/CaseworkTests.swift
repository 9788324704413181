import Foundation
import TestSupport
import Testing

/// Casework day to day, as a script and an advisor do it.
@Suite("Casework day to day")
struct CaseworkTests {
    @Test("A logged call with the referrer meets the contact deadline; a plain note does not; bad input is refused in words; a closed case takes a note")
    func contactMoments() throws {
        let dir = TemporaryDirectory()
        let add = try Schakel.run(["case", "add", "--store", dir.store, "--name", "Pier Postma", "--gemeente", "Leeuwarden",
                                   "--source", "politie", "--referrer", "Politie Noord", "--contact", "J. de Wit", "--reason", "Overlast"])
        #expect(add.stdout == "2026-0001\n", "\(add.stderr)")
        func show() throws -> String { try Schakel.run(["case", "show", "2026-0001", "--store", dir.store]).stdout }
        let contactLine = { (text: String) in text.split(separator: "\n").first { $0.hasPrefix("contact met melder") }.map(String.init) ?? "" }
        #expect(!contactLine(try show()).contains("voldaan"))

        let plain = try Schakel.run(["note", "2026-0001", "--store", dir.store, "--text", "Dossier doorgelezen"])
        #expect(plain.status == 0, "\(plain.stderr)")
        #expect(!contactLine(try show()).contains("voldaan"))

        let bad = try Schakel.run(["note", "2026-0001", "--store", dir.store, "--text", "x", "--kind", "fax"])
        #expect(bad.status == 1)
        #expect(bad.stderr == "schakel: --kind: onbekende soort (fax); bekend: telefoon, gesprek, e-mail, overleg, notitie\n")
        let empty = try Schakel.run(["note", "2026-0001", "--store", dir.store, "--text", "  "])
        #expect(empty.stderr.hasPrefix("schakel: --text: "), "\(empty.stderr)")

        let called = try Schakel.run(["note", "2026-0001", "--store", dir.store, "--referrer", "--text", "Melder gebeld, verhaal gehoord"])
        #expect(called.status == 0, "\(called.stderr)")
        let shown = try show()
        #expect(contactLine(shown).contains("✓ voldaan"), "\(shown)")
        #expect(shown.contains("Tester: telefoon met de melder (J. de Wit, Politie Noord): Melder gebeld"), "\(shown)")
        #expect(shown.contains("Tester: notitie: Dossier doorgelezen"))
        // The queue no longer counts the met deadline.
        let list = try Schakel.run(["case", "list", "--store", dir.store])
        #expect(list.stdout.contains("2026-0001"))
        #expect(!list.stdout.split(separator: "\n").contains { $0.contains("2026-0001") && $0.hasSuffix("wd") }, "\(list.stdout)")
        // In English, the same.
        let english = try Schakel.run(["case", "show", "2026-0001", "--store", dir.store, "--lang", "en"])
        #expect(english.stdout.contains("phone call with the referrer (J. de Wit, Politie Noord): Melder gebeld"), "\(english.stdout)")
    }
}
