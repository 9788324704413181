import CaseModel
import Foundation
import Screen

/// A report as a file for other tools: text (the pane's layout), Markdown, CSV for Dutch
/// spreadsheets, or JSON. Counts and durations only; a held-back row or lead time says "< minimum"
/// (JSON: `"suppressed": true` and no figures).
public enum ReportExport {
    public enum Format: String, CaseIterable, Sendable {
        case text, csv, md, json
    }

    public static func document(_ report: Report, format: Format, context: DeskContext) throws -> String {
        switch format {
        case .text: return ReportLayout.lines(report, context: context).map(\.text).joined(separator: "\n") + "\n"
        case .md: return markdown(report, context: context)
        case .csv: return csv(report, context: context)
        case .json: return try json(report, context: context)
        }
    }

    /// Title, the three tables and their legends.
    public static func markdown(_ report: Report, context: DeskContext) -> String {
        let t = context.text
        func cell(_ text: String) -> String { AgendaExport.escapedMarkdown(DisplayWidth.sanitized(text)) }
        var lines = [
            "# " + cell(ReportLayout.title(report, text: t)), "", cell(ReportLayout.subtitle(report, text: t)), "",
        ]
        for (heading, table, legend) in ReportLayout.tables(report, context: context) {
            lines += ["## " + cell(heading), ""]
            let header = [ReportLayout.groupingName(report.grouping, text: t)] + table.header
            lines.append("| " + header.map(cell).joined(separator: " | ") + " |")
            lines.append("| --- |" + String(repeating: " ---: |", count: table.header.count))
            for row in table.rows {
                lines.append("| " + ([row.name] + row.cells).map(cell).joined(separator: " | ") + " |")
            }
            lines += ["", cell(legend), ""]
        }
        return lines.joined(separator: "\n")
    }

    /// One line per group and one for the total, every figure in a column of its own; numbers as
    /// Dutch spreadsheets read them (a decimal comma), UTF-8 with a byte-order mark, semicolons.
    public static func csv(_ report: Report, context: DeskContext) -> String {
        let t = context.text
        let held = t(.reportHeldBack, report.minimum)
        func number(_ value: Double?) -> String {
            value.map { String(format: "%.1f", $0).replacingOccurrences(of: ".", with: ",") } ?? ""
        }
        func lead(_ time: LeadTime) -> [String] {
            time.heldBack
                ? [String(time.count), held, held] : [String(time.count), number(time.median), number(time.p90)]
        }
        let leadNames = [
            t(.reportColToTriage), t(.reportColToDecision), t(.reportColProcesregie), t(.reportColThread),
        ]
        var header = [
            ReportLayout.groupingName(report.grouping, text: t), t(.reportColRegistrations), t(.reportColDecisions),
        ]
        header += TriageOutcome.allCases.map { t.label($0) }
        header += [
            t(.reportColConsultations), t(.reportColConsultRegistered), t(.reportColHeldTooLong),
            t(.reportColHandbacks), t(.reportColReescalations), t(.reportColInTime), t(.reportColLate),
            t(.reportColFarLate), "ZSM", t(.reportColZsm),
        ]
        for name in leadNames { header += [name + " n", name + " " + t(.reportMedian), name + " p90"] }
        var rows = [header]
        for row in ReportLayout.rows(report) {
            let f = row.figures
            var cells = [f.registrations, f.decisions].map(String.init)
            cells += TriageOutcome.allCases.map { String(f.outcomes[$0] ?? 0) }
            cells += [
                f.consultations, f.consultationsRegistered, f.heldTooLong, f.handbacks, f.reescalations,
                f.deadlinesInTime, f.deadlinesLate, f.deadlinesFarLate, f.zsmRequests, f.zsmInTime,
            ].map(String.init)
            for time in [f.toTriage, f.toDecision, f.procesregie, f.threadsBeforeRegistration] { cells += lead(time) }
            let name = ReportLayout.name(row, grouping: report.grouping, text: t)
            rows.append([name] + (row.suppressed ? cells.map { _ in held } : cells))
        }
        return CSV.document(rows.map { $0.map { DisplayWidth.sanitized($0) } })
    }

    /// The report as data: a held-back row has no figures, a held-back lead time no median.
    public static func json(_ report: Report, context: DeskContext) throws -> String {
        struct Lead: Encodable {
            var count: Int
            var medianDays: Double?
            var p90Days: Double?
            var heldBack: Bool
        }
        struct Figures: Encodable {
            var registrations, decisions, overTheFence, consultations, consultationsRegistered, heldTooLong: Int
            var outcomes: [String: Int]
            var handbacks, reescalations: Int
            var deadlines: [String: Int]
            var zsm: [String: Int]
            var leadTimes: [String: Lead]
        }
        struct Row: Encodable {
            var group: String?
            var suppressed: Bool
            var figures: Figures?
            var monthly: [Int?]?
        }
        struct Document: Encodable {
            var period, from, to, grouping: String
            var minimum: Int
            var months: [String]
            var rows: [Row]
            var total: Row
        }
        func lead(_ l: LeadTime) -> Lead {
            Lead(count: l.count, medianDays: l.median, p90Days: l.p90, heldBack: l.heldBack)
        }
        func row(_ r: ReportRow) -> Row {
            guard !r.suppressed else { return Row(group: r.group, suppressed: true) }
            let f = r.figures
            return Row(
                group: r.group, suppressed: false,
                figures: Figures(
                    registrations: f.registrations, decisions: f.decisions, overTheFence: f.overTheFence,
                    consultations: f.consultations, consultationsRegistered: f.consultationsRegistered,
                    heldTooLong: f.heldTooLong,
                    outcomes: Dictionary(
                        uniqueKeysWithValues: TriageOutcome.allCases.map { ($0.rawValue, f.outcomes[$0] ?? 0) }),
                    handbacks: f.handbacks, reescalations: f.reescalations,
                    deadlines: [
                        "inTime": f.deadlinesInTime, "late": f.deadlinesLate,
                        "moreThanThreeTimesLate": f.deadlinesFarLate,
                    ],
                    zsm: ["requests": f.zsmRequests, "answeredInTime": f.zsmInTime],
                    leadTimes: [
                        "registrationToTriage": lead(f.toTriage), "triageToDecision": lead(f.toDecision),
                        "procesregie": lead(f.procesregie),
                        "consultationThreadToRegistration": lead(f.threadsBeforeRegistration),
                    ]),
                monthly: r.monthly)
        }
        let document = Document(
            period: report.period.description, from: report.period.from.description, to: report.period.to.description,
            grouping: report.grouping.rawValue, minimum: report.minimum,
            months: report.period.trailingMonths.map { String($0.description) }, rows: report.rows.map(row),
            total: row(report.total))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(document), as: UTF8.self) + "\n"
    }
}
