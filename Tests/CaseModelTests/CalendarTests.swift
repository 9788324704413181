import CaseModel
import Testing

@Suite("Dutch public holidays and working days")
struct CalendarTests {
    func date(_ text: String) -> CalendarDate { CalendarDate(iso: text)! }

    @Test(
        "Easter Sunday",
        arguments: [(2024, "2024-03-31"), (2025, "2025-04-20"), (2026, "2026-04-05"), (2027, "2027-03-28")])
    func easter(year: Int, expected: String) {
        #expect(HolidayRules.easterSunday(year: year)?.description == expected)
    }

    @Test("Koningsdag moves to the 26th when the 27th is a Sunday")
    func kingsDay() {
        let names2025 = HolidayRules.standard.holidays(year: 2025)
        #expect(names2025.contains { $0.name == "Koningsdag" && $0.date == date("2025-04-26") })
        let names2026 = HolidayRules.standard.holidays(year: 2026)
        #expect(names2026.contains { $0.name == "Koningsdag" && $0.date == date("2026-04-27") })
    }

    @Test("Bevrijdingsdag follows the region's setting")
    func liberationDay() {
        let lustrum = WorkingDayCalendar(rules: HolidayRules(liberationDay: .lustrumOnly))
        let yearly = WorkingDayCalendar(rules: HolidayRules(liberationDay: .everyYear))
        let never = WorkingDayCalendar(rules: HolidayRules(liberationDay: .never))
        #expect(lustrum.isHoliday(date("2025-05-05")))
        #expect(!lustrum.isHoliday(date("2026-05-05")))
        #expect(yearly.isHoliday(date("2026-05-05")))
        #expect(!never.isHoliday(date("2030-05-05")))
    }

    @Test("Counting working days across Easter, Christmas and New Year")
    func workingDays() {
        let calendar = WorkingDayCalendar()
        // Maundy Thursday + 1: Good Friday, the weekend and Easter Monday are skipped.
        #expect(calendar.adding(workingDays: 1, to: date("2026-04-02")) == date("2026-04-07"))
        // Christmas Eve + 5: Christmas, the weekend and New Year's Day are skipped.
        #expect(calendar.adding(workingDays: 5, to: date("2026-12-24")) == date("2027-01-04"))
        // Hemelvaart 2026 is 14 May, Pinksteren 24 and 25 May.
        #expect(!calendar.isWorkingDay(date("2026-05-14")))
        #expect(!calendar.isWorkingDay(date("2026-05-25")))
        #expect(calendar.adding(workingDays: -1, to: date("2026-12-28")) == date("2026-12-24"))
    }

    @Test("Working days between two dates: ahead positive, passed negative, never zero when passed")
    func distance() {
        let calendar = WorkingDayCalendar()
        #expect(calendar.workingDays(from: date("2026-11-24"), to: date("2026-11-24")) == 0)
        #expect(calendar.workingDays(from: date("2026-11-24"), to: date("2026-12-01")) == 5)
        #expect(calendar.workingDays(from: date("2026-11-27"), to: date("2026-11-30")) == 1)  // Friday → Monday
        // Saturday, then Monday, for a deadline on Friday.
        #expect(calendar.workingDays(from: date("2026-11-28"), to: date("2026-11-27")) == -1)
        #expect(calendar.workingDays(from: date("2026-11-30"), to: date("2026-11-27")) == -1)
        #expect(calendar.workingDays(from: date("2026-12-01"), to: date("2026-11-27")) == -2)
        #expect(calendar.workingDays(from: date("2026-12-24"), to: date("2027-01-04")) == 5)
    }

    @Test("Counting by weeks gives what counting day by day gives, and a year far off neither crashes nor crawls")
    func countedByWeeks() {
        let calendar = WorkingDayCalendar()
        let start = CalendarDate(iso: "2025-12-20")!
        for length in [0, 1, 2, 5, 6, 7, 8, 13, 14, 30, 100, 400, 800] {
            let end = start.adding(days: length)
            var slow = 0
            var day = start.adding(days: 1)
            while day <= end {
                if calendar.isWorkingDay(day) { slow += 1 }
                day = day.adding(days: 1)
            }
            #expect(calendar.workingDays(from: start, to: end) == slow, "\(length) days")
            guard length > 0 else { continue }
            var back = 0
            day = start
            while day < end {
                if calendar.isWorkingDay(day) { back += 1 }
                day = day.adding(days: 1)
            }
            #expect(calendar.workingDays(from: end, to: start) == -max(1, back), "\(length) days back")
        }
        // A clock or a deadline in 9999 (and beyond the covered years): an answer, at once.
        let far = CalendarDate(iso: "9999-12-31")!
        let ahead = calendar.workingDays(from: start, to: far)
        #expect(ahead > 2_000_000 && ahead < 2_100_000)
        #expect(HolidayRules.standard.holidays(year: 10_000).isEmpty)
        #expect(HolidayRules.easterSunday(year: 10_000) == nil)
        #expect(calendar.isWorkingDay(far) == !far.isWeekend)
    }
}
