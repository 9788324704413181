import Foundation

/// A small, reproducible random source (SplitMix64): the same seed gives the same inputs.
public struct SeededRandom: RandomNumberGenerator {
    private var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Seeded mutation fuzzing: inputs grown from real files (seeds) by flipping, inserting, deleting,
/// repeating and splicing bytes, with the bytes that break parsers and terminals most often
/// (escapes, bidirectional overrides, invalid UTF-8, deep nesting, huge numbers). Each target runs
/// for a bounded time (`SCHAKEL_FUZZ_SECONDS`, default 2) and says how many inputs it tried; a
/// crash stops the test process, and the input that did it becomes a regression test.
public enum Fuzz {
    public static var seconds: TimeInterval {
        ProcessInfo.processInfo.environment["SCHAKEL_FUZZ_SECONDS"].flatMap(TimeInterval.init) ?? 2
    }

    /// Pieces that are inserted whole: what hostile files are made of.
    static let pieces: [[UInt8]] = [
        Array("\u{1B}[2J\u{1B}]0;x\u{07}".utf8), Array("\u{202E}\u{2066}\u{200F}".utf8), [0xC3], [0xFF, 0xFE],
        [0xED, 0xA0, 0x80], Array("\u{9B}31m".utf8), Array("(((((((((((((((((((((((((((((((((((".utf8),
        Array("[[[[[[[[[[{{{{{{{{".utf8), Array("99999999999999999999999".utf8), Array("-1".utf8), Array("\"".utf8),
        Array(";".utf8), Array("\r\n".utf8), Array("\n\n".utf8), [0], Array("e\u{301}\u{301}\u{301}".utf8),
        Array("👩‍👩‍👧‍👦漢字".utf8), Array("9999-12-31".utf8), Array("BEGIN:VCARD\r\n".utf8), Array("END:VCARD".utf8),
        Array(" and ".utf8), Array(" or ".utf8), Array("[criteria]\n".utf8), Array("rule = ".utf8),
    ]

    public static func mutate(_ input: [UInt8], seeds: [[UInt8]], using random: inout SeededRandom) -> [UInt8] {
        var out = input
        for _ in 0...Int.random(in: 0...3, using: &random) {
            let at = out.isEmpty ? 0 : Int.random(in: 0...out.count, using: &random)
            switch Int.random(in: 0..<7, using: &random) {
            case 0 where !out.isEmpty:
                out[min(at, out.count - 1)] ^= UInt8(1 << Int.random(in: 0..<8, using: &random))
            case 1: out.insert(contentsOf: pieces.randomElement(using: &random) ?? [], at: at)
            case 2 where !out.isEmpty:
                let end = min(out.count, at + Int.random(in: 1...64, using: &random))
                if at < end { out.removeSubrange(at..<end) }
            case 3 where !out.isEmpty:
                let start = min(at, out.count - 1)
                let end = min(out.count, start + Int.random(in: 1...32, using: &random))
                let slice = Array(out[start..<end])
                for _ in 0..<Int.random(in: 1...20, using: &random) { out.insert(contentsOf: slice, at: start) }
            case 4:
                let other = seeds.randomElement(using: &random) ?? []
                if !other.isEmpty {
                    let from = Int.random(in: 0..<other.count, using: &random)
                    out.insert(contentsOf: other[from..<min(other.count, from + 200)], at: at)
                }
            case 5: out.insert(UInt8.random(in: 0...255, using: &random), at: at)
            default: if !out.isEmpty { out.removeLast(min(out.count, Int.random(in: 1...8, using: &random))) }
            }
        }
        return out.count > 1 << 20 ? Array(out.prefix(1 << 20)) : out
    }

    /// Feeds `body` the seeds, then mutations of them, until the time is up; returns how many
    /// inputs it tried (and prints it, for the CI log).
    @discardableResult
    public static func run(_ name: String, seeds: [[UInt8]], seed: UInt64 = 1, _ body: ([UInt8]) throws -> Void)
        rethrows -> Int
    {
        var random = SeededRandom(seed: seed)
        let end = Date().addingTimeInterval(seconds)
        var count = 0
        for input in seeds {
            try body(input)
            count += 1
        }
        while Date() < end {
            let base = seeds.randomElement(using: &random) ?? []
            try body(mutate(base, seeds: seeds, using: &random))
            count += 1
        }
        print("fuzz \(name): \(count) inputs in \(seconds) s, no crash")
        return count
    }
}
