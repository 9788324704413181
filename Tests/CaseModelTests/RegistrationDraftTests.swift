import CaseModel
import Foundation
import Testing

@Suite("Validating a registration")
struct RegistrationDraftTests {
    func validate(_ draft: RegistrationDraft) -> Result<CaseRegistered, ValidationErrors> {
        draft.validate(
            id: CaseID(year: 2026, sequence: 1), region: Fixtures.region, cadence: .standard,
            calendar: Fixtures.calendar, now: Fixtures.now, timeZone: .netherlands, advisor: "tester")
    }

    @Test("Every wrong field is reported at once")
    func allErrors() {
        var draft = RegistrationDraft()
        draft.bsn = "123456789"
        draft.birthDate = "2026-02-30"
        draft.postcode = "0000 AA"
        draft.gemeente = "Amsterdam"
        draft.riskSignals = ["geweld", "spoken"]
        guard case .failure(let failure) = validate(draft) else {
            Issue.record("an empty draft must fail")
            return
        }
        #expect(
            failure.errors.map(\.code) == [
                .required, .required, .dateFormat, .bsnElevenTest, .postcodeFormat,
                .unknownGemeente, .required, .unknownRiskSignal,
            ])
        #expect(
            failure.errors.map(\.field) == [
                "name", "reason", "birthdate", "bsn", "postcode", "gemeente", "source", "risk",
            ])
    }

    @Test("Names are matched the way people type them; deadlines follow the source")
    func forgivingInput() throws {
        var draft = RegistrationDraft()
        draft.name = "  Anne de Vries "
        draft.gemeente = "sudwest-fryslan"
        draft.wijkteam = "sneek"
        draft.source = "ZSM"
        draft.reason = "Aangehouden"
        draft.birthDate = "05-03-1990"
        draft.riskSignals = ["Verward gedrag", "geweld", "geweld"]
        let event = try validate(draft).get()
        #expect(event.person.name == "Anne de Vries")
        #expect(event.gemeente == "Súdwest-Fryslân")
        #expect(event.wijkteam == "Gebiedsteam Sneek")
        #expect(event.source == .omZSM)
        #expect(event.person.birthDate == CalendarDate(year: 1990, month: 3, day: 5))
        #expect(event.riskSignals == [.geweld, .verwardGedrag])
        #expect(
            event.deadlines == [
                Deadline(
                    kind: .zsmAnswer, due: .moment(Fixtures.now.addingTimeInterval(4 * 3600)),
                    hardLimit: Fixtures.now.addingTimeInterval(9 * 3600))
            ])
        draft.source = "politie"
        #expect(
            try validate(draft).get().deadlines == [
                Deadline(kind: .contactReferrer, due: .day(CalendarDate(iso: "2026-12-01")!))
            ])
    }

    @Test("Future birth dates, foreign wijkteams and overlong text are refused")
    func moreRefusals() {
        var draft = RegistrationDraft()
        draft.name = "A"
        draft.gemeente = "Leeuwarden"
        draft.source = "wijkteam"
        draft.reason = String(repeating: "x", count: RegistrationDraft.maximumLength + 1)
        draft.birthDate = "2030-01-01"
        draft.wijkteam = "Gebiedsteam Sneek"
        guard case .failure(let failure) = validate(draft) else {
            Issue.record("must fail")
            return
        }
        #expect(Set(failure.errors.map(\.code)) == [.tooLong, .dateInFuture, .unknownWijkteam])
    }
}
