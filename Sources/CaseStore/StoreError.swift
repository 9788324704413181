import CaseModel
import Foundation

/// Everything that can go wrong with a store, each with what a person needs to act on it.
public enum StoreError: Error, Equatable, Sendable {
    /// The store is held by another writer.
    case locked(LockHolder)
    /// A record in the middle of the journal is damaged; nothing was changed.
    case corruptRecord(file: String, offset: UInt64, reason: String)
    /// The journal does not start like a schakel journal.
    case notAJournal(file: String)
    /// The directory exists but holds other things than a schakel store.
    case notAStore(path: String)
    /// A system call failed.
    case io(operation: String, path: String, errno: Int32)
    /// A write reached the disk in doubt (a failed fsync): the store must be reopened and recovered.
    case needsRecovery
    /// The store was opened to read only.
    case readOnly
    /// The commit contradicts the store's history.
    case rejected(Ledger.ApplyError)
    /// An export or import file could not be read.
    case badFile(path: String, reason: String)
    /// The store is not empty and the operation needs an empty one.
    case notEmpty(path: String)

    /// A message for a person, in English (the presentation layer may translate by case).
    public var message: String {
        switch self {
        case .locked(let holder):
            return "store is in use by \(holder.user)@\(holder.host) (pid \(holder.pid)) since \(holder.sinceText); open it with --read-only to look without changing"
        case .corruptRecord(let file, let offset, let reason):
            return "damaged record in \(file) at byte \(offset): \(reason); nothing was changed (schakel check tells more)"
        case .notAJournal(let file): return "\(file) is not a schakel journal"
        case .notAStore(let path): return "\(path) is not a schakel store (it holds other files); choose an empty or new directory"
        case .io(let operation, let path, let code):
            return "\(operation) \(path) failed: \(String(cString: strerror(code)))"
        case .needsRecovery: return "a write could not be confirmed on disk; reopen the store to recover"
        case .readOnly: return "the store is open read-only; nothing was changed"
        case .rejected(let reason): return "change refused: \(reason)"
        case .badFile(let path, let reason): return "cannot read \(path): \(reason)"
        case .notEmpty(let path): return "\(path) already holds cases"
        }
    }
}

/// Who holds a store's write lock.
public struct LockHolder: Codable, Equatable, Sendable {
    public var user: String
    public var host: String
    public var pid: Int32
    public var since: Date

    public init(user: String, host: String, pid: Int32, since: Date) {
        self.user = user
        self.host = host
        self.pid = pid
        self.since = since
    }

    public var sinceText: String {
        let f = ISO8601DateFormatter()
        f.timeZone = .netherlands
        f.formatOptions = [.withFullDate, .withTime, .withColonSeparatorInTime, .withDashSeparatorInDate, .withSpaceBetweenDateAndTime]
        return f.string(from: since)
    }
}
