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
