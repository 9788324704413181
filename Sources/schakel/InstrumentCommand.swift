import ArgumentParser
import CaseModel
import CaseStore
import Desk
import Foundation

/// `schakel instrument`: shows the triage instrument in force, or says what is wrong with a file.
struct InstrumentCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "instrument",
        abstract: "Check and show the triage instrument (AVE phases, criteria, outcomes, cadence).",
        discussion:
            "Without --instrument: the store's instrument.txt if there is one, else the bundled Fryslân default.")

    @OptionGroup var global: GlobalOptions

    func run() throws {
        try reporting {
            let given = Invocation.storePath(global.store, ProcessInfo.processInfo.environment)
            let storePath: String? = PostgresLocation.isPostgres(given) ? nil : given
            let loaded: (instrument: Instrument, source: String)
            do throws(InstrumentError) {
                loaded = try Instrument.load(
                    file: global.instrument.map { ($0 as NSString).expandingTildeInPath }, storeDirectory: storePath)
            } catch {
                throw Failure(error.description)
            }
            let i = loaded.instrument
            say("\(i.name)  (\(loaded.source))")
            for phase in i.phases {
                say("\(phase.name) [\(phase.colour)]: \(phase.situation)")
                for r in Responsibility.allCases { say("    \(r.rawValue): \(phase.holders[r] ?? "")") }
            }
            say(tr(.cliInstrumentCriteria, i.rule))
            for c in i.criteria { say("  \(c.number). \(c.text)") }
            say(tr(.cliInstrumentIndicators, i.indicators.map(\.code).joined(separator: ", ")))
            say(tr(.cliInstrumentTriggers, i.triggers.map(\.code).joined(separator: ", ")))
            say(tr(.cliInstrumentZrm, i.zrmDomains.count, i.zrmValidDays))
            for o in i.outcomes { say(tr(.cliInstrumentOutcome, o.kind.rawValue, o.phase.rawValue, o.name)) }
            let c = i.cadence
            say(
                tr(
                    .cliInstrumentCadence, c.triageWeekday, c.cutoffWeekday,
                    String(format: "%02d:%02d", c.cutoffMinutes / 60, c.cutoffMinutes % 60),
                    c.contactReferrerWorkingDays, c.reviewWeeks, c.checkMonths, c.zsmAnswerHours, c.zsmHardLimitHours))
        }
    }
}
