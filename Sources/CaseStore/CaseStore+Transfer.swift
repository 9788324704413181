import CaseModel
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// The lossless export format: every commit of the journal, as JSON.
public struct StoreExport: Codable, Equatable, Sendable {
    public static let formatName = "schakel-export"
    public static let currentVersion = 1

    public var format: String
    public var version: Int
    public var exportedAt: Date
    public var commits: [Commit]

    public init(exportedAt: Date, commits: [Commit]) {
        self.format = Self.formatName
        self.version = Self.currentVersion
        self.exportedAt = exportedAt
        self.commits = commits
    }

    public func encoded() throws -> Data {
        let e = JSONEncoder()
        e.dateEncodingStrategy = .iso8601
        e.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        return try e.encode(self)
    }

    /// Reads an export, or says in one line what is wrong with the file.
    public static func decode(_ data: Data, path: String) throws(StoreError) -> StoreExport {
        let export: StoreExport
        do {
            export = try CommitCodec.decoder.decode(StoreExport.self, from: data)
        } catch let DecodingError.dataCorrupted(context) {
            throw StoreError.badFile(
                path: path, reason: "not valid JSON or not an export (\(context.debugDescription))")
        } catch let DecodingError.keyNotFound(key, context) {
            throw StoreError.badFile(path: path, reason: "missing \(key.stringValue) at \(codingPath(context))")
        } catch let DecodingError.typeMismatch(_, context) {
            throw StoreError.badFile(path: path, reason: "wrong kind of value at \(codingPath(context))")
        } catch {
            throw StoreError.badFile(path: path, reason: "\(error)")
        }
        guard export.format == formatName else {
            throw StoreError.badFile(path: path, reason: "format is \"\(export.format)\", expected \"\(formatName)\"")
        }
        guard export.version == currentVersion else {
            throw StoreError.badFile(
                path: path, reason: "version \(export.version) is not supported (this schakel reads \(currentVersion))")
        }
        return export
    }

    private static func codingPath(_ context: DecodingError.Context) -> String {
        context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? "." + $0.stringValue }.joined()
    }
}

extension CaseStore {
    /// Everything in the store, for `schakel export`.
    /// A store opened up to its damage is not exported: a backup is never quietly short.
    public func export(at now: Date) throws(StoreError) -> StoreExport {
        if let damage { throw damage.error }
        return StoreExport(exportedAt: now, commits: try allCommits())
    }

    /// Fills an empty store with what `export` wrote, in one transaction: every commit is validated
    /// first, so the store ends up empty or whole.
    /// The access log notes it as one registration of all the cases (`what`: how they came).
    public func importAll(_ export: StoreExport, from path: String, what: String = "import") throws(StoreError) {
        guard !isReadOnly else { throw StoreError.readOnly }
        try catchUp()
        guard ledger.isEmpty, position == 0 else { throw StoreError.notEmpty(path: directory) }
        var next = Ledger()
        var encoded: [EncodedCommit] = []
        encoded.reserveCapacity(export.commits.count)
        for (index, commit) in export.commits.enumerated() {
            guard commit.sequence == UInt64(index + 1) else {
                throw StoreError.badFile(path: path, reason: "commit \(index + 1) says it is commit \(commit.sequence)")
            }
            let (entry, stored) = try CommitCodec.encode(commit)
            // No way in takes a text longer than a form does: a file is held to it too.
            let longest = CommitCodec.longestText(in: entry.payload)
            guard longest <= CommitCodec.longestImportedText else {
                throw StoreError.badFile(
                    path: path,
                    reason:
                        "commit \(index + 1) holds a text of \(longest) characters (at most \(CommitCodec.longestImportedText))"
                )
            }
            do {
                try next.apply(stored, reference: stored.sequence, undoable: false)
            } catch {
                throw StoreError.contradictingImport(path: path, commit: index + 1, reason: error)
            }
            encoded.append(entry)
        }
        try log.appendAll(encoded)
        ledger = next
        access?.record(.create, what: what, count: next.book.cases.count)
        // Everything is in the log now: a snapshot that cannot be written is made on a later open,
        // never a failed import (which a retry would refuse: the store is no longer empty).
        try? writeSnapshot()
    }
}
