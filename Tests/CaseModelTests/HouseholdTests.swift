import CaseModel
import Foundation
import Testing

@Suite("Persons and households")
struct HouseholdTests {
    let today = CalendarDate(iso: "2026-11-24")!
    let id = CaseID(year: 2026, sequence: 1)

    func apply(_ draft: PersonDraft, to book: inout CaseBook, sequence: UInt64) throws {
        try book.apply(
            Commit(
                sequence: sequence, at: Fixtures.now, actor: "t",
                events: [try draft.validate(book[id]!, today: today).get()]))
    }

    func draft(_ name: String, role: String = "", birth: String = "", bsn: String = "", remove: Bool = false)
        -> PersonDraft
    {
        var d = PersonDraft()
        (d.name, d.role, d.birthDate, d.bsn, d.remove) = (name, role, birth, bsn, remove)
        return d
    }

    @Test(
        "A family of three: a partner and a child added with their roles; one taken off again; the person concerned stays first"
    )
    func family() throws {
        var book = CaseBook()
        try book.apply(
            Commit(
                sequence: 1, at: Fixtures.now, actor: "t",
                events: [.registered(Fixtures.registration(1, name: "Sjoukje de Vries"))]))
        try apply(draft("Piet de Vries", role: "partner"), to: &book, sequence: 2)
        try apply(
            draft("Femke de Vries", role: "dochter", birth: "04-03-2015", bsn: "111222333"), to: &book, sequence: 3)
        #expect(book[id]?.persons.map(\.role) == [.betrokkene, .partner, .kind])
        #expect(book[id]?.persons[2].bsn?.description == "111222333")
        #expect(book.known(PersonQuery("111222333")).map(\.person.name) == ["Femke de Vries"])
        try apply(draft("piet DE vries", remove: true), to: &book, sequence: 4)
        #expect(book[id]?.persons.map(\.name) == ["Sjoukje de Vries", "Femke de Vries"])
    }

    @Test("The privacy guard made from the cases knows every person of a household, and learns a person added later")
    func privacyGuardKnowsTheHousehold() throws {
        var book = CaseBook()
        try book.apply(
            Commit(
                sequence: 1, at: Fixtures.now, actor: "t",
                events: [.registered(Fixtures.registration(1, name: "Sjoukje de Vries"))]))
        try apply(draft("Piet de Vries", role: "partner"), to: &book, sequence: 2)
        var privacy = PrivacyGuard(cases: book.cases.values)
        let sketch = "Gesprek met Piet de Vries en Femke de Vries over de thuissituatie."
        #expect(privacy.findings(in: sketch).map(\.match) == ["Piet de Vries"])
        try apply(draft("Femke de Vries", role: "kind"), to: &book, sequence: 3)
        privacy.remember(try #require(book[id]))
        #expect(privacy.findings(in: sketch).map(\.match) == ["Piet de Vries", "Femke de Vries"])
    }

    @Test(
        "What adding or removing refuses: twice, no role, a bad BSN or date, the person concerned, someone not on the case"
    )
    func refusals() throws {
        var book = CaseBook()
        try book.apply(
            Commit(
                sequence: 1, at: Fixtures.now, actor: "t",
                events: [.registered(Fixtures.registration(1, name: "Sjoukje de Vries"))]))
        let c = try #require(book[id])
        func codes(_ d: PersonDraft) -> [ValidationError.Code] {
            if case .failure(let f) = d.validate(c, today: today) { return f.errors.map(\.code) }
            return []
        }
        #expect(codes(draft("sjoukje de vries", role: "kind")) == [.personTwice])
        #expect(codes(draft("Piet")) == [.required])
        #expect(
            codes(draft("Piet", role: "buurman", birth: "2030-01-01", bsn: "123")) == [
                .unknownPersonRole, .dateInFuture, .bsnFormat,
            ])
        #expect(codes(draft("Sjoukje de Vries", remove: true)) == [.mainPerson])
        #expect(codes(draft("Niemand", remove: true)) == [.unknownPerson])
        // A person from before households reads as the person concerned.
        let old = try JSONDecoder().decode(Person.self, from: Data(#"{"name":"Anne"}"#.utf8))
        #expect(old.role == .betrokkene)
    }
}
