import CaseModel
import Foundation
import TestSupport
import Testing

@Suite("Phone numbers, read as libphonenumber reads them")
struct PhoneNumberTests {
    /// Dutch writings of numbers, good and bad.
    static let samples = [
        "06-12345678", "06 1234 5678", "+31 6 12345678", "0031 6 12345678", "(058) 123 45 67", "+31 (0)58 1234567",
        "0800-1234",
        "06/12345678", "058.299.12.34", "tel: 058-2991234", "Tel. 06 12345678", "tel:+31582991234",
        "Telefoon: 020 - 555 1234",
        "12345", "06-1234567", "06-123456789", "+31 0 6 12345678", "+31 0612345678", "12345678", "++31612345678", "abc",
        "058-2991234 of 06-12345678", "+44 20 7946 0958",
    ]

    @Test(
        "Every sample is accepted exactly when libphonenumber (python3-phonenumbers) finds it valid, and normalised to its E.164"
    )
    func sameAsLibphonenumber() throws {
        let script = """
            import json, sys, phonenumbers
            out = {}
            for text in json.load(sys.stdin):
                try:
                    n = phonenumbers.parse(text, "NL")
                    out[text] = phonenumbers.format_number(n, phonenumbers.PhoneNumberFormat.E164) if phonenumbers.is_valid_number(n) else None
                except phonenumbers.NumberParseException:
                    out[text] = None
            print(json.dumps(out))
            """
        let input = TemporaryDirectory()
        let file = input.path + "/samples.json"
        FileManager.default.createFile(atPath: file, contents: try JSONSerialization.data(withJSONObject: Self.samples))
        let run = try Spawn.run(
            "/bin/sh", ["-c", "/usr/bin/python3 -c \"$0\" < \"$1\"", script, file],
            environment: ["PATH": "/usr/bin:/bin"])
        try #require(run.status == 0, "python3-phonenumbers is needed (scripts/test installs it): \(run.stderr)")
        let expected = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        for sample in Self.samples {
            let theirs = expected[sample] as? String
            let ours = try? PhoneNumber(sample).e164
            #expect(ours == theirs, "\(sample): ours \(ours ?? "refused"), libphonenumber \(theirs ?? "invalid")")
        }
    }

    @Test(
        "Written for Dutch callers with the dash where libphonenumber ends the area code (06-, 058-, 0511-, 0800-, 088-)"
    )
    func writtenAsLibphonenumberGroupsIt() throws {
        let numbers = [
            "0612345678", "0582991234", "0511123456", "08001234", "09001234567", "0851234567", "0881234567",
            "0201234567",
            "0101234567", "0591123456", "0841234567", "0912345678", "0703456789", "0455123456",
        ]
        let script = """
            import json, sys, phonenumbers
            print(json.dumps({t: phonenumbers.format_number(phonenumbers.parse(t, "NL"), phonenumbers.PhoneNumberFormat.NATIONAL)
                              for t in json.load(sys.stdin)}))
            """
        let input = TemporaryDirectory()
        let file = input.path + "/numbers.json"
        FileManager.default.createFile(atPath: file, contents: try JSONSerialization.data(withJSONObject: numbers))
        let run = try Spawn.run(
            "/bin/sh", ["-c", "/usr/bin/python3 -c \"$0\" < \"$1\"", script, file],
            environment: ["PATH": "/usr/bin:/bin"])
        try #require(run.status == 0, "python3-phonenumbers is needed (scripts/test installs it): \(run.stderr)")
        let national = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: String])
        for number in numbers {
            let ours = try PhoneNumber(number).national
            let area = try #require(national[number]?.split(separator: " ").first)
            #expect(
                ours == area + "-" + number.dropFirst(area.count),
                "\(number): ours \(ours), libphonenumber \(national[number] ?? "")")
        }
        #expect(try PhoneNumber("+32 2 123 45 67").national == "+3221234567")
    }
}
