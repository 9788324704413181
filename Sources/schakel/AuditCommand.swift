import ArgumentParser
import CaseModel
import CaseStore
import Desk
import Foundation

/// `schakel audit`: the access log for the FG, selected by case, advisor and period.
struct AuditCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "Who viewed, searched, changed or exported what, when and from where (the access log).",
        discussion: """
            Every view of a case's file, list, search, change, export, agenda and failed unlock is in the \\
            log, chained so that 'schakel check' finds an entry changed, removed or moved. A search is \\
            logged by its shape (how many words, what they look like), never by its words.
            """)

    @OptionGroup var global: GlobalOptions
    @Option(name: .customLong("case"), help: "Only entries about this case (e.g. 2026-0042).") var caseID: String?
    @Option(name: .customLong("by"), help: "Only entries of this advisor (--advisor says who you are).") var advisor:
        String?
    @Option(help: "From this day (DD-MM-YYYY), inclusive.") var from: String?
    @Option(help: "Up to this day (DD-MM-YYYY), inclusive.") var to: String?
    @Option(help: "Format: text or csv (for Dutch spreadsheets).") var format = "text"

    func run() throws {
        try reporting {
            let invocation = try Invocation(global)
            let context = invocation.context
            guard ["text", "csv"].contains(format) else { throw Failure(tr(.auditBadFormat, format)) }
            let id = try caseID.map { text in
                try parsed("case", context) { () throws(CaseModel.ValidationError) in try CaseID(text) }.description
            }
            func day(_ option: String, _ text: String?) throws -> CalendarDate? {
                guard let text else { return nil }
                guard let day = CalendarDate(dutch: text) ?? CalendarDate(iso: text) else {
                    throw Failure(
                        "--\(option): "
                            + context.text.message(for: CaseModel.ValidationError(.dateFormat, field: option)))
                }
                return day
            }
            let selection = AccessReport.Selection(
                caseID: id, advisor: advisor, from: try day("from", from), to: try day("to", to))
            let store = try invocation.openStore(readOnly: true, scope: .cases([]))
            defer { store.close() }
            // Reading the log is itself an access, logged before anything is shown; writing it also
            // takes in the failed unlocks still waiting, so they are in what is read.
            try invocation.log(store, .report, cases: id.map { [$0] } ?? [], what: "audit")
            let entries: [AccessEntry]
            do throws(StoreError) { entries = try store.access?.entries() ?? [] } catch {
                throw Failure(storeMessage(error))
            }
            let chosen = entries.filter { selection.holds($0, timeZone: context.timeZone) }
            if format == "csv" {
                FileHandle.standardOutput.write(Data(AccessReport.csv(chosen, context: context).utf8))
                return
            }
            guard !chosen.isEmpty else {
                say(tr(.auditNone))
                return
            }
            AccessReport.table(chosen, context: context).forEach(say)
        }
    }
}
