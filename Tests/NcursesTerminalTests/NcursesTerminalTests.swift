import Foundation
import NcursesTerminal
import Screen
import Testing

/// The real ncurses, on a terminal that writes to /dev/null; what it holds is read back with
/// mvwinnwstr. Serialized: ncurses has one current screen per process.
@Suite("The ncurses adapter", .serialized)
struct NcursesTerminalTests {
    func withTerminal(_ body: (NcursesTerminal) throws -> Void) throws {
        let output = try #require(fopen("/dev/null", "w"))
        let input = try #require(fopen("/dev/null", "r"))
        defer {
            fclose(output)
            fclose(input)
        }
        let terminal = try NcursesTerminal(
            noColor: false, termType: "xterm", output: output, input: input, handleSignals: false)
        defer { terminal.close() }
        try body(terminal)
    }

    @Test("Text with diacritics and wide characters lands in the right cells")
    func drawsText() throws {
        try withTerminal { terminal in
            #expect(terminal.size.width == 80)
            #expect(terminal.size.height == 24)
            var frame = ScreenBuffer(width: terminal.size.width, height: terminal.size.height)
            frame.write("Súdwest-Fryslân 中文 Zoë", x: 2, y: 1, style: Style(foreground: .red, bold: true))
            frame.write("\u{1B}[31mrood", x: 0, y: 3)
            terminal.apply(FrameUpdate.diff(from: nil, to: frame, cursor: nil))
            #expect(terminal.readRow(1).hasPrefix("  Súdwest-Fryslân 中文 Zoë"))
            #expect(terminal.readRow(3).hasPrefix("␛[31mrood"))
        }
    }

    @Test("Only changed cells are sent, and they replace what was there")
    func appliesDiffs() throws {
        try withTerminal { terminal in
            var first = ScreenBuffer(width: 80, height: 24)
            first.write("wachtrij", x: 0, y: 0)
            terminal.apply(FrameUpdate.diff(from: nil, to: first, cursor: nil))
            var second = first
            second.write("W", x: 0, y: 0)
            second.write("中", x: 10, y: 0)
            terminal.apply(FrameUpdate.diff(from: first, to: second, cursor: (3, 0)))
            #expect(terminal.readRow(0).hasPrefix("Wachtrij  中"))
        }
    }
}
