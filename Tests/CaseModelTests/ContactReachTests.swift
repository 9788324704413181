import CaseModel
import Foundation
import TestSupport
import Testing

/// A contact holds several phone numbers and email addresses, each with its kind, the preferred first.
@Suite("Several numbers and addresses per contact")
struct ContactReachTests {
    let today = CalendarDate(iso: "2026-11-24")!

    func applied(_ result: PartnerImport, to directory: PartnerDirectory = PartnerDirectory()) throws
        -> PartnerDirectory
    {
        #expect(result.rejected == [], "\(result.rejected)")
        var d = directory
        try d.apply(result.events, cases: CaseBook())
        return d
    }

    func csv(_ text: String, into directory: PartnerDirectory = PartnerDirectory()) throws -> PartnerImport {
        try PartnerCSV.read(Array(text.utf8), into: directory, region: Fixtures.region, today: today)
    }

    /// As Google Contacts exports a card: the switchboard first, the direct line marked preferred,
    /// a mobile, two addresses (the work one preferred).
    static let googleCard = """
        BEGIN:VCARD\r
        VERSION:3.0\r
        FN:Anne de Wit\r
        N:de Wit;Anne;;;\r
        ORG:Politie Fryslân;\r
        item1.TEL;TYPE=WORK:+31 88 169 1234\r
        TEL;TYPE=FAX:058-2840000\r
        TEL;TYPE=OTHER:0511-123456\r
        item2.TEL;TYPE=WORK,PREF:+31 58 299 1234\r
        TEL;TYPE=CELL:06-12345678\r
        EMAIL;TYPE=INTERNET,HOME:anne@thuis.nl\r
        EMAIL;TYPE=INTERNET,WORK,PREF:anne.de.wit@politie.nl\r
        END:VCARD\r

        """

    @Test(
        "A Google card keeps every number and address with its kind; the one marked preferred comes first and is the one to call"
    )
    func googleCard() throws {
        let read = PartnerVCard.read(
            Self.googleCard, into: PartnerDirectory(), region: Fixtures.region, today: today, defaultType: .politie)
        let directory = try applied(read)
        let anne = try #require(directory.contacts.values.first)
        #expect(
            anne.phones.map(\.number.national) == [
                "058-2991234", "088-1691234", "058-2840000", "0511-123456", "06-12345678",
            ])
        #expect(anne.phones.map(\.kind) == [.werk, .werk, .fax, .overig, .mobiel])
        #expect(anne.phone?.national == "058-2991234")
        #expect(anne.emails.map(\.address.value) == ["anne.de.wit@politie.nl", "anne@thuis.nl"])
        #expect(anne.emails.map(\.kind) == [.werk, .thuis])
        // The search finds every one of them.
        for query in ["0881691234", "088-169", "06-1234", "+31612345678", "anne@thuis", "politie.nl"] {
            #expect(directory.search(query).map { $0.contact?.name } == ["Anne de Wit"], "\(query)")
        }
    }

    @Test(
        "Our vCard 3.0 and 4.0 and our CSV carry every number and address back unchanged; vobject reads them all with their types",
        arguments: PartnerVCard.Version.allCases)
    func roundTrips(version: PartnerVCard.Version) throws {
        let directory = try applied(
            PartnerVCard.read(
                Self.googleCard, into: PartnerDirectory(), region: Fixtures.region, today: today,
                defaultType: .politie))
        let cards = PartnerVCard.document(directory, version: version)
        #expect(
            try applied(PartnerVCard.read(cards, into: PartnerDirectory(), region: Fixtures.region, today: today))
                == directory)
        let table = PartnerCSV.document(directory)
        #expect(
            table.contains(
                ";058-2991234, 088-1691234, 058-2840000 (fax), 0511-123456 (overig), 06-12345678;anne.de.wit@politie.nl, anne@thuis.nl (thuis);"
            ), "\(table)")
        #expect(try applied(try csv(table)) == directory)

        let dir = TemporaryDirectory()
        let file = dir.path + "/cards.vcf"
        FileManager.default.createFile(atPath: file, contents: Data(cards.utf8))
        let script = """
            import sys, json, vobject
            card = next(vobject.readComponents(open(sys.argv[1], encoding="utf-8").read()))
            def entries(name):
                return [{"value": p.value, "types": sorted(t.lower() for t in p.params.get("TYPE", [])),
                         "pref": p.params.get("PREF", [None])[0]} for p in card.contents.get(name, [])]
            print(json.dumps({"tel": entries("tel"), "email": entries("email")}))
            """
        let run = try Spawn.run("/usr/bin/python3", ["-c", script, file], environment: ["PATH": "/usr/bin:/bin"])
        try #require(run.status == 0, "python3-vobject is needed (scripts/test installs it): \(run.stderr)")
        let parsed = try #require(
            try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: [[String: Any]]])
        let tels = try #require(parsed["tel"])
        #expect(
            tels.map { ($0["value"] as? String ?? "").replacingOccurrences(of: "tel:", with: "") }
                == ["+31582991234", "+31881691234", "+31582840000", "+31511123456", "+31612345678"])
        let types = tels.map { Set($0["types"] as? [String] ?? []) }
        #expect(types[0].contains("work") && types[2].contains("fax") && types[4].contains("cell"), "\(types)")
        // The preferred one is marked as each version marks it: TYPE=pref in 3.0, PREF=1 in 4.0.
        #expect(version == .v3 ? types[0].contains("pref") : tels[0]["pref"] as? String == "1", "\(tels[0])")
        #expect(parsed["email"]?.map { $0["value"] as? String } == ["anne.de.wit@politie.nl", "anne@thuis.nl"])
    }

    @Test(
        "A spreadsheet's columns Telefoon, Mobiel, Telefoon thuis, E-mail and E-mail privé all land on the contact, each with its kind"
    )
    func spreadsheetColumns() throws {
        let text =
            "Organisatie;Soort;Naam;Telefoon;Mobiel;Telefoon thuis;E-mail;E-mail privé\n"
            + "GGD Fryslân;ggd;Piet Bos;058 123 45 67;06 87654321;0511-123456;piet@ggd.nl;piet@thuis.nl\n"
        let directory = try applied(try csv(text))
        let piet = try #require(directory.contacts.values.first)
        #expect(
            piet.phones == [
                ContactPhone(try PhoneNumber("0581234567"), kind: .werk),
                ContactPhone(try PhoneNumber("0687654321"), kind: .mobiel),
                ContactPhone(try PhoneNumber("0511123456"), kind: .thuis),
            ])
        #expect(
            piet.emails == [
                ContactEmail(try EmailAddress("piet@ggd.nl")),
                ContactEmail(try EmailAddress("piet@thuis.nl"), kind: .thuis),
            ])
    }

    @Test("The kind columns may come before the main ones: Mobiel;Telefoon;E-mail privé;E-mail keeps all four")
    func kindColumnsFirst() throws {
        let text =
            "Organisatie;Soort;Naam;Mobiel;Telefoon;E-mail privé;E-mail\nGGD Fryslân;ggd;Piet Bos;06 87654321;058 123 45 67;piet@thuis.nl;piet@ggd.nl\n"
        let result = try csv(text)
        #expect(result.ignoredColumns == [])
        let piet = try #require(try applied(result).contacts.values.first)
        #expect(piet.phones.map(\.number.national) == ["06-87654321", "058-1234567"])
        #expect(piet.emails.map(\.address.value) == ["piet@thuis.nl", "piet@ggd.nl"])
    }

    @Test("Found by name, a file adds numbers and erases none; the form, which shows them all, can take one away")
    func addNeverErases() throws {
        let first = try applied(
            try csv("organisatie;soort;naam;telefoon\nGGD Fryslân;ggd;Piet Bos;058 123 45 67, 06 87654321\n"))
        let piet = try #require(first.contacts.values.first)
        let second = try applied(
            try csv("organisatie;naam;telefoon\nGGD Fryslân;Piet Bos;0511-123456 (thuis)\n", into: first), to: first)
        #expect(
            second.contacts[piet.id]?.phones.map(\.number.national) == ["0511-123456", "058-1234567", "06-87654321"])
        // The form: the whole list as typed replaces it.
        var draft = PartnerDraft(try #require(second.organisations[piet.organisation]), second.contacts[piet.id])
        #expect(draft.phone == "0511-123456 (thuis), 058-1234567, 06-87654321")
        draft.phone = "06-87654321"
        let edited = try draft.events(in: second, region: Fixtures.region, today: today).get()
        var third = second
        try third.apply(edited, cases: CaseBook())
        #expect(third.contacts[piet.id]?.phones.map(\.number.national) == ["06-87654321"])
    }

    @Test("A known number given again without a kind keeps the kind it is known by; given with one, it takes that one")
    func knownKindKept() throws {
        let first = try applied(
            try csv("organisatie;soort;naam;telefoon\nGGD Fryslân;ggd;Piet Bos;06-11111111 (thuis)\n"))
        let piet = try #require(first.contacts.values.first)
        #expect(piet.phones.map(\.kind) == [.thuis])
        let again = try applied(
            try csv("organisatie;naam;telefoon\nGGD Fryslân;Piet Bos;06-11111111\n", into: first), to: first)
        #expect(again.contacts[piet.id]?.phones.map(\.kind) == [.thuis])
        let named = try applied(
            try csv("organisatie;naam;telefoon\nGGD Fryslân;Piet Bos;06-11111111 (werk)\n", into: first), to: first)
        #expect(named.contacts[piet.id]?.phones.map(\.kind) == [.werk])
    }

    @Test(
        "A card's number that is none (an internal 1234) is left out and said so; an extension is cut off and said so; the card is kept"
    )
    func cardWithOddNumbers() throws {
        let card =
            "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Anne de Wit\r\nORG:Politie Fryslân\r\nTEL;TYPE=CELL:1234\r\n"
            + "TEL;TYPE=WORK:058-2991234,12\r\nTEL;VALUE=uri;TYPE=work:tel:+31881691234;ext=7\r\nEMAIL:anne@politie.nl\r\nEND:VCARD\r\n"
        let read = PartnerVCard.read(
            card, into: PartnerDirectory(), region: Fixtures.region, today: today, defaultType: .politie)
        #expect(read.rejected == [])
        #expect(read.skipped.map(\.line) == [1])
        #expect(read.skipped.first?.errors.map(\.code) == [.phoneFormat, .extensionDropped, .extensionDropped])
        let anne = try #require(try applied(read).contacts.values.first)
        #expect(anne.phones.map(\.number.national) == ["058-2991234", "088-1691234"])
        #expect(anne.emails.map(\.address.value) == ["anne@politie.nl"])
    }

    @Test(
        "A bad number or kind in a list is named; nothing of the entry is kept",
        arguments: [
            ("058 123 45 67, 12345", ValidationError.Code.phoneFormat, "12345"),
            ("058 123 45 67 (telex)", .unknownReachKind, "telex"),
            ("werk: 06-1234", .phoneFormat, "06-1234"),
        ])
    func badEntries(phones: String, code: ValidationError.Code, value: String) throws {
        var draft = PartnerDraft()
        (draft.organisation, draft.type, draft.name, draft.phone) = ("GGD Fryslân", "ggd", "Piet Bos", phones)
        guard case .failure(let failure) = draft.events(in: PartnerDirectory(), region: Fixtures.region, today: today)
        else {
            Issue.record("\(phones) was accepted")
            return
        }
        #expect(failure.errors.map(\.code) == [code])
        #expect(failure.errors.first?.value == value)
    }

    @Test(
        "A contact recorded before contacts held several numbers reads as one number; a simple contact is written as before"
    )
    func compatibleRecords() throws {
        let old =
            #"{"availability":"","email":"piet@ggd.nl","id":"CP-1","name":"Piet Bos","notes":"","organisation":"O-1","phone":"+31581234567","role":""}"#
        let contact = try JSONDecoder().decode(Contact.self, from: Data(old.utf8))
        #expect(contact.phones == [ContactPhone(try PhoneNumber("0581234567"), kind: .werk)])
        #expect(contact.emails == [ContactEmail(try EmailAddress("piet@ggd.nl"))])
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        #expect(String(decoding: try encoder.encode(contact), as: UTF8.self) == old)
        var more = contact
        more.phones.append(ContactPhone(try PhoneNumber("06-87654321")))
        let written = String(decoding: try encoder.encode(more), as: UTF8.self)
        #expect(
            written.contains(
                #""phones":[{"kind":"werk","number":"+31581234567"},{"kind":"mobiel","number":"+31687654321"}]"#),
            "\(written)")
        #expect(try JSONDecoder().decode(Contact.self, from: Data(written.utf8)) == more)
    }
}
