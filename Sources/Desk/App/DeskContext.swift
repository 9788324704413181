import CaseModel
import Foundation
import SchakelResources
import Workplace

/// What the desk works with besides its state: region, rules, clock, who is at the desk, language.
public struct DeskContext: Sendable {
    public var region: Region
    public var settings: CaseSettings
    public var weights: UrgencyWeights
    public var calendar: WorkingDayCalendar
    public var timeZone: TimeZone
    public var clock: any Clock
    public var advisor: String
    public var text: Localizer
    public var noColor: Bool
    /// The triage instrument in force (recommendations are shown only when there is one).
    public var instrument: Instrument?
    /// Why the store's own instrument could not be used (the desk shows it and carries on).
    public var instrumentProblem: String?

    public init(
        region: Region, settings: CaseSettings = .standard, weights: UrgencyWeights = .standard,
        timeZone: TimeZone = .netherlands, clock: any Clock, advisor: String, text: Localizer, noColor: Bool = false,
        instrument: Instrument? = nil
    ) {
        self.region = region
        self.settings = settings
        self.weights = weights
        self.calendar = WorkingDayCalendar(rules: region.holidays)
        self.timeZone = timeZone
        self.clock = clock
        self.advisor = advisor
        self.text = text
        self.noColor = noColor
        self.instrument = instrument
    }

    public var today: CalendarDate { CalendarDate(clock.now, in: timeZone) }

    /// The cadence deadlines follow: the instrument's, or DOMAIN.md's defaults without one.
    public var cadence: Instrument.Cadence { instrument?.cadence ?? .standard }

    /// What the use cases check a change against.
    public var rules: WorkRules {
        WorkRules(
            region: region, settings: settings, instrument: instrument, calendar: calendar, timeZone: timeZone,
            clock: clock,
            advisor: advisor)
    }

    /// The agenda of the next triage meeting among `cases`.
    public func agenda(_ cases: some Sequence<Case>, at now: Date? = nil) -> TriageAgenda {
        TriageAgenda(cases: cases, cadence: cadence, now: now ?? clock.now, timeZone: timeZone)
    }

    /// The case's urgency now, with this region's calendar and weights.
    public func urgency(of c: Case, at now: Date? = nil) -> Urgency {
        Urgency(of: c, now: now ?? clock.now, calendar: calendar, timeZone: timeZone, weights: weights)
    }
}

/// Why a configuration file could not be used.
public struct ConfigurationError: Error, CustomStringConvertible {
    public enum Problem: Sendable, Hashable {
        case unreadable, missingFromBuild, noGemeenten
        case notARegion(String)
        /// `what` is "setting" or "weight".
        case unknownKey(what: String, key: String)
        case negative(what: String, key: String)
        /// Over `ConfigurationError.largestNumber`: no setting or weight needs it, and arithmetic on it could overflow.
        case tooLarge(what: String, key: String)
        case notWholeNumbers(String)
        case movedToCadence(key: String, instrumentKey: String)
        case threadRuleTooSmall
        case reportMinimumTooSmall
    }

    public let file: String
    public let problem: Problem
    /// The largest number a setting or weight may be: far beyond any sensible one (days, months,
    /// points), and small enough that no sum or product of them overflows.
    public static let largestNumber = 100_000

    public init(file: String, _ problem: Problem) {
        self.file = file
        self.problem = problem
    }

    /// The reason in English (for logs and tests); `Localizer.message(_:)` says it in the run's language.
    public var reason: String {
        switch problem {
        case .unreadable: return "cannot be read"
        case .missingFromBuild: return "missing from this build"
        case .noGemeenten: return "names no gemeenten"
        case .notARegion(let detail): return "not a region description (\(detail))"
        case .unknownKey(let what, let key): return "unknown \(what) \"\(key)\""
        case .negative(let what, let key): return "\(what) \"\(key)\" is negative"
        case .tooLarge(let what, let key): return "\(what) \"\(key)\" is over \(Self.largestNumber)"
        case .notWholeNumbers(let detail): return "expected an object of whole numbers (\(detail))"
        case .movedToCadence(let key, let moved):
            return
                "\"\(key)\" is no longer a setting: deadlines follow the instrument's [cadence] (\(moved) in instrument.txt); remove it here"
        case .threadRuleTooSmall:
            return
                "consultThreadCount and consultThreadWeeks must be at least 1, and the retention periods (retention…Months) between 1 and 1200 months"
        case .reportMinimumTooSmall: return "reportMinimumGroup must be at least 1"
        }
    }

    public var description: String { "\(file): \(reason)" }
}

extension Localizer {
    /// A configuration file's problem in this language (a parser's own detail quoted as it comes).
    public func message(_ error: ConfigurationError) -> String {
        let reason: String
        switch error.problem {
        case .unreadable: reason = self(.configUnreadable)
        case .missingFromBuild: reason = self(.configMissingFromBuild)
        case .noGemeenten: reason = self(.configNoGemeenten)
        case .notARegion(let detail): reason = self(.configNotARegion, detail)
        case .unknownKey(let what, let key):
            reason = self(what == "weight" ? .configUnknownWeight : .configUnknownSetting, key)
        case .negative(let what, let key):
            reason = self(what == "weight" ? .configNegativeWeight : .configNegativeSetting, key)
        case .tooLarge(let what, let key):
            reason = self(
                what == "weight" ? .configTooLargeWeight : .configTooLargeSetting, key, ConfigurationError.largestNumber
            )
        case .notWholeNumbers(let detail): reason = self(.configNotWholeNumbers, detail)
        case .movedToCadence(let key, let moved): reason = self(.configMovedToCadence, key, moved)
        case .threadRuleTooSmall: reason = self(.configThreadRuleTooSmall)
        case .reportMinimumTooSmall: reason = self(.configReportMinimumTooSmall)
        }
        return error.file + ": " + reason
    }
}

/// Where a store's configuration files come from: the store's directory, or, for a PostgreSQL
/// store, the database (read once when a command starts).
public struct ConfigurationFiles: Sendable {
    /// The files a store may configure, with the same validation wherever they live.
    public static let names = ["region.json", "urgency.json", "settings.json", "instrument.txt"]

    private let directory: String?
    private let stored: [String: Data]
    private let location: String

    public init(directory: String) {
        self.directory = directory
        stored = [:]
        location = directory
    }

    /// Files held by a database (`location` names it in messages).
    public init(stored: [String: Data], location: String) {
        directory = nil
        self.stored = stored
        self.location = location
    }

    /// The file's contents; nil when the store has none (the default then holds). Throws when a
    /// file exists but cannot be read.
    public func contents(_ name: String) throws(ConfigurationError) -> Data? {
        guard let directory else { return stored[name] }
        let path = directory + "/" + name
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ConfigurationError(file: path, .unreadable)
        }
        return data
    }

    /// How messages name the file.
    public func path(_ name: String) -> String { directory.map { $0 + "/" + name } ?? "\(location) (\(name))" }
}

extension Region {
    /// The region of the store (`region.json` beside the journal) or else the bundled Fryslân default.
    public static func load(storeDirectory: String?) throws(ConfigurationError) -> Region {
        try load(files: storeDirectory.map { ConfigurationFiles(directory: $0) })
    }

    /// The store's `region.json`, wherever the store keeps it, or else the bundled default.
    public static func load(files: ConfigurationFiles?) throws(ConfigurationError) -> Region {
        if let files, let data = try files.contents("region.json") {
            return try decode(data, file: files.path("region.json"))
        }
        guard let data = SchakelResources.data(named: "region-fryslan") else {
            throw ConfigurationError(file: "region-fryslan.json", .missingFromBuild)
        }
        return try decode(data, file: "region-fryslan.json")
    }

    private static func decode(_ data: Data, file: String) throws(ConfigurationError) -> Region {
        do {
            let region = try JSONDecoder().decode(Region.self, from: data)
            guard !region.gemeenten.isEmpty else { throw ConfigurationError(file: file, .noGemeenten) }
            return region
        } catch let error as ConfigurationError {
            throw error
        } catch {
            throw ConfigurationError(file: file, .notARegion("\(error)"))
        }
    }
}

extension UrgencyWeights {
    /// The store's `urgency.json` if there is one (any field left out keeps its default), else the defaults.
    public static func load(storeDirectory: String?) throws(ConfigurationError) -> UrgencyWeights {
        try load(files: storeDirectory.map { ConfigurationFiles(directory: $0) })
    }

    public static func load(files: ConfigurationFiles?) throws(ConfigurationError) -> UrgencyWeights {
        try overriding(UrgencyWeights.standard, file: "urgency.json", in: files, what: "weight")
    }
}

extension CaseSettings {
    /// The store's `settings.json` if there is one (deadlines and the consultation thread rule; any
    /// field left out keeps its default), else the defaults.
    public static func load(storeDirectory: String?) throws(ConfigurationError) -> CaseSettings {
        try load(files: storeDirectory.map { ConfigurationFiles(directory: $0) })
    }

    public static func load(files: ConfigurationFiles?) throws(ConfigurationError) -> CaseSettings {
        let settings = try overriding(CaseSettings.standard, file: "settings.json", in: files, what: "setting")
        let periods = [
            settings.retentionClosedMonths, settings.retentionConsultationMonths, settings.retentionAccessLogMonths,
        ]
        guard settings.consultThreadCount >= 1, settings.consultThreadWeeks >= 1,
            periods.allSatisfy({ (1...CaseSettings.longestRetentionMonths).contains($0) })
        else {
            throw ConfigurationError(file: files?.path("settings.json") ?? "settings.json", .threadRuleTooSmall)
        }
        guard settings.reportMinimumGroup >= 1 else {
            throw ConfigurationError(file: files?.path("settings.json") ?? "settings.json", .reportMinimumTooSmall)
        }
        return settings
    }
}

/// `defaults` with the whole numbers of a store's JSON file laid over it; an unknown key or a
/// negative number is refused with the file's name.
private func overriding<T: Codable>(_ defaults: T, file: String, in files: ConfigurationFiles?, what: String)
    throws(ConfigurationError) -> T
{
    guard let files, let data = try files.contents(file) else { return defaults }
    let path = files.path(file)
    do {
        let overrides = try JSONDecoder().decode([String: Int].self, from: data)
        var merged = try JSONDecoder().decode([String: Int].self, from: JSONEncoder().encode(defaults))
        for (key, value) in overrides {
            if T.self == CaseSettings.self, let moved = CaseSettings.movedToCadence[key] {
                throw ConfigurationError(file: path, .movedToCadence(key: key, instrumentKey: moved))
            }
            guard merged[key] != nil else { throw ConfigurationError(file: path, .unknownKey(what: what, key: key)) }
            guard value >= 0 else { throw ConfigurationError(file: path, .negative(what: what, key: key)) }
            guard value <= ConfigurationError.largestNumber else {
                throw ConfigurationError(file: path, .tooLarge(what: what, key: key))
            }
            merged[key] = value
        }
        return try JSONDecoder().decode(T.self, from: JSONEncoder().encode(merged))
    } catch let error as ConfigurationError {
        throw error
    } catch {
        throw ConfigurationError(file: path, .notWholeNumbers("\(error)"))
    }
}
