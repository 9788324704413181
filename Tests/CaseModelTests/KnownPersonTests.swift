import CaseModel
import Foundation
import Testing

@Suite("Is this person known?")
struct KnownPersonTests {
    func book() throws -> CaseBook {
        var book = CaseBook()
        var first = Fixtures.registration(1, name: "Hylke Kuipers")
        first.person = Person(
            name: "Hylke Kuipers", birthDate: CalendarDate(iso: "1980-01-02"), bsn: try BSN("111222333"),
            address: Address(street: "Tuinstraat 1", postcode: try Postcode("8911 AB"), place: "Leeuwarden"))
        let second = Fixtures.registration(2, name: "Sjoukje de Vries-Kuipers")
        try book.apply(
            Commit(sequence: 1, at: Fixtures.now, actor: "t", events: [.registered(first), .registered(second)]))
        try book.apply(
            Commit(
                sequence: 2, at: Fixtures.now, actor: "t",
                events: [
                    .statusChanged(StatusChanged(caseID: first.id, from: .nieuw, to: .afgesloten))
                ]))
        return book
    }

    @Test("By BSN, name in any word order, date of birth or postcode; closed cases too; every part must match")
    func search() throws {
        let book = try book()
        func found(_ text: String) -> [String] {
            book.known(PersonQuery(text)).map { "\($0.caseID) \($0.status.rawValue)" }
        }
        #expect(found("111222333") == ["2026-0001 afgesloten"])
        #expect(found("kuipers hylke") == ["2026-0001 afgesloten"])
        #expect(found("KUIPERS") == ["2026-0002 nieuw", "2026-0001 afgesloten"])  // open cases first
        #expect(found("02-01-1980") == ["2026-0001 afgesloten"])
        #expect(found("1980-01-02 hylke") == ["2026-0001 afgesloten"])
        #expect(found("8911 ab") == ["2026-0001 afgesloten"])
        #expect(found("8911AB sjoukje") == [])
        #expect(found("111222334") == [])  // fails the 11-test: a name word
        #expect(PersonQuery("111222333 02-01-1980 8911 AB hylke").shape == ["bsn", "birth-date", "postcode", "name"])
        #expect(PersonQuery("  ").isEmpty)
    }

    @Test("A new registration's person is known by the same BSN, or the same name and date of birth")
    func alreadyKnown() throws {
        let book = try book()
        #expect(
            book.alreadyKnown(Person(name: "Iemand Anders", bsn: try BSN("111222333"))).map(\.caseID) == [
                CaseID(year: 2026, sequence: 1)
            ])
        #expect(book.alreadyKnown(Person(name: "hylke KUIPERS", birthDate: CalendarDate(iso: "1980-01-02"))).count == 1)
        #expect(book.alreadyKnown(Person(name: "Hylke Kuipers")).isEmpty)  // a name alone is not enough
        #expect(book.alreadyKnown(Person(name: "Hylke Kuipers", birthDate: CalendarDate(iso: "1981-01-02"))).isEmpty)
    }

    @Test(
        "The same name, written otherwise, with the same birth date is known; another first name or one word alone is not",
        arguments: [
            ("Smit, Wytske", true), ("W. Smit", true), ("Wytske  Smit", true), ("smit wytske", true),
            ("Wytske Smít", true),
            ("Wietske Smit", false), ("Smit", false), ("J. Smit", false), ("Wytske de Vries", false),
        ])
    func nameWritings(name: String, known: Bool) {
        var book = CaseBook()
        var registration = Fixtures.registration(1, name: "Wytske Smit")
        registration.person.birthDate = CalendarDate(iso: "1981-08-13")
        try? book.apply(Commit(sequence: 1, at: Fixtures.now, actor: "t", events: [.registered(registration)]))
        let person = Person(name: name, birthDate: CalendarDate(iso: "1981-08-13"))
        #expect(!book.alreadyKnown(person).isEmpty == known, "\(name)")
        // Without the birth date a name alone says nothing.
        #expect(book.alreadyKnown(Person(name: name)).isEmpty)
    }
}
