import ArgumentParser
import CaseModel
import CaseStore
import Desk
import Foundation

/// `schakel store init|upgrade|backup`: making, converting and backing up a store.
struct StoreCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "store", abstract: "Make a store (private or for a team), upgrade an old one, back one up.",
        subcommands: [
            Init.self, Encrypt.self, Key.self, Upgrade.self, Backup.self, Copy.self, Config.self, Forget.self,
        ])

    /// `schakel store config get|set NAME`: the region's configuration files, on either backend.
    struct Config: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Read or replace one of the store's configuration files: region.json, urgency.json, settings.json, instrument.txt.",
            discussion: """
                A store directory keeps them as files beside the database; a PostgreSQL store keeps them in             the database. 'set' checks the file as schakel reads it (with the line of a mistake) and             writes nothing when it is wrong.
                """,
            subcommands: [Get.self, Set.self])

        static func checkName(_ name: String) throws {
            guard ConfigurationFiles.names.contains(name) else {
                throw Failure(tr(.cliNoConfigFile, name, ConfigurationFiles.names.joined(separator: ", ")))
            }
        }

        struct Get: ParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Print a configuration file of the store.")
            @OptionGroup var global: GlobalOptions
            @Argument(help: "region.json, urgency.json, settings.json or instrument.txt.") var name: String

            func run() throws {
                try reporting {
                    try Config.checkName(name)
                    let invocation = try Invocation(global, toleratesConfiguration: true)
                    let contents: Data?
                    do throws(ConfigurationError) { contents = try invocation.files.contents(name) } catch {
                        throw Failure(configurationMessage(error))
                    }
                    guard let contents else {
                        throw Failure(tr(.cliConfigDefault, invocation.storeName, name))
                    }
                    say(String(decoding: contents, as: UTF8.self))
                }
            }
        }

        struct Set: ParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Replace a configuration file of the store with FILE, once it checks out.")
            @OptionGroup var global: GlobalOptions
            @Argument(help: "region.json, urgency.json, settings.json or instrument.txt.") var name: String
            @Argument(help: "The new contents.") var file: String

            func run() throws {
                try reporting {
                    try Config.checkName(name)
                    let invocation = try Invocation(global, toleratesConfiguration: true)
                    let path = (file as NSString).expandingTildeInPath
                    guard let data = FileManager.default.contents(atPath: path) else {
                        throw Failure(tr(.cliCannotRead, path))
                    }
                    let candidate = ConfigurationFiles(stored: [name: data], location: path)
                    do {
                        switch name {
                        case "region.json": _ = try Region.load(files: candidate)
                        case "urgency.json": _ = try UrgencyWeights.load(files: candidate)
                        case "settings.json": _ = try CaseSettings.load(files: candidate)
                        default: _ = try Instrument.load(file: nil, files: candidate)
                        }
                    } catch let error as ConfigurationError {
                        throw Failure(configurationMessage(error))
                    } catch let error as InstrumentError {
                        throw Failure(error.description)
                    }
                    do throws(StoreError) {
                        try CaseStore.setConfiguration(location: invocation.storePath, name: name, contents: data)
                    } catch {
                        throw Failure(storeMessage(error))
                    }
                    say(tr(.cliConfigReplaced, name, invocation.storeName))
                }
            }
        }
    }

    /// `schakel store forget`: this machine takes the store as it is now (an older copy put back).
    struct Forget: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Take the store as it is now, after an older copy was put back on purpose.",
            discussion: """
                This machine remembers how far it saw each store (its snapshot, and a record in \
                $XDG_STATE_HOME/schakel), and refuses a store that went back before that: what came after \
                is gone, and its numbers would be handed out again. When that was done on purpose, this \
                makes the machine forget both; the next open takes the store as it is.
                """)

        @OptionGroup var global: GlobalOptions

        func run() throws {
            try reporting {
                let invocation = try Invocation(global)
                do throws(StoreError) {
                    let seen = try CaseStore.forget(location: invocation.storePath)
                    say(
                        seen.map { tr(.cliForgot, invocation.storeName, $0) }
                            ?? tr(.cliForgotNothing, invocation.storeName))
                } catch {
                    if case .notAStore = error, !FileManager.default.fileExists(atPath: invocation.storePath) {
                        throw Failure(tr(.cliNoStoreYet, invocation.storeName))
                    }
                    throw Failure(storeMessage(error))
                }
            }
        }
    }

    struct Copy: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Move a whole store into an empty one: SQLite to PostgreSQL or back, every commit as it was.",
            discussion: """
                Each commit keeps its sequence, time, advisor and content; the target must be empty. \
                Afterwards 'schakel check' agrees on both sides. The password of a postgres:// store comes \
                from PGPASSWORD or ~/.pgpass. An encrypted store is copied sealed, with its keys.
                """)

        @OptionGroup var global: GlobalOptions
        @Option(help: "The store to copy: a directory or postgres://user@host:port/database.") var from: String
        @Option(help: "The empty store to fill: a directory or postgres://user@host:port/database.") var to: String

        func run() throws {
            try reporting {
                let invocation = try Invocation(global)
                let expand = { (text: String) in
                    PostgresLocation.isPostgres(text) ? text : (text as NSString).expandingTildeInPath
                }
                do throws(StoreError) {
                    let report = try CaseStore.copy(from: expand(from), to: expand(to), unlock: invocation.unlock)
                    say(tr(.cliCopied, report.commits, report.from, report.to))
                } catch {
                    throw Failure(storeMessage(error))
                }
            }
        }
    }

    struct Init: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Make a new, empty store: private to you, or shared with a Unix group.",
            discussion: """
                Without --group the directory is 0700 and its files 0600. With --group the directory \
                belongs to that group and is setgid 2770, and every file the store makes is 0660, so the \
                group's members (the advisors) can all work in it and nobody else can read anything.
                """)

        @OptionGroup var global: GlobalOptions
        @Option(help: "The Unix group whose members share the store (e.g. zvh).") var group: String?
        @Flag(
            help: ArgumentHelp(
                "Encrypt the store from the start: your passphrase is asked twice on the terminal.",
                discussion: "Scripts name a file holding it (0600) with SCHAKEL_NEW_PASSPHRASE_FILE."))
        var encrypt = false

        func run() throws {
            try reporting {
                let invocation = try Invocation(global)
                if invocation.configurationDirectory == nil && group != nil {
                    throw Failure(tr(.cliGroupPostgres))
                }
                // Asked before anything is made, so a mistyped passphrase leaves nothing behind.
                let passphrase = encrypt ? try Passphrase.new(for: invocation.context.advisor) : nil
                do throws(StoreError) {
                    if invocation.configurationDirectory == nil {
                        // A PostgreSQL store: the schema is made; who may do what is the database's grants.
                        let store = try CaseStore.open(location: invocation.storePath, unlock: invocation.unlock)
                        store.close()
                    } else {
                        _ = try StoreDirectory.initialise(invocation.storePath, group: group)
                        let store = try CaseStore.open(at: invocation.storePath, unlock: invocation.unlock)
                        store.close()
                    }
                    if let passphrase {
                        _ = try Keyring.encrypt(
                            location: invocation.storePath, advisor: invocation.context.advisor, passphrase: passphrase,
                            who: invocation.accessor)
                    }
                } catch {
                    throw Failure(storeMessage(error))
                }
                if invocation.configurationDirectory == nil {
                    say(tr(.cliStoreReady, invocation.storeName))
                } else {
                    say(
                        group.map { tr(.cliStoreReadyGroup, invocation.storeName, $0) }
                            ?? tr(.cliStoreReadyPrivate, invocation.storePath))
                }
                if encrypt { say(tr(.cliEncrypted, invocation.storeName, 0, invocation.context.advisor)) }
            }
        }
    }

    struct Upgrade: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Convert a store with the old journal to the SQLite store (verified; the old journal is kept beside it)."
        )

        @OptionGroup var global: GlobalOptions

        func run() throws {
            try reporting {
                let invocation = try Invocation(global)
                let store = try invocation.openStore(readOnly: false, reportNotices: false)
                defer { store.close() }
                if store.notices.isEmpty
                    || !store.notices.contains(where: { if case .upgraded = $0 { true } else { false } })
                {
                    say(tr(.cliAlreadySqlite, invocation.storeName, store.position))
                } else {
                    for notice in store.notices { say(invocation.context.text.describe(notice)) }
                }
            }
        }
    }

    struct Backup: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write a consistent, verified copy of the store to FILE while desks keep working.",
            discussion: """
                The copy is one SQLite file, private (0600). To restore it, make an empty directory, put \
                the file there as schakel.db, and open that directory with --store.
                """)

        @OptionGroup var global: GlobalOptions
        @Argument(help: "The backup file to write (it must not exist yet).") var file: String

        func run() throws {
            try reporting {
                let invocation = try Invocation(global)
                let path = (file as NSString).expandingTildeInPath
                guard invocation.configurationDirectory != nil else {
                    throw Failure(tr(.cliBackupPostgres))
                }
                do throws(StoreError) {
                    let report = try CaseStore.backup(
                        directory: invocation.storePath, to: path, unlock: invocation.unlock)
                    say(tr(.cliBackupDone, report.commits, report.path, report.bytes))
                } catch {
                    throw Failure(storeMessage(error))
                }
            }
        }
    }
}
