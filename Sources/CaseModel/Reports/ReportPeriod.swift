import Foundation

/// The days a report covers, both ends included: a month, a quarter, a year, or from–to.
public struct ReportPeriod: Hashable, Sendable, CustomStringConvertible {
    public enum Span: String, Hashable, Sendable, CaseIterable {
        case month, quarter, year, range
    }

    public let from: CalendarDate
    public let to: CalendarDate
    public let span: Span

    /// From the first day of a month to the last day of a month, both included; nil otherwise.
    public init?(from: CalendarDate, to: CalendarDate) {
        guard let range = try? Self.range(from: from, to: to) else { return nil }
        self = range
    }

    /// From–to, refused unless it runs from a month's first day to a month's last: figures are
    /// held back per group, and two reports a day apart would give that day's away.
    public static func range(from: CalendarDate, to: CalendarDate) throws(ValidationError) -> ReportPeriod {
        guard from <= to else {
            throw ValidationError(.periodReversed, field: "period", value: "\(from)..\(to)")
        }
        guard from.day == 1, to.day == CalendarDate.daysIn(month: to.month, year: to.year) else {
            throw ValidationError(.periodNotWholeMonths, field: "period", value: "\(from)..\(to)")
        }
        return ReportPeriod(from: from, to: to, span: .range)
    }

    private init(from: CalendarDate, to: CalendarDate, span: Span) {
        self.from = from
        self.to = to
        self.span = span
    }

    public static func month(_ year: Int, _ month: Int) -> ReportPeriod {
        ReportPeriod(
            from: day(year, month, 1), to: day(year, month, CalendarDate.daysIn(month: month, year: year)),
            span: .month)
    }

    public static func quarter(_ year: Int, _ quarter: Int) -> ReportPeriod {
        let first = (quarter - 1) * 3 + 1
        return ReportPeriod(
            from: day(year, first, 1), to: day(year, first + 2, CalendarDate.daysIn(month: first + 2, year: year)),
            span: .quarter)
    }

    public static func year(_ year: Int) -> ReportPeriod {
        ReportPeriod(from: day(year, 1, 1), to: day(year, 12, 31), span: .year)
    }

    /// The period of `span` that holds `date` (a range is taken as the quarter).
    public static func containing(_ date: CalendarDate, span: Span) -> ReportPeriod {
        switch span {
        case .month: return month(date.year, date.month)
        case .year: return year(date.year)
        case .quarter, .range: return quarter(date.year, (date.month - 1) / 3 + 1)
        }
    }

    private static func day(_ year: Int, _ month: Int, _ day: Int) -> CalendarDate {
        CalendarDate(year: year, month: month, day: day) ?? CalendarDate(dayNumber: 0)
    }

    /// `2026-Q3`, `2026-09`, `2026`, or `2026-07-01..2026-09-30`.
    public init(parsing text: String) throws(ValidationError) {
        let t = text.trimmingCharacters(in: .whitespaces)
        let refuse = ValidationError(.periodFormat, field: "period", value: text)
        if let dots = t.range(of: "..") {
            guard let from = CalendarDate(iso: String(t[..<dots.lowerBound])),
                let to = CalendarDate(iso: String(t[dots.upperBound...]))
            else { throw refuse }
            self = try Self.range(from: from, to: to)
            return
        }
        let parts = t.split(separator: "-", omittingEmptySubsequences: false).map(String.init)
        guard let year = parts.first.flatMap({ Int($0) }), parts[0].count == 4, year >= 1900, year <= 9999 else {
            throw refuse
        }
        switch parts.count {
        case 1:
            self = .year(year)
        case 2 where parts[1].uppercased().hasPrefix("Q") && parts[1].count == 2:
            guard let q = Int(parts[1].dropFirst()), (1...4).contains(q) else { throw refuse }
            self = .quarter(year, q)
        case 2 where parts[1].count == 2:
            guard let m = Int(parts[1]), (1...12).contains(m) else { throw refuse }
            self = .month(year, m)
        default:
            throw refuse
        }
    }

    /// How the period is written on the command line (and in a file's name).
    public var description: String {
        switch span {
        case .month: return String(format: "%04d-%02d", from.year, from.month)
        case .quarter: return "\(from.year)-Q\((from.month - 1) / 3 + 1)"
        case .year: return "\(from.year)"
        case .range: return "\(from)..\(to)"
        }
    }

    /// The period of the same span before (-1) or after (+1) this one; a range moves by its length.
    public func moved(by step: Int) -> ReportPeriod {
        switch span {
        case .month:
            let index = from.year * 12 + (from.month - 1) + step
            return .month(index / 12, index % 12 + 1)
        case .quarter:
            let index = from.year * 4 + (from.month - 1) / 3 + step
            return .quarter(index / 4, index % 4 + 1)
        case .year: return .year(from.year + step)
        case .range:
            let first = from.year * 12 + (from.month - 1)
            let months = to.year * 12 + (to.month - 1) - first + 1
            let start = first + months * step
            let end = start + months - 1
            let last = Self.month(end / 12, end % 12 + 1).to
            return ReportPeriod(from: Self.month(start / 12, start % 12 + 1).from, to: last, span: .range)
        }
    }

    public func contains(_ day: CalendarDate) -> Bool { from <= day && day <= to }

    public func contains(_ moment: Date, in timeZone: TimeZone) -> Bool {
        contains(CalendarDate(moment, in: timeZone))
    }

    /// The twelve months that end with the period's last month, oldest first (for sparklines).
    public var trailingMonths: [ReportPeriod] {
        let last = to.year * 12 + (to.month - 1)
        return (0..<12).reversed().map { back in
            let index = last - back
            return .month(index / 12, index % 12 + 1)
        }
    }
}
