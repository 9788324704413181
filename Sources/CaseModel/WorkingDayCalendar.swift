import Foundation

/// Counts working days: Monday to Friday, less the Dutch public holidays of `rules`.
///
/// Every deadline in days (contact with the referrer, reviews, checks) goes through this type.
public struct WorkingDayCalendar: Sendable {
    public let rules: HolidayRules
    private let holidayDays: Set<Int>
    /// The holidays of the covered years that fall on a weekday, in order (counting takes them
    /// by binary search, not day by day).
    private let weekdayHolidays: [Int]
    private let coveredYears: ClosedRange<Int>

    public init(rules: HolidayRules = .standard, years: ClosedRange<Int> = 1990...2100) {
        self.rules = rules
        self.coveredYears = years
        var days = Set<Int>()
        for year in years {
            for holiday in rules.holidays(year: year) { days.insert(holiday.date.dayNumber) }
        }
        self.holidayDays = days
        weekdayHolidays = days.filter { !CalendarDate(dayNumber: $0).isWeekend }.sorted()
    }

    public func isHoliday(_ date: CalendarDate) -> Bool {
        if coveredYears.contains(date.year) { return holidayDays.contains(date.dayNumber) }
        return rules.holidays(year: date.year).contains { $0.date == date }
    }

    public func isWorkingDay(_ date: CalendarDate) -> Bool {
        !date.isWeekend && !isHoliday(date)
    }

    /// The date `count` working days after `date` (before it when negative); `date` itself never counts.
    public func adding(workingDays count: Int, to date: CalendarDate) -> CalendarDate {
        var current = date
        var remaining = abs(count)
        let step = count >= 0 ? 1 : -1
        while remaining > 0 {
            current = current.adding(days: step)
            if isWorkingDay(current) { remaining -= 1 }
        }
        return current
    }

    /// Working days from `start` to `end`: positive when `end` lies ahead, negative when it has passed.
    ///
    /// Ahead, it counts the working days in (start, end]: a deadline today is 0, on the next working
    /// day 1. Passed, it counts the working days in [end, start), at least one: a deadline on Friday
    /// is -1 on Saturday and on Monday, so "overdue" never reads as zero.
    public func workingDays(from start: CalendarDate, to end: CalendarDate) -> Int {
        if start == end { return 0 }
        if start < end {
            return countWorkingDays(from: start.adding(days: 1), through: end)
        }
        return -max(1, countWorkingDays(from: end, through: start.adding(days: -1)))
    }

    /// Working days in [first, last], in time that grows with the years spanned, not the days:
    /// weekdays by whole weeks, less the holidays on weekdays (a deadline far ahead, from a
    /// hostile file or a clock set wrong, must not make the queue crawl).
    private func countWorkingDays(from first: CalendarDate, through last: CalendarDate) -> Int {
        guard first <= last else { return 0 }
        let days = last.dayNumber - first.dayNumber + 1
        var count = (days / 7) * 5
        var day = first.dayNumber + (days / 7) * 7
        while day <= last.dayNumber {
            if !CalendarDate(dayNumber: day).isWeekend { count += 1 }
            day += 1
        }
        return count - holidaysOnWeekdays(from: first.dayNumber, through: last.dayNumber, years: first.year...last.year)
    }

    private func holidaysOnWeekdays(from first: Int, through last: Int, years: ClosedRange<Int>) -> Int {
        // The covered years' holidays (only theirs are in the list).
        var count = index(after: last) - index(after: first - 1)
        // Years outside the covered ones are worked out one by one, up to a lifetime of them; past
        // that the count can only be an estimate (the covered years' average), and nobody reads
        // a deadline a century away to the day.
        let outside = years.filter { !coveredYears.contains($0) }
        if outside.count <= 100 {
            for year in outside {
                // Two holidays on one day (Hemelvaart on 5 May) are one day off.
                count +=
                    Set(rules.holidays(year: year).map(\.date.dayNumber)).filter {
                        (first...last).contains($0) && !CalendarDate(dayNumber: $0).isWeekend
                    }.count
            }
        } else {
            count += outside.count * weekdayHolidays.count / max(1, coveredYears.count)
        }
        return count
    }

    /// How many covered weekday holidays lie on or before `day`.
    private func index(after day: Int) -> Int {
        var low = 0
        var high = weekdayHolidays.count
        while low < high {
            let middle = (low + high) / 2
            if weekdayHolidays[middle] <= day { low = middle + 1 } else { high = middle }
        }
        return low
    }
}
