import CaseModel
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Turns a `Commit` into what the log keeps, and back: the one place a commit's encoding lives.
///
/// The payload is the commit as JSON (sorted keys, ISO 8601 times), so `sqlite3 schakel.db` shows
/// a readable history. What is applied to memory is always the commit decoded from the payload, so
/// memory never holds a value a replay would not give (decision 2).
public enum CommitCodec {
    static let encoder: JSONEncoder = {
        let e = JSONEncoder()
        e.dateEncodingStrategy = .iso8601
        e.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return e
    }()

    static let decoder: JSONDecoder = {
        let d = JSONDecoder()
        d.dateDecodingStrategy = .iso8601
        return d
    }()

    /// The commit as the log keeps it, and the commit as a reader will decode it from there.
    /// The author is the log's to keep, beside the payload, never inside it.
    static func encode(_ commit: Commit) throws(StoreError) -> (encoded: EncodedCommit, stored: Commit) {
        var bare = commit
        bare.author = nil
        let payload: [UInt8]
        do { payload = Array(try encoder.encode(bare)) } catch {
            throw StoreError.badFile(path: "commit", reason: "cannot encode the change: \(error)")
        }
        var stored = try decode(payload, sequence: commit.sequence, store: "commit")
        stored.author = commit.author
        return (
            EncodedCommit(
                sequence: commit.sequence, at: stored.at, actor: stored.actor, payload: payload, author: commit.author),
            stored
        )
    }

    /// Reads a commit the log handed back; it must be at the position the log says it is. Its
    /// author is the one the log recorded, whatever the payload may claim.
    static func decode(_ encoded: EncodedCommit, store: String) throws(StoreError) -> Commit {
        var commit = try decode(encoded.payload, sequence: encoded.sequence, store: store)
        commit.author = encoded.author
        return commit
    }

    /// Reads a commit wherever it stands: the place it says it has, not the row's (`repair` puts
    /// a commit renumbered after a removal back at its own place).
    static func decodeAtItsPlace(_ encoded: EncodedCommit, store: String) throws(StoreError) -> Commit {
        var commit: Commit
        do { commit = try decoder.decode(Commit.self, from: Data(encoded.payload)) } catch {
            throw StoreError.corruptCommit(
                store: store, sequence: encoded.sequence, reason: "it cannot be read: \(error)")
        }
        commit.author = encoded.author
        return commit
    }

    /// Reads many commits at once: a long batch (a desk replaying a region) is decoded on every
    /// core, in order; the first damaged commit is the error.
    static func decode(_ batch: [EncodedCommit], store: String) throws(StoreError) -> [Commit] {
        try ParallelMap.map(batch, minimumPerPart: 256) { (entry) throws(StoreError) in
            // A decoder of its own per thread.
            var commit = try decode(entry.payload, sequence: entry.sequence, store: store, with: threadDecoder())
            commit.author = entry.author
            return commit
        }
    }

    /// This thread's JSON decoder (JSONDecoder is not safe to share between threads).
    private static func threadDecoder() -> JSONDecoder {
        let key = "schakel.CommitCodec.decoder"
        if let own = Thread.current.threadDictionary[key] as? JSONDecoder { return own }
        let own = JSONDecoder()
        own.dateDecodingStrategy = .iso8601
        Thread.current.threadDictionary[key] = own
        return own
    }

    private static func decode(_ payload: [UInt8], sequence: UInt64, store: String, with decoder: JSONDecoder = decoder)
        throws(StoreError) -> Commit
    {
        let commit: Commit
        do { commit = try decoder.decode(Commit.self, from: Data(payload)) } catch {
            throw StoreError.corruptCommit(store: store, sequence: sequence, reason: "it cannot be read: \(error)")
        }
        guard commit.sequence == sequence else {
            throw StoreError.corruptCommit(
                store: store, sequence: sequence, reason: "it says it is commit \(commit.sequence)")
        }
        return commit
    }

    /// A moment as the log's `at` column holds it: `2026-11-24T09:00:00Z`.
    public static func timestamp(_ date: Date) -> String {
        // Written by hand for the years every real commit has (each commit's link holds one, so
        // the chain's scrub writes one per commit); Foundation's style for any other, and the two
        // agree digit for digit (`CommitCodecTests.timestamps`).
        let seconds = date.timeIntervalSince1970.rounded(.down)
        guard seconds >= 0, seconds < 253_402_300_800 else { return date.formatted(Date.ISO8601FormatStyle()) }
        var clock = time_t(seconds)
        var parts = tm()
        guard gmtime_r(&clock, &parts) != nil else { return date.formatted(Date.ISO8601FormatStyle()) }
        var out: [UInt8] = []
        out.reserveCapacity(20)
        func digits(_ value: Int32, _ count: Int) {
            var divisor: Int32 = 1
            for _ in 1..<count { divisor *= 10 }
            while divisor > 0 {
                out.append(UInt8(48 + (value / divisor) % 10))
                divisor /= 10
            }
        }
        digits(parts.tm_year + 1900, 4)
        out.append(UInt8(ascii: "-"))
        digits(parts.tm_mon + 1, 2)
        out.append(UInt8(ascii: "-"))
        digits(parts.tm_mday, 2)
        out.append(UInt8(ascii: "T"))
        digits(parts.tm_hour, 2)
        out.append(UInt8(ascii: ":"))
        digits(parts.tm_min, 2)
        out.append(UInt8(ascii: ":"))
        digits(parts.tm_sec, 2)
        out.append(UInt8(ascii: "Z"))
        return String(decoding: out, as: UTF8.self)
    }

    public static func date(_ text: String) -> Date? {
        try? Date(text, strategy: Date.ISO8601FormatStyle())
    }

    /// The longest text an imported commit may hold: twice what the longest field of any form
    /// takes (2,000 characters), so nothing schakel wrote is refused and nothing else gets in.
    public static let longestImportedText = 4_000

    /// The length in characters of the longest string in a payload (0 when it is not JSON).
    static func longestText(in payload: [UInt8]) -> Int {
        guard let value = try? JSONSerialization.jsonObject(with: Data(payload), options: [.fragmentsAllowed])
        else { return 0 }
        var longest = 0
        var pending: [Any] = [value]
        while let next = pending.popLast() {
            if let text = next as? String {
                longest = max(longest, text.count)
            } else if let array = next as? [Any] {
                pending += array
            } else if let object = next as? [String: Any] {
                for (key, item) in object {
                    longest = max(longest, key.count)
                    pending.append(item)
                }
            }
        }
        return longest
    }

    /// A short digest of a payload (64-bit FNV-1a): what a snapshot remembers of the last commit it
    /// covers, so it is never taken for a log whose history differs there.
    static func digest(_ payload: [UInt8]) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in payload {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        return hash
    }
}
