import ArgumentParser
import CaseModel
import CaseStore
import Desk
import Foundation
import Screen

/// Options every subcommand takes.
struct GlobalOptions: ParsableArguments {
    @Option(name: .long, help: "The store directory (default: $SCHAKEL_STORE, else $XDG_DATA_HOME/schakel).")
    var store: String?

    @Option(name: .long, help: "Language of the desk and messages: nl or en.")
    var lang: String = "nl"

    @Option(name: .long, help: "The advisor working (default: $SCHAKEL_ADVISOR, else the login's full name).")
    var advisor: String?

    @Option(name: .long, help: "A triage instrument file to use instead of the store's or the bundled one.")
    var instrument: String?
}

/// A failure the command line reports as one line on stderr, with a non-zero exit.
struct Failure: Error {
    var message: String
    init(_ message: String) { self.message = message }
}

/// What a command was invoked with: the store's place, the desk context, and who is working.
struct Invocation {
    /// Where the store is: a directory, or a `postgres://` URL (without a password).
    let storePath: String
    /// The store as messages name it.
    let storeName: String
    /// The directory holding the store's configuration files; none for a PostgreSQL store, whose
    /// files are in its database.
    let configurationDirectory: String?
    /// The store's configuration files, wherever they live.
    let files: ConfigurationFiles
    var context: DeskContext
    /// The instrument file named with --instrument, if any.
    let instrumentFile: String?
    let environment = ProcessInfo.processInfo.environment

    /// `refreshesInstrumentCopy`: the desk opened for writing keeps the last good copy of the
    /// store's instrument up to date; everything else only reads.
    /// `toleratesConfiguration`: a store configuration file that cannot be used is set aside (the
    /// defaults hold) instead of refused, for `store config get/set`, which are how it is mended.
    init(_ options: GlobalOptions, refreshesInstrumentCopy: Bool = false, toleratesConfiguration: Bool = false) throws {
        let environment = ProcessInfo.processInfo.environment
        guard let language = Language(rawValue: options.lang.lowercased()) else {
            throw Failure(tr(.cliChoice, "lang", alternatives(["nl", "en"]), options.lang))
        }
        storePath = Self.storePath(options.store, environment)
        if PostgresLocation.isPostgres(storePath) {
            do throws(StoreError) {
                storeName = try PostgresLocation(storePath, environment: environment).displayName
            } catch {
                throw Failure(storeMessage(error))
            }
            configurationDirectory = nil
            do throws(StoreError) {
                files = ConfigurationFiles(
                    stored: try CaseStore.storedConfiguration(location: storePath) ?? [:], location: storeName)
            } catch {
                // A store not made yet has no configuration; every other problem is said as it is.
                if case .notAStore = error {
                    files = ConfigurationFiles(stored: [:], location: storeName)
                } else {
                    throw Failure(storeMessage(error))
                }
            }
        } else {
            storeName = storePath
            configurationDirectory = storePath
            files = ConfigurationFiles(directory: storePath)
        }
        let clock: any Clock
        if let fixed = environment["SCHAKEL_NOW"], !fixed.isEmpty {
            guard let date = ISO8601DateFormatter().date(from: fixed) else {
                throw Failure(tr(.cliBadNow, fixed))
            }
            clock = FixedClock(date)
        } else {
            clock = SystemClock()
        }
        let advisor = options.advisor ?? environment["SCHAKEL_ADVISOR"] ?? Self.fullName(environment)
        let configuration = files
        func loaded<T>(_ load: (ConfigurationFiles?) throws(ConfigurationError) -> T) throws(ConfigurationError) -> T {
            do { return try load(configuration) } catch {
                guard toleratesConfiguration else { throw error }
                return try load(nil)
            }
        }
        do {
            let region = try loaded { files throws(ConfigurationError) in try Region.load(files: files) }
            let weights = try loaded { files throws(ConfigurationError) in try UrgencyWeights.load(files: files) }
            let settings = try loaded { files throws(ConfigurationError) in try CaseSettings.load(files: files) }
            // A bad store instrument does not stop the desk or a listing: the last good one is used and
            // the problem shown; triage and decide load it strictly.
            // A file named on the command line must be right; the store's own may fall back.
            var kept: (instrument: Instrument?, problem: InstrumentError?)
            if let file = options.instrument {
                do throws(InstrumentError) {
                    kept = (
                        try Instrument.load(file: (file as NSString).expandingTildeInPath, storeDirectory: nil)
                            .instrument, nil
                    )
                } catch {
                    throw Failure(error.description)
                }
            } else {
                if let directory = configurationDirectory {
                    kept = Instrument.loadKeepingLastGood(storeDirectory: directory, writable: refreshesInstrumentCopy)
                } else {
                    do throws(InstrumentError) {
                        kept = (try Instrument.load(file: nil, files: files).instrument, nil)
                    } catch {
                        kept = ((try? Instrument.load(file: nil, storeDirectory: nil).instrument), error)
                    }
                }
            }
            instrumentFile = options.instrument.map { ($0 as NSString).expandingTildeInPath }
            context = DeskContext(
                region: region, settings: settings, weights: weights, clock: clock, advisor: advisor,
                text: try Localizer(language: language),
                noColor: !(environment["NO_COLOR"] ?? "").isEmpty, instrument: kept.instrument)
            context.instrumentProblem = kept.problem?.description
        } catch let error as ConfigurationError {
            throw Failure(configurationMessage(error))
        }
    }

    /// `--store`, else `$SCHAKEL_STORE`, else `$XDG_DATA_HOME/schakel`, else `~/.local/share/schakel`.
    static func storePath(_ option: String?, _ environment: [String: String]) -> String {
        if let option, !option.isEmpty { return (option as NSString).expandingTildeInPath }
        if let store = environment["SCHAKEL_STORE"], !store.isEmpty { return (store as NSString).expandingTildeInPath }
        if let xdg = environment["XDG_DATA_HOME"], !xdg.isEmpty { return xdg + "/schakel" }
        return NSHomeDirectory() + "/.local/share/schakel"
    }

    /// Notes an access in the store's access log and writes it at once, before anything is shown:
    /// what cannot be logged is not shown.
    func log(
        _ store: CaseStore, _ action: AccessAction, cases: [String] = [], what: String, count: Int? = nil,
        query: String? = nil
    ) throws {
        guard let access = store.access else { return }
        access.record(action, cases: cases, what: what, count: count, query: query.map(QueryShape.init))
        do throws(StoreError) { try access.flush() } catch {
            throw Failure(tr(.cliCannotLog, storeMessage(error)))
        }
    }

    /// Who this run is, for the access log.
    var accessor: Accessor { Accessor.current(advisor: context.advisor) }

    /// How this run opens an encrypted store: the advisor's own key and passphrase.
    var unlock: Unlock { Passphrase.unlock(advisor: context.advisor) }

    /// Who this process is, for the other desks' headers.
    var presence: Presence {
        var host = [CChar](repeating: 0, count: 256)
        gethostname(&host, host.count - 1)
        let hostName = String(decoding: host.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return Presence(advisor: context.advisor, login: Self.login, host: hostName, pid: getpid(), since: Date())
    }

    /// The login name of the Unix user running schakel.
    static var login: String {
        if let entry = getpwuid(getuid()), let name = entry.pointee.pw_name { return String(cString: name) }
        return NSUserName()
    }

    /// The login's full name (the first field of its GECOS entry), else the login name: what the
    /// history records as the advisor when nothing else is said.
    static func fullName(_ environment: [String: String]) -> String {
        if let entry = getpwuid(getuid()), let gecos = entry.pointee.pw_gecos {
            let full =
                String(cString: gecos).split(separator: ",", omittingEmptySubsequences: false).first
                .map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
            if !full.isEmpty { return full }
        }
        return environment["USER"] ?? login
    }

    /// Opens the store; what it had to do on opening is said on stderr (the desk shows the same
    /// in its status line). A desk announces itself (`announce`) so the others show it.
    /// `scope`: the cases a command needs; a change that names them reads only those (and the
    /// numbering, partners and consultations), so its cost does not grow with the store.
    func openStore(
        readOnly: Bool, scope: CaseStore.Scope = .everything, reportNotices: Bool = true,
        announce: Bool = false, readOnlyOnDamage: Bool = false
    ) throws -> CaseStore {
        do throws(StoreError) {
            let store: CaseStore
            do throws(StoreError) {
                store = try CaseStore.open(
                    location: storePath, readOnly: readOnly, presence: announce ? presence : nil, scope: scope,
                    unlock: unlock, accessor: accessor)
            } catch {
                // The desk opens a damaged store to read, as far as it is intact, rather than not at all.
                guard readOnlyOnDamage, !readOnly, error.isDamage else { throw error }
                store = try CaseStore.open(
                    location: storePath, readOnly: true, presence: announce ? presence : nil, scope: scope,
                    unlock: unlock, accessor: accessor)
            }
            if reportNotices {
                for notice in store.notices {
                    FileHandle.standardError.write(
                        Data(("schakel: " + DisplayWidth.sanitized(context.text.describe(notice)) + "\n").utf8))
                }
            }
            return store
        } catch {
            if case .notAStore = error, readOnly,
                configurationDirectory == nil || !FileManager.default.fileExists(atPath: storePath)
            {
                throw Failure(tr(.cliNoStoreYet, storeName))
            }
            throw Failure(storeMessage(error) + (error.isDamage && !readOnly ? tr(.cliDamagedHint) : ""))
        }
    }
}

extension ParsableCommand {
    /// Runs `body`, turning a `Failure` into one sanitized line on stderr and exit status 1.
    func reporting(_ body: () throws -> Void) throws {
        do {
            try body()
        } catch let failure as Failure {
            FileHandle.standardError.write(Data(("schakel: " + DisplayWidth.sanitized(failure.message) + "\n").utf8))
            throw ExitCode.failure
        }
    }
}

/// Writes text to stdout with control characters made visible, so data never steers the terminal.
func say(_ text: String) {
    print(DisplayWidth.sanitized(text))
}

/// Refuses a file larger than `megabytes` before reading it (a file to import is read whole).
func refuseLarger(_ path: String, than megabytes: Int) throws {
    guard let size = (try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? NSNumber else { return }
    if size.int64Value > Int64(megabytes) << 20 {
        throw Failure(tr(.cliFileTooLarge, path, size.int64Value >> 20, megabytes))
    }
}

/// JSON on standard output, with what a terminal would act on escaped (`DisplayWidth.jsonSafe`).
func printJSON(_ data: Data) {
    print(DisplayWidth.jsonSafe(String(decoding: data, as: UTF8.self)))
}

/// A warning on standard error, as `schakel: …` (the command goes on).
func warn(_ text: String) {
    FileHandle.standardError.write(Data(("schakel: " + DisplayWidth.sanitized(text) + "\n").utf8))
}

/// Writes `text` to `path` readable by the owner only (0600 from its first byte), whole or not at
/// all (a new temporary file, synced, renamed).
@discardableResult
func writePrivateFile(_ text: String, to path: String) throws -> String {
    var path = (path as NSString).expandingTildeInPath
    if !path.hasPrefix("/") { path = FileManager.default.currentDirectoryPath + "/" + path }
    do throws(StoreError) { try PrivateFile.write(Array(text.utf8), to: path) } catch {
        if case .io(_, _, let code) = error {
            throw Failure(tr(.cliCannotWriteBecause, path, String(cString: strerror(code))))
        }
        throw Failure(tr(.cliCannotWrite, path))
    }
    return path
}

/// A value parsed from an argument, or its validation error as one `Failure` line (after the
/// option's name, when one is given).
func parsed<T>(_ option: String? = nil, _ context: DeskContext, _ parse: () throws(CaseModel.ValidationError) -> T)
    throws -> T
{
    do throws(CaseModel.ValidationError) {
        return try parse()
    } catch {
        throw Failure((option.map { "--\($0): " } ?? "") + context.text.message(for: error))
    }
}

/// Asks a yes/no question on the terminal; without a terminal the answer is no.
func confirm(_ question: String) -> Bool {
    guard isatty(0) == 1 else { return false }
    FileHandle.standardError.write(Data((DisplayWidth.sanitized(question) + " " + tr(.cliYesNo) + " ").utf8))
    guard let answer = readLine() else { return false }
    return ["j", "ja", "y", "yes"].contains(answer.trimmingCharacters(in: .whitespaces).lowercased())
}

/// Validation errors as one line: `--phone: geen Nederlands telefoonnummer (12345); --email: ...`.
func describe(_ failure: ValidationErrors, _ context: DeskContext, options: [String: String] = [:]) -> String {
    // An error about the input as a whole names no option.
    failure.errors.map {
        ($0.field.isEmpty ? "" : "--\(options[$0.field] ?? $0.field): ") + context.text.message(for: $0)
    }.joined(separator: "; ")
}
