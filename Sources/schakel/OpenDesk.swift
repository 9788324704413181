import ArgumentParser
import CaseStore
import Desk
import Foundation
import NcursesTerminal

/// `schakel`: opens the desk.
struct OpenDesk: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "desk", abstract: "Open the desk (the default).")

    @OptionGroup var global: GlobalOptions

    @Flag(name: .long, help: "Open to look only: nothing can be changed from this desk.")
    var readOnly = false

    func run() throws {
        try reporting {
            let workplace = try Workplace(global, refreshesInstrumentCopy: !readOnly)
            try Self.open(workplace, readOnly: readOnly)
        }
    }

    static func open(_ workplace: Workplace, readOnly: Bool) throws {
        guard isatty(STDIN_FILENO) == 1, isatty(STDOUT_FILENO) == 1 else {
            throw Failure("the desk needs a terminal; in scripts use 'schakel case list' and the other subcommands")
        }
        try MainActor.assumeIsolated {
            let store = try workplace.openStore(readOnly: readOnly, reportNotices: false, announce: true)
            defer { store.close() }
            let terminal: NcursesTerminal
            do {
                terminal = try NcursesTerminal(noColor: workplace.context.noColor)
            } catch {
                throw Failure("\(error)")
            }
            defer { terminal.close() }
            let app = DeskApp(store: store, terminal: terminal, context: workplace.context)
            app.run(interrupted: { NcursesTerminal.interrupted })
        }
    }
}
