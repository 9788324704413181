import ArgumentParser
import CaseModel
import CaseStore
import Desk
import Foundation

/// `schakel report`: a period's figures per gemeente, wijkteam, source or advisor, for the
/// municipality and the team lead. No personal data; small groups held back.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract:
            "A period's figures (registrations, triage outcomes, consultations, handbacks, lead times, deadlines).",
        discussion: """
            Counts and durations only, no personal data. A group counting fewer cases and consultations \\
            than the store's reportMinimumGroup (settings.json, default 5) is shown as "< 5", and so is \\
            the next smallest while the held-back groups together would still be under it; a lead time \\
            over fewer cases shows no median. Every report is noted in the access log.
            """)

    @OptionGroup var global: GlobalOptions
    @Option(help: "2026-Q3, 2026-09, 2026, or 2026-07-01..2026-09-30 (default: this quarter).") var period: String?
    @Option(help: "From this day (DD-MM-YYYY or YYYY-MM-DD), with --to, instead of --period.") var from: String?
    @Option(help: "Up to this day, inclusive.") var to: String?
    @Option(help: "Rows per gemeente, wijkteam, bron (source) or adviseur (advisor); default: the total only.")
    var by: String?
    @Option(help: "text, csv (semicolons, UTF-8 with BOM, for Dutch spreadsheets), md or json.") var format = "text"
    @Option(help: "Hold back groups smaller than this (at least the store's reportMinimumGroup).") var minimum: Int?
    @Option(help: "Write to this file (0600) instead of standard output.") var out: String?

    func run() throws {
        try reporting {
            let invocation = try Invocation(global)
            let context = invocation.context
            guard let format = ReportExport.Format(rawValue: format) else {
                throw Failure(
                    tr(.cliChoice, "format", alternatives(ReportExport.Format.allCases.map(\.rawValue)), format))
            }
            let chosen = try chosenPeriod(context)
            let grouping = try parsed("by", context) { () throws(CaseModel.ValidationError) in
                try ReportGrouping(parsing: by ?? "")
            }
            let floor = context.settings.reportMinimumGroup
            if let minimum, minimum < floor { throw Failure(tr(.cliReportMinimumLower, minimum, floor)) }
            let store = try invocation.openStore(readOnly: true)
            defer { store.close() }
            let report = Report(
                cases: store.book.cases.values, consultations: store.consultations, period: chosen, grouping: grouping,
                minimum: minimum ?? floor, now: context.clock.now, timeZone: context.timeZone,
                threadRule: context.settings.threadRule)
            // The report is an access to the store's data, logged before it is shown (its figures, not who).
            try invocation.log(
                store, .report, what: "report \(chosen) \(grouping.rawValue) \(format.rawValue)",
                count: report.total.size)
            let text = try ReportExport.document(report, format: format, context: context)
            guard let out else {
                FileHandle.standardOutput.write(Data(text.utf8))
                return
            }
            let path = try writePrivateFile(text, to: out)
            say(tr(.cliReportWritten, chosen, format.rawValue, path))
        }
    }

    /// `--period`, or `--from`/`--to`, or this quarter.
    func chosenPeriod(_ context: DeskContext) throws -> ReportPeriod {
        if from != nil || to != nil {
            guard period == nil else { throw Failure(tr(.cliReportPeriodTwice)) }
            func day(_ option: String, _ text: String?) throws -> CalendarDate {
                guard let text, let day = CalendarDate(dutch: text) ?? CalendarDate(iso: text) else {
                    throw Failure(
                        "--\(option): "
                            + context.text.message(
                                for: CaseModel.ValidationError(.dateFormat, field: option, value: text ?? "")))
                }
                return day
            }
            let first = try day("from", from)
            let last = try day("to", to)
            return try parsed("to", context) { () throws(CaseModel.ValidationError) in
                try ReportPeriod.range(from: first, to: last)
            }
        }
        guard let period else { return .containing(context.today, span: .quarter) }
        return try parsed("period", context) { () throws(CaseModel.ValidationError) in
            try ReportPeriod(parsing: period)
        }
    }
}
