import CaseModel
import Foundation
import Testing

@Suite("Partner directory")
struct PartnerDirectoryTests {
    let today = CalendarDate(iso: "2026-11-24")!

    func draft(
        _ organisation: String, type: String = "", name: String = "", role: String = "", phone: String = "",
        email: String = "", gemeenten: String = "", covenant: String = "", covenantDate: String = ""
    ) -> PartnerDraft {
        var d = PartnerDraft()
        d.organisation = organisation
        d.type = type
        d.name = name
        d.role = role
        d.phone = phone
        d.email = email
        d.gemeenten = gemeenten
        d.covenant = covenant
        d.covenantDate = covenantDate
        return d
    }

    func record(_ d: PartnerDraft, in directory: inout PartnerDirectory, cases: CaseBook = CaseBook()) throws {
        let events = try d.events(in: directory, region: Fixtures.region, today: today).get()
        try directory.apply(events, cases: cases)
    }

    @Test("A new organisation with a contact: numbers handed out, phone and gemeenten normalised")
    func addOrganisationAndContact() throws {
        var directory = PartnerDirectory()
        try record(
            draft(
                "Politie Fryslân", type: "Politie", name: "Anne de Wit", role: "wijkagent", phone: "06 - 1234 5678",
                email: "Anne@Politie.NL", gemeenten: "leeuwarden; sudwest-fryslan", covenantDate: "01-03-2024"),
            in: &directory)
        let organisation = try #require(directory.organisation(named: "politie fryslan"))
        #expect(
            organisation
                == Organisation(
                    id: OrganisationID(1), type: .politie, name: "Politie Fryslân",
                    gemeenten: ["Leeuwarden", "Súdwest-Fryslân"], covenantSigned: true,
                    covenantDate: CalendarDate(iso: "2024-03-01")))
        #expect(
            directory.contacts(of: organisation.id) == [
                Contact(
                    id: ContactID(1), organisation: OrganisationID(1), name: "Anne de Wit", role: "wijkagent",
                    phone: try PhoneNumber("+31612345678"), email: try EmailAddress("Anne@politie.nl"),
                    availability: "", notes: "")
            ])
    }

    @Test("The same organisation and contact again update instead of doubling; nothing changed records nothing")
    func updateByName() throws {
        var directory = PartnerDirectory()
        try record(draft("GGD Fryslân", type: "ggd", name: "Piet Bos", phone: "058 123 4567"), in: &directory)
        try record(draft("ggd fryslan", name: "piet bos", role: "MZO", phone: "0581234567"), in: &directory)
        #expect(directory.contacts.count == 1)
        #expect(directory.contacts[ContactID(1)]?.role == "MZO")
        let again = draft("GGD Fryslân", name: "piet bos", role: "MZO", phone: "+31 (0)58 123 45 67")
        #expect(try again.events(in: directory, region: Fixtures.region, today: today).get().isEmpty)
    }

    @Test("Every mistake in a draft is reported at once, with its field")
    func validation() {
        let d = draft(
            "Nieuw Huis", type: "bakkerij", name: "", role: "x", phone: "12345", email: "geen-adres",
            gemeenten: "Amsterdam", covenantDate: "31-02-2026")
        let codes =
            (try? d.events(in: PartnerDirectory(), region: Fixtures.region, today: today).get()).map { _ in [String]() }
            ?? {
                if case .failure(let e) = d.events(in: PartnerDirectory(), region: Fixtures.region, today: today) {
                    return e.errors.map(\.description)
                }
                return []
            }()
        #expect(
            codes == [
                "type: unknown-partner-type (bakkerij): \(PartnerType.allCases.map(\.rawValue).joined(separator: ", "))",
                "gemeenten: unknown-gemeente (Amsterdam): Leeuwarden, Súdwest-Fryslân".replacingOccurrences(
                    of: "gemeenten:", with: "gemeente:"),
                "covenant-date: date-format (31-02-2026)",
                "phone: phone-format (12345)", "email: email-format (geen-adres)", "name: required",
            ])
    }

    @Test(
        "Links need a known contact and case; removing a contact removes its links; last contact keeps the latest day")
    func linksAndReach() throws {
        var book = CaseBook()
        try book.apply(
            Commit(sequence: 1, at: Fixtures.now, actor: "t", events: [.registered(Fixtures.registration(1))]))
        var directory = PartnerDirectory()
        try record(draft("Veilig Thuis Fryslân", type: "vt", name: "Sanne Kok"), in: &directory)
        let link = CaseLink(caseID: CaseID(year: 2026, sequence: 1), contact: ContactID(1), role: .behandelaar)
        try directory.apply([.caseLinked(link), .caseLinked(link)], cases: book)
        #expect(directory.links(of: link.caseID) == [link])
        #expect(throws: PartnerDirectory.ApplyError.unknownCase(CaseID(year: 2026, sequence: 9))) {
            try directory.apply(
                [.caseLinked(CaseLink(caseID: CaseID(year: 2026, sequence: 9), contact: ContactID(1), role: .melder))],
                cases: book)
        }
        let before = directory
        #expect(throws: PartnerDirectory.ApplyError.unknownContact(ContactID(7))) {
            try directory.apply(
                [
                    .contactReached(ContactReached(contact: ContactID(1), on: today)),
                    .contactReached(ContactReached(contact: ContactID(7), on: today)),
                ], cases: book)
        }
        #expect(directory == before)
        try directory.apply(
            [
                .contactReached(ContactReached(contact: ContactID(1), on: today)),
                .contactReached(ContactReached(contact: ContactID(1), on: today.adding(days: -3))),
            ], cases: book)
        #expect(directory.lastReached[ContactID(1)] == today)
        try directory.apply([.contactRemoved(ContactID(1))], cases: book)
        #expect(directory.links.isEmpty && directory.contacts.isEmpty)
    }

    @Test(
        "A commit refused at its last event leaves the directory exactly as it was, whatever the events before it changed"
    )
    func refusedCommitChangesNothing() throws {
        var book = CaseBook()
        try book.apply(
            Commit(sequence: 1, at: Fixtures.now, actor: "t", events: [.registered(Fixtures.registration(1))]))
        var directory = PartnerDirectory()
        try record(draft("Veilig Thuis Fryslân", type: "vt", name: "Sanne Kok"), in: &directory)
        try record(draft("Veilig Thuis Fryslân", name: "Piet Bos"), in: &directory)
        let sanne = CaseLink(caseID: CaseID(year: 2026, sequence: 1), contact: ContactID(1), role: .behandelaar)
        let piet = CaseLink(caseID: CaseID(year: 2026, sequence: 1), contact: ContactID(2), role: .melder)
        try directory.apply(
            [.caseLinked(sanne), .caseLinked(piet), .contactReached(ContactReached(contact: ContactID(2), on: today))],
            cases: book)
        let before = directory
        let organisation = Organisation(
            id: OrganisationID(2), type: .ggd, name: "GGD", gemeenten: [], covenantSigned: false, covenantDate: nil)
        let contact = Contact(
            id: ContactID(3), organisation: OrganisationID(2), name: "Nieuw", role: "", phone: nil, email: nil,
            availability: "", notes: "")
        var renamed = try #require(directory.organisations[OrganisationID(1)])
        renamed.name = "VT Fryslân"
        #expect(throws: PartnerDirectory.ApplyError.unknownCase(CaseID(year: 2026, sequence: 9))) {
            try directory.apply(
                [
                    .organisationRecorded(organisation), .contactRecorded(contact), .organisationRecorded(renamed),
                    .contactRemoved(ContactID(2)), .caseUnlinked(sanne),
                    .contactReached(ContactReached(contact: ContactID(1), on: today)),
                    .caseLinked(
                        CaseLink(caseID: CaseID(year: 2026, sequence: 1), contact: ContactID(3), role: .melder)),
                    .caseLinked(
                        CaseLink(caseID: CaseID(year: 2026, sequence: 9), contact: ContactID(1), role: .melder)),
                ], cases: book)
        }
        #expect(directory == before)
        #expect(directory.nextOrganisationID == OrganisationID(2) && directory.nextContactID == ContactID(3))
        #expect(
            directory.links(of: CaseID(year: 2026, sequence: 1)) == before.links(of: CaseID(year: 2026, sequence: 1)))
    }

    @Test("Search as you type: each word in name, organisation, gemeente, role or type; diacritics ignored")
    func search() throws {
        var directory = PartnerDirectory()
        try record(
            draft(
                "Politie Fryslân", type: "politie", name: "Anne de Wit", role: "wijkagent Noord",
                gemeenten: "Leeuwarden"), in: &directory)
        try record(draft("Politie Fryslân", name: "Bert Zijlstra", role: "recherche"), in: &directory)
        try record(draft("Zorgbureau Súd", type: "ggz", gemeenten: "Súdwest-Fryslân"), in: &directory)
        #expect(
            directory.search("").map { $0.contact?.name ?? $0.organisation.name } == [
                "Anne de Wit", "Bert Zijlstra", "Zorgbureau Súd",
            ])
        #expect(directory.search("zijl").map { $0.contact?.name } == ["Bert Zijlstra"])
        #expect(directory.search("pol wijk").map { $0.contact?.name } == ["Anne de Wit"])
        #expect(directory.search("sudwest").map(\.organisation.name) == ["Zorgbureau Súd"])
        #expect(directory.search("ggz").map(\.organisation.name) == ["Zorgbureau Súd"])
        #expect(directory.search("xyz").isEmpty)
        #expect(directory.search("").first?.contact?.phone == nil)
        var withPhone = PartnerDirectory()
        try record(draft("GGD", type: "ggd", name: "Piet Bos", phone: "(058) 123 45 67"), in: &withPhone)
        #expect(withPhone.search("0581234").map { $0.contact?.name } == ["Piet Bos"])
        #expect(withPhone.search("058 1234").map { $0.contact?.name } == ["Piet Bos"])
    }

    @Test(
        "The name and contact indexes follow renames, moves, removals and refused commits, as a directory built afresh has them"
    )
    func indexes() throws {
        func organisation(_ n: Int, _ name: String) -> Organisation {
            Organisation(
                id: OrganisationID(n), type: .gemeente, name: name, gemeenten: [], covenantSigned: true,
                covenantDate: nil)
        }
        func contact(_ n: Int, at organisation: Int, _ name: String) -> Contact {
            Contact(
                id: ContactID(n), organisation: OrganisationID(organisation), name: name, role: "", phones: [],
                emails: [], availability: "", notes: "")
        }
        var directory = PartnerDirectory()
        try directory.apply(
            [
                .organisationRecorded(organisation(1, "GGD Fryslân")),
                .organisationRecorded(organisation(2, "Politie Noord")),
                .contactRecorded(contact(1, at: 1, "Sanne Kok")), .contactRecorded(contact(2, at: 1, "Piet Jansma")),
            ], cases: CaseBook())
        #expect(directory.organisation(named: "ggd fryslan")?.id == OrganisationID(1))
        #expect(directory.contacts(of: OrganisationID(1)).map(\.name) == ["Piet Jansma", "Sanne Kok"])
        // A rename: found by its new name only; a contact moved to the other organisation.
        try directory.apply(
            [
                .organisationRecorded(organisation(1, "GGD Friesland")),
                .contactRecorded(contact(2, at: 2, "Piet Jansma")),
            ], cases: CaseBook())
        #expect(directory.organisation(named: "GGD Fryslân") == nil)
        #expect(directory.organisation(named: "GGD Friesland")?.id == OrganisationID(1))
        #expect(directory.contacts(of: OrganisationID(1)).map(\.name) == ["Sanne Kok"])
        #expect(directory.contacts(of: OrganisationID(2)).map(\.name) == ["Piet Jansma"])
        // A commit refused at its end takes back its rename and its move in the indexes too.
        let before = directory
        #expect(throws: PartnerDirectory.ApplyError.self) {
            try directory.apply(
                [
                    .organisationRecorded(organisation(2, "Politie Fryslân")),
                    .contactRecorded(contact(1, at: 2, "Sanne Kok")), .contactRemoved(ContactID(9)),
                ], cases: CaseBook())
        }
        #expect(directory == before)
        #expect(directory.organisation(named: "Politie Noord")?.id == OrganisationID(2))
        #expect(directory.organisation(named: "Politie Fryslân") == nil)
        #expect(directory.contacts(of: OrganisationID(1)).map(\.name) == ["Sanne Kok"])
        try directory.apply([.contactRemoved(ContactID(2))], cases: CaseBook())
        #expect(directory.contacts(of: OrganisationID(2)).isEmpty)
        // As a directory built from the same records (a snapshot) answers.
        let fresh = PartnerDirectory(
            organisations: directory.organisations, contacts: directory.contacts,
            lastOrganisationNumber: directory.lastOrganisationNumber, lastContactNumber: directory.lastContactNumber)
        #expect(fresh == directory)
        for name in ["GGD Friesland", "Politie Noord", "GGD Fryslân"] {
            #expect(fresh.organisation(named: name)?.id == directory.organisation(named: name)?.id, "\(name)")
        }
    }
}
