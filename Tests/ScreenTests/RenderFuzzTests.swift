import Foundation
import TestSupport
import Testing

@testable import Screen

/// The renderer fed random text (graphemes, escapes, invalid UTF-8, wide and zero-width
/// characters) at random places and clips: no control byte or bidirectional override reaches a
/// cell, no cell is wider than two columns, and nothing is drawn outside the clip.
@Suite("Fuzzing the renderer")
struct RenderFuzzTests {
    @Test("Random text drawn anywhere: no unsafe character in a cell, nothing outside its clip")
    func randomText() {
        let seeds = [
            Array("Zoë Wiersma 2026-0003 漢字 👩‍👩‍👧‍👦 e\u{301}".utf8), Array("\u{1B}[31mrood\u{1B}[0m\u{202E}tlov\u{9B}".utf8),
        ]
        var random = SeededRandom(seed: 6)
        let count = Fuzz.run("renderer", seeds: seeds, seed: 6) { bytes in
            var buffer = ScreenBuffer(width: 40, height: 6)
            let clip = Rect(
                x: Int.random(in: -2...30, using: &random), y: Int.random(in: 0...5, using: &random),
                width: Int.random(in: 0...45, using: &random), height: Int.random(in: 0...6, using: &random))
            let x = Int.random(in: -5...45, using: &random)
            let y = Int.random(in: -1...6, using: &random)
            buffer.write(String(decoding: bytes, as: UTF8.self), x: x, y: y, clip: clip)
            for row in 0..<buffer.height {
                for column in 0..<buffer.width {
                    let cell = buffer[column, row]
                    #expect(cell.width <= 2)
                    #expect(
                        !cell.text.unicodeScalars.contains { DisplayWidth.sanitized(String($0)) != String($0) },
                        "an unsafe character in a cell: \(cell.text.unicodeScalars.map { String($0.value, radix: 16) })"
                    )
                    if cell.text != " " || cell.width != 1 {
                        #expect(clip.contains(x: column, y: row), "drawn outside the clip at \(column),\(row)")
                    }
                }
            }
        }
        #expect(count > seeds.count)
    }
}
