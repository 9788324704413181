import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// How far this machine (this user on it) has seen each store where it is: its identity and place
/// (a copy elsewhere is a store of its own), and the last commit.
///
/// A store whose log ends before a position seen here went back in time: an older copy was put
/// back, snapshot and all, and the acknowledged changes after it are gone (and their numbers would
/// be handed out again). The snapshot beside a store catches a database put back under it; this
/// record also catches the whole directory put back, and a PostgreSQL database restored.
///
/// A file of lines `identity<TAB>sequence<TAB>when<TAB>where` (0600, in `$XDG_STATE_HOME/schakel`, else
/// `~/.local/state/schakel`), replaced whole under a lock, so processes noting at once keep each
/// other's. It only ever helps: a record that cannot be read or written never stops the work.
public struct PositionRecord: Sendable {
    public let path: String
    /// At most this many stores are remembered (the least recently seen go first).
    static let capacity = 2_000

    public init(path: String) { self.path = path }

    /// The record of this user, where the environment says.
    public static func standard(_ environment: [String: String] = ProcessInfo.processInfo.environment)
        -> PositionRecord
    {
        let base =
            environment["XDG_STATE_HOME"].flatMap { $0.isEmpty ? nil : $0 }
            ?? ((environment["HOME"] ?? NSHomeDirectory()) + "/.local/state")
        return PositionRecord(path: base + "/schakel/positions")
    }

    /// The furthest commit seen of the store with this identity at `location` (nil: never seen).
    public func seen(_ identity: String, at location: String) -> UInt64? {
        read(only: identity)[Key(identity, location)]?.sequence
    }

    /// Notes that the store was seen at `sequence` (never lowers what was seen).
    public func note(_ identity: String, at location: String, sequence: UInt64, now: Date = Date()) {
        guard sequence > 0, !identity.contains(where: \.isWhitespace) else { return }
        let key = Key(identity, location)
        // Most closes change nothing here: that is found from this store's own lines.
        guard (read(only: identity)[key]?.sequence ?? 0) < sequence else { return }
        withLock {
            var entries = read()
            if let old = entries[key], old.sequence >= sequence { return }
            entries[key] = (sequence, CommitCodec.timestamp(now))
            write(entries)
        }
    }

    /// Forgets a store (an older copy put back on purpose): the next open takes it as it is.
    public func forget(_ identity: String, at location: String) {
        withLock {
            var entries = read()
            guard entries.removeValue(forKey: Key(identity, location)) != nil else { return }
            write(entries)
        }
    }

    /// A store where it is: its place written on one line (tabs and line ends as spaces).
    private struct Key: Hashable {
        var identity: String
        var location: String
        init(_ identity: String, _ location: String) {
            self.identity = identity
            self.location =
                location.utf8.contains(where: { $0 < 0x20 })
                ? String(location.map { $0 == "\t" || $0.isNewline ? " " : $0 }) : location
        }
    }

    /// When each was seen is kept as written (UTC, fixed width: its text sorts as the time does).
    private typealias Entries = [Key: (sequence: UInt64, when: String)]

    /// The entries (only those of `identity`, when given: a lookup on every open reads no more).
    private func read(only identity: String? = nil) -> Entries {
        guard let bytes = try? FileIO.readAll(path) else { return [:] }
        var entries: Entries = [:]
        for line in bytes.split(separator: UInt8(ascii: "\n")) {
            if let identity, !line.starts(with: identity.utf8) { continue }
            let fields = String(decoding: line, as: UTF8.self).split(separator: "\t", omittingEmptySubsequences: false)
            guard fields.count == 4, let sequence = UInt64(fields[1]) else { continue }
            let when = String(fields[2])
            let key = Key(String(fields[0]), String(fields[3]))
            if let old = entries[key], old.sequence >= sequence { continue }
            entries[key] = (sequence, when)
        }
        return entries
    }

    private func write(_ entries: Entries) {
        let kept = entries.sorted { $0.value.when > $1.value.when }.prefix(Self.capacity)
        let text = kept.map {
            "\($0.key.identity)\t\($0.value.sequence)\t\($0.value.when)\t\($0.key.location)\n"
        }.joined()
        try? FileIO.replace(path, with: Array(text.utf8), mode: 0o600, durable: false)
    }

    /// Runs `body` holding the record's lock (a file beside it), making the directory (0700) first.
    private func withLock(_ body: () -> Void) {
        let directory = (path as NSString).deletingLastPathComponent
        if !FileIO.exists(directory) {
            let parent = (directory as NSString).deletingLastPathComponent
            try? FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true)
            mkdir(directory, 0o700)
        }
        let fd = Glibc.open(path + ".lock", O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0o600)
        guard fd >= 0 else { return }
        defer { Glibc.close(fd) }
        guard flock(fd, LOCK_EX) == 0 else { return }
        defer { flock(fd, LOCK_UN) }
        body()
    }
}

extension CaseStore {
    /// Refuses a store whose log ends before a commit this machine saw of it there; otherwise the store
    /// notes how far it got when it closes.
    func holdToRecord(_ record: PositionRecord) throws(StoreError) {
        let head = try log.head()
        if let seen = record.seen(log.identity, at: log.displayName), seen > head {
            throw StoreError.behindRecord(
                store: log.displayName, seen: seen, head: head, record: record.path, identity: log.identity)
        }
        positionRecord = record
    }
}

extension CaseStore {
    /// Makes this machine forget what it saw of the store at `location` (its snapshot, and how far
    /// it got), so the store is taken as it is now: after an older copy was put back on purpose.
    /// Returns the position this machine had seen (nil: none). What came after it is lost.
    @discardableResult
    public static func forget(location: String, record: PositionRecord = .standard()) throws(StoreError) -> UInt64? {
        let log = try openLog(location, readOnly: true, create: false)
        let identity = log.identity
        let place = log.displayName
        log.close()
        let seen = record.seen(identity, at: place)
        try removeSnapshot(location: location, identity: identity)
        record.forget(identity, at: place)
        return seen
    }
}
