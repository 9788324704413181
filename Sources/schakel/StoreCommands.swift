import ArgumentParser
import CaseStore
import Desk
import Foundation
import Screen

/// `schakel export`: everything in the store, lossless.
struct Export: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write the whole store as JSON (lossless; 'schakel import' reads it back).")

    @OptionGroup var global: GlobalOptions
    @Option(help: "Format: json.") var format = "json"
    @Option(help: "Write to this file (private, 0600) instead of standard output.") var out: String?
    @Flag(
        help: ArgumentHelp(
            "Seal the export with a passphrase (asked twice; scrypt and AES-256-GCM).",
            discussion: "Scripts name a file holding it (0600) with SCHAKEL_SEAL_PASSPHRASE_FILE."))
    var seal = false

    func run() throws {
        try reporting {
            guard format == "json" else { throw Failure(tr(.cliChoice, "format", "json", format)) }
            let invocation = try Invocation(global)
            let passphrase =
                seal ? try Passphrase.new(for: out ?? "export", variable: Passphrase.sealFileVariable) : nil
            let store = try invocation.openStore(readOnly: true)
            defer { store.close() }
            var data: Data
            do { data = try store.export(at: Date()).encoded() } catch let error as StoreError {
                throw Failure(storeMessage(error))
            }
            try invocation.log(store, .export, what: seal ? "json-sealed" : "json", count: store.book.cases.count)
            // Sealed in memory: only the sealed bytes reach a file.
            if let passphrase {
                do throws(StoreError) { data = try SealedFile.seal(data, passphrase: passphrase) } catch {
                    throw Failure(storeMessage(error))
                }
            }
            guard let out else {
                FileHandle.standardOutput.write(
                    Data((DisplayWidth.jsonSafe(String(decoding: data, as: UTF8.self)) + "\n").utf8))
                return
            }
            let path = try writePrivateFile(String(decoding: data + Data("\n".utf8), as: UTF8.self), to: out)
            say(tr(seal ? .cliExportedSealed : .cliExported, store.book.cases.count, path))
        }
    }
}

/// `schakel import FILE`: fills an empty store with what `export` wrote.
struct Import: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Read what 'schakel export' wrote into an empty store (all or nothing).")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The export file.") var file: String

    func run() throws {
        try reporting {
            let invocation = try Invocation(global)
            let path = (file as NSString).expandingTildeInPath
            try refuseLarger(path, than: 4_096)
            guard var data = FileManager.default.contents(atPath: path) else {
                throw Failure(tr(.cliCannotReadMissing, path))
            }
            if SealedFile.isSealed(data) {
                let passphrase = try Passphrase.existing(
                    prompt: tr(.cliSealPassphrase, path), variable: Passphrase.sealFileVariable)
                let opened: Data?
                do throws(StoreError) { opened = try SealedFile.open(data, passphrase: passphrase, path: path) } catch {
                    throw Failure(storeMessage(error))
                }
                guard let opened else { throw Failure(tr(.cliSealWrong, path)) }
                data = opened
            }
            do {
                let export = try StoreExport.decode(data, path: path)
                let store = try invocation.openStore(readOnly: false)
                defer { store.close() }
                try store.importAll(export, from: path)
                say(tr(.cliImported, store.book.cases.count, export.commits.count, invocation.storeName))
            } catch let error as StoreError {
                throw Failure(storeMessage(error))
            }
        }
    }
}

/// `schakel check`: verifies the store; exits non-zero on damage.
struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Verify the store without changing it; exit status 1 on damage.")

    @OptionGroup var global: GlobalOptions
    @Option(
        name: .customLong("access-head"),
        help: "A head of the access log printed by an earlier check and kept elsewhere: it must still be in the log.")
    var accessHead: String?
    @Option(
        name: .customLong("expect-head"),
        help:
            "A head of the commits' chain printed by an earlier check and kept elsewhere: it must still be in the log.")
    var expectHead: String?

    func run() throws {
        try reporting {
            let invocation = try Invocation(global)
            let report = CaseStore.check(
                location: invocation.storePath, unlock: invocation.unlock, accessHead: accessHead,
                expectHead: expectHead)
            say(tr(.cliCheckStore, invocation.storeName))
            say(
                report.keys.isEmpty
                    ? tr(.cliCheckNotEncrypted)
                    : tr(.cliCheckEncrypted, report.keys.count, report.keys.map(\.advisor).joined(separator: ", ")))
            say(tr(.cliCheckLog, report.commits, report.events, report.backend, report.identity))
            let chainBroken = report.problems.contains {
                switch $0 {
                case .chainBroken, .chainHeadMissing: true
                default: false
                }
            }
            if report.commits > 0 {
                say(
                    chainBroken
                        ? tr(.cliCheckChainBroken, report.chained)
                        : tr(.cliCheckChain, report.chained, report.chainHead))
            }
            say(tr(.cliCheckCases, report.cases, report.openCases))
            say(tr(.cliCheckPartners, report.partners, report.contacts))
            say(tr(.cliCheckConsults, report.consultations))
            say(tr(.cliCheckSnapshot, Messages.text?.message(report.snapshot) ?? report.snapshot.description))
            let broken = report.problems.contains {
                switch $0 {
                case .accessLogBroken, .accessHeadMissing: true
                default: false
                }
            }
            say(
                broken
                    ? tr(.cliCheckAccessBroken, report.accessEntries)
                    : report.accessEntries == 0
                        ? tr(.cliCheckAccessEmpty) : tr(.cliCheckAccess, report.accessEntries, report.accessHead))
            if report.isHealthy {
                say("ok")
            } else {
                for problem in report.problems {
                    let text = Messages.text?.message(problem) ?? problem.description
                    FileHandle.standardError.write(Data(("schakel: " + DisplayWidth.sanitized(text) + "\n").utf8))
                }
                throw ExitCode.failure
            }
        }
    }
}
