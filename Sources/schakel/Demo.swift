import ArgumentParser
import CaseStore
import Desk
import Foundation

/// `schakel demo`: fills an empty store with a fictional Frisian region.
struct Demo: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Fill an empty store with a fictional demo region (refuses a store that holds cases).")

    @OptionGroup var global: GlobalOptions

    @Option(help: "How many cases.")
    var cases = 60

    @Option(help: "Seed: the same seed gives the same demo.")
    var seed: UInt64 = 2026

    @Option(
        help:
            "Spread the cases over this many years before this one: the last eight weeks' are the queue, the rest closed history (for measuring at a region's scale)."
    )
    var years = 0

    @Option(help: "Contacts in the partner directory (at least the demo's own).")
    var contacts = 0

    @Option(help: "Consultations (at least the demo's own), over the last two years.")
    var consultations = 0

    @Flag(help: "Open the desk on the demo store afterwards.")
    var open = false

    @OptionGroup var desk: DeskOptions

    func run() throws {
        try reporting {
            guard (1...200_000).contains(cases) else { throw Failure(tr(.cliCasesRange, cases)) }
            for (name, value, limit) in [
                ("years", years, 50), ("contacts", contacts, 20_000), ("consultations", consultations, 200_000),
            ]
            where !(0...limit).contains(value) {
                throw Failure(tr(.cliDemoScaleRange, name, value, limit))
            }
            let invocation = try Invocation(global)
            do {
                let store = try invocation.openStore(readOnly: false)
                defer { store.close() }
                guard store.book.cases.isEmpty else {
                    throw Failure(tr(.cliDemoNotEmpty, invocation.storeName, store.book.cases.count))
                }
                var builder = try DemoBuilder(seed: seed, context: invocation.context)
                let commits = builder.commits(
                    cases: cases, scale: DemoScale(years: years, contacts: contacts, consultations: consultations))
                do throws(StoreError) {
                    try store.importAll(StoreExport(exportedAt: Date(), commits: commits), from: "demo", what: "demo")
                } catch {
                    throw Failure(storeMessage(error))
                }
                say(tr(.cliDemoDone, cases, invocation.storeName))
            }
            if open { try OpenDesk.open(invocation, readOnly: false, mouse: desk.mouse) }
        }
    }
}
