import Foundation

/// What someone did with the store's personal data, for the access log.
public enum AccessAction: String, Codable, CaseIterable, Sendable {
    /// A case registered.
    case create
    /// A case's file opened: its detail in the desk, `case show`.
    case view
    /// Many cases shown at once with names: the desk's queue when it opens, `case list`.
    case list
    /// A search over cases or persons; the log keeps the query's shape, never its words.
    case search
    /// A step on a case, a correction, a note: anything committed about it.
    case change
    /// Data taken out of the store: an export, a case summary for a partner.
    case export
    /// The triage agenda made (on screen or as a file).
    case agenda
    /// A report of figures.
    case report
    /// Personal data of cases past their retention period removed.
    case purge
    /// An encrypted store's passphrase refused.
    case unlockFailed = "unlock-failed"
    /// The store encrypted, or an advisor's key added, changed or revoked (`what` says which, and for whom).
    case keys
}

/// Who is working, and where from: what every entry of the access log names.
public struct Accessor: Hashable, Codable, Sendable {
    /// The advisor as the desk names them.
    public var advisor: String
    /// The operating system login (or the database role) doing it.
    public var login: String
    public var host: String
    /// The terminal (`/dev/pts/3`), or `-` when there is none (a script, cron).
    public var terminal: String

    public init(advisor: String, login: String, host: String, terminal: String) {
        self.advisor = advisor
        self.login = login
        self.host = host
        self.terminal = terminal
    }

    /// This process: its login, host and controlling terminal, working for `advisor`.
    public static func current(advisor: String) -> Accessor {
        var terminal = "-"
        for fd in [Int32(0), 1, 2] where isatty(fd) == 1 {
            if let name = ttyname(fd) {
                terminal = String(cString: name)
                break
            }
        }
        return Accessor(
            advisor: advisor, login: ProcessIdentity.login, host: ProcessIdentity.hostName, terminal: terminal)
    }
}

/// One entry of the access log (in the spirit of NEN 7513: who, when, which case, from where, what).
///
/// Nothing in it is in a language: `what` is a code (`detail`, `case-show`, `json`, an event's
/// type), so the log reads the same whichever language the desk that wrote it spoke.
public struct AccessEntry: Hashable, Codable, Sendable {
    /// When it happened, by the system clock (never a fixed demonstration clock).
    public var at: Date
    public var who: Accessor
    public var action: AccessAction
    /// The cases it was about (case numbers), empty when it was about none in particular.
    public var cases: [String]
    /// What more there is to say without personal data, as a code: where a case was viewed, a
    /// file's format, the kinds of events a change made.
    public var what: String
    /// How many cases a list or an export held.
    public var count: Int?
    /// A search's shape, never its words.
    public var query: QueryShape?
    /// For the entry that records removing the log's oldest entries at the end of their retention
    /// period: the last entry removed, where the chain of the entries kept begins.
    public var base: AccessBase?
    /// For a purge that rewrote commits: the first of them, from which the commits' chain was
    /// linked anew (a head kept from before it no longer matches, and is not counted as damage).
    public var relinkedFrom: UInt64?
    /// And the last commit it linked anew (the log's end then): a head kept at a place from
    /// `relinkedFrom` through here was replaced by the purge; one elsewhere was not.
    public var relinkedThrough: UInt64?

    /// The places a purge linked anew, if this entry records one.
    public var relinked: ClosedRange<UInt64>? {
        guard let from = relinkedFrom else { return nil }
        return from...max(from, relinkedThrough ?? from)
    }

    public init(
        at: Date, who: Accessor, action: AccessAction, cases: [String] = [], what: String = "", count: Int? = nil,
        query: QueryShape? = nil, base: AccessBase? = nil
    ) {
        self.at = at
        self.who = who
        self.action = action
        self.cases = cases
        self.what = what
        self.count = count
        self.query = query
        self.base = base
    }
}

/// Where the chain of the entries kept begins once older ones were removed: the place and hash of
/// the last entry removed. The entry that says so is in the chain itself (keyed, in an encrypted
/// store), so only a purge can cut the log's beginning, and by no more than it says.
public struct AccessBase: Hashable, Codable, Sendable {
    public var through: UInt64
    public var hash: String

    public init(through: UInt64, hash: String) {
        self.through = through
        self.hash = hash
    }
}

/// The shape of a search: how many words and characters, and what each word looks like (a BSN, a
/// date, a postcode, a case number, a number, a word), never the words themselves.
public struct QueryShape: Hashable, Codable, Sendable {
    public enum Kind: String, Codable, CaseIterable, Sendable {
        case bsn, date, postcode
        case caseNumber = "case"
        case number, word
    }

    public var words: Int
    public var characters: Int
    public var kinds: [Kind]

    public init(_ query: String) {
        let words = query.split(whereSeparator: { $0.isWhitespace })
        self.words = words.count
        characters = query.count
        kinds = words.map { word in
            let text = String(word)
            let digits = text.filter(\.isNumber).count
            if text.count == 9 && digits == 9 { return .bsn }
            if text.range(of: #"^\d{1,2}-\d{1,2}-\d{4}$"#, options: .regularExpression) != nil { return .date }
            if text.range(of: #"^\d{4}[A-Za-z]{2}$"#, options: .regularExpression) != nil { return .postcode }
            if text.range(of: #"^\d{4}-\d{1,6}$"#, options: .regularExpression) != nil { return .caseNumber }
            return digits == text.count ? .number : .word
        }
    }
}

/// One entry as the log keeps it: its place, the stored text (sealed in an encrypted store), and
/// the chain's hash through it.
public struct AccessRecord: Equatable, Sendable {
    public var sequence: UInt64
    public var stored: [UInt8]
    public var hash: String
    /// What it is found by, when it is being written (reads leave it empty).
    public var tags: [String] = []
}

/// An entry to append: as stored, and the tags it is found by (`AccessLog.tags`).
public struct AccessAppend: Equatable, Sendable {
    public var stored: [UInt8]
    public var tags: [String]
}
