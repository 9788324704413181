import CaseModel
import CaseStore
import Desk
import Foundation
import Screen

/// Median, 99th percentile and worst of many timings, in milliseconds.
struct Spread {
    var median: Double
    var p99: Double
    var worst: Double
    var count: Int

    init(_ times: [Double]) {
        let sorted = times.sorted()
        count = sorted.count
        median = sorted.isEmpty ? 0 : sorted[sorted.count / 2]
        p99 = sorted.isEmpty ? 0 : sorted[min(sorted.count - 1, Int(Double(sorted.count) * 0.99))]
        worst = sorted.last ?? 0
    }

    var line: String {
        String(format: "median %7.2f ms   p99 %7.2f ms   worst %7.2f ms   (%d keys)", median, p99, worst, count)
    }
}

/// What a key costs in an open desk: the key handled and the next frame drawn (into the in-memory
/// terminal, diffed as on a real one), each key timed on its own.
@MainActor
struct KeyFigures {
    var moving: Spread
    var filtering: Spread
    var known: Spread

    init(_ app: DeskApp, rounds: Int) {
        func timed(_ key: Key) -> Double {
            let start = now()
            app.handle(.key(key))
            app.draw()
            return now() - start
        }
        // Down the queue and back up, a page at a time too.
        var moving: [Double] = []
        for _ in 0..<rounds {
            for _ in 0..<50 { moving.append(timed(.character("j"))) }
            moving.append(timed(.pageDown))
            moving.append(timed(.pageUp))
            for _ in 0..<50 { moving.append(timed(.character("k"))) }
        }
        // Searching as you type: a surname, a gemeente and a number, letter by letter, then Esc.
        var filtering: [Double] = []
        for _ in 0..<rounds {
            for word in ["jansen", "leeuwarden", "2026-00", "visser sneek"] {
                _ = timed(.character("/"))
                for letter in word { filtering.append(timed(.character(letter))) }
                for _ in word { filtering.append(timed(.backspace)) }
                _ = timed(.escape)
                _ = timed(.escape)
            }
        }
        // "Is this person known?": a name over every case, open and closed, letter by letter.
        var known: [Double] = []
        for _ in 0..<rounds {
            for word in ["de vries", "bakker 1985"] {
                _ = timed(.character("b"))
                for letter in word { known.append(timed(.character(letter))) }
                _ = timed(.escape)
                _ = timed(.escape)
            }
        }
        self.moving = Spread(moving)
        self.filtering = Spread(filtering)
        self.known = Spread(known)
    }
}

/// One durable change of each kind as a whole `schakel` process, and an export: each run a new
/// case, note or decision (a decision on a case registered and triaged for it beforehand).
struct ProcessFigures {
    var add: (median: Double, worst: Double)
    var note: (median: Double, worst: Double)
    var decision: (median: Double, worst: Double)
    var export: (median: Double, worst: Double)
    var known: (median: Double, worst: Double)
    var addPeak: String

    init(schakel: String, store: String, runs: Int, environment: [String: String]) throws {
        func schakelRun(_ arguments: [String]) throws -> Int32 {
            try run(schakel, arguments + ["--store", store], environment: environment).status
        }
        func output(_ arguments: [String]) throws -> String {
            let pipe = Pipe()
            let process = Process()
            process.executableURL = URL(fileURLWithPath: schakel)
            process.arguments = arguments + ["--store", store]
            process.environment = environment
            process.standardOutput = pipe
            try process.run()
            let data = pipe.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            guard process.terminationStatus == 0 else { throw BenchError("schakel \(arguments.first ?? "") failed") }
            return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        }
        let registration = { (n: String) in
            [
                "case", "add", "--name", "Bench \(n)", "--gemeente", "Harlingen", "--source", "politie", "--reason",
                "bench",
            ]
        }
        var i = 0
        add = try measure(runs) {
            i += 1
            guard try schakelRun(registration("\(i)")) == 0 else { throw BenchError("case add failed") }
        }
        addPeak = childPeak(schakel, registration("peak") + ["--store", store], environment)
        let noted = try output(registration("notities"))
        note = try measure(runs) {
            guard try schakelRun(["note", noted, "--text", "Gebeld met de wijkagent.", "--kind", "telefoon"]) == 0
            else { throw BenchError("note failed") }
        }
        // Triaged cases, one per run (and the warm-up), decided one by one.
        var triaged: [String] = []
        for n in 0...runs {
            let id = try output(registration("besluit \(n)"))
            guard try schakelRun(["triage", id] + (1...4).flatMap { ["--criterion", "\($0)=nee"] }) == 0 else {
                throw BenchError("triage failed")
            }
            triaged.append(id)
        }
        decision = try measure(runs) {
            let id = triaged.removeLast()
            guard
                try schakelRun([
                    "decide", id, "--outcome", "verwijzen", "--to", "GGD", "--rationale", "Niet voor het ZVH.",
                ])
                    == 0
            else { throw BenchError("decide failed") }
        }
        let file = NSTemporaryDirectory() + "schakel-bench-export-\(getpid()).json"
        defer { unlink(file) }
        export = try measure(max(1, runs / 2)) {
            unlink(file)
            guard try schakelRun(["export", "--out", file]) == 0 else { throw BenchError("export failed") }
        }
        known = try measure(runs) {
            guard try schakelRun(["known", "de", "vries"]) == 0 else { throw BenchError("known failed") }
        }
    }
}

/// Reading a partner file (CSV) into the directory, at two sizes: linear reading keeps their ratio
/// near the ratio of the sizes (a quadratic one made 100,000 rows take over two minutes).
struct PartnerImportFigures {
    var small: (rows: Int, ms: Double)
    var large: (rows: Int, ms: Double)

    /// Large over small, divided by the ratio of the rows: about 1 when reading is linear.
    var growth: Double { (large.ms / small.ms) / (Double(large.rows) / Double(small.rows)) }

    init(rows: Int, context: DeskContext) throws {
        func file(_ rows: Int) -> [UInt8] {
            var text = "organisatie;soort;naam;functie;telefoon;email\n"
            for n in 0..<rows {
                text +=
                    "Wijkteam Bench \(n / 10);wijkteam;Medewerker \(n);medewerker;06-\(10_000_000 + n);m\(n)@bench.example\n"
            }
            return Array(text.utf8)
        }
        func read(_ rows: Int) throws -> Double {
            let bytes = file(rows)
            let start = now()
            let result = try PartnerCSV.read(
                bytes, into: PartnerDirectory(), region: context.region, today: context.today, defaultType: nil)
            let elapsed = now() - start
            guard result.rejected.isEmpty else { throw BenchError("the bench's partner file had bad lines") }
            return elapsed
        }
        _ = try read(rows / 10)
        small = (rows / 10, try read(rows / 10))
        large = (rows, try read(rows))
    }
}

/// The issue's targets against what was measured on the largest store (and how opening and a change
/// grow from the smallest to it), each said met or not.
@MainActor
func printTargets(_ figures: [SizeFigures], partners: PartnerImportFigures) {
    guard let largest = figures.max(by: { $0.size < $1.size }), let smallest = figures.min(by: { $0.size < $1.size })
    else { return }
    func row(_ what: String, _ value: String, _ target: String, _ met: Bool) {
        let padded = what.padding(toLength: 44, withPad: " ", startingAt: 0)
        print(
            "  \(padded) \(value.padding(toLength: 22, withPad: " ", startingAt: 0)) \(target.padding(toLength: 20, withPad: " ", startingAt: 0)) \(met ? "met" : "NOT MET")"
        )
    }
    func ms(_ value: Double) -> String { String(format: "%.2f ms", value) }
    print("— targets, on \(largest.size) cases (SQLite)")
    row(
        "desk open to first frame (in this process)", ms(largest.firstFrame.median), "≤ 120 ms",
        largest.firstFrame.median <= 120)
    row("peak memory of the desk", "\(largest.peakMiB) MiB", "< 200 MiB", largest.peakMiB < 200)
    row("key to frame, moving: median", ms(largest.keys.moving.median), "< 1 ms", largest.keys.moving.median < 1)
    row("key to frame, moving: p99", ms(largest.keys.moving.p99), "< 5 ms", largest.keys.moving.p99 < 5)
    row("search as you type: p99 per key", ms(largest.keys.filtering.p99), "< 20 ms", largest.keys.filtering.p99 < 20)
    row("is this person known?: p99 per key", ms(largest.keys.known.p99), "< 20 ms", largest.keys.known.p99 < 20)
    if largest.size > smallest.size {
        let sizes = Double(largest.size) / Double(smallest.size)
        let opening = largest.firstFrame.median / smallest.firstFrame.median
        row(
            "opening grows at most linearly", String(format: "×%.1f for ×%.0f cases", opening, sizes),
            String(format: "≤ ×%.0f", sizes), opening <= sizes)
        let change = largest.process.add.median / smallest.process.add.median
        row("a change stays flat (case add)", String(format: "×%.2f", change), "≤ ×1.5", change <= 1.5)
    }
    row(
        "a partner file is read in linear time", String(format: "×%.2f of linear", partners.growth), "≤ ×3",
        partners.growth <= 3)
    print("  (whole processes against Taskwarrior's: scripts/compare-taskwarrior)\n")
}
