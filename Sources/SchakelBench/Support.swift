import CaseStore
import Foundation

// What every figure of schakel-bench is measured with: clocks, repeated runs, child processes,
// peak memory, and how a figure is printed.

struct BenchError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// Milliseconds of a monotonic clock.
func now() -> Double {
    var time = timespec()
    clock_gettime(CLOCK_MONOTONIC, &time)
    return Double(time.tv_sec) * 1_000 + Double(time.tv_nsec) / 1_000_000
}

/// Median and worst of repeated runs, after one warm-up run that is not counted.
func measure(_ runs: Int, _ body: () throws -> Void) rethrows -> (median: Double, worst: Double) {
    try body()
    var times: [Double] = []
    for _ in 0..<runs {
        let start = now()
        try body()
        times.append(now() - start)
    }
    times.sort()
    return (times[times.count / 2], times.last ?? 0)
}

/// Several bodies measured like `measure`, their runs alternating (one of each in turn, after one
/// warm-up of each), so a burst of other work on the machine falls on all of them alike. Each comes
/// with its peak resident memory in MiB: the most any of its runs reached, the high-water mark being
/// started again before every run (where the kernel does not allow that, the peak since start).
func measureAlternating(_ runs: Int, _ bodies: [() throws -> Void]) throws -> [(
    ms: (median: Double, worst: Double), peakMiB: Int
)] {
    try measureAlternating(
        runs,
        timing: bodies.map { body in
            { () throws -> Double? in
                try body()
                return nil
            }
        })
}

/// As `measureAlternating`, each body saying how long the part it times took (nil: all of it), so
/// it can finish work that is not timed but must not spill into the next run.
func measureAlternating(_ runs: Int, timing bodies: [() throws -> Double?]) throws -> [(
    ms: (median: Double, worst: Double), peakMiB: Int
)] {
    for body in bodies { _ = try body() }
    var times = [[Double]](repeating: [], count: bodies.count)
    var peaks = [Int](repeating: 0, count: bodies.count)
    for _ in 0..<runs {
        for (index, body) in bodies.enumerated() {
            resetPeakResident()
            let start = now()
            let timed = try body()
            times[index].append(timed ?? now() - start)
            peaks[index] = max(peaks[index], peakResidentKiB() / 1_024)
        }
    }
    return zip(times, peaks).map { times, peak in
        let sorted = times.sorted()
        return ((sorted[sorted.count / 2], sorted.last ?? 0), peak)
    }
}

/// Runs the schakel binary; returns its exit status and its peak resident memory in KiB.
@discardableResult
func run(_ executable: String, _ arguments: [String], environment: [String: String]) throws -> (
    status: Int32, peakKiB: Int
) {
    var pid: pid_t = 0
    var actions: posix_spawn_file_actions_t = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
    posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
    let argv = ([executable] + arguments).map { strdup($0) } + [nil]
    let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
    defer { for pointer in argv + envp { free(pointer) } }
    guard posix_spawn(&pid, executable, &actions, nil, argv, envp) == 0 else {
        throw BenchError("cannot start \(executable)")
    }
    var status: Int32 = 0
    var usage = rusage()
    while wait4(pid, &status, 0, &usage) < 0 && errno == EINTR {}
    return ((status >> 8) & 0xFF, Int(usage.ru_maxrss))
}

/// The peak resident memory of one run of `executable`. A child spawned from this process inherits
/// its high-water mark (Linux keeps the parent's across vfork and exec), so a small Python process
/// runs it and reports its children's peak.
func childPeak(_ executable: String, _ arguments: [String], _ environment: [String: String]) -> String {
    let script =
        "import resource,subprocess,sys; subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL); "
        + "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
    let pipe = Pipe()
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["python3", "-c", script, executable] + arguments
    process.environment = environment
    process.standardOutput = pipe
    guard (try? process.run()) != nil else { return "n/a (no python3)" }
    process.waitUntilExit()
    let text = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    guard let kib = Int(text.trimmingCharacters(in: .whitespacesAndNewlines)) else { return "n/a" }
    return "\(kib / 1_024) MiB"
}

/// CPU time (user and system) this process has used.
func cpuSeconds() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) + Double(
        usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1_000_000
}

/// Starts the resident high-water mark again from what is resident now (Linux: `clear_refs` 5), so
/// a peak is of what follows; where the kernel does not allow it, the peak stays the one since start.
func resetPeakResident() {
    guard let file = FileHandle(forWritingAtPath: "/proc/self/clear_refs") else { return }
    defer { try? file.close() }
    try? file.write(contentsOf: Data("5".utf8))
}

func peakResidentKiB() -> Int {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Int(usage.ru_maxrss)
}

func format(_ ms: (median: Double, worst: Double)) -> String {
    String(format: "median %8.1f ms   worst %8.1f ms", ms.median, ms.worst)
}

/// An encrypted figure over its plain one, as the lines print it.
func ratio(_ encrypted: (median: Double, worst: Double), over plain: (median: Double, worst: Double)) -> String {
    let median = encrypted.median / plain.median
    return String(format: "(×%.2f median, ×%.2f worst of plain)", median, encrypted.worst / plain.worst)
}

/// The encrypted copies' one advisor and passphrase (scrypt costs the same whatever the passphrase).
enum Sealed {
    static let advisor = "Bench"
    static let passphrase = "bench: een lange zin als wachtwoord"
    static var unlock: Unlock { Unlock(advisor: advisor, passphrase: { _ in passphrase }) }
}

/// Makes an encrypted copy of the SQLite store `store` at `copy`, as a desk would then find it: the
/// log copied and checked (`CaseStore.backup`), every commit sealed (`Keyring.encrypt`, which removes
/// the snapshot), and one writable open, which builds the sealed snapshot the desk starts from.
func makeEncryptedCopy(of store: String, at copy: String) throws {
    try FileManager.default.createDirectory(
        atPath: copy, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
    _ = try CaseStore.backup(directory: store, to: copy + "/" + SQLiteCommitLog.fileName)
    _ = try Keyring.encrypt(location: copy, advisor: Sealed.advisor, passphrase: Sealed.passphrase)
    let sealed = try CaseStore.open(location: copy, unlock: Sealed.unlock)
    defer { sealed.close() }
    guard sealed.isEncrypted else { throw BenchError("the copy at \(copy) did not open as an encrypted store") }
}

/// The desk's open to its first frame on one size, plain and encrypted, for the closing table.
struct OpenComparison {
    var size: Int
    var plain: (median: Double, worst: Double)
    var encrypted: (median: Double, worst: Double)
    var unlock: (median: Double, worst: Double)

    /// Encrypted over plain; the issue asks at most 1.25 for 100,000 cases.
    var ratio: (median: Double, worst: Double) { (encrypted.median / plain.median, encrypted.worst / plain.worst) }
}

/// The sizes' plain and encrypted opens side by side (medians and worsts, in milliseconds).
func printComparisons(_ comparisons: [OpenComparison]) {
    guard !comparisons.isEmpty else { return }
    print("— desk open to first frame, plain and encrypted (encrypted within 25 % of plain: ratio at most 1.25)")
    print("                                plain                  encrypted    encrypted / plain     one unlock")
    print("     cases         median       worst         median       worst      median    worst         median")
    for c in comparisons {
        print(
            String(
                format: "  %8d  %10.1f ms %8.1f ms  %10.1f ms %8.1f ms  %8.2f × %6.2f ×  %10.1f ms  ",
                c.size, c.plain.median, c.plain.worst, c.encrypted.median, c.encrypted.worst, c.ratio.median,
                c.ratio.worst, c.unlock.median) + (c.ratio.median <= 1.25 ? "within 25 %" : "over 25 %"))
    }
    print("")
}

func machine() -> String {
    let cpu =
        ((try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? "")
        .split(separator: "\n").first { $0.hasPrefix("model name") }?.split(separator: ":").last?.trimmingCharacters(
            in: .whitespaces) ?? "?"
    return
        "\(ProcessInfo.processInfo.activeProcessorCount) cores, \(cpu), \(ProcessInfo.processInfo.physicalMemory >> 30) GiB, SQLite \(CaseStore.sqliteVersion)"
}
