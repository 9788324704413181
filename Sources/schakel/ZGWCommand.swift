import ArgumentParser
import CaseModel
import CaseStore
import Desk
import Foundation
import Screen

/// `schakel zgw`: cases as a JSON bundle shaped like the ZGW APIs' Zaak, Status, Rol, Resultaat
/// and Besluit (aligned with, not compliant to, them: docs/ZGW.md).
struct ZGWCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "zgw",
        abstract: "Cases as a JSON bundle shaped like the ZGW APIs (Zaak, Status, Rol, Resultaat, Besluit).",
        discussion: """
            Aligned with, not compliant to, the ZGW APIs (Zaken API, Besluiten API): the types are \\
            Schakel URNs, not Catalogi API resources; docs/ZGW.md has the mapping. The bundle holds \\
            personal data (names, BSNs, addresses): it is written 0600, and the export is logged.
            """)

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The case numbers, e.g. 2026-0042.") var ids: [String] = []
    @Option(help: "The open cases whose name, number, BSN, gemeente, wijkteam or reason contains this.") var filter:
        String?
    @Flag(help: "With --filter: the closed cases instead of the open ones.") var closed = false
    @Flag(help: "Every case, open and closed.") var all = false
    @Option(help: "The organisation's RSIN for bronorganisatie (default: the ZVH's name from region.json).")
    var rsin: String?
    @Option(help: "Write to this file (0600) instead of standard output.") var out: String?

    func run() throws {
        try reporting {
            let invocation = try Invocation(global)
            let context = invocation.context
            guard [!ids.isEmpty, filter != nil, all].filter({ $0 }).count == 1 else {
                throw Failure(tr(.cliZgwSelection))
            }
            if let rsin, !BSN.passesElevenTest(rsin) { throw Failure(tr(.cliBadRsin, rsin)) }
            let named = try ids.map { text in
                try parsed(nil, context) { () throws(CaseModel.ValidationError) in try CaseID(text) }
            }
            let store = try invocation.openStore(
                readOnly: true, scope: named.isEmpty ? .everything : .cases(Set(named)))
            defer { store.close() }
            var chosen: [Case] = []
            if !named.isEmpty {
                for id in named {
                    guard let found = store.book[id] else { throw Failure(tr(.cliNoCase, id, invocation.storeName)) }
                    if !chosen.contains(where: { $0.id == id }) { chosen.append(found) }
                }
            } else if let filter {
                chosen = CaseReport.queue(
                    Array(store.book.cases.values), filter: filter, closed: closed, context: context
                ).map(\.0)
                guard !chosen.isEmpty else { throw Failure(tr(.cliZgwNoMatch)) }
            } else {
                chosen = Array(store.book.cases.values)
            }
            var cases: [(Case, [Case.TimelineEntry])] = []
            for c in chosen {
                do throws(StoreError) { cases.append((c, try store.timeline(of: c.id))) } catch {
                    throw Failure(storeMessage(error))
                }
            }
            let bundle = ZGWBundle.bundle(
                cases, organisation: rsin ?? context.region.zvhName, identity: store.log.identity, context: context)
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            let data: Data
            do { data = try encoder.encode(bundle) } catch { throw Failure(tr(.cliCannotWrite, out ?? "-")) }
            try invocation.log(
                store, .export, cases: cases.map(\.0.id.description).sorted(), what: "zgw", count: cases.count)
            // What a terminal would act on is escaped; a JSON reader reads the same text.
            let text = DisplayWidth.jsonSafe(String(decoding: data, as: UTF8.self)) + "\n"
            guard let out else {
                FileHandle.standardOutput.write(Data(text.utf8))
                return
            }
            let path = try writePrivateFile(text, to: out)
            say(tr(.cliZgwWritten, cases.count, path))
        }
    }
}
