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
        /// What a place found changed would be, were only its link row wrong.
        var restored: Verdict?
    }

    private(set) var places: UInt64 = 0
    private(set) var verdicts: [Place] = []
    /// The highest case number per year that any readable commit registered, lost ones included.
    private var registered: [Int: Int] = [:]

    init(_ log: CommitLog, key: DataKey?) throws(StoreError) {
        let head = try log.head()
        // A link beyond the last commit is a place whose commit was removed from the end.
        let links = Self.links(log, from: head)
        places = max(head, links.keys.max() ?? 0)
        let rows = Self.rows(log, through: head)
        let chain = ChainKey.of(key)
        let anyLinked = !links.isEmpty
        // The link each place should have from the stored link before it, and from the link the
        // commit before it computes to (which is the true one when only its link row was changed).
        var storedBefore: String? = log.identity
        var computedBefore: String? = log.identity
        for sequence in 1...max(1, places) where places > 0 {
            let link = links[sequence]
            guard case .success(let row)? = rows[sequence] else {
                let loss: RepairReport.Loss
                if case .failure(let error)? = rows[sequence] {
                    loss = .unreadable(error.message)
                } else {
                    loss = .missing
                }
                verdicts.append(Place(sequence: sequence, verdict: .lost(loss, nil)))
                storedBefore = link
                computedBefore = nil
                continue
            }
            var place = Place(sequence: sequence, at: row.at, actor: row.actor, verdict: .lost(.changed, nil))
            let commit: Commit
            do throws(StoreError) {
                let payload =
                    try key.map { (key) throws(StoreError) in
                        try SealedPayload.open(row.payload, sequence: sequence, with: key, store: log.displayName)
                    } ?? row.payload
                var opened = row
                opened.payload = payload
                commit = try CommitCodec.decode(opened, store: log.displayName)
            } catch {
                place.verdict = .lost(.unreadable(error.message), nil)
                verdicts.append(place)
                storedBefore = link
                computedBefore = nil
                continue
            }
            for case .registered(let e) in commit.events {
                registered[e.id.year] = max(registered[e.id.year] ?? 0, e.id.sequence)
            }
            let computed = storedBefore.map { CommitChain.link(chain, previous: $0, row) }
            let viaTrueLink = computedBefore.map { CommitChain.link(chain, previous: $0, row) }
            if link == nil {
                place.verdict =
                    anyLinked ? .lost(.unlinked, commit) : .unverified(commit, row)
            } else if link == computed {
                place.verdict = .intact(commit, row)
            } else if link == viaTrueLink {
                // The link row before was changed, not the commit before: that one is intact too.
                place.verdict = .intact(commit, row)
                if let last = verdicts.indices.last, case .lost(.changed, _) = verdicts[last].verdict,
                    let before = verdicts[last].restored
                {
                    verdicts[last].verdict = before
                }
            } else {
                place.verdict = .lost(.changed, commit)
            }
            if case .lost(.changed, _) = place.verdict { place.restored = .intact(commit, row) }
            verdicts.append(place)
            storedBefore = link
            computedBefore = computed
        }
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

    /// Case numbers a readable commit registered that `numbering` (the new store's) has not handed
    /// out: the new store would hand them out again.
    func numbersKnown(beyond numbering: Numbering) -> [String] {
        registered.keys.sorted().compactMap { year in
            let known = registered[year] ?? 0
            return known > (numbering.lastCaseNumber[year] ?? 0)
                ? CaseID(year: year, sequence: known).description : nil
        }
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
