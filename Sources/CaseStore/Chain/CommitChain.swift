import Crypto
import Foundation

/// The key a log's commits are chained with: derived from the data key in an encrypted store (so
/// nobody without a key can write a chain that verifies), a fixed one in a plain store (it finds
/// damage and edits made by hand, not a forger who knows schakel).
public struct ChainKey: Sendable {
    let key: SymmetricKey

    public static let plain = ChainKey(key: SymmetricKey(data: SHA256.hash(data: Array("schakel commit chain".utf8))))

    static func of(_ dataKey: DataKey?) -> ChainKey {
        dataKey.map { ChainKey(key: $0.derived(for: "commit chain")) } ?? .plain
    }
}

/// One commit's place in the chain.
public struct ChainLink: Equatable, Sendable {
    public var sequence: UInt64
    public var link: String
}

/// Every commit names the one before it: its link is an HMAC over the previous link, its place,
/// its time, its advisor and a digest of its payload as stored (sealed, in an encrypted store).
/// The first commit's "previous link" is the store's identity, so a commit from another store
/// (a copy keeps the data key) does not fit. An edited, removed, reordered or inserted commit
/// shows as the first place where the chain no longer holds.
///
/// The links are kept beside the commits (a table of their own), written in the same transaction
/// as the commit; a purge that rewrites payloads links the rest anew in its transaction and says
/// so in the access log. The author column is the database's own record and is not linked (a
/// copy or import carries authors over only where the backend lets it).
public enum CommitChain {
    public static func link(_ key: ChainKey, previous: String, _ commit: EncodedCommit) -> String {
        var message = Array(previous.utf8)
        message += Array("\n\(commit.sequence)\n\(CommitCodec.timestamp(commit.at))\n".utf8)
        message += Array(commit.actor.utf8)
        message += Array("\n".utf8)
        message += Array(SHA256.hash(data: commit.payload))
        return HMAC<SHA256>.authenticationCode(for: message, using: key.key).hex
    }

    /// The links of `commits` (consecutive, in order), the first following `previous`.
    static func links(_ key: ChainKey, previous: String, _ commits: [EncodedCommit]) -> [ChainLink] {
        var previous = previous
        return commits.map { commit in
            previous = link(key, previous: previous, commit)
            return ChainLink(sequence: commit.sequence, link: previous)
        }
    }

    /// How a head is printed and kept: the last commit's place and its link.
    static func head(_ sequence: UInt64, _ link: String) -> String { "\(sequence):\(link)" }

    /// What is wrong with the chain, its length and its head. A head kept elsewhere (`expecting`,
    /// `place:link`) must be in it, unless a purge linked the commits from before that place anew
    /// (`relinked`: the places each purge linked anew, from the access log).
    static func verify(
        _ log: CommitLog, key: ChainKey, expecting kept: String? = nil, relinked: [ClosedRange<UInt64>] = []
    ) throws(StoreError) -> (problems: [CheckProblem], count: Int, head: String) {
        var scrub = ChainScrub(identity: log.identity, key: key, expecting: kept)
        while true {
            switch try scrub.step(log) {
            case .running: continue
            case .broken(let problem): return ([problem], Int(scrub.position), "")
            case .done(let count, let head):
                var problems: [CheckProblem] = []
                if !scrub.metKept, let kept {
                    let place = AccessLog.KeptHead(kept).sequence
                    // Excused only where a purge really replaced it: a place it linked anew.
                    let replaced = place.map { place in relinked.contains { $0.contains(place) } } ?? false
                    if !replaced { problems.append(.chainHeadMissing(kept)) }
                }
                return (problems, count, head)
            }
        }
    }
}
