import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Wakes a loop when files in a directory are written: inotify, non-blocking, for `poll`.
///
/// Only a hint: the caller checks what really changed (for SQLite, `PRAGMA data_version`), since a
/// writer touches its WAL before its commit is visible, and its own writes wake it too.
final class DirectoryWatcher {
    private(set) var descriptor: Int32
    private let names: Set<String>
    private var pending = false

    /// Nil when inotify cannot be had (then the caller polls).
    init?(directory: String, names: Set<String>) {
        let fd = inotify_init1(Int32(IN_NONBLOCK | IN_CLOEXEC))
        guard fd >= 0 else { return nil }
        let mask = UInt32(IN_MODIFY) | UInt32(IN_CLOSE_WRITE) | UInt32(IN_MOVED_TO) | UInt32(IN_CREATE)
        guard inotify_add_watch(fd, directory, mask) >= 0 else {
            Glibc.close(fd)
            return nil
        }
        descriptor = fd
        self.names = names
    }

    /// Reads every waiting event; true when one concerned the watched names.
    @discardableResult
    func drain() -> Bool {
        guard descriptor >= 0 else { return false }
        var relevant = false
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count <= 0 { break }
            var offset = 0
            while offset + 16 <= count {
                // struct inotify_event: wd, mask, cookie, len (4 bytes each), then a NUL-padded name.
                let length = buffer.withUnsafeBytes { Int($0.load(fromByteOffset: offset + 12, as: UInt32.self)) }
                let start = offset + 16
                let end = min(start + length, count)
                let name = String(decoding: buffer[start..<end].prefix { $0 != 0 }, as: UTF8.self)
                if names.contains(name) { relevant = true }
                offset = start + length
            }
        }
        return relevant
    }

    func close() {
        guard descriptor >= 0 else { return }
        Glibc.close(descriptor)
        descriptor = -1
    }

    deinit { close() }
}

/// Tells whether a process that announced itself still runs (and is the same process, not a later
/// one that was given its number).
enum ProcessIdentity {
    static var hostName: String {
        var host = [CChar](repeating: 0, count: 256)
        gethostname(&host, host.count - 1)
        return String(decoding: host.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// The operating system's login of this process (its effective user): who a store without a
    /// server of its own records as a commit's author.
    static var login: String {
        if let entry = getpwuid(geteuid()), let name = entry.pointee.pw_name { return String(cString: name) }
        return "uid \(geteuid())"
    }

    /// The process's start time in clock ticks since boot (field 22 of /proc/PID/stat).
    static func startTime(of pid: Int32) -> String? {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let close = stat.lastIndex(of: ")")
        else { return nil }
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        // After the command name: state is field 3, so start time (22) is the 20th here.
        return fields.count > 19 ? String(fields[19]) : nil
    }

    /// On another host nothing can be checked, so it counts as running.
    static func isRunning(_ pid: Int32, host: String, started: String) -> Bool {
        guard host == hostName else { return true }
        if kill(pid, 0) != 0 && errno == ESRCH { return false }
        guard let now = startTime(of: pid) else { return true }
        return started.isEmpty || now == started
    }
}
