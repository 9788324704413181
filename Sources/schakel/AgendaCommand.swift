import ArgumentParser
import CaseModel
import Desk
import Foundation

/// `schakel agenda`: the cases for the next weekly triage meeting, as Markdown or CSV.
struct AgendaCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "agenda",
        abstract: "The next triage meeting's agenda: cases registered before the cut-off, as md or csv.")

    @OptionGroup var global: GlobalOptions
    @Option(help: "md (Markdown) or csv (semicolons, UTF-8 with BOM, for spreadsheets).") var format = "md"
    @Option(help: "Write to this file (0600) instead of standard output.") var out: String?

    func run() throws {
        try reporting {
            guard ["md", "csv"].contains(format) else {
                throw Failure(tr(.cliChoice, "format", alternatives(["md", "csv"]), format))
            }
            let invocation = try Invocation(global)
            let store = try invocation.openStore(readOnly: true)
            defer { store.close() }
            let context = invocation.context
            let agenda = context.agenda(store.book.cases.values)
            try invocation.log(
                store, .agenda, cases: agenda.cases.map(\.id.description), what: format, count: agenda.cases.count)
            let text =
                format == "md"
                ? AgendaExport.markdown(agenda, context: context) : AgendaExport.csv(agenda, context: context)
            guard let out else {
                FileHandle.standardOutput.write(Data(text.utf8))
                return
            }
            let path = try writePrivateFile(text, to: out)
            say(tr(.cliAgendaWritten, agenda.cases.count, agenda.meeting, path))
        }
    }
}
