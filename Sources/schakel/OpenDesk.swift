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

    @OptionGroup var desk: DeskOptions

    func run() throws {
        try reporting {
            let invocation = try Invocation(global, refreshesInstrumentCopy: !readOnly)
            try Self.open(invocation, readOnly: readOnly, mouse: desk.mouse)
        }
    }

    static func open(_ invocation: Invocation, readOnly: Bool, mouse: Bool) throws {
        guard isatty(STDIN_FILENO) == 1, isatty(STDOUT_FILENO) == 1 else {
            throw Failure(tr(.cliNeedsTerminal))
        }
        try MainActor.assumeIsolated {
            // The queue first: the closed history is read on another thread while the desk answers.
            let store = try invocation.openStore(
                readOnly: readOnly, scope: .openFirst, reportNotices: false, announce: true, readOnlyOnDamage: true)
            defer { store.close() }
            let terminal: NcursesTerminal
            do {
                terminal = try NcursesTerminal(noColor: invocation.context.noColor, mouse: mouse)
            } catch let error as NcursesTerminal.Failure {
                switch error {
                case .cannotStart(let term): throw Failure(tr(.cliCannotStartTerminal, term.isEmpty ? "?" : term))
                case .cannotDraw(let term): throw Failure(tr(.cliCannotDraw, term))
                }
            }
            defer { terminal.close() }
            let app = DeskApp(store: store, terminal: terminal, context: invocation.context)
            app.run(
                interrupted: { NcursesTerminal.interrupted }, interruptRequested: { NcursesTerminal.takeInterrupt() })
        }
    }
}

/// How the desk uses the terminal (for `schakel` and `schakel demo --open`).
struct DeskOptions: ParsableArguments {
    @Flag(
        name: .long,
        help: "Leave the mouse to the terminal, so text can be selected as usual (or set SCHAKEL_MOUSE=off).")
    var noMouse = false

    /// Clicks and the wheel, unless `--no-mouse` or `SCHAKEL_MOUSE=off` (a person's own setting, for
    /// their shell's profile: the mouse is a matter of the terminal, not of the store).
    var mouse: Bool {
        let setting = (ProcessInfo.processInfo.environment["SCHAKEL_MOUSE"] ?? "").lowercased()
        return !noMouse && !["off", "0", "no", "nee", "false", "uit"].contains(setting)
    }
}
