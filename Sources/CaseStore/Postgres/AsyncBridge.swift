import Foundation
import PostgresNIO

#if canImport(Glibc)
    import Glibc
#endif

// How the synchronous store talks to asynchronous postgres-nio: waiting for async work, and a
// pipe that turns notifications into something `poll` can wait on.

/// Runs async work from synchronous code and waits for it.
///
/// The work runs on a task executor of its own (a serial dispatch queue), not on Swift's
/// cooperative pool: the caller may itself be one of that pool's few threads (the tests run on it),
/// and blocking all of them while the work waited for one would deadlock.
///
/// `seconds` bounds the wait: a connection that went dead without closing (a dropped VPN) must not
/// freeze the desk; the work goes on in the background and its result is dropped.
///
/// `watching`: the connection the work runs on. When it closes, the wait ends too: postgres-nio
/// does not always fail a query whose answer was lost with the connection (a read error inside a
/// transaction left it waiting for ever, found by the socket fault tests), and a command must not
/// sit out the whole `seconds` for an answer that cannot come.
func blocking<T: Sendable>(
    seconds: Double = 30, watching connection: PostgresConnection? = nil,
    _ body: @escaping @Sendable () async throws -> T
) throws -> T {
    let box = ResultBox<T>()
    let done = DispatchSemaphore(value: 0)
    Task(executorPreference: BridgeExecutor.shared) {
        do { box.result = .success(try await body()) } catch { box.result = .failure(error) }
        done.signal()
    }
    connection?.closeFuture.whenComplete { _ in done.signal() }
    guard done.wait(timeout: .now() + seconds) == .success else {
        throw StoreError.server(operation: "wait", path: "", problem: .noAnswer(seconds: Int(seconds)))
    }
    if box.result == nil, connection != nil {
        // Woken by the close: the work usually fails on its own a moment later, with its own words.
        _ = done.wait(timeout: .now() + 0.2)
        guard let result = box.result else {
            throw StoreError.server(operation: "query", path: "", problem: .connectionLost)
        }
        return try result.get()
    }
    guard let result = box.result else { throw StoreError.server(operation: "wait", path: "", problem: .noResult) }
    return try result.get()
}

/// Where `blocking` runs its work: a serial queue outside the cooperative pool.
final class BridgeExecutor: TaskExecutor, @unchecked Sendable {
    static let shared = BridgeExecutor()
    private let queue = DispatchQueue(label: "schakel.postgres.bridge")

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        queue.async { job.runSynchronously(on: self.asUnownedTaskExecutor()) }
    }
}

private final class ResultBox<T>: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: Result<T, any Error>?
    var result: Result<T, any Error>? {
        get {
            lock.lock()
            defer { lock.unlock() }
            return stored
        }
        set {
            lock.lock()
            stored = newValue
            lock.unlock()
        }
    }
}

/// A self-pipe: notifications from postgres-nio's event loop make its read end readable, for `poll`.
final class WakePipe: @unchecked Sendable {
    let readEnd: Int32
    private let writeEnd: Int32
    private let lock = NSLock()
    private var presenceSignals = 0
    private var isClosed = false

    init?() {
        var fds: [Int32] = [0, 0]
        guard pipe(&fds) == 0 else { return nil }
        for fd in fds {
            _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
            _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
        }
        readEnd = fds[0]
        writeEnd = fds[1]
    }

    /// Wakes the reader; `presence`: someone opened or left the store (no commit to look for).
    func signal(presence: Bool) {
        lock.lock()
        defer { lock.unlock() }
        // Never after close: the descriptor number may by then belong to another file.
        guard !isClosed else { return }
        if presence { presenceSignals += 1 }
        var byte: UInt8 = 1
        _ = write(writeEnd, &byte, 1)
    }

    func takePresenceSignals() -> Bool {
        lock.lock()
        defer { lock.unlock() }
        let any = presenceSignals > 0
        presenceSignals = 0
        return any
    }

    func drain() {
        var buffer = [UInt8](repeating: 0, count: 256)
        while buffer.withUnsafeMutableBytes({ read(readEnd, $0.baseAddress, $0.count) }) > 0 {}
    }

    func close() {
        lock.lock()
        defer { lock.unlock() }
        guard !isClosed else { return }
        isClosed = true
        Glibc.close(readEnd)
        Glibc.close(writeEnd)
    }
}

/// Tells a waiting thread whether something started on another one (once; later signals are ignored).
final class StartSignal: @unchecked Sendable {
    private let lock = NSLock()
    private let semaphore = DispatchSemaphore(value: 0)
    private var outcome: Bool?

    func signal(_ value: Bool) {
        lock.lock()
        defer { lock.unlock() }
        guard outcome == nil else { return }
        outcome = value
        semaphore.signal()
    }

    /// True when it started within `seconds`.
    func wait(seconds: Double) -> Bool {
        _ = semaphore.wait(timeout: .now() + seconds)
        lock.lock()
        defer { lock.unlock() }
        return outcome == true
    }
}
