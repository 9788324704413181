import CaseModel
import Testing

@Suite("Phone numbers and email addresses")
struct ContactValueTests {
    @Test(
        "Dutch numbers in all usual writings normalise to one form",
        arguments: [
            ("06-12345678", "+31612345678"), ("06 1234 5678", "+31612345678"), ("+31 6 12345678", "+31612345678"),
            ("0031 6 1234 5678", "+31612345678"), ("(058) 123 45 67", "+31581234567"),
            ("+31 (0)58 1234567", "+31581234567"),
            ("058-1234567", "+31581234567"), ("0511 123456", "+31511123456"), ("0800-1234", "+318001234"),
            ("0900 123 4567", "+319001234567"), ("+32 2 123 45 67", "+3221234567"),
        ])
    func phones(input: String, e164: String) throws {
        #expect(try PhoneNumber(input).e164 == e164)
    }

    // "+31 0612345678" is read as libphonenumber reads it (the trunk 0 dropped): see PhoneNumberTests.
    @Test(
        "Not a phone number",
        arguments: ["12345678", "06-1234567", "06-123456789", "06 12 34 56 7x", "", "+3161234567+8"])
    func badPhones(input: String) {
        #expect(throws: ValidationError.self) { try PhoneNumber(input) }
    }

    @Test("Email addresses: trimmed, domain lowercased, shape checked")
    func emails() throws {
        #expect(try EmailAddress(" J.deVries@Wijkteam-Noord.NL ").value == "J.deVries@wijkteam-noord.nl")
        for bad in ["jan", "jan@", "@nl", "jan@wijkteam", "jan de vries@x.nl", "a@b@c.nl", "jan@x..nl", "jan@.nl"] {
            #expect(throws: ValidationError.self, "\(bad)") { try EmailAddress(bad) }
        }
    }
}

@Suite("The privacy guard on anonymous sketches")
struct PrivacyGuardTests {
    let guardian = PrivacyGuard(knownNames: ["Anne de Vries", "Pier Postma", "Jan"])

    func kinds(_ text: String) -> [PrivacyGuard.Kind] { guardian.findings(in: text).map(\.kind) }

    @Test(
        "Each kind of identifying data is found",
        arguments: [
            ("BSN van moeder is 111222333.", PrivacyGuard.Kind.bsn),
            ("bsn 1112.22.333 bekend bij gemeente", .bsn),
            ("Vader, geboren 12-03-1985, is verslaafd.", .birthDate),
            ("geboren 01-10-1985 (de cijfers halen toevallig de 11-proef)", .birthDate),
            ("geboren op 3 maart 1990", .birthDate),
            ("zoon (2011-05-17) wil niet naar school", .birthDate),
            ("woont op 8911 AB 12 sinds de zomer", .postcodeAndNumber),
            ("adres: 12, 8911AB Leeuwarden", .postcodeAndNumber),
            ("bel haar op 06-12345678", .phone),
            ("nummer +31 6 1234 5678 van de buurman", .phone),
            ("mailde vanaf a.devries@example.nl", .email),
            ("Het gaat om Anne de Vries uit Noord.", .name),
            ("PIER POSTMA is weer in beeld", .name),
        ])
    func finds(text: String, kind: PrivacyGuard.Kind) {
        #expect(kinds(text) == [kind], "\(guardian.findings(in: text))")
    }

    @Test(
        "No false alarm on an ordinary sketch",
        arguments: [
            "Moeder met 3 kinderen (4, 7 en 12 jaar), schulden sinds 2021, vader vertrokken in 2019.",
            "Jan van het wijkteam twijfelt; 2 keer politie in 6 weken, 1234 euro huurachterstand.",
            "Overlast in de wijk sinds maart 2024; 15 meldingen, buren bang.",
            "Zorgen om verwaarlozing, ZRM 2 op huisvesting en financiën, 123456789 is geen BSN.",
            "Anne uit de straat van De Vries helpt soms.",
        ])
    func quiet(text: String) {
        #expect(guardian.findings(in: text).isEmpty, "\(guardian.findings(in: text))")
    }

    @Test("Several findings in one text are all named, a phone number not also as a BSN")
    func several() {
        let found = guardian.findings(
            in: "Anne de Vries (geb. 01-02-1980), tel 0612345678, mail anne@example.nl, 8911 AB 3")
        #expect(Set(found.map(\.kind)) == [.name, .birthDate, .phone, .email, .postcodeAndNumber])
    }
}
