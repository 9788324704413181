import CaseModel
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// One writer at a time: an exclusive `flock` on the store's `lock` file, which also says who holds it.
///
/// The kernel drops a `flock` when its process dies, so a lock file whose lock can be taken was left
/// by a process that crashed: it is taken over, and the previous holder is reported.
final class StoreLock {
    static let fileName = "lock"

    private let fd: Int32
    /// The holder named in a lock file that was left behind by a process that is gone.
    let takenOverFrom: LockHolder?

    private init(fd: Int32, takenOverFrom: LockHolder?) {
        self.fd = fd
        self.takenOverFrom = takenOverFrom
    }

    static func acquire(directory: String, holder: LockHolder) throws(StoreError) -> StoreLock {
        let path = directory + "/" + fileName
        let fd = try FileIO.open(path, O_RDWR | O_CREAT)
        if flock(fd, LOCK_EX | LOCK_NB) != 0 {
            let current = readHolder(fd: fd, path: path)
            close(fd)
            throw StoreError.locked(current ?? LockHolder(user: "?", host: "?", pid: 0, since: Date(timeIntervalSince1970: 0)))
        }
        let previous = readHolder(fd: fd, path: path)
        do {
            let bytes = Array(try JSONEncoder.iso.encode(holder)) + [10]
            try FileIO.check(ftruncate(fd, 0), "truncate", path)
            try FileIO.check(Int32(pwrite(fd, bytes, bytes.count, 0) == bytes.count ? 0 : -1), "write", path)
            try FileIO.sync(fd, path)
        } catch {
            close(fd)
            throw StoreError.io(operation: "write", path: path, errno: errno)
        }
        return StoreLock(fd: fd, takenOverFrom: previous)
    }

    private static func readHolder(fd: Int32, path: String) -> LockHolder? {
        guard let bytes = try? FileIO.read(fd, at: 0, count: 4096, path), !bytes.isEmpty else { return nil }
        return try? JSONDecoder.iso.decode(LockHolder.self, from: Data(bytes))
    }

    /// Empties the lock file and releases the lock: a clean exit leaves no holder behind.
    func release() {
        _ = ftruncate(fd, 0)
        flock(fd, LOCK_UN)
        close(fd)
    }
}

extension JSONEncoder {
    static let iso: JSONEncoder = {
        let e = JSONEncoder()
        e.dateEncodingStrategy = .iso8601
        e.outputFormatting = [.sortedKeys]
        return e
    }()
}

extension JSONDecoder {
    static let iso: JSONDecoder = {
        let d = JSONDecoder()
        d.dateDecodingStrategy = .iso8601
        return d
    }()
}
