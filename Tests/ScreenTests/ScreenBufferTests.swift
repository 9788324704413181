import Screen
import Testing

@Suite("Cells, widths and safe text")
struct ScreenBufferTests {
    @Test("Display widths: Dutch diacritics 1, CJK and emoji 2, combining marks 0")
    func widths() {
        #expect(DisplayWidth.of("Súdwest-Fryslân") == 15)
        #expect(DisplayWidth.of("中文") == 4)
        #expect(DisplayWidth.of("👍") == 2)
        #expect(DisplayWidth.of("e\u{301}") == 1)
        #expect(DisplayWidth.of(Character("❤️")) == 2)
    }

    @Test("Escape sequences and control characters are made visible, never passed on")
    func sanitizing() {
        #expect(DisplayWidth.sanitized("\u{1B}[2J\u{1B}[31mEvil\u{07}") == "␛[2J␛[31mEvil␇")
        #expect(DisplayWidth.sanitized("a\tb\nc") == "a b c")
        #expect(DisplayWidth.sanitized("x\u{9B}31m\u{202E}y") == "x\u{FFFD}31m\u{FFFD}y")
        #expect(DisplayWidth.sanitized("Zoë") == "Zoë")
        let sanitized = DisplayWidth.sanitized((0..<32).map { String(UnicodeScalar(UInt8($0))) }.joined() + "\u{7F}")
        #expect(!sanitized.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7F })
    }

    @Test("Truncation never splits a grapheme and never overflows", arguments: 0...12)
    func truncation(width: Int) {
        for text in ["Hylke Kuipers", "中文中文中文中文", "Zoë e\u{301}👍👍 x", "\u{1B}[31mrood"] {
            let cut = DisplayWidth.truncated(text, to: width)
            #expect(DisplayWidth.of(cut) <= width)
            #expect(DisplayWidth.of(DisplayWidth.padded(text, to: width)) == width)
        }
        #expect(DisplayWidth.truncated("中文中文", to: 5) == "中文…")
        #expect(DisplayWidth.truncated("abc", to: 3) == "abc")
    }

    @Test("Writing wide characters, clipping, and overwriting half of a wide one")
    func writing() {
        var buffer = ScreenBuffer(width: 8, height: 2)
        #expect(buffer.write("a中b", x: 0, y: 0) == 4)
        #expect(buffer.lines[0] == "a中b    ")
        #expect(buffer[2, 0].isContinuation)
        // A wide grapheme that would cross the edge is left out.
        buffer.write("1234567中", x: 0, y: 1)
        #expect(buffer.lines[1] == "1234567 ")
        // Overwriting the second half of 中 blanks its first half.
        buffer.write("x", x: 2, y: 0)
        #expect(buffer.lines[0] == "a xb    ")
        var clipped = ScreenBuffer(width: 10, height: 1)
        clipped.write("abcdefgh", x: 2, y: 0, clip: Rect(x: 3, y: 0, width: 3, height: 1))
        #expect(clipped.lines[0] == "   bcd    ")
    }

    @Test("Wrapping breaks at spaces, and inside words only when it must")
    func wrapping() {
        #expect(
            TextWrap.lines("Zorg en veiligheid in één plan", width: 12) == ["Zorg en", "veiligheid", "in één plan"])
        #expect(TextWrap.lines("abcdefghij", width: 4) == ["abcd", "efgh", "ij"])
        #expect(TextWrap.lines("", width: 5) == [""])
    }
}
