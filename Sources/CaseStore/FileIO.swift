import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Thin, throwing wrappers over the POSIX calls the store needs, so every failure names its file.
enum FileIO {
    static func check(_ result: Int32, _ operation: String, _ path: String) throws(StoreError) {
        if result < 0 { throw StoreError.io(operation: operation, path: path, errno: errno) }
    }

    static func open(_ path: String, _ flags: Int32, mode: mode_t = 0o600) throws(StoreError) -> Int32 {
        let fd = Glibc.open(path, flags | O_CLOEXEC, mode)
        try check(fd, "open", path)
        return fd
    }

    static func exists(_ path: String) -> Bool { access(path, F_OK) == 0 }

    static func size(_ fd: Int32, _ path: String) throws(StoreError) -> UInt64 {
        var info = stat()
        try check(fstat(fd, &info), "stat", path)
        return UInt64(info.st_size)
    }

    /// Reads `count` bytes at `offset`, or fewer at the end of the file.
    static func read(_ fd: Int32, at offset: UInt64, count: Int, _ path: String) throws(StoreError) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: count)
        var done = 0
        while done < count {
            let n = bytes.withUnsafeMutableBytes { buffer in
                pread(fd, buffer.baseAddress! + done, count - done, off_t(offset) + off_t(done))
            }
            if n < 0 {
                if errno == EINTR { continue }
                throw StoreError.io(operation: "read", path: path, errno: errno)
            }
            if n == 0 { break }
            done += n
        }
        return done == count ? bytes : Array(bytes[0..<done])
    }

    static func readAll(_ path: String) throws(StoreError) -> [UInt8] {
        let fd = try open(path, O_RDONLY)
        defer { close(fd) }
        return try read(fd, at: 0, count: Int(try size(fd, path)), path)
    }

    /// Writes all of `bytes` at `offset` (the journal's known end: never where a file position
    /// happens to stand).
    static func writeAll(_ fd: Int32, _ bytes: [UInt8], at offset: UInt64, _ path: String) throws(StoreError) {
        var done = 0
        while done < bytes.count {
            let n = bytes.withUnsafeBytes { buffer in
                pwrite(fd, buffer.baseAddress! + done, bytes.count - done, off_t(offset) + off_t(done))
            }
            if n < 0 {
                if errno == EINTR { continue }
                throw StoreError.io(operation: "write", path: path, errno: errno)
            }
            done += n
        }
    }

    static func sync(_ fd: Int32, _ path: String) throws(StoreError) {
        try check(fsync(fd), "fsync", path)
    }

    static func syncDirectory(_ path: String) throws(StoreError) {
        let fd = try open(path, O_RDONLY | O_DIRECTORY)
        defer { close(fd) }
        try sync(fd, path)
    }

    /// Replaces `path` with `bytes` so that a crash leaves either the old or the new file whole:
    /// a temporary file of this process (mode `mode`, set explicitly), fsync, rename, fsync of the
    /// directory. Several processes may replace the same file at once; the last rename wins whole.
    /// Removes what a process killed while replacing `path` left beside it (`NAME.tmp-PID`, its
    /// process gone, untouched for ten minutes), so a killed export does not leave a copy behind
    /// for longer than the next write of the same file. Never follows a link (unlink removes it).
    static func removeStaleTemporaries(of path: String) {
        let folder = (path as NSString).deletingLastPathComponent
        let prefix = (path as NSString).lastPathComponent + ".tmp-"
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder.isEmpty ? "." : folder) else {
            return
        }
        for name in names where name.hasPrefix(prefix) {
            let stale = (folder.isEmpty ? "." : folder) + "/" + name
            guard let pid = Int32(name.dropFirst(prefix.count)), isLeftBehind(stale, by: pid) else { continue }
            unlink(stale)
        }
    }

    /// Whether `path` was left by process `pid` that is gone, untouched for ten minutes (younger
    /// may be another host's, writing still), and is ours. Never follows a link.
    static func isLeftBehind(_ path: String, by pid: Int32, directory: Bool = false) -> Bool {
        guard pid != getpid(), kill(pid, 0) != 0, errno == ESRCH else { return false }
        var info = stat()
        guard lstat(path, &info) == 0, info.st_uid == getuid() else { return false }
        guard !directory || info.st_mode & S_IFMT == S_IFDIR else { return false }
        return Date().timeIntervalSince1970 - Double(info.st_mtim.tv_sec) > 600
    }

    /// `durable: false` leaves out the fsyncs (a file that only helps, whose last change may be lost).
    static func replace(_ path: String, with bytes: [UInt8], mode: mode_t = 0o600, durable: Bool = true)
        throws(StoreError)
    {
        let temporary = path + ".tmp-\(getpid())"
        removeStaleTemporaries(of: path)
        // Made new, never through a link someone put there, and private before a byte is written.
        if Glibc.access(temporary, F_OK) == 0 { unlink(temporary) }
        let fd = try open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW, mode: mode & 0o600)
        do {
            try check(fchmod(fd, mode), "chmod", temporary)
            try writeAll(fd, bytes, at: 0, temporary)
            if durable { try sync(fd, temporary) }
        } catch {
            close(fd)
            unlink(temporary)
            throw error
        }
        close(fd)
        if rename(temporary, path) != 0 {
            let code = errno
            unlink(temporary)
            throw StoreError.io(operation: "rename", path: temporary, errno: code)
        }
        if durable { try syncDirectory((path as NSString).deletingLastPathComponent) }
    }
}

/// A file other tools read (an export, a summary for a partner), written whole or not at all and
/// readable by its owner only (0600) from its first byte.
///
/// It is written in a private directory of its own beside the target (`.schakel-PID-XXXXXX`,
/// 0700, made by mkdtemp), with `O_EXCL|O_NOFOLLOW`, then renamed into place, and the directory
/// removed on every path: in a shared folder (`/tmp`, a team share) nobody else can open it while
/// it is written, nor plant a link where it will be. What a killed process left (its directory,
/// its process gone, ten minutes old) goes with the next write into the same folder.
public enum PrivateFile {
    public static func write(_ bytes: [UInt8], to path: String) throws(StoreError) {
        let absolute = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
        let parent = (absolute as NSString).deletingLastPathComponent
        let folder = parent.isEmpty ? "/" : parent
        removeStale(in: folder)
        var template = Array((folder + "/.schakel-\(getpid())-XXXXXX").utf8CString)
        let made = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }
        guard made != nil else { throw StoreError.io(operation: "mkdir", path: folder, errno: errno) }
        let directory = String(cString: template)
        defer { rmdir(directory) }
        let temporary = directory + "/" + (absolute as NSString).lastPathComponent
        let fd = try FileIO.open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW, mode: 0o600)
        do throws(StoreError) {
            try FileIO.check(fchmod(fd, 0o600), "chmod", temporary)
            try FileIO.writeAll(fd, bytes, at: 0, temporary)
            try FileIO.sync(fd, temporary)
        } catch {
            close(fd)
            unlink(temporary)
            throw error
        }
        close(fd)
        if rename(temporary, absolute) != 0 {
            let code = errno
            unlink(temporary)
            throw StoreError.io(operation: "rename", path: absolute, errno: code)
        }
        try FileIO.syncDirectory(folder)
    }

    /// Removes the private directories (and what is in them) that killed writes left in `folder`.
    static func removeStale(in folder: String) {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return }
        for name in names where name.hasPrefix(".schakel-") {
            let parts = name.split(separator: "-")
            let directory = folder + "/" + name
            guard parts.count == 3, let pid = Int32(parts[1]), FileIO.isLeftBehind(directory, by: pid, directory: true)
            else { continue }
            for entry in (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? [] {
                unlink(directory + "/" + entry)
            }
            rmdir(directory)
        }
    }
}
