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
            let invocation = try Invocation(global, refreshesInstrumentCopy: !readOnly)
            try Self.open(invocation, readOnly: readOnly)
        }
    }

    static func open(_ invocation: Invocation, readOnly: Bool) throws {
        guard isatty(STDIN_FILENO) == 1, isatty(STDOUT_FILENO) == 1 else {
            throw Failure(tr(.cliNeedsTerminal))
        }
        try MainActor.assumeIsolated {
            let store = try invocation.openStore(readOnly: readOnly, reportNotices: false, announce: true)
            defer { store.close() }
            let terminal: NcursesTerminal
            do {
                terminal = try NcursesTerminal(noColor: invocation.context.noColor)
            } catch let error as NcursesTerminal.Failure {
                switch error {
                case .cannotStart(let term): throw Failure(tr(.cliCannotStartTerminal, term.isEmpty ? "?" : term))
                case .cannotDraw(let term): throw Failure(tr(.cliCannotDraw, term))
                }
            }
            defer { terminal.close() }
            let app = DeskApp(store: store, terminal: terminal, context: invocation.context)
            app.run(interrupted: { NcursesTerminal.interrupted }, interruptRequested: { NcursesTerminal.takeInterrupt() })
        }
    }
}
