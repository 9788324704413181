import CaseModel
import Foundation
import Testing

@Suite("A case's ground, and sharing on record")
struct LawfulSharingTests {
    let id = CaseID(year: 2026, sequence: 1)
    let today = CalendarDate(iso: "2026-11-24")!

    private func registered() throws -> CaseBook {
        var book = CaseBook()
        try book.apply(
            Commit(sequence: 1, at: Fixtures.now, actor: "t", events: [.registered(Fixtures.registration(1))]))
        return book
    }

    private func codes<T>(_ result: Result<T, ValidationErrors>) -> [ValidationError.Code] {
        if case .failure(let f) = result { return f.errors.map(\.code) }
        return []
    }

    /// Two organisations: one that signed the region's covenant, one that did not, each with a contact.
    private func partners() throws -> PartnerDirectory {
        var directory = PartnerDirectory()
        try directory.apply(
            [
                .organisationRecorded(
                    Organisation(
                        id: OrganisationID(1), type: .politie, name: "Politie Fryslân", gemeenten: [],
                        covenantSigned: true, covenantDate: CalendarDate(iso: "2024-01-01"))),
                .organisationRecorded(
                    Organisation(
                        id: OrganisationID(2), type: .other, name: "Stichting Buiten", gemeenten: [],
                        covenantSigned: false, covenantDate: nil)),
                .contactRecorded(
                    Contact(
                        id: ContactID(1), organisation: OrganisationID(1), name: "Jan de Wit", role: "wijkagent",
                        phone: nil, email: nil, availability: "", notes: "")),
                .contactRecorded(
                    Contact(
                        id: ContactID(2), organisation: OrganisationID(2), name: "Els Buiten", role: "coördinator",
                        phone: nil, email: nil, availability: "", notes: "")),
            ], cases: CaseBook())
        return directory
    }

    @Test(
        "The ground is recorded and changed one field at a time; what is not given stays; nonsense is refused by name")
    func ground() throws {
        var book = try registered()
        var draft = LawfulBasisDraft()
        draft.ground = "e"
        draft.informed = "ja"
        draft.informedOn = "20-11-2026"
        let first = try draft.validate(book[id]!, today: today, advisor: "Anna").get()
        #expect(
            first.basis
                == LawfulBasis(
                    ground: .publicTask, informing: .informed(on: CalendarDate(iso: "2026-11-20")!, by: "Anna"),
                    confidentiality: .normaal))
        try book.apply(Commit(sequence: 2, at: Fixtures.now, actor: "Anna", events: [.lawfulBasisRecorded(first)]))
        // Only the confidentiality: the ground and the informing stay as they were.
        var level = LawfulBasisDraft()
        level.confidentiality = "vertrouwelijk"
        let second = try level.validate(book[id]!, today: today, advisor: "Bob").get()
        #expect(second.basis.ground == .publicTask)
        #expect(second.basis.informing == .informed(on: CalendarDate(iso: "2026-11-20")!, by: "Anna"))
        #expect(second.basis.confidentiality == .vertrouwelijk)
        try book.apply(Commit(sequence: 3, at: Fixtures.now, actor: "Bob", events: [.lawfulBasisRecorded(second)]))
        #expect(codes(level.validate(book[id]!, today: today, advisor: "Bob")) == [.nothingChanged])

        var bad = LawfulBasisDraft()
        bad.ground = "f"
        bad.informed = "nee"
        bad.confidentiality = "geheimpje"
        #expect(
            codes(bad.validate(book[id]!, today: today, advisor: "Bob")) == [
                .unknownGround, .unknownConfidentiality, .required,
            ])
        var future = LawfulBasisDraft()
        future.informedOn = "01-01-2027"
        #expect(codes(future.validate(book[id]!, today: today, advisor: "Bob")) == [.dateInFuture])
        #expect(try LegalGround(parsing: "6(1)(c)") == .legalObligation)
        #expect(try LegalGround(parsing: "Publieke taak") == .publicTask)
        #expect(
            try DataCategory.parsing("strafrechtelijk, identificerend kinderen") == [
                .identifying, .criminal, .children,
            ])
    }

    @Test("A sharing names its recipient, categories and ground; outside the covenant only with a written reason")
    func sharing() throws {
        var book = try registered()
        let directory = try partners()
        var draft = SharingDraft()
        draft.with = "CP-1"
        draft.categories = "identificerend,strafrechtelijk"
        // The case has no ground yet, and none was given.
        #expect(codes(draft.validate(book[id]!, partners: directory, at: Fixtures.now, by: "Anna")) == [.noGround])
        draft.ground = "e"
        let shared = try draft.validate(book[id]!, partners: directory, at: Fixtures.now, by: "Anna").get()
        #expect(
            shared.sharing
                == Sharing(
                    number: 1, organisation: OrganisationID(1), contact: ContactID(1),
                    recipient: "Jan de Wit (Politie Fryslân)", covenant: true, categories: [.identifying, .criminal],
                    ground: .publicTask, at: Fixtures.now, by: "Anna", reason: ""))
        try book.apply(Commit(sequence: 2, at: Fixtures.now, actor: "Anna", events: [.shared(shared)]))
        #expect(book[id]?.sharings.count == 1)

        var outside = SharingDraft()
        outside.with = "Els Buiten"
        outside.categories = "bijzonder"
        outside.ground = "a"
        #expect(
            codes(outside.validate(book[id]!, partners: directory, at: Fixtures.now, by: "Anna")) == [.noCovenantReason]
        )
        outside.reason = "Betrokkene vroeg zelf om deze begeleiding; toestemming schriftelijk."
        let second = try outside.validate(book[id]!, partners: directory, at: Fixtures.now, by: "Anna").get()
        #expect(second.sharing.number == 2)
        #expect(!second.sharing.covenant)
        #expect(second.sharing.organisation == OrganisationID(2))

        var nobody = SharingDraft()
        nobody.with = "Onbekende Club"
        nobody.categories = "geen"
        #expect(
            codes(nobody.validate(book[id]!, partners: directory, at: Fixtures.now, by: "Anna")) == [
                .unknownRecipient, .unknownCategory, .noGround,
            ])
        // A sharing out of its place (two written at once) is refused by the replay.
        #expect(throws: CaseBook.ApplyError.sharingOutOfOrder(id, 1)) {
            var b = book
            try b.apply(Commit(sequence: 3, at: Fixtures.now, actor: "Anna", events: [.shared(shared)]))
        }
    }
}
