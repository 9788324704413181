import ArgumentParser
import CaseStore
import Desk
import Foundation

/// `schakel repair --to NEW`: a new store with everything of a damaged one that is intact.
struct Repair: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write a new store with every intact change of a damaged one, and say what was lost.",
        discussion: """
            Only when asked, never by itself. The damaged store (--store) is only read and stays \
            where it is, untouched. Every change whose row can be read, whose content opens and \
            decodes, and whose link in the chain holds goes into the new store at its own place, \
            when it still applies; a lost change's place holds an empty change by 'schakel repair', \
            so the later ones keep their numbers. The access log goes along up to its first broken \
            entry. For a team store, make the new one first with 'schakel store init --group G NEW'.
            """)

    @OptionGroup var global: GlobalOptions
    @Option(help: "The new, empty store: a directory or postgres://user@host:port/database.") var to: String
    @Flag(help: "Only say what would be kept and lost; write nothing.") var dryRun = false

    func run() throws {
        try reporting {
            let invocation = try Invocation(global)
            let target = PostgresLocation.isPostgres(to) ? to : (to as NSString).expandingTildeInPath
            let report: RepairReport
            do throws(StoreError) {
                report = try CaseStore.repair(
                    from: invocation.storePath, to: target, unlock: invocation.unlock, dryRun: dryRun)
            } catch {
                throw Failure(storeMessage(error))
            }
            say(tr(.cliRepairHeader, report.from, report.to))
            say(tr(.cliRepairCounts, report.places, report.kept, report.lost.count))
            if report.unverified > 0 { say(tr(.cliRepairUnverified, report.unverified)) }
            if !report.strays.isEmpty {
                say(
                    tr(
                        .cliRepairStrays, report.strays.count,
                        report.strays.prefix(5).map(String.init).joined(separator: ", ")))
            }
            for lost in report.lost {
                let when =
                    lost.at.map {
                        invocation.context.text.moment($0, in: invocation.context.timeZone)
                            + (lost.actor.map { ", " + $0 } ?? "")
                    }
                    ?? tr(.cliRepairUnknownWhen)
                let about = lost.cases.isEmpty ? "" : tr(.cliRepairLostCases, lost.cases.joined(separator: ", "))
                say(tr(.cliRepairLostLine, lost.sequence, when, Self.text(lost.loss) + about))
            }
            if !report.lost.isEmpty { say(tr(.cliRepairPlaceholders)) }
            say(
                report.casesAffected.isEmpty
                    ? tr(.cliRepairCasesNone, report.cases)
                    : tr(.cliRepairCases, report.cases, report.casesAffected.joined(separator: ", ")))
            if !report.reserved.isEmpty { say(tr(.cliRepairReserved, report.reserved.joined(separator: ", "))) }
            if let unreadable = report.accessUnreadable {
                say(tr(.cliRepairAccessUnreadable, unreadable))
            } else {
                say(tr(.cliRepairAccess, report.accessKept, report.accessLost))
            }
            if report.isLossless { say(tr(.cliRepairLossless)) }
            say(dryRun ? tr(.cliRepairDryRun) : tr(.cliRepairUntouched, report.from, report.to))
        }
    }

    private static func text(_ loss: RepairReport.Loss) -> String {
        switch loss {
        case .unreadable(let error):
            // A commit's own damage in words of this language; what the database said, as it said it.
            guard case .corruptCommit(_, _, let reason) = error else {
                return tr(.cliRepairLossUnreadable, storeMessage(error))
            }
            return tr(.cliRepairLossUnreadable, Messages.text?.commitDamage(reason) ?? reason)
        case .missing: return tr(.cliRepairLossMissing)
        case .changed: return tr(.cliRepairLossChanged)
        case .unlinked: return tr(.cliRepairLossUnlinked)
        case .contradicts(let why): return tr(.cliRepairLossContradicts, Messages.text?.message(why) ?? why.description)
        }
    }
}
