/// What follows an ESC from the terminal: a key ncurses did not know (PuTTY's and the Linux
/// console's Home and End, `ESC [ 1 ~`, rxvt's `ESC [ 7 ~`), a bracketed paste, or nothing (the
/// Esc key itself). An unknown sequence is read whole and dropped: it never acts as Esc, and its
/// bytes never arrive as typed characters.
public enum EscapeSequence {
    /// The longest sequence read before it is given up as garbage.
    static let longest = 32
    /// The most a paste may carry (a pasted document is a mistake, not a field's text).
    public static let longestPaste = 100_000

    /// Turns on bracketed paste (xterm's mode 2004): pasted text arrives between `ESC [ 200 ~` and `ESC [ 201 ~`.
    public static let enablePaste = "\u{1B}[?2004h"
    public static let disablePaste = "\u{1B}[?2004l"

    /// Reads on after an ESC. `next` gives the next character the terminal already sent (nil when
    /// none came within a short wait); `pasted` the next character of a paste (a longer wait).
    public static func read(next: () -> Unicode.Scalar?, pasted: () -> Unicode.Scalar?) -> [InputEvent] {
        guard let first = next() else { return [.key(.escape)] }
        switch first {
        case "\u{1B}":
            // Esc pressed twice quickly: two Escapes (the second may begin a sequence of its own).
            return [.key(.escape)] + read(next: next, pasted: pasted)
        case "[":
            return csi(next: next, pasted: pasted)
        case "O":
            guard let final = next() else { return [] }
            return ss3(final).map { [.key($0)] } ?? []
        default:
            // Esc and then a key, pressed quickly (or sent together, as tmux sends "Escape /"):
            // both, as typed. Only `[` and `O` begin a sequence.
            return [.key(.escape)] + (Key(raw: first.value).map { [.key($0)] } ?? [])
        }
    }

    /// `ESC [` parameters, intermediates and a final byte (ECMA-48), or the Linux console's `ESC [ [ A`.
    private static func csi(next: () -> Unicode.Scalar?, pasted: () -> Unicode.Scalar?) -> [InputEvent] {
        var parameters = ""
        for _ in 0..<longest {
            guard let scalar = next() else { return [] }
            switch scalar.value {
            case 0x20...0x3F:
                parameters.unicodeScalars.append(scalar)
            case 0x40...0x7E:
                if scalar == "[", parameters.isEmpty {
                    // The Linux console's F1–F5: ESC [ [ A … E.
                    guard let letter = next(), let index = "ABCDE".unicodeScalars.firstIndex(of: letter) else {
                        return []
                    }
                    return [
                        .key(
                            .function(
                                "ABCDE".unicodeScalars.distance(from: "ABCDE".unicodeScalars.startIndex, to: index) + 1)
                        )
                    ]
                }
                if scalar == "~", parameters == "200" { return [paste(pasted)] }
                return csiKey(parameters, final: Character(scalar)).map { [.key($0)] } ?? []
            default:
                return []
            }
        }
        return []
    }

    /// The key a CSI sequence names; Shift (`1;2D`) with ←, →, Home and End is kept (a text field
    /// selects with it), other modifiers (`1;5C`, Ctrl-Right) are read as the plain key.
    static func csiKey(_ parameters: String, final: Character) -> Key? {
        let numbers = parameters.split(separator: ";").map { Int($0) }
        if numbers.count > 1, numbers[1] == 2 {
            switch final {
            case "D": return .shiftLeft
            case "C": return .shiftRight
            case "H": return .shiftHome
            case "F": return .shiftEnd
            default: break
            }
        }
        switch final {
        case "A": return .up
        case "B": return .down
        case "C": return .right
        case "D": return .left
        case "H": return .home
        case "F": return .end
        case "Z": return .backTab
        case "~":
            // Shift with an F-key (`17;2~`, Shift-F6) is F13–F24, as xterm's terminfo names them.
            if numbers.count > 1, numbers[1] == 2,
                case .function(let n)? = csiKey(String(parameters.prefix { $0 != ";" }), final: "~")
            {
                return .function(n + 12)
            }
            switch numbers.first ?? nil {
            case 1, 7: return .home
            case 4, 8: return .end
            case 3: return .delete
            case 5: return .pageUp
            case 6: return .pageDown
            case 11: return .function(1)
            case 12: return .function(2)
            case 13: return .function(3)
            case 14: return .function(4)
            case 15: return .function(5)
            case 17: return .function(6)
            case 18: return .function(7)
            case 19: return .function(8)
            case 20: return .function(9)
            case 21: return .function(10)
            case 23: return .function(11)
            case 24: return .function(12)
            default: return nil  // 2 (Insert), 201 (a paste's end on its own) and the rest mean nothing here
            }
        default: return nil
        }
    }

    /// `ESC O` and one letter (SS3): application-mode cursor keys, Home and End, F1–F4.
    static func ss3(_ final: Unicode.Scalar) -> Key? {
        switch final {
        case "A": return .up
        case "B": return .down
        case "C": return .right
        case "D": return .left
        case "H": return .home
        case "F": return .end
        case "M": return .enter
        case "P": return .function(1)
        case "Q": return .function(2)
        case "R": return .function(3)
        case "S": return .function(4)
        default: return nil
        }
    }

    /// The text up to `ESC [ 201 ~` (or until the terminal stops sending), with CR and CRLF read as
    /// line breaks.
    private static func paste(_ pasted: () -> Unicode.Scalar?) -> InputEvent {
        let end = Array("\u{1B}[201~".unicodeScalars)
        var scalars: [Unicode.Scalar] = []
        while scalars.count < longestPaste + end.count, let scalar = pasted() {
            scalars.append(scalar)
            if scalars.count >= end.count, Array(scalars.suffix(end.count)) == end {
                scalars.removeLast(end.count)
                break
            }
        }
        var text = String.UnicodeScalarView()
        var previous: Unicode.Scalar?
        for scalar in scalars.prefix(longestPaste) {
            defer { previous = scalar }
            if scalar == "\n", previous == "\r" { continue }
            text.append(scalar == "\r" ? "\n" : scalar)
        }
        return .paste(String(text))
    }
}
