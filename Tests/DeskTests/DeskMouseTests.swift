import CaseModel
import Foundation
import Screen
import TestSupport
import Testing

@testable import Desk

@Suite("What a click means where it lands")
@MainActor
struct DeskMouseTests {
    func click(_ state: inout AppState, x: Int, y: Int, _ context: DeskContext, _ action: MouseEvent.Action = .click)
        -> [Command]
    {
        let commands = DeskMouse.commands(for: MouseEvent(action, x: x, y: y), in: state, context: context)
        for command in commands { _ = Reducer.reduce(&state, command, context: context) }
        return commands
    }

    @Test("The tab bar switches pane at each tab's place, as drawn; a click between tabs does nothing")
    func tabs() throws {
        let context = try DeskFixtures.context()
        var state = DeskFixtures.state(size: (100, 30), context: context)
        let line = DeskView.render(state, context: context).buffer.lines[1]
        let partners = try #require(line.range(of: "3 Partners")).lowerBound.utf16Offset(in: line)
        let consulten = try #require(line.range(of: "4 Consulten")).lowerBound.utf16Offset(in: line)
        #expect(click(&state, x: partners, y: 1, context) == [.showTab(2)])
        #expect(state.mode == .partners)
        #expect(click(&state, x: consulten + 5, y: 1, context) == [.showTab(3)])
        #expect(state.mode == .consultations)
        #expect(click(&state, x: 0, y: 1, context).isEmpty)
    }

    @Test("A queue row is selected by a click and opened by a second; the wheel moves the list and scrolls a detail")
    func rows() throws {
        let context = try DeskFixtures.context()
        var state = DeskFixtures.state(size: (100, 30), context: context)
        let lines = DeskView.render(state, context: context).buffer.lines
        let row = try #require(lines.firstIndex { $0.contains(state.cases[state.rows[2].id]!.primaryPerson.name) })
        #expect(row == 5)  // header, tabs, column titles, then the rows
        _ = click(&state, x: 10, y: row, context)
        #expect(state.selection == 2 && state.mode == .queue)
        _ = click(&state, x: 10, y: row, context)
        #expect(state.mode == .detail(state.rows[2].id))
        #expect(click(&state, x: 10, y: 10, context, .wheelDown) == Array(repeating: .scrollDetail(.down), count: 3))
        _ = click(&state, x: 10, y: 10, context)  // a click in a detail selects nothing
        #expect(state.mode == .detail(state.rows[2].id))
        // Below the last row nothing is selected.
        var queue = DeskFixtures.state(size: (100, 30), context: context)
        #expect(click(&queue, x: 10, y: 3 + queue.rows.count, context).isEmpty)
        _ = click(&queue, x: 10, y: 10, context, .wheelDown)
        #expect(queue.selection == min(3, queue.rows.count - 1))
    }

    @Test("A click on a form's field focuses it: the short forms, the registration form and the Escalatie pane")
    func fields() throws {
        var context = try DeskFixtures.context()
        context.instrument = try InstrumentParser.parse(
            SourceTree.text("Resources/Data/instrument-fryslan.txt"), file: "i")
        var state = DeskFixtures.state(size: (100, 30), context: context)
        state.privacy = PrivacyGuard(knownNames: [])
        _ = Reducer.reduce(&state, .showTab(3), context: context)
        _ = Reducer.reduce(&state, .newConsultation, context: context)
        let lines = DeskView.render(state, context: context).buffer.lines
        let question = try #require(lines.firstIndex { $0.contains("Vraag") })
        _ = click(&state, x: 5, y: question, context)
        #expect(state.entry?.form.fields[state.entry!.form.focus].key == .question)

        _ = Reducer.reduce(&state, .cancelForm, context: context)
        _ = Reducer.reduce(&state, .showTab(0), context: context)
        _ = Reducer.reduce(&state, .startRegistration, context: context)
        let form = DeskView.render(state, context: context).buffer.lines
        let name = try #require(form.firstIndex { $0.hasPrefix("  Naam *") })
        _ = click(&state, x: 5, y: name, context)
        #expect(state.registration?.focus == .name)

        _ = Reducer.reduce(&state, .cancelForm, context: context)
        _ = Reducer.reduce(&state, .openEscalation, context: context)
        let pane = DeskView.render(state, context: context).buffer.lines
        let third = try #require(pane.firstIndex { $0.hasPrefix("  Criterium 3") })
        _ = click(&state, x: 5, y: third, context)
        #expect(state.escalation?.focus == 4)  // criterion 1, its note, 2, its note, 3
        // The focused criterion wraps over two lines: a click on its second line stays on it.
        let wrapped = DeskView.render(state, context: context).buffer.lines
        let focused = try #require(wrapped.firstIndex { $0.hasPrefix("› Criterium 3") })
        _ = click(&state, x: 40, y: focused + 1, context)
        #expect(state.escalation?.focus == 4)
        _ = click(&state, x: 5, y: focused + 2 + 1, context)  // past the wrapped text and its note: criterion 4
        #expect(state.escalation?.focus == 6)
    }

    @Test("With the help open a click closes it; while a question waits, clicks do nothing")
    func overlays() throws {
        let context = try DeskFixtures.context()
        var state = DeskFixtures.state(size: (100, 30), context: context)
        _ = Reducer.reduce(&state, .showHelp, context: context)
        #expect(click(&state, x: 10, y: 5, context) == [.closeHelp])
        #expect(!state.isShowingHelp)
        state.discardPending = .quit
        #expect(click(&state, x: 10, y: 5, context).isEmpty)
    }
}
