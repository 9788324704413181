import CaseModel
import Foundation
import TestSupport
import Testing

/// Every importer of the domain, fed mutations of real files for a bounded time (`Fuzz`): none
/// may crash, and what each accepts must hold together (events that apply, a rule that reads back).
@Suite("Fuzzing the importers")
struct FuzzTests {
    private var today: CalendarDate { CalendarDate(Fixtures.now, in: .netherlands) }

    @Test("Partner CSV: any bytes give a result or a file error; what is accepted applies to the directory")
    func partnerCSV() throws {
        let seed = Array(
            """
            Organisatie;Soort;Gemeenten;Convenant;Naam;Functie;Telefoon;E-mail
            GGD Fryslân;ggd;Leeuwarden;ja;Sanne Kok;arts;058-2345678;s.kok@ggd.example
            "Politie; Noord";politie;;nee;"Piet ""PJ"" Jansma";wijkagent;06-12345678 (mobiel);p@politie.example
            """.utf8)
        let count = try Fuzz.run("partner csv", seeds: [seed]) { (bytes) throws in
            guard
                let result = try? PartnerCSV.read(
                    bytes, into: PartnerDirectory(), region: Fixtures.region, today: today)
            else { return }
            var directory = PartnerDirectory()
            try directory.apply(result.events, cases: CaseBook())
            #expect(result.events.isEmpty || result.accepted > 0, "events without an accepted line")
        }
        #expect(count > 1)
    }

    @Test("vCard: any text gives cards or refusals; what is accepted applies to the directory")
    func vCard() throws {
        let seed = Array(
            """
            BEGIN:VCARD\r
            VERSION:4.0\r
            FN:Sanne Kok\r
            ORG:GGD Fryslân\r
            TEL;TYPE=work:058-2345678\r
            EMAIL:s.kok@ggd.example\r
            END:VCARD\r

            """.utf8)
        let count = try Fuzz.run("vcard", seeds: [seed], seed: 2) { (bytes) throws in
            let result = PartnerVCard.read(
                String(decoding: bytes, as: UTF8.self), into: PartnerDirectory(), region: Fixtures.region, today: today,
                defaultType: .ggd)
            var directory = PartnerDirectory()
            try directory.apply(result.events, cases: CaseBook())
        }
        #expect(count > 1)
    }

    @Test("The instrument file and its rule: a clear error or an instrument whose rule names only its criteria")
    func instrument() throws {
        let shipped = Array(try SourceTree.text("Resources/Data/instrument-fryslan.txt").utf8)
        let count = try Fuzz.run("instrument", seeds: [shipped], seed: 3) { (bytes) throws in
            guard let instrument = try? InstrumentParser.parse(String(decoding: bytes, as: UTF8.self), file: "i")
            else { return }
            let numbers = Set(instrument.criteria.map(\.number))
            #expect(instrument.rule.criteria.isSubset(of: numbers))
        }
        #expect(count > 1)
        let rules = try Fuzz.run("criteria rule", seeds: [Array("(1 and 2 and 3) or 4".utf8), Array("1 or 2".utf8)]) {
            (bytes) throws in
            guard let rule = try? CriteriaRule.parse(String(decoding: bytes, as: UTF8.self)) else { return }
            // What it reads, it writes back as a rule that reads the same.
            #expect(
                try CriteriaRule.parse(rule.description).evaluate([1: .yes, 2: .no])
                    == rule.evaluate([1: .yes, 2: .no]))
        }
        #expect(rules > 1)
    }
}
