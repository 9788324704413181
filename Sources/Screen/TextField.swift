/// What a key does to a one-line text field.
public enum TextEdit: Hashable, Sendable {
    case insert(Character)
    /// Backspace: the character before the cursor.
    case erase
    /// Delete: the character under the cursor.
    case eraseForward
    case left, right, home, end
    /// Shift with ←, →, Home, End: the selection grows from where it began to the cursor.
    case selectLeft, selectRight, selectHome, selectEnd
}

/// Editing one line of text with a cursor: the one implementation behind every text field of the
/// desk (the registration form, the short forms, the Escalatie pane). The form keeps the state
/// (the text and where the cursor stands, in characters); this says what an edit does to it, and
/// `TextScroll` how it is drawn.
public enum TextField {
    /// Applies `edit`; the text never grows past `limit` characters and the cursor stays within it.
    /// Returns true when the text changed (the form then forgets the field's old error).
    @discardableResult
    public static func apply(_ edit: TextEdit, to text: inout String, cursor: inout Int, limit: Int) -> Bool {
        var anchor: Int?
        return apply(edit, to: &text, cursor: &cursor, anchor: &anchor, limit: limit)
    }

    /// The selected characters' range, when `anchor` marks where a selection began.
    public static func selection(cursor: Int, anchor: Int?) -> Range<Int>? {
        guard let anchor, anchor != cursor else { return nil }
        return min(anchor, cursor)..<max(anchor, cursor)
    }

    /// As `apply(_:to:cursor:limit:)`, with a selection: `anchor` is where it began (nil: none).
    /// Shift-moves grow it, a plain move drops it, typing or a paste replaces it, Backspace and
    /// Delete remove it.
    @discardableResult
    public static func apply(_ edit: TextEdit, to text: inout String, cursor: inout Int, anchor: inout Int?, limit: Int)
        -> Bool
    {
        var characters = Array(text)
        cursor = min(max(0, cursor), characters.count)
        switch edit {
        case .selectLeft, .selectRight, .selectHome, .selectEnd:
            if anchor == nil { anchor = cursor }
            switch edit {
            case .selectLeft: cursor = max(0, cursor - 1)
            case .selectRight: cursor = min(characters.count, cursor + 1)
            case .selectHome: cursor = 0
            default: cursor = characters.count
            }
            return false
        case .insert, .erase, .eraseForward:
            if let range = selection(cursor: cursor, anchor: anchor.map { min($0, characters.count) }) {
                characters.removeSubrange(range)
                cursor = range.lowerBound
                anchor = nil
                if case .insert(let character) = edit, characters.count < limit {
                    characters.insert(character, at: cursor)
                    cursor += 1
                }
                text = String(characters)
                return true
            }
            anchor = nil
        default:
            anchor = nil
        }
        switch edit {
        case .selectLeft, .selectRight, .selectHome, .selectEnd:
            return false
        case .insert(let character):
            guard characters.count < limit else { return false }
            characters.insert(character, at: cursor)
            cursor += 1
        case .erase:
            guard cursor > 0 else { return false }
            characters.remove(at: cursor - 1)
            cursor -= 1
        case .eraseForward:
            guard cursor < characters.count else { return false }
            characters.remove(at: cursor)
        case .left:
            cursor = max(0, cursor - 1)
            return false
        case .right:
            cursor = min(characters.count, cursor + 1)
            return false
        case .home:
            cursor = 0
            return false
        case .end:
            cursor = characters.count
            return false
        }
        text = String(characters)
        return true
    }
}
