import Screen
import Testing

@Suite("Frames are diffed; only changes reach the terminal")
struct DiffTests {
    @Test("The first frame and a resized one are drawn whole; an equal one sends nothing")
    func wholeAndNothing() {
        var frame = ScreenBuffer(width: 6, height: 2)
        frame.write("hallo", x: 0, y: 0)
        let first = FrameUpdate.diff(from: nil, to: frame, cursor: nil)
        #expect(first.clearFirst)
        #expect(first.runs.count == 2)
        #expect(FrameUpdate.diff(from: frame, to: frame, cursor: nil).runs.isEmpty)
        #expect(FrameUpdate.diff(from: frame, to: ScreenBuffer(width: 7, height: 2), cursor: nil).clearFirst)
    }

    @Test("A changed cell sends one run on its row, widened to whole wide characters")
    func oneRun() {
        var before = ScreenBuffer(width: 6, height: 2)
        before.write("ab中d", x: 0, y: 1)
        var after = before
        after.write("x", x: 1, y: 1)
        let update = FrameUpdate.diff(from: before, to: after, cursor: (1, 1))
        #expect(update.runs == [CellRun(x: 1, y: 1, cells: [Cell("x")])])
        var wide = before
        wide.write("文", x: 2, y: 1)
        let widened = FrameUpdate.diff(from: before, to: wide, cursor: nil)
        #expect(widened.runs.count == 1)
        #expect(widened.runs[0].x == 2)
        #expect(widened.runs[0].cells.count == 2)
    }

    @Test("Applying the diffs in memory reproduces every frame")
    func inMemoryTerminal() {
        let terminal = InMemoryTerminal(width: 12, height: 3)
        var previous: ScreenBuffer?
        for text in ["eerste", "tweede 中文", "Zoë", ""] {
            var frame = ScreenBuffer(width: 12, height: 3)
            frame.write(text, x: 1, y: 1, style: .bold)
            terminal.apply(FrameUpdate.diff(from: previous, to: frame, cursor: nil))
            #expect(terminal.screen == frame)
            previous = frame
        }
    }

    @Test("A keymap reports a key bound twice in one scope")
    func keymapConflicts() {
        let keymap = Keymap<String, Int>([
            .init("a", [.character("x"), .enter], 1, title: "one"),
            .init("a", [.character("x")], 2, title: "two"),
            .init("b", [.character("x")], 3, title: "three"),
        ])
        #expect(keymap.conflicts().map { "\($0.scope) \($0.key.label)" } == ["a x"])
        #expect(keymap.action(for: .character("x"), in: ["b", "a"]) == 3)
        #expect(keymap.action(for: .enter, in: ["b", "a"]) == 1)
        #expect(keymap.action(for: .escape, in: ["a"]) == nil)
    }
}
