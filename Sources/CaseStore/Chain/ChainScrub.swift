import Foundation

/// The commits' chain verified a slice at a time (`CommitChain`): what `check` does at once, the
/// desk does while it waits for a key, so nothing the snapshot covers goes unverified for long
/// and no frame waits for it.
public struct ChainScrub: Sendable {
    public enum Progress: Equatable, Sendable {
        /// Verified up to this commit; more to do.
        case running(UInt64)
        /// The whole chain holds: its length and head.
        case done(count: Int, head: String)
        case broken(CheckProblem)
    }

    private let key: ChainKey
    private let identity: String
    private var previous: String
    private(set) var position: UInt64 = 0
    /// The last answer; once done or broken it stays (the desk asks again after a new commit).
    public private(set) var progress: Progress = .running(0)
    /// Whether a head kept elsewhere (`place:link`) was met on the way.
    private(set) var metKept = false
    private let kept: AccessLog.KeptHead?

    init(identity: String, key: ChainKey, expecting kept: String? = nil) {
        self.key = key
        self.identity = identity
        previous = identity
        self.kept = kept.map(AccessLog.KeptHead.init)
    }

    /// Verifies the next `limit` commits of `log` (the log as stored: sealed payloads).
    @discardableResult
    mutating func step(_ log: CommitLog, limit: Int = 2_000) throws(StoreError) -> Progress {
        guard case .running = progress else { return progress }
        // A purge elsewhere may have linked the chain anew behind where this one stands: then
        // it starts again, rather than calling the new links damage.
        if position > 0, try log.chainLinks(after: position - 1, limit: 1).first?.link != previous {
            self = ChainScrub(identity: identity, key: key, expecting: nil)
        }
        let commits = try log.read(after: position, limit: limit)
        guard !commits.isEmpty else {
            // A link with no commit: the commit it chained was removed from the end.
            if let extra = try log.chainLinks(after: position, limit: 1).first {
                progress = .broken(.chainBroken(extra.sequence, reason: .missing))
            } else {
                progress = .done(count: Int(position), head: position == 0 ? "" : CommitChain.head(position, previous))
            }
            return progress
        }
        let links = Dictionary(
            try log.chainLinks(after: position, limit: limit).map { ($0.sequence, $0.link) },
            uniquingKeysWith: { first, _ in first })
        for commit in commits {
            guard commit.sequence == position + 1 else {
                progress = .broken(.chainBroken(position + 1, reason: .missing))
                return progress
            }
            guard let stored = links[commit.sequence] else {
                progress = .broken(.chainBroken(commit.sequence, reason: .unlinked))
                return progress
            }
            guard CommitChain.link(key, previous: previous, commit) == stored else {
                progress = .broken(.chainBroken(commit.sequence, reason: .changed))
                return progress
            }
            if let kept, kept.matches(commit.sequence, stored) { metKept = true }
            previous = stored
            position = commit.sequence
        }
        progress = .running(position)
        return progress
    }

    /// Goes on from where it stopped once the log has grown (a commit of this desk or another's).
    mutating func resume() {
        if case .done = progress { progress = .running(position) }
    }
}
