import Screen
import Testing

@Suite("One line of text with a cursor")
struct TextFieldTests {
    @Test("Typing inserts at the cursor, Backspace and Delete take the character before and under it, within bounds")
    func edits() {
        var text = "Jansn"
        var cursor = 4
        #expect(TextField.apply(.insert("e"), to: &text, cursor: &cursor, limit: 10))
        #expect(text == "Jansen" && cursor == 5)
        #expect(TextField.apply(.erase, to: &text, cursor: &cursor, limit: 10))
        #expect(text == "Jansn" && cursor == 4)
        #expect(TextField.apply(.eraseForward, to: &text, cursor: &cursor, limit: 10))
        #expect(text == "Jans" && cursor == 4)
        #expect(!TextField.apply(.eraseForward, to: &text, cursor: &cursor, limit: 10))  // at the end: nothing
        #expect(!TextField.apply(.home, to: &text, cursor: &cursor, limit: 10) && cursor == 0)
        #expect(!TextField.apply(.erase, to: &text, cursor: &cursor, limit: 10))  // at the start: nothing
        #expect(!TextField.apply(.left, to: &text, cursor: &cursor, limit: 10) && cursor == 0)
        #expect(!TextField.apply(.end, to: &text, cursor: &cursor, limit: 10) && cursor == 4)
        #expect(!TextField.apply(.right, to: &text, cursor: &cursor, limit: 10) && cursor == 4)
    }

    @Test("The limit holds, and a cursor left outside the text (the text changed under it) is brought back")
    func bounds() {
        var text = "abc"
        var cursor = 3
        #expect(!TextField.apply(.insert("d"), to: &text, cursor: &cursor, limit: 3))
        #expect(text == "abc")
        cursor = 9
        #expect(TextField.apply(.erase, to: &text, cursor: &cursor, limit: 3))
        #expect(text == "ab" && cursor == 2)
        // Characters, not bytes: a Frisian â and an emoji are one each.
        var name = "Fryslân 👍"
        var at = 7
        #expect(TextField.apply(.erase, to: &name, cursor: &at, limit: 20))
        #expect(name == "Fryslâ 👍" && at == 6)
    }
}

@Suite("Selecting text in a field")
struct TextSelectionTests {
    @Test(
        "Shift-moves grow a selection from where it began; typing replaces it, Backspace removes it, a plain move drops it"
    )
    func selection() {
        var text = "Huisbezoek met wijkagent"
        var cursor = 24
        var anchor: Int?
        for _ in 0..<9 { TextField.apply(.selectLeft, to: &text, cursor: &cursor, anchor: &anchor, limit: 100) }
        #expect(anchor == 24 && cursor == 15)
        #expect(TextField.selection(cursor: cursor, anchor: anchor) == 15..<24)
        #expect(TextField.apply(.insert("d"), to: &text, cursor: &cursor, anchor: &anchor, limit: 100))
        #expect(text == "Huisbezoek met d" && cursor == 16 && anchor == nil)
        TextField.apply(.selectHome, to: &text, cursor: &cursor, anchor: &anchor, limit: 100)
        #expect(TextField.apply(.erase, to: &text, cursor: &cursor, anchor: &anchor, limit: 100))
        #expect(text == "" && cursor == 0)
        text = "abc"
        cursor = 3
        TextField.apply(.selectLeft, to: &text, cursor: &cursor, anchor: &anchor, limit: 100)
        TextField.apply(.home, to: &text, cursor: &cursor, anchor: &anchor, limit: 100)
        #expect(anchor == nil && TextField.selection(cursor: cursor, anchor: anchor) == nil)
    }

    @Test("The part of a selection in view is drawn over the field; a scrolled-away part is not")
    func inView() {
        let text = String(repeating: "a", count: 30) + "EINDE"
        let part = TextScroll.selected(text, caret: 35, width: 10, selection: 30..<35)
        #expect(part?.text == "EINDE" && part?.column == 4)  // the field shows the last 9 characters and the cursor
        #expect(TextScroll.selected(text, caret: 35, width: 10, selection: 0..<5) == nil)
    }
}
