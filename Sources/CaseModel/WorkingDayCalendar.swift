import Foundation

/// Counts working days: Monday to Friday, less the Dutch public holidays of `rules`.
///
/// Every deadline in days (contact with the referrer, reviews, checks) goes through this type.
public struct WorkingDayCalendar: Sendable {
    public let rules: HolidayRules
    private let holidayDays: Set<Int>
    private let coveredYears: ClosedRange<Int>

    public init(rules: HolidayRules = .standard, years: ClosedRange<Int> = 1990...2100) {
        self.rules = rules
        self.coveredYears = years
        var days = Set<Int>()
        for year in years {
            for holiday in rules.holidays(year: year) { days.insert(holiday.date.dayNumber) }
        }
        self.holidayDays = days
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

    private func countWorkingDays(from first: CalendarDate, through last: CalendarDate) -> Int {
        guard first <= last else { return 0 }
        var count = 0
        var day = first
        while day <= last {
            if isWorkingDay(day) { count += 1 }
            day = day.adding(days: 1)
        }
        return count
    }
}
