import ArgumentParser

/// `schakel`: the advisor's desk of a Zorg- en Veiligheidshuis, and its scriptable command line.
@main
struct Schakel: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "schakel",
        abstract: "Desk for the advisors of a Zorg- en Veiligheidshuis: case queue, registrations, local crash-safe store.",
        discussion: """
        Without a subcommand, schakel opens the desk. The store is --store DIR, else $SCHAKEL_STORE,
        else $XDG_DATA_HOME/schakel (~/.local/share/schakel).
        """,
        subcommands: [OpenDesk.self, Demo.self, CaseCommand.self, Export.self, Import.self, Check.self, InstrumentCommand.self, Triage.self, Decide.self, Review.self, Handback.self, HandbackCheck.self, ZSMCommand.self, AgendaCommand.self],
        defaultSubcommand: OpenDesk.self
    )
}
