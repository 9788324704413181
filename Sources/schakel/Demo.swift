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

    @Flag(help: "Open the desk on the demo store afterwards.")
    var open = false

    @OptionGroup var desk: DeskOptions

    func run() throws {
        try reporting {
            guard (1...200_000).contains(cases) else { throw Failure(tr(.cliCasesRange, cases)) }
            let invocation = try Invocation(global)
            do {
                let store = try invocation.openStore(readOnly: false)
                defer { store.close() }
                guard store.book.cases.isEmpty else {
                    throw Failure(tr(.cliDemoNotEmpty, invocation.storeName, store.book.cases.count))
                }
                var builder = try DemoBuilder(seed: seed, context: invocation.context)
                let commits = builder.commits(cases: cases)
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
