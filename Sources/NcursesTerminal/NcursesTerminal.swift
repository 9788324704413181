@preconcurrency import CNcurses
import Foundation
import Screen

/// The real terminal: the only code that talks to ncurses.
///
/// One instance owns the terminal's life. It sets the locale before anything else (without it
/// UTF-8 is drawn as Latin-1 and widths are wrong), uses `newterm` (which reports failure instead of
/// exiting like `initscr`), and restores the terminal with `endwin` on every way out: `close()`,
/// deinit, SIGINT/SIGTERM/SIGHUP (which end the loop cleanly) and fatal signals.
public final class NcursesTerminal: TerminalBackend {
    public enum Failure: Error, CustomStringConvertible {
        case cannotStart(term: String)
        /// The terminal cannot place the cursor (TERM=dumb, an editor's shell buffer).
        case cannotDraw(term: String)

        public var description: String {
            switch self {
            case .cannotStart(let term):
                return
                    "cannot start the terminal (TERM=\(term.isEmpty ? "unset" : term)); run schakel in a terminal, or set TERM"
            case .cannotDraw(let term):
                return "the terminal (TERM=\(term)) cannot draw the desk: it cannot place the cursor"
            }
        }
    }

    private let screen: OpaquePointer
    private let window: UnsafeMutablePointer<WINDOW>
    private let useColor: Bool
    private var pairs: [Int: Int16] = [:]
    private var closed = false
    public let inputDescriptor: Int32?
    /// Where the terminal's control sequences go (bracketed paste on and off).
    private let outputStream: UnsafeMutablePointer<FILE>
    /// Whether ncurses reports the mouse (asked for, and the terminal can).
    private var usesMouse = false
    /// Events already read (an escape sequence can give two: Esc pressed twice).
    private var pending: [InputEvent] = []

    /// Set by SIGTERM or SIGHUP: the desk loop ends and the terminal is restored.
    public static var interrupted: Bool { signalFlag != 0 }

    /// Whether Ctrl-C (SIGINT) came since the last call: the desk asks before a form's input is lost.
    public static func takeInterrupt() -> Bool {
        guard interruptFlag != 0 else { return false }
        interruptFlag = 0
        return true
    }

    /// Starts ncurses on the process's terminal, or on the given streams (tests use /dev/null).
    public init(
        noColor: Bool, termType: String? = nil, output: UnsafeMutablePointer<FILE>? = nil,
        input: UnsafeMutablePointer<FILE>? = nil, handleSignals: Bool = true, mouse: Bool = false
    ) throws {
        Self.prepareLocale()
        let type = termType ?? ProcessInfo.processInfo.environment["TERM"] ?? ""
        guard let screen = newterm(termType, output ?? stdout, input ?? stdin) else {
            throw Failure.cannotStart(term: type)
        }
        self.screen = screen
        inputDescriptor = fileno(input ?? stdin)
        outputStream = output ?? stdout
        set_term(screen)
        guard let window = schakel_stdscr() else {
            endwin()
            delscreen(screen)
            throw Failure.cannotStart(term: type)
        }
        self.window = window
        guard schakel_can_address_cursor() != 0 else {
            endwin()
            delscreen(screen)
            throw Failure.cannotDraw(term: type)
        }
        cbreak()
        noecho()
        nonl()
        keypad(window, true)
        set_escdelay(25)
        curs_set(0)
        useColor = !noColor && has_colors()
        if useColor {
            start_color()
            use_default_colors()
        }
        // Pasted text arrives marked, so the desk inserts it instead of reading it as keys.
        Self.writeControl(EscapeSequence.enablePaste, to: outputStream)
        // Clicks and the wheel, when asked for: then the terminal no longer selects text by
        // itself (Shift and drag still does in most terminals), which is what --no-mouse is for.
        // No click interval: a click is reported at once, and "click again" opens.
        if mouse {
            mouseinterval(0)
            usesMouse = mousemask(schakel_mouse_mask(), nil) != 0
        }
        Self.outputDescriptor = fileno(outputStream)
        if handleSignals { Self.installSignalHandlers() }
    }

    private static func writeControl(_ sequence: String, to stream: UnsafeMutablePointer<FILE>) {
        fputs(sequence, stream)
        fflush(stream)
    }

    deinit { close() }

    /// Restores the terminal. Safe to call more than once.
    public func close() {
        guard !closed else { return }
        closed = true
        if usesMouse { mousemask(0, nil) }
        endwin()
        Self.writeControl(EscapeSequence.disablePaste, to: outputStream)
        delscreen(screen)
    }

    /// UTF-8 is what the desk draws: take the user's locale, and fall back to C.UTF-8 when it is not UTF-8.
    private static func prepareLocale() {
        setlocale(LC_ALL, "")
        if let codeset = nl_langinfo(nl_item(CODESET)), String(cString: codeset) != "UTF-8" {
            setlocale(LC_CTYPE, "C.UTF-8")
        }
    }

    public var size: (width: Int, height: Int) {
        (Int(getmaxx(window)), Int(getmaxy(window)))
    }

    public func apply(_ update: FrameUpdate) {
        if update.clearFirst { werase(window) }
        for run in update.runs {
            var x = run.x
            for cell in run.cells {
                defer { x += 1 }
                if cell.isContinuation { continue }
                draw(cell, x: x, y: run.y)
            }
        }
        if let cursor = update.cursor {
            curs_set(1)
            wmove(window, Int32(cursor.y), Int32(cursor.x))
        } else {
            curs_set(0)
        }
        wnoutrefresh(window)
        doupdate()
    }

    private func draw(_ cell: Cell, x: Int, y: Int) {
        var wide = Array(cell.text.unicodeScalars.prefix(4).map { wchar_t(bitPattern: $0.value) })
        wide.append(0)
        var attributes = schakel_a_normal()
        if cell.style.bold { attributes |= schakel_a_bold() }
        if cell.style.reverse { attributes |= schakel_a_reverse() }
        if cell.style.underline { attributes |= schakel_a_underline() }
        if cell.style.dim { attributes |= schakel_a_dim() }
        let pair = useColor ? colorPair(cell.style) : 0
        var character = cchar_t()
        setcchar(&character, wide, attributes, pair, nil)
        // The bottom-right cell reports ERR (the cursor cannot advance); the cell is drawn all the same.
        _ = mvwadd_wch(window, Int32(y), Int32(x), &character)
    }

    private func colorPair(_ style: Style) -> Int16 {
        guard style.foreground != nil || style.background != nil else { return 0 }
        let fg = style.foreground.map { Int16($0.rawValue) } ?? -1
        let bg = style.background.map { Int16($0.rawValue) } ?? -1
        let key = Int(fg + 1) * 16 + Int(bg + 1)
        if let pair = pairs[key] { return pair }
        let pair = Int16(pairs.count + 1)
        init_pair(pair, fg, bg)
        pairs[key] = pair
        return pair
    }

    public func nextEvent(timeoutMilliseconds: Int) -> InputEvent? {
        if !pending.isEmpty { return pending.removeFirst() }
        wtimeout(window, Int32(timeoutMilliseconds))
        var value: wint_t = 0
        let result = wget_wch(window, &value)
        if result == KEY_CODE_YES {
            return Self.functionKey(Int32(value), window: window)
        }
        guard result == OK else { return nil }
        switch value {
        case 27:
            // ncurses gave the ESC of a sequence it does not know (or the Esc key): read the rest.
            pending += EscapeSequence.read(
                next: { self.pendingCharacter(waitMilliseconds: 15) },
                pasted: { self.pendingCharacter(waitMilliseconds: 250) })
            // An unknown sequence gives nothing; go on with what came after it.
            return pending.isEmpty ? nextEvent(timeoutMilliseconds: 0) : pending.removeFirst()
        default:
            return Key(raw: UInt32(value)).map { .key($0) }
        }
    }

    /// The next character the terminal sent, waiting at most this long; a key ncurses recognised
    /// instead ends the sequence and is kept for later.
    private func pendingCharacter(waitMilliseconds: Int32) -> Unicode.Scalar? {
        wtimeout(window, waitMilliseconds)
        var value: wint_t = 0
        let result = wget_wch(window, &value)
        if result == KEY_CODE_YES {
            if let event = Self.functionKey(Int32(value), window: window) { pending.append(event) }
            return nil
        }
        guard result == OK else { return nil }
        return Unicode.Scalar(UInt32(value))
    }

    private static func functionKey(_ code: Int32, window: UnsafeMutablePointer<WINDOW>) -> InputEvent? {
        switch code {
        case KEY_UP: return .key(.up)
        case KEY_DOWN: return .key(.down)
        case KEY_LEFT: return .key(.left)
        case KEY_RIGHT: return .key(.right)
        case KEY_NPAGE: return .key(.pageDown)
        case KEY_PPAGE: return .key(.pageUp)
        case KEY_HOME: return .key(.home)
        case KEY_END: return .key(.end)
        case KEY_SLEFT: return .key(.shiftLeft)
        case KEY_SRIGHT: return .key(.shiftRight)
        case KEY_SHOME: return .key(.shiftHome)
        case KEY_SEND: return .key(.shiftEnd)
        case KEY_BACKSPACE: return .key(.backspace)
        case KEY_DC: return .key(.delete)
        case KEY_ENTER: return .key(.enter)
        case KEY_BTAB: return .key(.backTab)
        case KEY_RESIZE: return .resize(width: Int(getmaxx(window)), height: Int(getmaxy(window)))
        case KEY_MOUSE:
            var event = MEVENT()
            guard getmouse(&event) == OK else { return nil }
            let (x, y) = (Int(event.x), Int(event.y))
            if schakel_mouse_wheel_up(event.bstate) != 0 { return .mouse(MouseEvent(.wheelUp, x: x, y: y)) }
            if schakel_mouse_wheel_down(event.bstate) != 0 { return .mouse(MouseEvent(.wheelDown, x: x, y: y)) }
            if schakel_mouse_clicked(event.bstate) != 0 { return .mouse(MouseEvent(.click, x: x, y: y)) }
            return nil
        default:
            // F13–F24 are the shifted F-keys (S-F6 is F18).
            for n in 1...24 where code == schakel_key_f(Int32(n)) { return .key(.function(n)) }
            return nil
        }
    }

    /// The text on row `y`, read back from ncurses' own screen (for the adapter's tests).
    public func readRow(_ y: Int) -> String {
        var buffer = [wchar_t](repeating: 0, count: Int(getmaxx(window)) + 1)
        let count = mvwinnwstr(window, Int32(y), 0, &buffer, Int32(buffer.count - 1))
        guard count > 0 else { return "" }
        return String(
            String.UnicodeScalarView(buffer.prefix(Int(count)).compactMap { Unicode.Scalar(UInt32(bitPattern: $0)) }))
    }

    // MARK: Signals

    nonisolated(unsafe) private static var signalFlag: sig_atomic_t = 0
    nonisolated(unsafe) private static var interruptFlag: sig_atomic_t = 0
    /// The terminal's descriptor, for turning bracketed paste off from a fatal signal's handler.
    nonisolated(unsafe) private static var outputDescriptor: Int32 = 1
    nonisolated(unsafe) private static var handlersInstalled = false

    /// What a fatal signal's handler writes after `endwin`: bracketed paste off, mouse reporting off.
    nonisolated(unsafe) private static var restoreBytes: [UInt8] = []

    private static func installSignalHandlers() {
        guard !handlersInstalled else { return }
        handlersInstalled = true
        restoreBytes = Array((EscapeSequence.disablePaste + "\u{1B}[?1000l\u{1B}[?1006l").utf8)
        // A parent may have left these blocked; the desk needs them (SIGWINCH for resizes).
        var needed = sigset_t()
        sigemptyset(&needed)
        for sig in [SIGWINCH, SIGINT, SIGTERM, SIGHUP] { sigaddset(&needed, sig) }
        pthread_sigmask(SIG_UNBLOCK, &needed, nil)
        for sig in [SIGINT, SIGTERM, SIGHUP] {
            var action = sigaction()
            if sig == SIGINT {
                action.__sigaction_handler.sa_handler = { _ in NcursesTerminal.interruptFlag = 1 }
            } else {
                action.__sigaction_handler.sa_handler = { _ in NcursesTerminal.signalFlag = 1 }
            }
            sigemptyset(&action.sa_mask)
            action.sa_flags = 0  // no SA_RESTART: the blocking read returns so the loop sees the flag
            sigaction(sig, &action, nil)
        }
        for sig in [SIGSEGV, SIGBUS, SIGABRT, SIGFPE, SIGILL] {
            signal(sig) { received in
                endwin()
                // write(2) is safe in a signal handler, and the bytes were made before it ran.
                _ = NcursesTerminal.restoreBytes.withUnsafeBufferPointer {
                    write(NcursesTerminal.outputDescriptor, $0.baseAddress, $0.count)
                }
                signal(received, SIG_DFL)
                raise(received)
            }
        }
    }
}
