import CaseModel
import Foundation

/// Everything that can go wrong with a store, each with what a person needs to act on it.
public enum StoreError: Error, Equatable, Sendable {
    /// The database said no; `message` is SQLite's (or the server's) own words.
    case database(operation: String, path: String, code: Int32, message: String)
    /// Talking to the database server went wrong in a way of our own words (the server's own
    /// refusals are `database`, with its message).
    case server(operation: String, path: String, problem: ServerProblem)
    /// The file is not an SQLite database at all.
    case notADatabase(path: String)
    /// SQLite found the database damaged.
    case damagedDatabase(path: String)
    /// A commit the ones before it contradict (in a log, a copy or a backup being verified).
    case contradictingCommit(store: String, sequence: UInt64, reason: Ledger.ApplyError)
    /// An import file's commit that the ones before it contradict; nothing was imported.
    case contradictingImport(path: String, commit: Int, reason: Ledger.ApplyError)
    /// A commit in the log cannot be read, or is not where it says it is.
    case corruptCommit(store: String, sequence: UInt64, reason: String)
    /// The store was made by a newer schakel.
    case newerSchema(path: String, found: Int, supported: Int)
    /// The store has an older schema and was opened read-only, so it cannot be migrated now.
    case olderSchema(path: String, found: Int)
    /// A PostgreSQL store has an older schema and only its owner may migrate it.
    case olderSchemaNeedsOwner(path: String, found: Int)
    /// A record in the middle of an old journal is damaged (read while upgrading); nothing was changed.
    case corruptRecord(file: String, offset: UInt64, reason: String)
    /// The old journal does not start like a schakel journal.
    case notAJournal(file: String)
    /// The store still has the old journal, and was opened read-only, so it cannot be converted now.
    case needsUpgrade(path: String)
    /// Upgrading an old journal store did not give the same store; the old files are untouched.
    case upgradeFailed(path: String, reason: String)
    /// The directory exists but holds other things than a schakel store.
    case notAStore(path: String)
    /// The commits' chain does not hold at this commit: nothing that would link it anew is done.
    case chainDamaged(store: String, sequence: UInt64)
    /// The directory held a store (its snapshot is there) but its database is gone: a new one
    /// would reissue numbers, so none is made.
    case databaseMissing(path: String, snapshot: String)
    /// The database is another store than the one this snapshot (this machine's memory of it) is of.
    case otherDatabase(store: String, snapshot: String)
    /// The log no longer holds what this machine saw of it: it ends before, or holds another
    /// commit at, the position the snapshot reached (restored from an older copy, or rewritten).
    case wentBack(store: String, seen: UInt64, head: UInt64, snapshot: String)
    /// The log ends before a commit this machine saw of it (`PositionRecord` at `record`).
    case behindRecord(store: String, seen: UInt64, head: UInt64, record: String, identity: String)
    /// A system call failed.
    case io(operation: String, path: String, errno: Int32)
    /// The store was opened to read only.
    case readOnly
    /// The commit contradicts the store's history.
    case rejected(Ledger.ApplyError)
    /// Someone else changed what this change was made on; nothing was written.
    case conflict(CommitConflict)
    /// The log kept moving while this change was tried again and again (nothing was written).
    case tooBusy(attempts: Int)
    /// `store init --group` named a group the system does not know.
    case unknownGroup(String)
    /// An older schakel still has the old journal store open, so it cannot be upgraded now.
    case heldByOlderSchakel(path: String, holder: String)
    /// A store location (a postgres:// URL) that cannot be used as written.
    case badLocation(text: String, reason: String)
    /// An export or import file could not be read.
    case badFile(path: String, reason: String)
    /// The store is not empty and the operation needs an empty one.
    case notEmpty(path: String)
    /// A sealed record (a commit, a snapshot row, a key) did not open: changed, moved, or another key's.
    case sealBroken(what: String)
    /// An advisor's key slot cannot be read.
    case badKeySlot(advisor: String)
    /// The store is encrypted and there is no way to ask for a passphrase (no terminal, no file).
    case locked(store: String)
    /// The store is encrypted and holds no key for this advisor.
    case noKey(advisor: String, store: String, holders: [String])
    /// The passphrase does not open this advisor's key.
    case wrongPassphrase(advisor: String, store: String)
    /// Encrypting a store that already is.
    case alreadyEncrypted(store: String)
    /// A key command on a store that is not encrypted.
    case notEncrypted(store: String)
    /// Revoking the only key left.
    case lastKeySlot(advisor: String)
    /// Revoking or changing a key that is not there.
    case noSuchKeySlot(advisor: String)
    /// Adding a key for an advisor who has one (replacing it needs asking for).
    case keyExists(advisor: String)
    /// The access log's chain does not hold: the store is not encrypted or copied until it is looked into.
    case accessLogDamaged(store: String, entry: UInt64)

    /// A message for a person, in English (the presentation layer may translate by case).
    public var message: String {
        switch self {
        case .database(let operation, let path, _, let message): return "\(path): \(operation) failed: \(message)"
        case .server(let operation, let path, let problem): return "\(path): \(operation) failed: \(problem.message)"
        case .notADatabase(let path): return "\(path) is not a schakel database (not an SQLite file)"
        case .damagedDatabase(let path): return "\(path) is damaged; nothing was changed (schakel check tells more)"
        case .contradictingCommit(let store, let sequence, let reason):
            return
                "commit \(sequence) in \(store) is damaged: \(reason); nothing was changed (schakel check tells more)"
        case .contradictingImport(let path, let commit, let reason):
            return "cannot read \(path): commit \(commit): \(reason)"
        case .corruptCommit(let store, let sequence, let reason):
            return
                "commit \(sequence) in \(store) is damaged: \(reason); nothing was changed (schakel check tells more)"
        case .newerSchema(let path, let found, let supported):
            return
                "\(path) was made by a newer schakel (schema \(found); this one knows up to \(supported)); update schakel"
        case .olderSchema(let path, let found):
            return "\(path) has an older schema (\(found)); open it once for writing to upgrade it"
        case .olderSchemaNeedsOwner(let path, let found):
            return
                "\(path) has an older schema (\(found)) that only its owner can upgrade: run schakel store init as the role that made it"
        case .corruptRecord(let file, let offset, let reason):
            return "damaged record in \(file) at byte \(offset): \(reason); nothing was changed"
        case .notAJournal(let file): return "\(file) is not a schakel journal"
        case .needsUpgrade(let path):
            return
                "\(path) still has the old journal format; open it once for writing (the desk, or any change) or run 'schakel store upgrade'"
        case .upgradeFailed(let path, let reason):
            return "upgrading \(path) failed: \(reason); the old journal is untouched and still the store"
        case .notAStore(let path):
            return "\(path) is not a schakel store (it holds other files); choose an empty or new directory"
        case .chainDamaged(let store, let sequence):
            return
                "\(store): the commits' chain does not hold at commit \(sequence); nothing was changed (schakel check tells more)"
        case .databaseMissing(let path, let snapshot):
            return
                "\(path) held a store whose database is gone (its snapshot \(snapshot) is still there): restore the database from a backup; to begin a new store here, remove the snapshot first"
        case .otherDatabase(let store, let snapshot):
            return
                "\(store) is another store than the one this machine knows there (snapshot \(snapshot)): if the database was replaced on purpose, remove the snapshot and open again"
        case .wentBack(let store, let seen, let head, let snapshot):
            return
                "\(store) went back in time: this machine saw it at commit \(seen), it now ends at \(head) or holds other commits; if an older copy was restored on purpose, run 'schakel store forget' (it removes \(snapshot)) and open again (what came after is lost)"
        case .behindRecord(let store, let seen, let head, let record, let identity):
            return
                "\(store) went back in time: this machine saw it at commit \(seen), it now ends at \(head); if an older copy was put back on purpose, run 'schakel store forget' (it removes \(identity) from \(record)) and open again (what came after is lost)"
        case .io(let operation, let path, let code):
            return "\(operation) \(path) failed: \(String(cString: strerror(code)))"
        case .readOnly: return "the store is open read-only; nothing was changed"
        case .rejected(let reason): return "change refused: \(reason)"
        case .conflict(let conflict): return conflict.message
        case .tooBusy(let attempts):
            return
                "the store kept changing while this change was tried \(attempts) times; nothing was written, try again"
        case .unknownGroup(let group): return "there is no group \(group) on this system (getent group \(group))"
        case .heldByOlderSchakel(let path, let holder):
            return
                "\(path) is open in an older schakel (\(holder)); close it there first, then open the store again to upgrade it"
        case .badLocation(let text, let reason): return "--store \(text): \(reason)"
        case .badFile(let path, let reason): return "cannot read \(path): \(reason)"
        case .notEmpty(let path): return "\(path) already holds cases"
        case .sealBroken(let what):
            return "\(what) does not open with this store's key: it was changed or is not of this store"
        case .badKeySlot(let advisor): return "the key of \(advisor) cannot be read"
        case .locked(let store):
            return
                "\(store) is encrypted: give your passphrase on a terminal, or in a file named by SCHAKEL_PASSPHRASE_FILE"
        case .noKey(let advisor, let store, let holders):
            return
                "\(store) is encrypted and holds no key for \(advisor); someone who has one (\(holders.joined(separator: ", "))) adds it with schakel store key add --for \"\(advisor)\""
        case .wrongPassphrase(let advisor, let store):
            return "wrong passphrase for \(advisor); \(store) was not opened"
        case .alreadyEncrypted(let store): return "\(store) is already encrypted"
        case .notEncrypted(let store): return "\(store) is not encrypted (schakel store encrypt)"
        case .lastKeySlot(let advisor):
            return "\(advisor) holds the only key: revoking it would leave a store nobody can open"
        case .noSuchKeySlot(let advisor): return "there is no key for \(advisor) in this store"
        case .keyExists(let advisor):
            return "\(advisor) has a key already; give --replace to replace it (they then need the new passphrase)"
        case .accessLogDamaged(let store, let entry):
            return
                "\(store): the access log does not hold from entry \(entry); nothing was changed (schakel check tells more)"
        }
    }
}

/// What went wrong between schakel and a database server, where the server said nothing itself.
public enum ServerProblem: Equatable, Sendable {
    case unreachable
    /// The TLS handshake failed on the server's certificate (`cause`: the TLS library's words).
    case certificateUnverified(cause: String)
    case connectionLost
    /// Lost, and the next attempt to reconnect is not due yet.
    case connectionLostRetrying
    case wantsPassword
    case noAnswer(seconds: Int)
    case noResult
    /// The connection went while a change was being written, and the server's process that was
    /// writing it was still there after waiting: whether it was saved is not known.
    case outcomeUnknown
    case closed
    case noIdentity
    /// Anything else the client library reported, in its words.
    case other(String)

    /// In English (the presentation layer translates by case).
    public var message: String {
        switch self {
        case .unreachable: return "the server cannot be reached"
        case .certificateUnverified(let cause):
            return "the TLS connection failed: the server's certificate could not be verified (\(cause))"
        case .connectionLost: return "the connection to the server was lost"
        case .connectionLostRetrying: return "the connection to the server was lost; trying again"
        case .wantsPassword: return "the server wants a password (PGPASSWORD or ~/.pgpass)"
        case .noAnswer(let seconds): return "the server did not answer within \(seconds) s"
        case .noResult: return "no result"
        case .outcomeUnknown:
            return
                "the connection to the server was lost while the change was being written, and whether it was saved cannot be seen yet"
        case .closed: return "the store is closed"
        case .noIdentity: return "the store has no identity"
        case .other(let text): return text
        }
    }
}

/// A change that could not be written because a colleague changed the same record first.
public struct CommitConflict: Equatable, Sendable {
    /// The record both changes are about: a case number, `CO-12`, `CP-3`.
    public var record: String
    /// Who changed it, when, and how (the event names of their commit).
    public var actor: String
    public var at: Date
    public var events: [String]
    /// Why this change no longer fits (the domain's refusal), when it does not.
    public var reason: String?

    public init(record: String, actor: String, at: Date, events: [String], reason: String?) {
        self.record = record
        self.actor = actor
        self.at = at
        self.events = events
        self.reason = reason
    }

    public var message: String {
        let when = CommitCodec.timestamp(at)
        return "\(record) was changed meanwhile by \(actor) at \(when) (\(events.joined(separator: ", ")))"
            + (reason.map { ": \($0)" } ?? "") + "; nothing was written"
    }
}

extension StoreError {
    /// Whether this says some of the store's contents are damaged (a commit that cannot be read
    /// or applied, a damaged database page), rather than that it could not be reached just now,
    /// or that the file is no database at all (then nothing of it can be read).
    public var isDamage: Bool {
        switch self {
        case .corruptCommit, .contradictingCommit, .damagedDatabase: return true
        case .database(_, _, let code, _): return SQLiteConnection.primary(code) == SQLiteConnection.corrupt
        default: return false
        }
    }
}
