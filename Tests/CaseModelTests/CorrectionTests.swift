import CaseModel
import Foundation
import Testing

@Suite("Correcting a registration")
struct CorrectionTests {
    func book() throws -> CaseBook {
        var book = CaseBook()
        var registration = Fixtures.registration(1, name: "Anne Zijlstra", signals: [.geweld])
        registration.person.birthDate = CalendarDate(iso: "1990-05-06")
        try book.apply(Commit(sequence: 1, at: Fixtures.now, actor: "t", events: [.registered(registration)]))
        return book
    }

    func correct(_ values: [String: String], why: String = "Verkeerd overgenomen", on c: Case) -> Result<
        RegistrationCorrected, ValidationErrors
    > {
        var draft = CorrectionDraft()
        draft.values = values
        draft.reason = why
        return draft.validate(
            c, region: Fixtures.region, cadence: .standard, calendar: Fixtures.calendar, now: Fixtures.now,
            timeZone: .netherlands)
    }

    @Test("Fields change with old and new kept; what was not mentioned stays; the case book applies it")
    func corrects() throws {
        var book = try book()
        let id = CaseID(year: 2026, sequence: 1)
        let event = try correct(
            ["birthdate": "06-06-1990", "bsn": "111222333", "wijkteam": "oost", "risk": "geweld, wapens"], on: book[id]!
        ).get()
        #expect(
            event.changes == [
                .init(field: "birthdate", old: "1990-05-06", new: "1990-06-06"),
                .init(field: "bsn", old: "", new: "111222333"),
                .init(field: "wijkteam", old: "Wijkteam Noord", new: "Wijkteam Oost"),
                .init(field: "risk", old: "geweld", new: "geweld, wapens"),
            ])
        try book.apply(Commit(sequence: 2, at: Fixtures.now, actor: "t", events: [.corrected(event)]))
        let c = try #require(book[id])
        #expect(c.primaryPerson.birthDate == CalendarDate(iso: "1990-06-06"))
        #expect(c.primaryPerson.bsn?.description == "111222333")
        #expect(c.primaryPerson.name == "Anne Zijlstra" && c.reason == "Overlast" && c.gemeente == "Leeuwarden")
        #expect(c.wijkteam == "Wijkteam Oost" && c.riskSignals == [.geweld, .wapens])
        #expect(c.deadlines == book[id]!.deadlines)
    }

    @Test("The same checks as registering, every reason at once; nothing changed, no field or no reason is refused")
    func refuses() throws {
        let c = try #require(try book()[CaseID(year: 2026, sequence: 1)])
        func codes(_ r: Result<RegistrationCorrected, ValidationErrors>) -> [ValidationError.Code] {
            if case .failure(let f) = r { return f.errors.map(\.code) }
            return []
        }
        #expect(
            codes(correct(["birthdate": "2030-01-01", "bsn": "123", "gemeente": "Amsterdam"], on: c)) == [
                .dateInFuture, .bsnFormat, .unknownGemeente,
            ])
        #expect(codes(correct(["name": " "], on: c)) == [.required])
        #expect(codes(correct(["colour": "blauw"], on: c)) == [.unknownField])
        #expect(codes(correct([:], why: " ", on: c)) == [.nothingToCorrect, .required])
        #expect(codes(correct(["birthdate": "1990-05-06"], on: c)) == [.nothingChanged])
    }
}

@Suite("Reopening a closed case")
struct ReopenTests {
    @Test("A closed case reopens to screening with a reason; an open one cannot be reopened")
    func reopen() throws {
        var book = CaseBook()
        let id = CaseID(year: 2026, sequence: 1)
        try book.apply(
            Commit(sequence: 1, at: Fixtures.now, actor: "t", events: [.registered(Fixtures.registration(1))]))
        var draft = ReopenDraft()
        draft.reason = "Nieuwe melding"
        guard case .failure(let open) = draft.validate(book[id]!) else {
            Issue.record("an open case was reopened")
            return
        }
        #expect(open.errors.map(\.code) == [.statusNotAllowed])
        try book.apply(
            Commit(
                sequence: 2, at: Fixtures.now, actor: "t",
                events: [.statusChanged(StatusChanged(caseID: id, from: .nieuw, to: .afgesloten))]))
        try book.apply(
            Commit(sequence: 3, at: Fixtures.now, actor: "t", events: [.reopened(try draft.validate(book[id]!).get())]))
        #expect(book[id]?.status == .screening)
        draft.reason = " "
        #expect(throws: ValidationErrors.self) { _ = try draft.validate(book[id]!).get() }
    }
}
