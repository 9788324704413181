import CaseModel
import Foundation
import Testing

@Suite("Validated values: BSN, postcode, case number, dates")
struct ValueTests {
    @Test(
        "The BSN 11-test",
        arguments: [
            ("111222333", "111222333"), ("123456782", "123456782"), ("1112.22.333", "111222333"),
            ("12345672", "012345672"), ("999 999 990", "999999990"),
        ])
    func validBSN(input: String, digits: String) throws {
        #expect(try BSN(input).digits == digits)
    }

    @Test(
        "Numbers that fail the 11-test or the format",
        arguments: [
            ("123456789", ValidationError.Code.bsnElevenTest), ("000000000", .bsnElevenTest),
            ("011222333", .bsnElevenTest),
            ("1234567", .bsnFormat), ("12345678a", .bsnFormat), ("1234567890", .bsnFormat), ("", .bsnFormat),
        ])
    func invalidBSN(input: String, code: ValidationError.Code) {
        #expect(throws: ValidationError(code, field: "bsn", value: input)) { try BSN(input) }
    }

    @Test("Postcodes are normalised; impossible ones refused")
    func postcodes() throws {
        #expect(try Postcode("8911ab").value == "8911 AB")
        #expect(try Postcode(" 8911 AB ").value == "8911 AB")
        for bad in ["0123 AB", "8911 SA", "8911 SS", "891 AB", "8911 A1", "8911ABC"] {
            #expect(throws: ValidationError.self) { try Postcode(bad) }
        }
    }

    @Test("Case numbers read and print as year and four-digit sequence")
    func caseIDs() throws {
        #expect(try CaseID("2026-42").description == "2026-0042")
        #expect(CaseID(year: 2026, sequence: 123_456).description == "2026-123456")
        #expect(try CaseID("2026-0042") == CaseID(year: 2026, sequence: 42))
        #expect(CaseID(year: 2026, sequence: 9) < CaseID(year: 2026, sequence: 10))
        for bad in ["2026", "26-0042", "2026-0", "2026-x", "2026-0042-1", ""] {
            #expect(throws: ValidationError.self) { try CaseID(bad) }
        }
    }

    @Test("Calendar dates: strict parsing, leap years, weekdays, day arithmetic")
    func calendarDates() throws {
        #expect(CalendarDate(iso: "2026-02-29") == nil)
        #expect(CalendarDate(iso: "2024-02-29") != nil)
        #expect(CalendarDate(iso: "2026-13-01") == nil)
        #expect(CalendarDate(iso: "2026-1-01") == nil)
        #expect(CalendarDate(dutch: "24-11-2026") == CalendarDate(year: 2026, month: 11, day: 24))
        let day = try #require(CalendarDate(year: 2026, month: 11, day: 24))
        #expect(day.weekday == 2)  // a Tuesday
        #expect(day.adding(days: 38).description == "2027-01-01")
        #expect(CalendarDate(dayNumber: day.dayNumber) == day)
        var date = try #require(CalendarDate(year: 1999, month: 12, day: 25))
        for _ in 0..<800 {
            let next = date.adding(days: 1)
            #expect(next.dayNumber == date.dayNumber + 1)
            #expect(next.weekday == date.weekday % 7 + 1)
            date = next
        }
        #expect(try #require(CalendarDate(year: 1980, month: 11, day: 25)).age(on: day) == 45)
        #expect(try #require(CalendarDate(year: 1980, month: 11, day: 24)).age(on: day) == 46)
    }
}

@Suite("Matching what people type")
struct VocabularyTests {
    @Test("Search text is lowercased and stripped of accents, ASCII or not")
    func searchable() {
        #expect(Vocabulary.searchable("Súdwest-Fryslân") == "sudwest-fryslan")
        #expect(Vocabulary.searchable("ÉÉN Zoë ÇA") == "een zoe ca")
        #expect(Vocabulary.searchable("Wijkteam NOORD 2026-0042") == "wijkteam noord 2026-0042")
        #expect(Vocabulary.searchable("中文") == "中文")
        #expect(Vocabulary.key("Súdwest-Fryslân") == "sudwestfryslan")
        #expect(Vocabulary.contains("wijkteam noord", "noord"))
        #expect(Vocabulary.contains("wijkteam noord", ""))
        #expect(!Vocabulary.contains("noord", "wijkteam noord"))
        #expect(!Vocabulary.contains("wijkteam noord", "zuid"))
    }

    @Test("An ASCII text is folded byte by byte exactly as scalar by scalar")
    func asciiFastPath() {
        // One accented letter at the end sends a text down the scalar path; it adds its own "e".
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<5_000 {
            let text = String(
                decoding: (0..<Int.random(in: 0...24, using: &generator)).map { _ in
                    UInt8.random(in: 0...127, using: &generator)
                }, as: UTF8.self)
            #expect(Vocabulary.searchable(text) + "e" == Vocabulary.searchable(text + "é"), "\(Array(text.utf8))")
            #expect(Vocabulary.key(text) + "e" == Vocabulary.key(text + "é"), "\(Array(text.utf8))")
        }
        #expect(Vocabulary.key("Wijkteam Noord-Oost / team_2 'A'.") == "wijkteamnoordoostteam2a")
    }
}
