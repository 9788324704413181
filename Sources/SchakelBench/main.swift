import CaseModel
import CaseStore
import Desk
import Foundation
import Screen

// schakel-bench: the store and desk figures the README quotes, measured on this machine.
//
//   swift run -c release schakel-bench [--sizes 1000,10000,100000] [--runs 7] [--schakel PATH]
//
// For each size it builds a deterministic demo store (seed 1) in a temporary directory and
// measures, with warm-up and repeated runs (median and worst): opening a desk to its first
// rendered frame (in-memory terminal, in this process), taking in a colleague's commit in an open
// desk, a registration saved from the desk's own form, one durable `case add` as a whole `schakel`
// process, and ten such processes writing at once (commits per second). Peak memory is the resident high-water mark of the process measured.
//
// Each SQLite store also gets an encrypted copy (the same commits, sealed with `Keyring.encrypt`, its
// sealed snapshot built before any timing). The store's open and the desk's open to its first frame
// are measured on both, their runs alternating, and printed side by side with the ratio; one unlock
// (scrypt) is timed on its own, as that is what an encrypted open does once more. A table at the end
// puts the sizes together.

struct Options {
    var sizes = [1_000, 10_000, 100_000]
    var runs = 7
    var schakel: String
    /// An empty PostgreSQL database to measure the same on (its password from PGPASSWORD or ~/.pgpass).
    var postgres: String?
    var postgresCases = 10_000
    /// CI's smoke run: the figures once over, without the ten-second idle and the ten writers; a
    /// figure that shows the work is not linear (the partner file's reading) fails it.
    var smoke = false
    /// Rows of the larger partner file read (the smaller has a tenth).
    var partnerRows = 100_000

    init(_ arguments: [String]) throws {
        let built = URL(fileURLWithPath: arguments[0]).deletingLastPathComponent().appendingPathComponent("schakel")
            .path
        schakel = built
        var rest = arguments.dropFirst()
        while let flag = rest.popFirst() {
            if flag == "--smoke" {
                (smoke, sizes, runs, partnerRows) = (true, [1_000], 3, 20_000)
                continue
            }
            guard let value = rest.popFirst() else { throw BenchError("\(flag) needs a value") }
            switch flag {
            case "--sizes":
                sizes = try value.split(separator: ",").map {
                    guard let n = Int($0), n > 0 else { throw BenchError("bad size \($0)") }
                    return n
                }
            case "--runs":
                guard let n = Int(value), n > 0 else { throw BenchError("bad --runs \(value)") }
                runs = n
            case "--schakel": schakel = value
            case "--postgres": postgres = value
            case "--postgres-cases":
                guard let n = Int(value), n > 0 else { throw BenchError("bad --postgres-cases \(value)") }
                postgresCases = n
            case "--partner-rows":
                guard let n = Int(value), n >= 10 else { throw BenchError("bad --partner-rows \(value)") }
                partnerRows = n
            default:
                throw BenchError(
                    "unknown option \(flag); use --sizes, --runs, --schakel, --postgres, --postgres-cases, --partner-rows, --smoke"
                )
            }
        }
        guard FileManager.default.isExecutableFile(atPath: schakel) else {
            throw BenchError(
                "no schakel binary at \(schakel); build it (swift build -c release) or give --schakel PATH")
        }
    }
}

@MainActor
func bench(_ options: Options) throws {
    print("schakel-bench: \(CommandLine.arguments.joined(separator: " "))")
    print("machine: \(machine())")
    print("each figure: \(options.runs) runs after one warm-up; a whole process is timed from spawn to exit\n")
    // The machine's position record (where it saw each store) of this run alone, for this process
    // and the ones it starts: as an advisor's machine holds a few stores, not every throwaway store
    // of earlier runs and test suites (up to 2,000 lines, read and written by every change).
    let state = NSTemporaryDirectory() + "schakel-bench-state-" + UUID().uuidString
    setenv("XDG_STATE_HOME", state, 1)
    defer { try? FileManager.default.removeItem(atPath: state) }
    let environment = [
        "SCHAKEL_NOW": "2026-11-24T09:00:00Z", "SCHAKEL_ADVISOR": "Bench", "PATH": "/usr/bin:/bin",
        "HOME": NSTemporaryDirectory(), "XDG_STATE_HOME": state,
    ]
    let context = try DeskContext(
        region: Region.load(storeDirectory: nil),
        clock: FixedClock(ISO8601DateFormatter().date(from: "2026-11-24T09:00:00Z")!),
        advisor: "Bench", text: Localizer(language: .nl))
    var figures: [SizeFigures] = []
    for size in options.sizes {
        let root = NSTemporaryDirectory() + "schakel-bench-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: root) }
        figures.append(
            try measureStore(
                root + "/store", size: size, title: "\(size) cases", options, environment, context,
                encryptedCopy: root + "/sealed"))
    }
    printComparisons(figures.compactMap(\.comparison))
    let partners = try PartnerImportFigures(rows: options.partnerRows, context: context)
    print(
        String(
            format:
                "— a partner file read into the directory: %d rows %.1f ms, %d rows %.1f ms (growth ×%.2f of linear)\n",
            partners.small.rows, partners.small.ms, partners.large.rows, partners.large.ms, partners.growth))
    printTargets(figures, partners: partners)
    // Reading that is not linear shows as growth far above 1 (a quadratic one: the ratio of the rows).
    if partners.growth > 3 {
        throw BenchError(String(format: "reading a partner file grew ×%.1f beyond linear", partners.growth))
    }
    if let postgres = options.postgres {
        // The desk's snapshot of a PostgreSQL store is a local cache; cold is without it.
        let cache = NSTemporaryDirectory() + "schakel-bench-cache-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: cache) }
        setenv("XDG_CACHE_HOME", cache, 1)
        var env = environment
        env["XDG_CACHE_HOME"] = cache
        if let password = ProcessInfo.processInfo.environment["PGPASSWORD"] { env["PGPASSWORD"] = password }
        try measureStore(
            postgres, size: options.postgresCases, title: "\(options.postgresCases) cases on PostgreSQL (loopback)",
            options, env, context,
            coldOpen: { try? FileManager.default.removeItem(atPath: cache) })
    }
}

/// What one store's figures came to, for the tables at the end.
@MainActor
struct SizeFigures {
    var size: Int
    var firstFrame: (median: Double, worst: Double)
    var peakMiB: Int
    var keys: KeyFigures
    var process: ProcessFigures
    var comparison: OpenComparison?
}

/// The figures for one store: made with `schakel demo`, then measured. With `encryptedCopy` (a
/// SQLite store's), an encrypted copy is made there and its desk open compared with the plain one's.
@MainActor
@discardableResult
func measureStore(
    _ store: String, size: Int, title: String, _ options: Options, _ environment: [String: String],
    _ context: DeskContext,
    coldOpen: (() -> Void)? = nil, encryptedCopy: String? = nil
) throws -> SizeFigures {
    let made = now()
    // A region's history: ten years of it, the queue the last eight weeks'; a contact per fifty
    // cases and a consultation per two (2,000 and 50,000 at 100,000 cases).
    let scale = [
        "--years", "10", "--contacts", String(max(12, size / 50)), "--consultations", String(max(7, size / 2)),
    ]
    guard
        try run(
            options.schakel, ["demo", "--store", store, "--cases", String(size), "--seed", "1"] + scale,
            environment: environment
        ).status == 0
    else {
        throw BenchError("schakel demo --cases \(size) failed on \(store) (it must be empty)")
    }
    var madeIn = "demo made in \(String(format: "%.1f", (now() - made) / 1_000)) s"
    // Copied before anything below adds to the store, so both hold the same commits.
    if let encryptedCopy {
        let sealing = now()
        try makeEncryptedCopy(of: store, at: encryptedCopy)
        madeIn += "; encrypted copy made in \(String(format: "%.1f", (now() - sealing) / 1_000)) s"
    }
    print("— \(title) (\(madeIn))")

    // The store and its encrypted copy, if any, are opened the same way, their runs alternating so a
    // burst of other work on the machine falls on both alike.
    let locations: [(String, Unlock?)] = [(store, nil)] + (encryptedCopy.map { [($0, Sealed.unlock)] } ?? [])
    let openStore = { (location: String, unlock: Unlock?) throws in
        let s = try CaseStore.open(location: location, unlock: unlock)
        s.close()
    }
    let loads = try measureAlternating(options.runs, locations.map { place in { try openStore(place.0, place.1) } })
    let load = loads[0].ms
    print("  store open (every case)         \(format(load))" + (coldOpen == nil ? "" : "   (warm local cache)"))
    if let coldOpen {
        let cold = try measure(options.runs) {
            coldOpen()
            let s = try CaseStore.open(location: store, readOnly: true)
            s.close()
        }
        print("  store open, no local cache      \(format(cold))")
    }
    if loads.count > 1 {
        // The store alone, without the desk: what an encrypted open adds, undiluted by drawing.
        print("  … on the encrypted copy         \(format(loads[1].ms))   \(ratio(loads[1].ms, over: load))")
    }
    // From the snapshot, both (a rebuilt one would be a replay, not an open), to the first frame,
    // as the desk opens: its open cases first (`Scope.openFirst`). The closed history it then takes
    // in is timed apart, from the same start; the peak is of the whole, history in.
    var historyIn: [[Double]] = [[], []]
    let openDesk = { (index: Int, location: String, unlock: Unlock?) throws -> Double? in
        let start = now()
        let s = try CaseStore.open(location: location, scope: .openFirst, unlock: unlock)
        defer { s.close() }
        guard s.notices.isEmpty else { throw BenchError("opening \(location) was not from its snapshot: \(s.notices)") }
        let app = DeskApp(store: s, terminal: InMemoryTerminal(width: 120, height: 40), context: context)
        app.draw()
        let frame = now() - start
        app.takeHistory(wait: true)
        guard !s.isHistoryPending else { throw BenchError("the desk on \(location) did not take its history in") }
        historyIn[index].append(now() - start)
        return frame
    }
    let opens = try measureAlternating(
        options.runs,
        timing: locations.enumerated().map { index, place in { try openDesk(index, place.0, place.1) } })
    let open = opens[0].ms
    print("  desk open to first frame        \(format(open))   peak \(opens[0].peakMiB) MiB (this process)")
    let history = historyIn[0].dropFirst().sorted()
    print(
        "  … closed history taken in       "
            + format((history[history.count / 2], history.last ?? 0))
            + "   (from the same start; keys answered meanwhile)")
    var comparison: OpenComparison?
    if let encryptedCopy {
        let sealedOpen = opens[1].ms
        // One unlock on its own: the advisor's key slot opened (scrypt, then AES-GCM on 32 bytes).
        guard let slot = try Keyring.slots(location: encryptedCopy).first(where: { $0.advisor == Sealed.advisor })
        else { throw BenchError("the encrypted copy has no key slot for \(Sealed.advisor)") }
        let unlock = try measure(options.runs) {
            guard try slot.open(passphrase: Sealed.passphrase) != nil else {
                throw BenchError("the key slot of the encrypted copy did not open")
            }
        }
        comparison = OpenComparison(size: size, plain: open, encrypted: sealedOpen, unlock: unlock)
        print(
            "  … on the encrypted copy         \(format(sealedOpen))   peak \(opens[1].peakMiB) MiB   "
                + ratio(sealedOpen, over: open))
        print(
            "  one unlock (scrypt 2^\(slot.n.trailingZeroBitCount), \(slot.r), \(slot.p))  \(format(unlock))"
                + String(
                    format: "   (%.0f %% of the encrypted median; without it ×%.2f of plain)",
                    unlock.median / sealedOpen.median * 100, (sealedOpen.median - unlock.median) / open.median))
    }

    let desk = try CaseStore.open(location: store)
    let app = DeskApp(store: desk, terminal: InMemoryTerminal(width: 120, height: 40), context: context)
    app.draw()
    let colleague = try CaseStore.open(location: store, scope: .cases([]))
    var n = 0
    var applied: [Double] = []
    for round in 0...options.runs {
        n += 1
        let registration = CaseRegistered(
            id: colleague.book.nextCaseID(year: 2026), person: Person(name: "Collega \(n)"), gemeente: "Harlingen",
            wijkteam: nil,
            source: .politie, referrer: nil, reason: "bench", goal: "", receivedAt: context.clock.now, riskSignals: [],
            advisor: "Collega", deadlines: [])
        try colleague.commit([.registered(registration)], at: context.clock.now, actor: "Collega")
        // From the colleague's acknowledged commit to the desk's next frame showing it.
        let start = now()
        while app.state.cases[registration.id] == nil {
            app.refreshFromStore()
            if now() - start > 5_000 { throw BenchError("the desk did not see a colleague's commit within 5 s") }
        }
        app.draw()
        if round > 0 { applied.append(now() - start) }
    }
    applied.sort()
    let apply = (median: applied[applied.count / 2], worst: applied.last ?? 0)
    print("  colleague's commit in open desk \(format(apply))   (commit seen, applied, frame drawn)")
    // The advisor's own change: a registration typed into the desk's form, timed from F2 to the
    // frame that shows it saved (the commit is durable before the desk says so).
    var saved: [Double] = []
    for round in 0...options.runs {
        var keys: [Key] =
            [.character("n"), .character("w"), .tab, .tab, .tab] + "Bench Desk \(round)".map { .character($0) }
        keys +=
            [.tab, .tab, .tab, .tab, .tab, .tab] + "Leeu".map { .character($0) } + [.tab, .tab]
            + "Zorgen".map { .character($0) }
        for key in keys { app.handle(.key(key)) }
        let before = app.state.cases.count
        let start = now()
        app.handle(.key(.function(2)))
        app.draw()
        let elapsed = now() - start
        guard app.state.cases.count == before + 1, app.state.mode == .queue else {
            throw BenchError(
                "the desk's registration form did not save (mode \(app.state.mode), message \(app.state.message?.text ?? "-"))"
            )
        }
        if round > 0 { saved.append(elapsed) }
    }
    saved.sort()
    print(
        "  durable change in open desk     \(format((saved[saved.count / 2], saved.last ?? 0)))   (F2 on a registration to the frame saying it is saved)"
    )
    let keys = KeyFigures(app, rounds: max(1, options.runs / 3))
    print("  key to frame, moving            \(keys.moving.line)")
    print("  key to frame, search as you type \(keys.filtering.line)")
    print("  key to frame, is this person known? \(keys.known.line)")
    if !options.smoke {
        // The desk's own loop, idling: it waits on the store's change descriptor and asks the
        // store once a second; what it costs is the CPU this process uses meanwhile.
        let idleSeconds = 10.0
        let before = cpuSeconds()
        let idleStart = now()
        app.run(interrupted: { now() - idleStart > idleSeconds * 1_000 })
        let used = cpuSeconds() - before
        print(
            String(
                format: "  idle desk                       %6.3f s of CPU in %.0f s (%.2f %% of one core)", used,
                idleSeconds, used / idleSeconds * 100))
    }
    colleague.close()
    desk.close()

    let process = try ProcessFigures(
        schakel: options.schakel, store: store, runs: options.runs, environment: environment)
    print("  durable case add (process)      \(format(process.add))   peak \(process.addPeak)")
    print("  durable note (process)          \(format(process.note))")
    print("  durable decision (process)      \(format(process.decision))")
    print("  is this person known? (process) \(format(process.known))")
    print("  export, the whole store (process) \(format(process.export))")
    let figures = SizeFigures(
        size: size, firstFrame: open, peakMiB: opens[0].peakMiB, keys: keys, process: process, comparison: comparison)
    guard !options.smoke else {
        print("")
        return figures
    }

    let writers = 10
    let each = 10
    let start = now()
    let group = DispatchGroup()
    let failures = NSLock()
    nonisolated(unsafe) var failed = 0
    for w in 0..<writers {
        DispatchQueue.global().async(group: group) {
            for k in 0..<each {
                let ok =
                    (try? run(
                        options.schakel,
                        [
                            "case", "add", "--store", store, "--name", "W\(w)-\(k)", "--gemeente", "Harlingen",
                            "--source", "politie", "--reason", "bench",
                        ], environment: environment
                    ).status) == 0
                if !ok {
                    failures.lock()
                    failed += 1
                    failures.unlock()
                }
            }
        }
    }
    group.wait()
    let seconds = (now() - start) / 1_000
    print(
        String(
            format: "  10 writers at once              %6.0f commits/s   (%d × %d case adds in %.2f s, %d refused)",
            Double(writers * each) / seconds, writers, each, seconds, failed))
    print("")
    return figures
}

do {
    let options = try Options(CommandLine.arguments)
    try MainActor.assumeIsolated { try bench(options) }
} catch {
    FileHandle.standardError.write(Data("schakel-bench: \(error)\n".utf8))
    exit(1)
}
