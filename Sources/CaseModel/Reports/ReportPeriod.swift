import Foundation

/// The days a report covers, both ends included: a month, a quarter, a year, or from–to.
public struct ReportPeriod: Hashable, Sendable, CustomStringConvertible {
    public enum Span: String, Hashable, Sendable, CaseIterable {
        case month, quarter, year, range
    }

    public let from: CalendarDate
    public let to: CalendarDate
    public let span: Span

    /// From–to, both days included; nil when `to` comes before `from`.
    public init?(from: CalendarDate, to: CalendarDate) {
        guard from <= to else { return nil }
        self.from = from
        self.to = to
        span = .range
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
            guard let period = ReportPeriod(from: from, to: to) else {
                throw ValidationError(.periodReversed, field: "period", value: text)
            }
            self = period
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
            let length = to.dayNumber - from.dayNumber + 1
            return ReportPeriod(
                from: from.adding(days: length * step), to: to.adding(days: length * step), span: .range)
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
