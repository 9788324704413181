import Screen
import Testing

/// What follows an ESC, read from a script of characters the way the terminal sends them.
@Suite("Escape sequences and bracketed paste")
struct EscapeSequenceTests {
    /// Decodes `bytes` (what came after the ESC), with nothing more to come after them.
    func decode(_ bytes: String) -> [InputEvent] {
        var scalars = Array(bytes.unicodeScalars)[...]
        let next = { () -> Unicode.Scalar? in scalars.popFirst() }
        return EscapeSequence.read(next: next, pasted: next)
    }

    @Test(
        "Home, End, Delete, PgUp, PgDn and F-keys as xterm, rxvt, PuTTY, the Linux console, tmux and screen send them",
        arguments: [
            // PuTTY and screen, rxvt, xterm, xterm application mode.
            ("[1~", Key.home), ("[7~", .home), ("[H", .home), ("OH", .home),
            ("[4~", .end), ("[8~", .end), ("[F", .end), ("OF", .end),
            ("[3~", .delete), ("[5~", .pageUp), ("[6~", .pageDown),
            // Ctrl with a cursor key is the key; Shift with it selects (and Shift-F6 is F18).
            ("[A", .up), ("OB", .down), ("[1;5C", .right), ("[1;2D", .shiftLeft), ("[1;2C", .shiftRight),
            ("[1;2H", .shiftHome), ("[1;2F", .shiftEnd), ("[17;2~", .function(18)), ("[Z", .backTab),
            ("OP", .function(1)), ("[[A", .function(1)), ("[[E", .function(5)), ("[11~", .function(1)),
            ("[15~", .function(5)),
            ("[24~", .function(12)), ("OM", .enter),
        ])
    func keys(bytes: String, key: Key) {
        #expect(decode(bytes) == [.key(key)])
    }

    @Test(
        "A sequence nobody maps, Insert or a half sequence is dropped: never Esc, never typed",
        arguments: [
            "[2~", "[99~", "[?1;2c", "Oz", "[1;5", "[[Z", "[201~",
        ])
    func unknown(bytes: String) {
        #expect(decode(bytes) == [])
    }

    @Test("Esc alone is Esc; Esc twice is two; Esc then a sequence is Esc and the key")
    func escapeItself() {
        #expect(decode("") == [.key(.escape)])
        #expect(decode("\u{1B}") == [.key(.escape), .key(.escape)])
        #expect(decode("\u{1B}[1~") == [.key(.escape), .key(.home)])
        // Esc and then a key sent together (tmux's "send-keys Escape /"): both, as typed.
        #expect(decode("/") == [.key(.escape), .key(.character("/"))])
        #expect(decode("\r") == [.key(.escape), .key(.enter)])
    }

    @Test(
        "A bracketed paste is one text, its line breaks kept (CRLF and CR read as one), and what follows is left alone")
    func paste() {
        var scalars = Array("[200~Regel een\r\nRegel twee\rRegel drie\u{1B}[201~x".unicodeScalars)[...]
        let next = { () -> Unicode.Scalar? in scalars.popFirst() }
        #expect(EscapeSequence.read(next: next, pasted: next) == [.paste("Regel een\nRegel twee\nRegel drie")])
        #expect(scalars.map { Character($0) } == ["x"])
    }

    @Test("A paste whose end never comes is cut at its limit, not read forever")
    func endlessPaste() {
        var count = 0
        let next = { () -> Unicode.Scalar? in
            count += 1
            return count <= 5 ? "[200~".unicodeScalars.map { $0 }[count - 1] : "a"
        }
        guard case .paste(let text) = EscapeSequence.read(next: next, pasted: next).first else {
            Issue.record("no paste")
            return
        }
        #expect(text.count == EscapeSequence.longestPaste)
    }
}

@Suite("A one-line text field scrolls with its cursor")
struct TextScrollTests {
    @Test(
        "A long text typed at its end shows its end and the cursor inside the field; left, it shows its beginning cut with …"
    )
    func scrolls() {
        let text = String(repeating: "abcdefghij", count: 20) + "EINDE"
        let typing = TextScroll.visible(text, caret: text.count, width: 30, focused: true)
        #expect(typing.shown.hasSuffix("EINDE") && typing.cursor == 29, "\(typing)")
        let start = TextScroll.visible(text, caret: 0, width: 30, focused: true)
        #expect(start.shown.hasPrefix("abcdefghij") && start.cursor == 0)
        let left = TextScroll.visible(text, caret: text.count, width: 30, focused: false)
        #expect(left.shown.hasPrefix("abcdefghij") && left.shown.hasSuffix("…") && left.cursor == nil)
        // Wide characters count as two columns.
        let wide = TextScroll.visible(String(repeating: "漢", count: 40), caret: 40, width: 10, focused: true)
        #expect(DisplayWidth.of(wide.shown) <= 10 && (wide.cursor ?? 99) < 10)
    }
}
