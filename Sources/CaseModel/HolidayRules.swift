import Foundation

/// Which Dutch public holidays a region's working-day calendar skips.
///
/// Bevrijdingsdag (5 May) is a day off for some employers every year and for others only in
/// lustrum years (2025, 2030, ...), so it is a setting; so is Goede Vrijdag.
public struct HolidayRules: Codable, Hashable, Sendable {
    public enum Liberation: String, Codable, Sendable, CaseIterable {
        case everyYear = "every-year"
        case lustrumOnly = "lustrum-only"
        case never
    }

    public var liberationDay: Liberation
    public var goodFriday: Bool

    public init(liberationDay: Liberation = .lustrumOnly, goodFriday: Bool = true) {
        self.liberationDay = liberationDay
        self.goodFriday = goodFriday
    }

    public static let standard = HolidayRules()

    /// Easter Sunday (anonymous Gregorian algorithm, Meeus/Jones/Butcher), for a year of the
    /// calendar (1–9999); nil outside it.
    public static func easterSunday(year: Int) -> CalendarDate? {
        guard (1...9_999).contains(year) else { return nil }
        let a = year % 19
        let b = year / 100
        let c = year % 100
        let d = b / 4
        let e = b % 4
        let f = (b + 8) / 25
        let g = (b - f + 1) / 3
        let h = (19 * a + b - d - g + 15) % 30
        let i = c / 4
        let k = c % 4
        let l = (32 + 2 * e + 2 * i - h - k) % 7
        let m = (a + 11 * h + 22 * l) / 451
        let month = (h + l - 7 * m + 114) / 31
        let day = (h + l - 7 * m + 114) % 31 + 1
        return CalendarDate(year: year, month: month, day: day)
    }

    /// The holidays of one year with their Dutch names, in date order (none outside the calendar,
    /// years 1–9999: a clock or a date from a hostile file must not stop the desk).
    public func holidays(year: Int) -> [(date: CalendarDate, name: String)] {
        guard let easter = Self.easterSunday(year: year) else { return [] }
        func date(_ m: Int, _ d: Int) -> CalendarDate {
            CalendarDate(year: year, month: m, day: d) ?? easter
        }
        var list: [(CalendarDate, String)] = [
            (date(1, 1), "Nieuwjaarsdag"),
            (easter, "Eerste Paasdag"),
            (easter.adding(days: 1), "Tweede Paasdag"),
            (easter.adding(days: 39), "Hemelvaartsdag"),
            (easter.adding(days: 49), "Eerste Pinksterdag"),
            (easter.adding(days: 50), "Tweede Pinksterdag"),
            (date(12, 25), "Eerste Kerstdag"),
            (date(12, 26), "Tweede Kerstdag"),
        ]
        if goodFriday { list.append((easter.adding(days: -2), "Goede Vrijdag")) }
        let kingsDay = date(4, 27)
        list.append((kingsDay.weekday == 7 ? date(4, 26) : kingsDay, "Koningsdag"))
        switch liberationDay {
        case .everyYear: list.append((date(5, 5), "Bevrijdingsdag"))
        case .lustrumOnly where year % 5 == 0: list.append((date(5, 5), "Bevrijdingsdag"))
        default: break
        }
        return list.sorted { $0.0 < $1.0 }.map { (date: $0.0, name: $0.1) }
    }
}
