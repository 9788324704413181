import ArgumentParser
import CaseStore
import Desk
import Foundation
import CaseModel
import NcursesTerminal

/// `schakel`: opens the desk.
struct OpenDesk: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "desk", abstract: "Open the desk (the default).")

    @OptionGroup var global: GlobalOptions

    @Flag(name: .long, help: "Open without the write lock, to look while another desk works on the store.")
    var readOnly = false

    func run() throws {
        try reporting {
            let workplace = try Workplace(global)
            try Self.open(workplace, readOnly: readOnly)
        }
    }

    static func open(_ workplace: Workplace, readOnly: Bool) throws {
        guard isatty(STDIN_FILENO) == 1, isatty(STDOUT_FILENO) == 1 else {
            throw Failure("the desk needs a terminal; in scripts use 'schakel case list' and the other subcommands")
        }
        try MainActor.assumeIsolated {
            let store = try workplace.openStore(readOnly: readOnly, reportNotices: false)
            defer { store.close() }
            let terminal: NcursesTerminal
            do {
                terminal = try NcursesTerminal(noColor: workplace.context.noColor)
            } catch {
                throw Failure("\(error)")
            }
            defer { terminal.close() }
            // The desk refreshes the last good copy of the store's instrument when it reads well.
            var context = workplace.context
            if !readOnly && workplace.instrumentFile == nil {
                let kept = Instrument.loadKeepingLastGood(storeDirectory: workplace.storePath, writable: true)
                context.instrument = kept.instrument
                context.instrumentProblem = kept.problem?.description
            }
            let app = DeskApp(store: store, terminal: terminal, context: context)
            app.run(interrupted: { NcursesTerminal.interrupted })
        }
    }
}
