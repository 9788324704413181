import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Waits for the first of: input on the terminal, a change signal from the store, or a timeout.
enum Waiter {
    struct Ready {
        var terminal = false
        var store = false
    }

    /// `poll` over the descriptors that exist; a signal (a resize, a request to stop) ends the wait early.
    static func wait(terminal: Int32?, store: Int32?, timeoutMilliseconds: Int) -> Ready {
        var descriptors: [pollfd] = []
        if let terminal { descriptors.append(pollfd(fd: terminal, events: Int16(POLLIN), revents: 0)) }
        if let store { descriptors.append(pollfd(fd: store, events: Int16(POLLIN), revents: 0)) }
        // With nothing to wait on, poll only sleeps the timeout, so a loop never spins.
        let count = poll(&descriptors, nfds_t(descriptors.count), Int32(clamping: timeoutMilliseconds))
        guard count > 0 else { return Ready() }
        var ready = Ready()
        var index = 0
        if terminal != nil {
            ready.terminal = descriptors[index].revents != 0
            index += 1
        }
        if store != nil { ready.store = descriptors[index].revents & Int16(POLLIN) != 0 }
        return ready
    }

    /// A monotonic clock in milliseconds.
    static func milliseconds() -> Int {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return time.tv_sec * 1_000 + time.tv_nsec / 1_000_000
    }
}

/// When the desk asks the store whether anything changed.
///
/// A wake-up from the store's descriptor means a writer touched the database, but its commit may
/// not be visible yet (SQLite writes the WAL first), so after a wake-up the desk asks every 20 ms
/// for half a second. It goes on asking after it has seen a change: a second writer's wake-up may
/// have been taken in with the first, and its commit become visible a moment later. Besides that
/// it asks once a second, so a change is seen even where no descriptor can be watched. Each
/// question is one `PRAGMA data_version`.
struct StoreWatch {
    static let interval = 1_000
    static let recheckInterval = 20
    static let recheckWindow = 500

    private var lastCheck = 0
    private var recheckUntil = 0

    func nextCheck(now: Int) -> Int {
        lastCheck + (now < recheckUntil ? Self.recheckInterval : Self.interval)
    }

    func isDue(now: Int) -> Bool { now >= nextCheck(now: now) }

    func timeoutMilliseconds(now: Int) -> Int { min(Self.interval, max(0, nextCheck(now: now) - now)) }

    mutating func woken(now: Int) { recheckUntil = now + Self.recheckWindow }

    mutating func checked(now: Int) { lastCheck = now }
}
