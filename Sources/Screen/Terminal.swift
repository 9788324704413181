/// A key as the desk understands it, whatever terminal it came from.
public enum Key: Hashable, Sendable {
    case character(Character)
    case control(Character)
    case enter, escape, tab, backTab, backspace, delete
    case up, down, left, right, pageUp, pageDown, home, end
    /// Shift with ←, →, Home or End: a text field's selection grows.
    case shiftLeft, shiftRight, shiftHome, shiftEnd
    case function(Int)

    /// The key a character from the terminal stands for (Enter, Tab, Backspace, Ctrl-letters, or
    /// the character itself); nil for what is no key.
    public init?(raw value: UInt32) {
        switch value {
        case 10, 13: self = .enter
        case 27: self = .escape
        case 9: self = .tab
        case 8, 127: self = .backspace
        case 1...26: self = .control(Character(Unicode.Scalar(UInt8(value) + 96)))
        default:
            guard let scalar = Unicode.Scalar(value), scalar.value >= 32 else { return nil }
            self = .character(Character(scalar))
        }
    }

    /// How the key is written in the footer and the help overlay.
    public var label: String {
        switch self {
        case .character(" "): return "Spatie"
        case .character(let c): return String(c)
        case .control(let c): return "^" + String(c).uppercased()
        case .enter: return "Enter"
        case .escape: return "Esc"
        case .tab: return "Tab"
        case .backTab: return "S-Tab"
        case .backspace: return "⌫"
        case .delete: return "Del"
        case .up: return "↑"
        case .down: return "↓"
        case .left: return "←"
        case .right: return "→"
        case .pageUp: return "PgUp"
        case .pageDown: return "PgDn"
        case .home: return "Home"
        case .end: return "End"
        case .shiftLeft: return "S-←"
        case .shiftRight: return "S-→"
        case .shiftHome: return "S-Home"
        case .shiftEnd: return "S-End"
        case .function(let n): return "F\(n)"
        }
    }
}

/// What a terminal reports.
public enum InputEvent: Hashable, Sendable {
    case key(Key)
    case resize(width: Int, height: Int)
    /// Text the person pasted (bracketed paste): text for the focused field, never keys.
    case paste(String)
    /// A click or the wheel, at a cell (only when the desk asked for the mouse).
    case mouse(MouseEvent)
}

/// What the mouse did, and at which cell (column `x`, row `y`, from 0).
public struct MouseEvent: Hashable, Sendable {
    public enum Action: Hashable, Sendable { case click, wheelUp, wheelDown }
    public var action: Action
    public var x: Int
    public var y: Int

    public init(_ action: Action, x: Int, y: Int) {
        self.action = action
        self.x = x
        self.y = y
    }
}

/// The little a desk needs from a terminal: its size, a way to show a frame, and the next input.
///
/// `NcursesTerminal` implements it for real; `InMemoryTerminal` for tests.
public protocol TerminalBackend: AnyObject {
    var size: (width: Int, height: Int) { get }
    func apply(_ update: FrameUpdate)
    /// The next event, or nil when `timeoutMilliseconds` passed (or a signal interrupted the wait).
    func nextEvent(timeoutMilliseconds: Int) -> InputEvent?
    /// The descriptor input arrives on, for a loop that waits on several (nil: none, such as in memory).
    var inputDescriptor: Int32? { get }
}

extension TerminalBackend {
    public var inputDescriptor: Int32? { nil }
}

/// A terminal in memory: it keeps what was drawn and plays back queued input. For tests.
public final class InMemoryTerminal: TerminalBackend {
    public private(set) var size: (width: Int, height: Int)
    public private(set) var screen: ScreenBuffer
    public private(set) var updates: [FrameUpdate] = []
    public private(set) var cursor: (x: Int, y: Int)?
    private var pending: [InputEvent]

    public init(width: Int, height: Int, input: [InputEvent] = []) {
        size = (width, height)
        screen = ScreenBuffer(width: width, height: height)
        pending = input
    }

    public func resize(width: Int, height: Int) {
        size = (width, height)
        pending.append(.resize(width: width, height: height))
    }

    public func apply(_ update: FrameUpdate) {
        updates.append(update)
        if update.clearFirst { screen = ScreenBuffer(width: size.width, height: size.height) }
        for run in update.runs {
            var x = run.x
            for cell in run.cells {
                if !cell.isContinuation {
                    screen.write(cell.text, x: x, y: run.y, style: cell.style)
                }
                x += 1
            }
        }
        cursor = update.cursor
    }

    public func nextEvent(timeoutMilliseconds: Int) -> InputEvent? {
        pending.isEmpty ? nil : pending.removeFirst()
    }

    public var lines: [String] { screen.lines }
}
