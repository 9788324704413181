import Testing

@testable import Screen

@Suite("Display width: the fast path for ASCII and Latin letters agrees with Unicode's properties")
struct DisplayWidthFastPathTests {
    /// The rule as it reads from Unicode's tables, without the fast path.
    static func byProperties(_ scalar: Unicode.Scalar) -> Int {
        let v = scalar.value
        if v < 0x20 || (0x7F..<0xA0).contains(v) { return 0 }
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format: return 0
        default: return scalar.properties.isEmojiPresentation ? 2 : 1
        }
    }

    @Test("Every scalar below U+0300 (ASCII, Latin-1, Latin Extended, spacing modifiers)")
    func agrees() throws {
        var checked = 0
        for v in UInt32(0)..<0x300 {
            let scalar = try #require(Unicode.Scalar(v))
            #expect(DisplayWidth.of(scalar) == Self.byProperties(scalar), "U+\(String(v, radix: 16))")
            checked += 1
        }
        #expect(checked == 0x300)
        // Where the fast path stops, the tables answer: a combining mark takes no column.
        #expect(DisplayWidth.of(Unicode.Scalar(0x301)!) == 0)
        #expect(DisplayWidth.of("Súdwest-Fryslân ë") == 17)
    }
}
