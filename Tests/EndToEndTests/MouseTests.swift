import Foundation
import TestSupport
import Testing

@Suite("The mouse in a real terminal (tmux)", .serialized)
struct MouseTests {
    @Test(
        "A click selects a row, a second click opens it, a click on a tab switches pane; the terminal gets its mouse back on quitting"
    )
    func clicks() throws {
        let dir = TemporaryDirectory()
        for name in ["Anne de Vries", "Bauke Bakker", "Cor Dijkstra"] {
            try Schakel.run([
                "case", "add", "--store", dir.store, "--name", name, "--gemeente", "Leeuwarden",
                "--source", "wijkteam", "--reason", "Zorgen",
            ])
        }
        let desk = try TerminalSession(["--store", dir.store], width: 100, height: 30)
        let first = desk.waitFor("the queue") { $0.contains("Cor Dijkstra") && $0.contains("1 Wachtrij") }
        #expect(desk.reportsMouse)
        // The third row of the queue (screen row 5), whichever case it holds.
        let lines = first.split(separator: "\n", omittingEmptySubsequences: false)
        let third = try #require(["Anne de Vries", "Bauke Bakker", "Cor Dijkstra"].first { lines[5].contains($0) })
        try desk.click(x: 20, y: 5)
        // One click selects: the queue stays, with the clicked row drawn reversed.
        let selected = desk.waitFor("the third row selected") { _ in
            ((try? desk.tmux(["capture-pane", "-p", "-e"])) ?? "").split(separator: "\n").dropFirst(5).first?
                .contains("\u{1B}[7m") == true
        }
        #expect(selected.contains("Cor Dijkstra") && selected.contains("Anne de Vries"))
        try desk.click(x: 20, y: 5)
        desk.waitFor("the detail of \(third)") {
            $0.split(separator: "\n").dropFirst(2).first?.contains(third) == true
                && $0.contains("Status")
        }
        // The tab bar: "3 Partners".
        let tabs = desk.screen.split(separator: "\n")[1]
        let partners = try #require(tabs.range(of: "3 Partners")).lowerBound.utf16Offset(in: tabs)
        try desk.click(x: partners + 2, y: 1)
        desk.waitFor("the Partners pane") { $0.contains("/ zoekt op naam") }
        try desk.press("q")
        desk.waitFor("EXIT:0")
        #expect(!desk.reportsMouse)
    }

    @Test("--no-mouse (and SCHAKEL_MOUSE=off) leave the mouse to the terminal, so text can be selected")
    func noMouse() throws {
        let dir = TemporaryDirectory()
        try Schakel.run([
            "case", "add", "--store", dir.store, "--name", "Anne de Vries", "--gemeente", "Leeuwarden",
            "--source", "wijkteam", "--reason", "Zorgen",
        ])
        for (arguments, environment) in [
            (["--store", dir.store, "--no-mouse"], [String: String]()),
            (["--store", dir.store], ["SCHAKEL_MOUSE": "off"]),
        ] {
            let desk = try TerminalSession(arguments, width: 100, height: 30, environment: environment)
            desk.waitFor("Anne de Vries")
            #expect(!desk.reportsMouse, "\(arguments) \(environment)")
            try desk.press("q")
            desk.waitFor("EXIT:0")
        }
    }
}
