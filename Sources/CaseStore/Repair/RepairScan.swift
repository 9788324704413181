import CaseModel
import Foundation

/// A damaged log read place by place, for `repair`: every row that can be read, its link, and the
/// verdict on each place. Reading goes in batches, and one place at a time where a batch fails
/// (a damaged page of the database takes only the rows on it).
struct RepairScan {
    /// Who wrote the empty commits that hold lost places.
    static let actor = "schakel repair"

    enum Verdict {
        /// Readable and linked as written: the commit as decoded, and as stored.
        case intact(Commit, EncodedCommit)
        /// Readable, from before the chain (no commit of the log has a link): nothing proves it.
        case unverified(Commit, EncodedCommit)
        /// Lost: why, and the commit as decoded where it could be (its claim, which may be false).
        case lost(RepairReport.Loss, Commit?)
    }

    struct Place {
        var sequence: UInt64
        var at: Date?
        var actor: String?
        var verdict: Verdict
        /// The commit found here, as decoded and as stored (nil: none could be read).
        var commit: Commit?
        var stored: EncodedCommit?
    }

    private(set) var places: UInt64 = 0
    private(set) var verdicts: [Place] = []
    /// Places of rows or links far beyond the log's end, left out (see `strayDistance`).
    private(set) var strays: [UInt64] = []

    /// A row read and opened: the commit as it says it is (its own place, which a row renumbered
    /// after a removal no longer has), as stored, and the links that may be its own.
    private struct Resolved {
        var commit: Commit
        var stored: EncodedCommit
        var links: [String]
    }

    /// Rows or links this far beyond the rest are strays (a row put in at place 2,000,000), not
    /// places of the log: they are reported, and no place is made up to them.
    static let strayDistance: UInt64 = 10_000

    /// `atLeast`: a place the log is known to have reached (this machine's record, the snapshot),
    /// so commits removed from the end are lost places, not nothing.
    init(_ log: CommitLog, key: DataKey?, atLeast known: UInt64 = 0) throws(StoreError) {
        let head = try log.head()
        var links = Self.links(log, from: head)
        var rows = Self.rows(log, through: head)
        // Where the log really ends: the last place before a jump of more than `strayDistance`.
        var end: UInt64 = 0
        for place in Set(rows.keys).union(links.keys).sorted() {
            if place > end + Self.strayDistance { break }
            end = place
        }
        strays = Set(rows.keys).union(links.keys).filter { $0 > end }.sorted()
        for place in strays {
            rows[place] = nil
            links[place] = nil
        }
        // Each readable row at the place its commit says it has; a row renumbered together with
        // its link row keeps its link (so a link row can belong to a commit at another place).
        var resolved: [UInt64: Resolved] = [:]
        var unreadable: [UInt64: StoreError] = [:]
        var claimed = Set<UInt64>()
        var opened: [(place: UInt64, commit: Commit, stored: EncodedCommit)] = []
        for (place, row) in rows.sorted(by: { $0.key < $1.key }) {
            switch row {
            case .failure(let error): unreadable[place] = error
            case .success(let row):
                do throws(StoreError) {
                    let (commit, stored) = try Self.open(row, key: key, store: log.displayName)
                    // A place far from any the log has is not believed (nor counted up to).
                    guard commit.sequence >= 1, commit.sequence <= end + 16 else {
                        unreadable[place] = .corruptCommit(
                            store: log.displayName, sequence: place, reason: "it says it is commit \(commit.sequence)")
                        continue
                    }
                    opened.append((place, commit, stored))
                } catch {
                    unreadable[place] = error
                }
            }
        }
        // A commit at its own place first; a moved one (renumbered, or a copy put elsewhere) only
        // where its own place holds nothing: a second copy is left out.
        for moved in [false, true] {
            for found in opened where (found.place != found.commit.sequence) == moved {
                guard resolved[found.commit.sequence] == nil else { continue }
                var own = [links[found.place], links[found.commit.sequence]].compactMap { $0 }
                if own.count == 2 && own[0] == own[1] { own.removeLast() }
                if moved { claimed.insert(found.place) }
                resolved[found.commit.sequence] = Resolved(commit: found.commit, stored: found.stored, links: own)
            }
        }
        places = max(end, resolved.keys.max() ?? 0, known)
        guard places > 0 else { return }
        let chain = ChainKey.of(key)
        // The links of each place: a commit's own, or for a place without one, its link row
        // unless that moved with another commit.
        func linksOf(_ place: UInt64) -> [String] {
            if let found = resolved[place] { return found.links }
            guard let link = links[place], !claimed.contains(place) else { return [] }
            return [link]
        }
        // In an encrypted store a seal that opens proves the commit as written at its place (the
        // payload holds its time, advisor and events); the chain adds nothing to that. In a plain
        // store the links are the evidence: a commit is intact when its link follows from the link
        // before it, or when the links recomputed over it from the last link that held meet a
        // stored link again further on (only link rows were changed or lost in between).
        let sealed = key != nil
        let anyLinked = !links.isEmpty
        var trusted: [String] = [log.identity]  // the links the next commit may follow from
        var recomputed: String? = log.identity  // the true link of the place before, as far as known
        var pending: [Int] = []  // verdicts awaiting a stored link that confirms them
        var afterGone = false  // the place before is gone: the first commit after it cannot be verified
        func settle(_ index: Int, _ verdict: Verdict) { verdicts[index].verdict = verdict }
        for sequence in 1...places {
            guard let found = resolved[sequence] else {
                let loss: RepairReport.Loss = unreadable[sequence].map { .unreadable($0) } ?? .missing
                verdicts.append(Place(sequence: sequence, verdict: .lost(loss, nil)))
                // What waited for a link to meet stays lost: the chain breaks off here.
                pending = []
                trusted = linksOf(sequence)
                recomputed = nil
                afterGone = true
                continue
            }
            let row = found.stored
            let index = verdicts.count
            verdicts.append(
                Place(
                    sequence: sequence, at: row.at, actor: row.actor, verdict: .lost(.changed, found.commit),
                    commit: found.commit, stored: row))
            if sealed || !anyLinked {
                settle(index, sealed ? .intact(found.commit, row) : .unverified(found.commit, row))
                continue
            }
            let own = found.links
            let next = recomputed.map { CommitChain.link(chain, previous: $0, row) }
            let matched = trusted.lazy.map { CommitChain.link(chain, previous: $0, row) }.first { own.contains($0) }
            var trueLink: String?
            if let next, own.contains(next) {
                // The recomputed chain meets a stored link: this commit and all waiting are intact.
                for waiting in pending + [index] {
                    settle(waiting, .intact(verdicts[waiting].commit!, verdicts[waiting].stored!))
                }
                pending = []
                trueLink = next
            } else if let matched {
                settle(index, .intact(found.commit, row))
                // What waited was not met by the chain: lost, except the one right after a place
                // that is gone, whose own link this commit just showed to be true (kept, unverified).
                for waiting in pending {
                    let keep = afterGone && waiting == index - 1 && pending.count == 1
                    settle(
                        waiting,
                        keep
                            ? .unverified(verdicts[waiting].commit!, verdicts[waiting].stored!)
                            : .lost(own.isEmpty ? .unlinked : .changed, verdicts[waiting].commit))
                }
                pending = []
                trueLink = matched
            } else {
                pending.append(index)
                settle(index, .lost(own.isEmpty ? .unlinked : .changed, found.commit))
                trueLink = next ?? trusted.first.map { CommitChain.link(chain, previous: $0, row) }
            }
            if pending.isEmpty { afterGone = false }
            trusted = own
            recomputed = trueLink
        }
        // Whatever still waits at the end was never met by a link that holds: lost.
    }

    /// A row's commit as it says it is: its payload opened (sealed with its own place: a row moved
    /// from up to 16 places away is tried there too) and decoded; and the row as stored, at that place.
    private static func open(_ row: EncodedCommit, key: DataKey?, store: String) throws(StoreError) -> (
        Commit, EncodedCommit
    ) {
        var firstError: StoreError?
        var places = [row.sequence]
        if key != nil {
            for distance in UInt64(1)...16 {
                places.append(row.sequence + distance)
                if row.sequence > distance { places.append(row.sequence - distance) }
            }
        }
        for place in places {
            do throws(StoreError) {
                var opened = row
                if let key {
                    opened.payload = try SealedPayload.open(row.payload, sequence: place, with: key, store: store)
                }
                let commit = try CommitCodec.decodeAtItsPlace(opened, store: store)
                guard key == nil || commit.sequence == place else { continue }
                var stored = row
                stored.sequence = commit.sequence
                return (commit, stored)
            } catch {
                if firstError == nil { firstError = error }
            }
        }
        throw firstError ?? StoreError.corruptCommit(store: store, sequence: row.sequence, reason: "it cannot be read")
    }

    /// The rows at places 1…`head`: read in batches, a failed batch one place at a time.
    private static func rows(_ log: CommitLog, through head: UInt64) -> [UInt64: Result<EncodedCommit, StoreError>] {
        var rows: [UInt64: Result<EncodedCommit, StoreError>] = [:]
        var position: UInt64 = 0
        let batch = 2_000
        while position < head {
            do throws(StoreError) {
                let read = try log.read(after: position, limit: batch)
                guard let last = read.last else { break }
                for row in read where row.sequence <= head { rows[row.sequence] = .success(row) }
                position = last.sequence
            } catch {
                let end = min(head, position + UInt64(batch))
                for sequence in (position + 1)...end {
                    do throws(StoreError) {
                        if let row = try log.read(sequences: [sequence]).first { rows[sequence] = .success(row) }
                    } catch let failure {
                        rows[sequence] = .failure(failure)
                    }
                }
                position = end
            }
        }
        return rows
    }

    /// Every link, read as the rows are (through `head` at least); an unreadable link is taken as none.
    private static func links(_ log: CommitLog, from head: UInt64) -> [UInt64: String] {
        var links: [UInt64: String] = [:]
        var position: UInt64 = 0
        let batch = 2_000
        while true {
            do throws(StoreError) {
                let read = try log.chainLinks(after: position, limit: batch)
                guard let last = read.last else { break }
                for link in read { links[link.sequence] = link.link }
                position = last.sequence
            } catch {
                guard position < head else { break }
                let end = min(head, position + UInt64(batch))
                for sequence in (position + 1)...end {
                    if let link = try? log.chainLinks(after: sequence - 1, limit: 1).first, link.sequence == sequence {
                        links[sequence] = link.link
                    }
                }
                position = end
            }
        }
        return links
    }

    /// The access log's entries up to the first whose chain does not hold, and how many are left.
    static func intactAccess(_ log: CommitLog, key: DataKey?) throws(StoreError) -> (kept: [AccessRecord], lost: Int) {
        let records = try log.readAccess(after: 0, limit: Int.max)
        guard case .accessLogBroken(let entry, _)? = try AccessLog.verify(log, key: key).problems.first else {
            return (records, 0)
        }
        let kept = records.filter { $0.sequence < entry }
        return (kept, records.count - kept.count)
    }
}
