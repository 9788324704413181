import CaseModel
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// The journal of stores made before the SQLite store: read only, to upgrade them.
///
/// The file starts with a header line; then records, each `[length u32 LE][crc32 u32 LE][payload]`
/// with a JSON-encoded `Commit` as payload. Nothing writes this format any more.
enum LegacyJournal {
    static let fileName = "journal.skj"
    static let header = Array("SCHAKEL-JOURNAL 1\n".utf8)
    static let frameHeaderSize = 8
    /// The largest payload accepted; a larger length field is damage, not data.
    static let maximumPayload = 512 << 20

    struct Record {
        var offset: UInt64
        var end: UInt64
        var commit: Commit
    }

    /// What scanning a journal found.
    struct Scan {
        var records: [Record]
        /// Where the last whole record ends: what a writer keeps.
        var validEnd: UInt64
        /// Bytes after `validEnd` that are a torn write (no whole record follows them).
        var tornBytes: UInt64
    }

    static let decoder: JSONDecoder = {
        let d = JSONDecoder()
        d.dateDecodingStrategy = .iso8601
        return d
    }()

    private static func u32(_ bytes: [UInt8], _ at: Int) -> UInt32 {
        UInt32(bytes[at]) | UInt32(bytes[at + 1]) << 8 | UInt32(bytes[at + 2]) << 16 | UInt32(bytes[at + 3]) << 24
    }

    /// The frame at `at` if it is whole and its checksum holds: its payload range.
    private static func validFrame(_ bytes: [UInt8], at: Int) -> Range<Int>? {
        guard bytes.count - at >= frameHeaderSize else { return nil }
        let length = Int(u32(bytes, at))
        guard length > 0, length <= maximumPayload, bytes.count - at - frameHeaderSize >= length else { return nil }
        let payload = (at + frameHeaderSize)..<(at + frameHeaderSize + length)
        guard CRC32.checksum(bytes[payload]) == u32(bytes, at + 4) else { return nil }
        return payload
    }

    /// Reads records from `bytes` (the file from `base` on).
    ///
    /// Damage followed by no whole record is a torn tail (a write cut short by a crash): reported in
    /// `tornBytes`. Damage followed by a whole record is corruption in the middle: a hard error that
    /// names the offset, because skipping it would silently lose history.
    static func scan(_ bytes: [UInt8], base: UInt64, file: String) throws(StoreError) -> Scan {
        var records: [Record] = []
        var at = 0
        while at < bytes.count {
            guard let payload = validFrame(bytes, at: at) else {
                var probe = at + 1
                while probe < bytes.count {
                    if validFrame(bytes, at: probe) != nil {
                        throw StoreError.corruptRecord(
                            file: file, offset: base + UInt64(at),
                            reason: "length or checksum does not match, and whole records follow")
                    }
                    probe += 1
                }
                return Scan(records: records, validEnd: base + UInt64(at), tornBytes: UInt64(bytes.count - at))
            }
            let commit: Commit
            do {
                commit = try decoder.decode(Commit.self, from: Data(bytes[payload]))
            } catch {
                throw StoreError.corruptRecord(
                    file: file, offset: base + UInt64(at),
                    reason: "checksum holds but the record cannot be read: \(error)")
            }
            records.append(Record(offset: base + UInt64(at), end: base + UInt64(payload.upperBound), commit: commit))
            at = payload.upperBound
        }
        return Scan(records: records, validEnd: base + UInt64(at), tornBytes: 0)
    }
}
