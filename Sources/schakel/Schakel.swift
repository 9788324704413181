import ArgumentParser
import Foundation
import Screen

/// `schakel`: the advisor's desk of a Zorg- en Veiligheidshuis, and its scriptable command line.
@main
struct Schakel: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "schakel",
        abstract:
            "Desk for the advisors of a Zorg- en Veiligheidshuis: case queue, registrations, local crash-safe store.",
        discussion: """
            Without a subcommand, schakel opens the desk. The store is --store DIR, else $SCHAKEL_STORE,
            else $XDG_DATA_HOME/schakel (~/.local/share/schakel).
            """,
        version: Schakel.version,
        subcommands: [
            OpenDesk.self, Demo.self, CaseCommand.self, Export.self, Import.self, Check.self, InstrumentCommand.self,
            Triage.self, Decide.self, Review.self, Handback.self, HandbackCheck.self, Note.self, TaskCommand.self,
            Assign.self, PersonCommand.self, Known.self, ZSMCommand.self, AgendaCommand.self, ReportCommand.self,
            CalendarCommand.self, ZGWCommand.self, PartnerCommand.self, ConsultCommand.self, StoreCommand.self,
            AuditCommand.self, Ground.self, Share.self, Purge.self, Repair.self,
        ],
        defaultSubcommand: OpenDesk.self
    )

    /// The options every subcommand takes, with a value.
    static let globalOptions: Set<String> = ["--store", "--lang", "--advisor", "--instrument"]

    /// `schakel --store X case list` as `schakel case list --store X`: global options given before
    /// the subcommand are moved after it, where ArgumentParser reads them.
    static func globalOptionsAfterSubcommand(_ arguments: [String]) -> [String] {
        var leading: [String] = []
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            let name = argument.split(separator: "=", maxSplits: 1).first.map(String.init) ?? argument
            guard globalOptions.contains(name) else { break }
            leading.append(argument)
            if !argument.contains("="), index + 1 < arguments.count {
                leading.append(arguments[index + 1])
                index += 1
            }
            index += 1
        }
        guard !leading.isEmpty else { return arguments }
        // The subcommand's words (`case list`) come first, then the moved options, then the rest.
        var rest = Array(arguments[index...])
        var words: [String] = []
        while let first = rest.first, !first.hasPrefix("-"), words.count < 2, Self.isSubcommandWord(first, after: words)
        {
            words.append(rest.removeFirst())
        }
        return words + leading + rest
    }

    /// Whether `word` names a subcommand at this depth (`case`, then `list`).
    private static func isSubcommandWord(_ word: String, after path: [String]) -> Bool {
        var command: ParsableCommand.Type = Schakel.self
        for name in path {
            guard let next = command.configuration.subcommands.first(where: { $0._commandName == name }) else {
                return false
            }
            command = next
        }
        return command.configuration.subcommands.contains { $0._commandName == word }
    }

    /// This build's version (`schakel --version`).
    static let version = "0.11.0"

    /// Parses and runs like ArgumentParser's own `main`, but every message it prints passes the
    /// same sanitiser as the rest of the program: an argument full of escape sequences is shown,
    /// never obeyed.
    static func main() {
        do {
            var command = try parseAsRoot(globalOptionsAfterSubcommand(Array(CommandLine.arguments.dropFirst())))
            try command.run()
        } catch {
            let code = exitCode(for: error)
            let message =
                code == .success ? fullMessage(for: error) : Messages.translatedParserMessage(fullMessage(for: error))
            if !message.isEmpty {
                let text = message.split(separator: "\n", omittingEmptySubsequences: false)
                    .map { DisplayWidth.sanitized(String($0)) }.joined(separator: "\n")
                let stream = code == .success ? FileHandle.standardOutput : FileHandle.standardError
                stream.write(Data((text + "\n").utf8))
            }
            // Every error exits 1, a mistake in the arguments too (ArgumentParser would say 64).
            Foundation.exit(code == .success ? 0 : 1)
        }
    }
}
