import CaseModel
import Foundation
import TestSupport
import Testing

@Suite("Partner files: CSV and vCard")
struct PartnerTransferTests {
    let today = CalendarDate(iso: "2026-11-24")!

    func read(_ text: String, bom: Bool = false, into directory: PartnerDirectory = PartnerDirectory()) throws
        -> PartnerImport
    {
        try PartnerCSV.read(
            (bom ? [0xEF, 0xBB, 0xBF] : []) + Array(text.utf8), into: directory, region: Fixtures.region, today: today)
    }

    func applied(_ result: PartnerImport, to directory: PartnerDirectory = PartnerDirectory()) throws
        -> PartnerDirectory
    {
        var d = directory
        try d.apply(result.events, cases: CaseBook())
        return d
    }

    @Test("Excel's Dutch CSV: BOM, semicolons, CRLF, quotes with separators, doubled quotes and a line break inside")
    func excelSemicolons() throws {
        let text =
            "Organisatie;Soort;Gemeenten;Naam;Functie;Telefoon;E-mail;Notities\r\n"
            + "Politie Fryslân;politie;Leeuwarden;Anne de Wit;wijkagent;06-12345678;anne@politie.nl;\"Bel na 10u; niet op vrijdag\"\r\n"
            + "\"GGD \"\"Fryslân\"\"\";GGD;;Piet Bos;\"MZO\r\nkoördinator\";(058) 123 45 67;;\r\n"
            + "\r\n"
            + "Politie Fryslân;;;Bert Zijlstra;;+31 (0)58 7654321;;\r\n"
        let result = try read(text, bom: true)
        #expect(result.rejected == [])
        #expect(result.accepted == 3)
        let directory = try applied(result)
        #expect(directory.organisations.values.map(\.name).sorted() == ["GGD \"Fryslân\"", "Politie Fryslân"])
        let piet = try #require(directory.contacts.values.first { $0.name == "Piet Bos" })
        #expect(piet.role == "MZO\nkoördinator")
        #expect(piet.phone?.e164 == "+31581234567")
        #expect(directory.contacts.values.first { $0.name == "Anne de Wit" }?.notes == "Bel na 10u; niet op vrijdag")
        #expect(
            directory.contacts(of: try #require(directory.organisation(named: "Politie Fryslân")).id).map(\.name) == [
                "Anne de Wit", "Bert Zijlstra",
            ])
    }

    @Test(
        "Comma-separated without BOM, English header; each bad line with its line number and every reason; good lines kept"
    )
    func badLines() throws {
        let text =
            "organisation,type,name,phone,email,colour\n"
            + "Veilig Thuis,vt,Sanne Kok,0582345678,,blue\n"
            + "Bakkerij,brood,Jan,12345,jan@,red\n"
            + ",ggz,Zonder Organisatie,,,\n"
            + "\"Reclassering, Noord\",reclassering,Kees,0612345678,kees@rn.nl,green,extra\n"
            + "Veilig Thuis,,Tom Tol,06 123 456 78,tom@vt.nl,\n"
        let result = try read(text)
        #expect(result.ignoredColumns == ["colour"])
        #expect(result.accepted == 2)
        #expect(result.rejected.map(\.line) == [3, 4, 5])
        #expect(result.rejected[0].errors.map(\.code) == [.unknownPartnerType, .phoneFormat, .emailFormat])
        #expect(result.rejected[1].errors.map(\.code) == [.required])
        #expect(result.rejected[2].errors.map(\.code) == [.csvColumns])
        #expect(try applied(result).contacts.count == 2)
    }

    @Test("A file without an organisation column, an unterminated quote and Windows-1252 text")
    func fileErrors() throws {
        #expect(throws: PartnerCSV.FileError.noOrganisationColumn(header: ["naam", "telefoon"])) {
            try read("naam;telefoon\nJan;06\n")
        }
        #expect(throws: PartnerCSV.FileError.unreadable(.unterminatedQuote(line: 2))) {
            try read("organisatie;naam\n\"GGD;Jan\n")
        }
        // "Súdwest" as Windows-1252 (ú = 0xFA), as older Excel versions save.
        let cp1252: [UInt8] =
            Array("organisatie;soort;gemeenten\nGebiedsteam;wijkteam;S".utf8) + [0xFA] + Array("dwest-Frysl".utf8) + [
                0xE2
            ] + Array("n\n".utf8)
        let result = try PartnerCSV.read(cp1252, into: PartnerDirectory(), region: Fixtures.region, today: today)
        #expect(try applied(result).organisations.values.first?.gemeenten == ["Súdwest-Fryslân"])
    }

    func sample() throws -> PartnerDirectory {
        let text =
            "organisatie;soort;gemeenten;convenant;convenantdatum;naam;functie;telefoon;email;bereikbaarheid;notities\n"
            + "Politie Fryslân;politie;Leeuwarden, Súdwest-Fryslân;j;01-03-2024;Anne de Wit;wijkagent, team Noord;06-12345678;anne@politie.nl;ma–do 9–17;\"Regel 1\nRegel 2; met \\ en ,\"\n"
            + "Politie Fryslân;;;;;Bert Zijlstra;;;;;=SOM(A1)\n"
            + "Woonstede;woningcorporatie;;n;;;;;;;\n"
            + "GGD Fryslân;ggd;regio;;;Een heel lange naam die het vouwen van vCard-regels op vijfenzeventig octetten laat zien, één;;0800-1234;;;\n"
        let result = try read(text)
        #expect(result.rejected == [])
        return try applied(result)
    }

    @Test("Our CSV reads back into the same directory, a formula-looking note included")
    func csvRoundTrip() throws {
        let directory = try sample()
        let document = PartnerCSV.document(directory)
        #expect(
            document.hasPrefix(
                "\u{FEFF}organisatie;soort;gemeenten;convenant;convenantdatum;naam;functie;telefoon;email;bereikbaarheid;notities\r\n"
            ))
        #expect(document.contains(";\"'=SOM(A1)\"\r\n"))
        let back = try applied(try read(document))
        #expect(back == directory)
    }

    /// A directory with every kind of number a spreadsheet can spoil: mobile, two- and three-digit
    /// area codes, a service number and a foreign one; a note with a line break; a covenant date.
    func numbers() throws -> PartnerDirectory {
        var directory = try sample()
        let text =
            "organisatie;soort;gemeenten;convenant;convenantdatum;naam;functie;telefoon;email;bereikbaarheid;notities\n"
            + "Zorgkantoor Sneek;overig;;j;15-09-2025;Ëlke Bûter;;0515-123456;elke@zk.nl;;\"lijn 1\nlijn 2\"\n"
            + "Zorgkantoor Sneek;;;;;Wâldrik Zoë;;+32 2 123 45 67;;;\n"
            + "Zorgkantoor Sneek;;;;;Jan Mobiel;;06 87654321;;;\n"
        directory = try applied(try read(text, into: directory), to: directory)
        #expect(directory.contacts.count == 6)
        return directory
    }

    /// `csv` opened in LibreOffice Calc (headless) with a Dutch profile, saved as a workbook, and
    /// saved from there as "CSV (puntkomma)" again: what an advisor's spreadsheet gives back.
    func throughSpreadsheet(_ csv: String) throws -> [UInt8] {
        let dir = TemporaryDirectory()
        try Data(csv.utf8).write(to: URL(fileURLWithPath: dir.path + "/partners.csv"))
        _ = try LibreOffice.convert("partners.csv", in: dir.path, to: "xlsx", out: "book")
        let saved = try LibreOffice.convert(
            "book/partners.xlsx", in: dir.path, to: "csv:Text - txt - csv (StarCalc):59,34,76,1", out: "saved")
        return try #require(FileManager.default.contents(atPath: saved)).map { $0 }
    }

    @Test(
        "Opened and saved again in a Dutch spreadsheet (LibreOffice Calc), our CSV reads back into the same directory: leading zeros, dates, line breaks"
    )
    func spreadsheetRoundTrip() throws {
        let directory = try numbers()
        let document = PartnerCSV.document(directory)
        #expect(document.contains(";06-87654321;"), "a mobile number keeps its dash, so a spreadsheet keeps its 0")
        let saved = try throughSpreadsheet(document)
        let text = String(decoding: saved, as: UTF8.self)
        // What the spreadsheet made of it: a two-digit year, and a number it would have spoiled without the dash.
        #expect(text.contains(";15-09-25;"), "\(text)")
        #expect(text.contains("\"0515-123456\""), "\(text)")
        let back = try applied(try read(text))
        #expect(back == directory)
        // Read over the directory it came from, it changes nothing.
        let again = try read(text, into: directory)
        #expect(again.rejected == [] && again.accepted == again.unchanged, "\(again.events)")
    }

    @Test("Rows a spreadsheet saves empty (;;;;) are skipped; a two-digit year is given its century")
    func blankRowsAndShortYears() throws {
        let text =
            "organisatie;soort;convenant;convenantdatum;naam\n;;;;\nGGD Fryslân;ggd;j;1-3-24;Piet Bos\n ; ;;;\n\"\";;;;\n"
            + "Politie Fryslân;politie;j;01/03/99;Anne de Wit\n"
        let result = try read(text)
        #expect(result.rejected == [])
        let directory = try applied(result)
        let dates = directory.organisations.values.sorted { $0.id < $1.id }.map { $0.covenantDate?.description }
        #expect(dates == ["2024-03-01", "1999-03-01"])
    }

    @Test(
        "CSV from Excel for Mac (Mac Roman, lines ended by CR) reads like the others; Windows-1252 stays Windows-1252")
    func macRoman() throws {
        // Windows-1252's own dash and apostrophe inside words (ma–do, zo’n) must not look like Mac Roman letters.
        let text =
            "organisatie;soort;naam;functie;notities\nCafé de Wâldrâne;overig;Zoë Brûns;coördinator;één, twee\nGGD Fryslân;ggd;Ëlke Hüsken;;ma–do 9–17, zo’n beetje altijd\n"
        let dir = TemporaryDirectory()
        var files: [String: [UInt8]] = [:]
        // Python's codecs (an independent encoder) write the bytes Excel would: Excel for Mac ends
        // lines with CR, Excel for Windows with CRLF.
        // A Mac Roman file whose lines were converted to LF is still told apart by its letters.
        for (codec, newline) in [("mac_roman", "\r"), ("mac_roman", "\n"), ("cp1252", "\r\n")] {
            let name = codec + (newline == "\n" ? "-lf" : "")
            let file = dir.path + "/encode-" + name + ".txt"
            try Data(text.replacingOccurrences(of: "\n", with: newline).utf8).write(to: URL(fileURLWithPath: file))
            let out = dir.path + "/" + name + ".csv"
            let run = try Spawn.run(
                "/usr/bin/python3",
                [
                    "-c",
                    "import sys; open(sys.argv[3], 'wb').write(open(sys.argv[1], encoding='utf-8', newline='').read().encode(sys.argv[2]))",
                    file, codec, out,
                ], environment: ["PATH": "/usr/bin:/bin"])
            try #require(run.status == 0, "\(run.stderr)")
            files[name] = try #require(FileManager.default.contents(atPath: out)).map { $0 }
        }
        for (codec, bytes) in files {
            let result = try PartnerCSV.read(bytes, into: PartnerDirectory(), region: Fixtures.region, today: today)
            #expect(result.rejected == [], "\(codec)")
            let directory = try applied(result)
            let names = directory.contacts.values.sorted { $0.id < $1.id }.map(\.name)
            #expect(names == ["Zoë Brûns", "Ëlke Hüsken"], "\(codec)")
            #expect(
                directory.organisations.values.map(\.name).sorted() == ["Café de Wâldrâne", "GGD Fryslân"], "\(codec)")
            #expect(
                directory.contacts.values.map(\.notes).sorted() == ["ma–do 9–17, zo’n beetje altijd", "één, twee"],
                "\(codec)")
        }
    }

    @Test(
        "vCard 3.0 and 4.0: standard properties for address books, folded lines, and read back unchanged",
        arguments: PartnerVCard.Version.allCases)
    func vcardRoundTrip(version: PartnerVCard.Version) throws {
        let directory = try sample()
        let document = PartnerVCard.document(directory, version: version)
        let lines = document.components(separatedBy: "\r\n")
        #expect(lines.filter { $0 == "BEGIN:VCARD" }.count == 4)
        #expect(lines.allSatisfy { $0.utf8.count <= 75 })
        #expect(lines.contains("VERSION:" + version.rawValue))
        #expect(lines.contains("FN:Anne de Wit"))
        #expect(lines.contains("N:de Wit;Anne;;;"))
        #expect(lines.contains("ORG:Politie Fryslân"))
        #expect(lines.contains("TITLE:wijkagent\\, team Noord"))
        // A mobile number is a cell phone to an address book.
        #expect(
            lines.contains(
                version == .v3 ? "TEL;TYPE=CELL,VOICE:+31612345678" : "TEL;VALUE=uri;TYPE=cell,voice:tel:+31612345678"))
        #expect(lines.contains("NOTE:Regel 1\\nRegel 2\\; met \\\\ en \\,"))
        let back = PartnerVCard.read(document, into: PartnerDirectory(), region: Fixtures.region, today: today)
        #expect(back.rejected == [])
        #expect(try applied(back) == directory)
    }

    @Test(
        "A card from an ordinary address book: grouped properties, no Schakel fields, a default type; a card without ORG is refused"
    )
    func foreignCard() throws {
        let text = """
            BEGIN:VCARD\r
            VERSION:3.0\r
            N:Kok;Sanne;;;\r
            item1.TEL;type=CELL:06 2345 6789\r
            EMAIL;type=INTERNET;type=HOME:sanne@example.nl\r
            ORG:Veilig Thuis Fryslân;Team Noord\r
            END:VCARD\r
            BEGIN:VCARD\r
            VERSION:3.0\r
            FN:Zonder Werk\r
            END:VCARD\r

            """
        let result = PartnerVCard.read(
            text, into: PartnerDirectory(), region: Fixtures.region, today: today, defaultType: .other)
        #expect(
            result.rejected == [
                PartnerImport.Rejected(line: 8, errors: [ValidationError(.vcardNoOrganisation, field: "ORG")])
            ])
        let directory = try applied(result)
        let sanne = try #require(directory.contacts.values.first)
        #expect(
            [sanne.name, sanne.phone?.e164, sanne.email?.value] == ["Sanne Kok", "+31623456789", "sanne@example.nl"])
        #expect(directory.organisations.values.first?.type == .other)
        #expect(directory.organisations.values.first?.name == "Veilig Thuis Fryslân")
    }

    @Test(
        "An entry for a known contact changes what it carries and erases nothing else: a CSV of three columns, an address-book card, partner add"
    )
    func updateKeepsWhatIsNotCarried() throws {
        let directory = try sample()
        let anne = try #require(directory.contacts.values.first { $0.name == "Anne de Wit" })
        #expect(
            anne.role == "wijkagent, team Noord" && anne.email != nil && !anne.availability.isEmpty
                && !anne.notes.isEmpty)

        // A spreadsheet with only organisation, name and phone: a new number, first (preferred),
        // the one known kept after it, the rest as it was.
        let csv = try read("organisatie;naam;telefoon\nPolitie Fryslân;anne de wit;058-2991234\n", into: directory)
        #expect(csv.rejected == [])
        let afterCSV = try applied(csv, to: directory)
        var expected = anne
        expected.phones = [ContactPhone(try PhoneNumber("058-2991234"), kind: .werk)] + anne.phones
        #expect(afterCSV.contacts[anne.id] == expected)
        // Empty cells in columns the file does have erase nothing either.
        let empties = try read(
            "organisatie;naam;functie;email;notities\nPolitie Fryslân;Anne de Wit;;;\n", into: directory)
        #expect(empties.events == [] && empties.unchanged == 1)

        // A card from an address book: name, organisation and an e-mail address; no TITLE, no NOTE.
        let card =
            "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Anne de Wit\r\nORG:Politie Fryslân\r\nEMAIL:a.dewit@politie.nl\r\nEND:VCARD\r\n"
        let vcard = PartnerVCard.read(card, into: directory, region: Fixtures.region, today: today)
        #expect(vcard.rejected == [])
        let afterCard = try applied(vcard, to: directory)
        expected = anne
        expected.emails = [ContactEmail(try EmailAddress("a.dewit@politie.nl"))] + anne.emails
        #expect(afterCard.contacts[anne.id] == expected)

        // The command line's partner add: the same draft, found by name.
        var draft = PartnerDraft()
        draft.organisation = "Politie Fryslân"
        draft.name = "Anne de Wit"
        draft.availability = "di–vr 8–16"
        let events = try draft.events(in: directory, region: Fixtures.region, today: today).get()
        var added = directory
        try added.apply(events, cases: CaseBook())
        expected = anne
        expected.availability = "di–vr 8–16"
        #expect(added.contacts[anne.id] == expected)

        // The form shows every field, so there an emptied field is meant: it is emptied.
        var edit = PartnerDraft(try #require(directory.organisations[anne.organisation]), anne)
        edit.notes = ""
        var edited = directory
        try edited.apply(try edit.events(in: directory, region: Fixtures.region, today: today).get(), cases: CaseBook())
        #expect(edited.contacts[anne.id]?.notes == "")
        #expect(edited.contacts[anne.id]?.role == anne.role)
    }

    @Test(
        "A vCard 2.1 as Outlook and Android write it: quoted-printable in the card's charset, soft line breaks, bare TYPE parameters"
    )
    func vcard21() throws {
        let text =
            "BEGIN:VCARD\r\nVERSION:2.1\r\n"
            + "N;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:Wiersma;J=C3=BCrgen;;;\r\n"
            + "FN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:J=C3=BCrgen Wiersma\r\n"
            + "ORG;CHARSET=Windows-1252;ENCODING=QUOTED-PRINTABLE:GGD Frysl=E2n\r\n"
            + "TITLE:Sociaal verpleegkundige\r\n"
            + "TEL;WORK;VOICE:058-2991234\r\n"
            + "NOTE;ENCODING=QUOTED-PRINTABLE:Bel na 10u=0D=0Aniet op vrijdag, want dan is er=\r\n het spreekuur\r\n"
            + "END:VCARD\r\n"
        let result = PartnerVCard.read(
            text, into: PartnerDirectory(), region: Fixtures.region, today: today, defaultType: .ggd)
        #expect(result.rejected == [])
        let directory = try applied(result)
        let contact = try #require(directory.contacts.values.first)
        #expect(contact.name == "Jürgen Wiersma")
        #expect(directory.organisations.values.first?.name == "GGD Fryslân")
        // =0D=0A is a line break; the soft break ("=" at the end of a line) joins the next line on.
        #expect(
            contact.notes == "Bel na 10u\r\nniet op vrijdag, want dan is er het spreekuur",
            "\(contact.notes.debugDescription)")
        #expect(contact.phone?.e164 == "+31582991234")
    }

    @Test(
        "Our vCard 3.0 and 4.0 read with vobject (an independent reader): names, organisation, phone with its types, notes",
        arguments: PartnerVCard.Version.allCases)
    func vobjectReadsOurs(version: PartnerVCard.Version) throws {
        let document = PartnerVCard.document(try sample(), version: version)
        let dir = TemporaryDirectory()
        let file = dir.path + "/cards.vcf"
        FileManager.default.createFile(atPath: file, contents: Data(document.utf8))
        let script = """
            import sys, json, vobject
            out = []
            for card in vobject.readComponents(open(sys.argv[1], encoding="utf-8").read()):
                tel = card.contents.get("tel", [None])[0]
                out.append({"fn": card.fn.value, "org": card.org.value[0] if hasattr(card, "org") else None,
                            "tel": tel.value if tel else None, "types": sorted(t.lower() for t in tel.params.get("TYPE", [])) if tel else [],
                            "note": card.note.value if hasattr(card, "note") else None})
            print(json.dumps(out))
            """
        let run = try Spawn.run("/usr/bin/python3", ["-c", script, file], environment: ["PATH": "/usr/bin:/bin"])
        try #require(run.status == 0, "python3-vobject is needed (scripts/test installs it): \(run.stderr)")
        let cards = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [[String: Any]])
        #expect(cards.count == 4)
        let anne = try #require(cards.first { $0["fn"] as? String == "Anne de Wit" })
        #expect(anne["org"] as? String == "Politie Fryslân")
        #expect((anne["tel"] as? String)?.hasSuffix("+31612345678") == true)
        #expect(Set(anne["types"] as? [String] ?? []).isSuperset(of: ["cell", "voice"]), "\(anne)")
        #expect(anne["note"] as? String == "Regel 1\nRegel 2; met \\ en ,")
    }
}
