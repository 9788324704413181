import Foundation
import TestSupport
import Testing

/// The built `schakel` binary and ways to drive it: as a script would (arguments in, exit status
/// and output back) and as a person would (in a real terminal, tmux, with keys and screen captures).
enum Schakel {
    /// The binary next to the test bundle (`swift test` builds it), else in .build/debug.
    static let path: String = {
        let beside = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent(
            "schakel"
        ).path
        if FileManager.default.isExecutableFile(atPath: beside) { return beside }
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        return root.appendingPathComponent(".build/debug/schakel").path
    }()

    /// A fixed moment (Tuesday 24 November 2026, 09:00 in the Netherlands) and a known advisor.
    static let environment: [String: String] = [
        "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8", "SCHAKEL_NOW": "2026-11-24T08:00:00Z", "SCHAKEL_ADVISOR": "Tester",
        "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin",
        "HOME": ProcessInfo.processInfo.environment["HOME"] ?? "/tmp",
    ]

    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// Runs `schakel` with `arguments` and waits for it.
    @discardableResult
    static func run(_ arguments: [String], environment extra: [String: String] = [:]) throws -> Result {
        let output = try Spawn.run(path, arguments, environment: environment.merging(extra) { $1 })
        return Result(status: output.status, stdout: output.stdout, stderr: output.stderr)
    }

    /// Quotes a word for /bin/sh.
    static func quoted(_ word: String) -> String { "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'" }
}

/// One tmux server of its own per test, killed at the end; waits poll the screen with a deadline.
final class TerminalSession {
    let server = "schakel-e2e-" + UUID().uuidString.prefix(8)
    static let deadline: TimeInterval = 30

    /// Starts `schakel arguments` in a detached window of the given size. After the desk exits,
    /// the window shows `EXIT:<status>` and stays open for the test to read.
    init(_ arguments: [String], width: Int = 120, height: Int = 40, environment extra: [String: String] = [:]) throws {
        let env = Schakel.environment.merging(extra) { $1 }.map { Schakel.quoted("\($0.key)=\($0.value)") }.joined(
            separator: " ")
        let command =
            "env \(env) \(Schakel.quoted(Schakel.path)) \(arguments.map(Schakel.quoted).joined(separator: " ")); echo EXIT:$?; sleep 60"
        try tmux(["-f", "/dev/null", "new-session", "-d", "-x", String(width), "-y", String(height), command])
    }

    deinit { _ = try? tmux(["kill-server"]) }

    /// Runs a tmux command against this test's server.
    @discardableResult
    func tmux(_ arguments: [String]) throws -> String {
        try Spawn.run("/usr/bin/tmux", ["-L", server] + arguments, environment: Schakel.environment).stdout
    }

    /// Types text literally.
    func type(_ text: String) throws { try tmux(["send-keys", "-l", text]) }

    /// Presses named keys (Enter, Escape, Tab, BTab, F2, Down, ...).
    func press(_ keys: String...) throws { try tmux(["send-keys"] + keys) }
    /// Answers on choices in a row, as an advisor does in the Escalatie pane: each letter, then Enter.
    func answer(_ letters: String) throws {
        for letter in letters {
            try type(String(letter))
            try press("Enter")
        }
    }

    var screen: String { (try? tmux(["capture-pane", "-p"])) ?? "" }

    /// A click of the first button at column `x`, row `y` (from 0), as a terminal reports it to
    /// a program that asked for the mouse (X10 encoding: press, then release).
    func click(x: Int, y: Int) throws {
        func report(_ button: Int) -> String {
            "\u{1B}[M" + String(UnicodeScalar(UInt8(32 + button))) + String(UnicodeScalar(UInt8(33 + x)))
                + String(UnicodeScalar(UInt8(33 + y)))
        }
        try type(report(0) + report(3))
    }

    /// Whether the program in the window asked the terminal for the mouse (tmux knows its modes).
    var reportsMouse: Bool {
        ((try? tmux(["display-message", "-p", "#{mouse_standard_flag}#{mouse_button_flag}#{mouse_any_flag}"])) ?? "")
            .contains("1")
    }

    /// Waits until the screen satisfies `condition`; returns the last screen seen.
    ///
    /// A frame may be captured half drawn (top rows first), so a test waits for everything it then
    /// relies on, not for one line and then expects another.
    @discardableResult
    func waitFor(_ what: String, _ condition: (String) -> Bool) -> String {
        let end = Date().addingTimeInterval(Self.deadline)
        var last = ""
        while Date() < end {
            last = screen
            if condition(last) { return last }
            Thread.sleep(forTimeInterval: 0.05)
        }
        Issue.record("timed out waiting for \(what); the screen was:\n\(last)")
        return last
    }

    @discardableResult
    func waitFor(_ text: String) -> String { waitFor("\"\(text)\"") { $0.contains(text) } }

    /// From a case's detail: opens the handback form (afschalen) and fills in the wijkteam contact
    /// and the conditions, waiting until the form shows both. F2 is the caller's.
    func fillHandback(_ id: String, contact: String, conditions: String) throws {
        try press("a")
        waitFor("Terugleggen (afschalen): \(id)")
        try type(contact)
        try press("Tab")
        try type(conditions)
        waitFor("the filled handback form") { $0.contains(contact) && $0.contains(conditions) }
    }
}
