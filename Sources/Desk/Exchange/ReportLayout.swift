import CaseModel
import Foundation
import Screen

/// A report as tables, bar charts and sparklines: the lines the Rapportage pane draws and
/// `schakel report --format text` prints, so both say the same. Readable at 80 columns: the group
/// names take what the figures leave.
public enum ReportLayout {
    /// One line of the layout; a heading is drawn bold in the desk.
    public struct Line: Hashable, Sendable {
        public var text: String
        public var heading: Bool

        init(_ text: String, heading: Bool = false) {
            self.text = text
            self.heading = heading
        }
    }

    /// A table's columns and, per row, its name and cells (texts already formatted).
    struct Table {
        var header: [String]
        var rows: [(name: String, cells: [String])]
    }

    public static func lines(_ report: Report, context: DeskContext, width: Int = 80) -> [Line] {
        let t = context.text
        var out = [Line(title(report, text: t), heading: true), Line(subtitle(report, text: t)), Line("")]
        if report.total.size == 0 && report.rows.allSatisfy({ $0.size == 0 }) {
            out.append(Line(t(.reportEmpty)))
        }
        for (heading, table, legend) in tables(report, context: context) {
            out.append(Line(heading, heading: true))
            out += render(table, width: width).map { Line($0) }
            out += TextWrap.lines(legend, width: width).map { Line($0) }
            out.append(Line(""))
        }
        out += bars(report, text: t, width: width)
        out.append(Line(""))
        out += sparklines(report, text: t, width: width)
        return out
    }

    static func title(_ report: Report, text t: Localizer) -> String {
        t(.reportTitle, report.period, report.period.from.dutch, report.period.to.dutch)
    }

    static func subtitle(_ report: Report, text t: Localizer) -> String {
        var parts: [String] = []
        if report.grouping != .total { parts.append(t(.reportBy, groupingName(report.grouping, text: t))) }
        parts.append(t(.reportMinimum, report.minimum))
        return parts.joined(separator: " · ")
    }

    static func groupingName(_ grouping: ReportGrouping, text t: Localizer) -> String {
        t.label("report.group", grouping.rawValue)
    }

    /// A row's name: the group as a person reads it.
    static func name(_ row: ReportRow, grouping: ReportGrouping, text t: Localizer) -> String {
        guard let group = row.group else { return t(.reportTotal) }
        if group.isEmpty { return t(.reportNone) }
        if grouping == .source, let source = Source(rawValue: group) { return t.label(source) }
        return DisplayWidth.sanitized(group)
    }

    /// The rows a table shows: each group, then the total (only the total when not grouped).
    static func rows(_ report: Report) -> [ReportRow] {
        report.rows + [report.total]
    }

    /// The three tables, each with its heading and legend; a held-back row says "< minimum" in every cell.
    static func tables(_ report: Report, context: DeskContext) -> [(String, Table, String)] {
        let t = context.text
        let held = t(.reportHeldBack, report.minimum)
        func table(_ header: [String], _ cells: (ReportFigures) -> [String]) -> Table {
            Table(
                header: header,
                rows: rows(report).map { row in
                    let values = cells(row.figures)
                    return (
                        name(row, grouping: report.grouping, text: t),
                        row.suppressed ? values.map { _ in held } : values
                    )
                })
        }
        func lead(_ time: LeadTime) -> String {
            if time.heldBack { return held }
            guard let median = time.median else { return "–" }
            return days(median, context) + " / " + (time.p90.map { days($0, context) } ?? "–")
        }
        let intake = table(
            [
                t(.reportColRegistrations), t(.reportColDecisions), t(.reportColOverTheFence),
                t(.reportColConsultations), t(.reportColConsultRegistered), t(.reportColHeldTooLong),
            ]
        ) { f in
            [f.registrations, f.decisions, f.overTheFence, f.consultations, f.consultationsRegistered, f.heldTooLong]
                .map(String.init)
        }
        let leadTimes = table(
            [t(.reportColToTriage), t(.reportColToDecision), t(.reportColProcesregie), t(.reportColThread)]
        ) { f in
            [lead(f.toTriage), lead(f.toDecision), lead(f.procesregie), lead(f.threadsBeforeRegistration)]
        }
        let handback = table(
            [
                t(.reportColHandbacks), t(.reportColReescalations), t(.reportColInTime), t(.reportColLate),
                t(.reportColFarLate), t(.reportColZsm),
            ]
        ) { f in
            [f.handbacks, f.reescalations, f.deadlinesInTime, f.deadlinesLate, f.deadlinesFarLate].map(String.init)
                + ["\(f.zsmInTime)/\(f.zsmRequests)"]
        }
        return [
            (t(.reportSectionIntake), intake, t(.reportLegendIntake, context.settings.threadRule.weeks)),
            (t(.reportSectionLeadTimes), leadTimes, t(.reportLegendLeadTimes, 2 * report.minimum)),
            (t(.reportSectionHandback), handback, t(.reportLegendHandback)),
        ]
    }

    /// Days with one decimal, in the language's way (3,5 or 3.5).
    static func days(_ value: Double, _ context: DeskContext) -> String {
        let text = String(format: "%.1f", value)
        return context.text.language == .nl ? text.replacingOccurrences(of: ".", with: ",") : text
    }

    /// The table as lines: the names left, the figures right-aligned in columns as wide as their header.
    static func render(_ table: Table, width: Int) -> [String] {
        let widths = table.header.indices.map { column in
            max(
                DisplayWidth.of(table.header[column]),
                table.rows.map { DisplayWidth.of($0.cells[column]) }.max() ?? 0)
        }
        let figures = widths.reduce(0) { $0 + $1 + 2 }
        let longest = table.rows.map { DisplayWidth.of($0.name) }.max() ?? 0
        let nameWidth = max(8, min(longest, 24, width - figures))
        func line(_ name: String, _ cells: [String]) -> String {
            let columns = zip(cells, widths).map { "  " + DisplayWidth.padded($0, to: $1, alignRight: true) }
            let text =
                DisplayWidth.padded(DisplayWidth.truncated(name, to: nameWidth), to: nameWidth) + columns.joined()
            return DisplayWidth.truncated(text, to: width, ellipsis: false).replacingOccurrences(
                of: " +$", with: "", options: .regularExpression)
        }
        return [line("", table.header)] + table.rows.map { line($0.name, $0.cells) }
    }

    static let eighths = ["", "▏", "▎", "▍", "▌", "▋", "▊", "▉"]

    /// A horizontal bar of `value` out of `maximum` over `cells` columns, in eighths of a block.
    static func bar(_ value: Int, of maximum: Int, cells: Int) -> String {
        guard maximum > 0, value > 0, cells > 0 else { return "" }
        let units = max(1, value * cells * 8 / maximum)
        return String(repeating: "█", count: units / 8) + eighths[units % 8]
    }

    static let levels = Array("▁▂▃▄▅▆▇█")

    /// Twelve months as one character each: "·" for none, "░" for some but fewer than the
    /// report's minimum (held back), else a block as high as the month's share of the row's busiest.
    static func sparkline(_ values: [Int?]) -> String {
        let top = values.compactMap { $0 }.max() ?? 0
        return String(
            values.map { value in
                guard let value else { return Character("░") }
                guard value > 0, top > 0 else { return Character("·") }
                return levels[min(levels.count - 1, (value * levels.count - 1) / top)]
            })
    }

    static func bars(_ report: Report, text t: Localizer, width: Int) -> [Line] {
        let rows = report.grouping == .total ? [report.total] : report.rows
        let shown = rows.filter { !$0.suppressed }
        let maximum = shown.map(\.figures.registrations).max() ?? 0
        let names = rows.map { name($0, grouping: report.grouping, text: t) }
        let nameWidth = max(8, min(names.map(DisplayWidth.of).max() ?? 0, 24))
        let digits = String(maximum).count
        let cells = max(4, width - nameWidth - digits - 3)
        let heading =
            report.grouping == .total
            ? t(.reportSectionBarsTotal) : t(.reportSectionBars, groupingName(report.grouping, text: t))
        var out = [Line(heading, heading: true)]
        for (row, label) in zip(rows, names) {
            let head = DisplayWidth.padded(DisplayWidth.truncated(label, to: nameWidth), to: nameWidth) + "  "
            if row.suppressed {
                out.append(Line(head + t(.reportHeldBack, report.minimum)))
            } else {
                let value = row.figures.registrations
                out.append(Line(head + bar(value, of: maximum, cells: cells) + " \(value)"))
            }
        }
        return out
    }

    static func sparklines(_ report: Report, text t: Localizer, width: Int) -> [Line] {
        let months = report.period.trailingMonths
        let range = [months.first, months.last].compactMap { $0 }.map {
            String(format: "%02d-%04d", $0.from.month, $0.from.year)
        }
        var out = [Line(t(.reportSectionMonths, range[0], range[1]), heading: true)]
        let rows = rows(report)
        let names = rows.map { name($0, grouping: report.grouping, text: t) }
        let nameWidth = max(8, min(names.map(DisplayWidth.of).max() ?? 0, 24))
        for (row, label) in zip(rows, names) {
            let head = DisplayWidth.padded(DisplayWidth.truncated(label, to: nameWidth), to: nameWidth) + "  "
            let line = row.suppressed ? t(.reportHeldBack, report.minimum) : sparkline(row.monthly)
            out.append(Line(DisplayWidth.truncated(head + line, to: width, ellipsis: false)))
        }
        if rows.contains(where: { !$0.suppressed && $0.monthly.contains(nil) }) {
            out.append(Line(t(.reportLegendMonths, report.minimum)))
        }
        return out
    }
}
