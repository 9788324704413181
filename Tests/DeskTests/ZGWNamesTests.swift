import Testing

@testable import Desk

@Suite("A name and a street line read in the parts of the ZGW APIs")
struct ZGWNamesTests {
    @Test(
        "Given names, prefixes and surname",
        arguments: [
            ("Pier Postma", "Pier", "P.", "", "Postma"),
            ("Jan van der Berg", "Jan", "J.", "van der", "Berg"),
            ("Anna Maria de Vries", "Anna Maria", "A.M.", "de", "Vries"),
            ("Van Dijk", "", "", "Van", "Dijk"),
            ("Wytske", "", "", "", "Wytske"),
            ("  ", "", "", "", ""),
            ("Zoë ter Horst-Wiersma", "Zoë", "Z.", "ter", "Horst-Wiersma"),
        ])
    func names(full: String, given: String, initials: String, prefix: String, surname: String) {
        let name = ZGWNames.name(full)
        #expect(
            name == ZGWNames.Name(voornamen: given, voorletters: initials, voorvoegsel: prefix, geslachtsnaam: surname))
    }

    @Test("House number, letter and addition come off the street line; without a number it is all street")
    func streets() {
        #expect(
            ZGWNames.street("Nieuwestad 12a") == .init(openbareRuimte: "Nieuwestad", huisnummer: 12, huisletter: "A"))
        #expect(
            ZGWNames.street("Tweebaksmarkt 7-2")
                == .init(openbareRuimte: "Tweebaksmarkt", huisnummer: 7, toevoeging: "2"))
        #expect(ZGWNames.street("Oude Oosterstraat 148") == .init(openbareRuimte: "Oude Oosterstraat", huisnummer: 148))
        #expect(ZGWNames.street("Woonboot De Zwaan") == .init(openbareRuimte: "Woonboot De Zwaan"))
        #expect(ZGWNames.street("Kade 3bis") == .init(openbareRuimte: "Kade", huisnummer: 3, toevoeging: "bis"))
    }
}
