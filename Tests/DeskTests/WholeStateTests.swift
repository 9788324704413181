import CaseModel
import CustomDump
import Foundation
import Screen
import Testing

@testable import Desk

/// Reducer tests that compare the whole state (TCA's way): what a step is expected to change is
/// written down, and everything else must be as it was; a failure prints only the difference.
@Suite("A step changes only what it should (whole states compared)")
@MainActor
struct WholeStateTests {
    func registrationOnReason(_ context: DeskContext) -> AppState {
        var state = DeskFixtures.state(size: (120, 40), context: context)
        _ = Reducer.reduce(&state, .startRegistration, context: context)
        _ = Reducer.reduce(
            &state, .focusField(RegistrationForm.Field.allCases.firstIndex(of: .reason)!), context: context)
        return state
    }

    @Test(
        "A paste of three lines into Aanleiding is text in that field and nothing else: no Enter, no other field, no effect"
    )
    func pasteIsText() throws {
        let context = try DeskFixtures.context()
        var state = registrationOnReason(context)
        let before = state
        var effects: [Effect] = []
        for command in DeskKeymap.commands(forPaste: "Overlast\nbij de buren\r\nsinds mei", in: state, context: context)
        {
            effects += Reducer.reduce(&state, command, context: context)
        }
        var expected = before
        expected.registration?.texts[.reason] = "Overlast bij de buren sinds mei"
        expected.registration?.cursor = 31
        expectNoDifference(state, expected)
        #expect(effects.isEmpty)
    }

    @Test("Esc on a filled form only asks; N leaves everything as it was but the message")
    func escapeAsks() throws {
        let context = try DeskFixtures.context()
        var state = registrationOnReason(context)
        _ = Reducer.reduce(&state, .insert("Z"), context: context)
        let filled = state
        _ = Reducer.reduce(&state, DeskKeymap.command(for: .escape, in: state, context: context)!, context: context)
        var asking = filled
        asking.discardPending = .cancelForm
        asking.message = .init(text: "Aanmelding niet bewaard. Weggooien? j/N", isError: true)
        expectNoDifference(state, asking)
        _ = Reducer.reduce(
            &state, DeskKeymap.command(for: .character("n"), in: state, context: context)!, context: context)
        var kept = filled
        kept.message = .init(text: context.text(.discardKept), isError: false)
        expectNoDifference(state, kept)
    }

    @Test("While \"Weggooien? j/N\" waits, a paste is no answer and types nothing: the next j cannot surprise")
    func pasteWhileAsking() throws {
        let context = try DeskFixtures.context()
        var state = registrationOnReason(context)
        _ = Reducer.reduce(&state, .insert("Z"), context: context)
        _ = Reducer.reduce(&state, .cancelForm, context: context)
        let asking = state
        #expect(DeskKeymap.commands(forPaste: "jjj", in: state, context: context).isEmpty)
        expectNoDifference(state, asking)
    }

    @Test("PuTTY's Home (ESC [ 1 ~) in a form moves the cursor and does nothing else")
    func puttyHome() throws {
        let context = try DeskFixtures.context()
        var state = registrationOnReason(context)
        for character in "Zorgen" { _ = Reducer.reduce(&state, .insert(character), context: context) }
        let before = state
        var sequence = Array("[1~".unicodeScalars)
        let events = EscapeSequence.read(next: { sequence.isEmpty ? nil : sequence.removeFirst() }, pasted: { nil })
        #expect(events == [.key(.home)])
        for case .key(let key) in events {
            if let command = DeskKeymap.command(for: key, in: state, context: context) {
                _ = Reducer.reduce(&state, command, context: context)
            }
        }
        var expected = before
        expected.registration?.cursor = 0
        expectNoDifference(state, expected)
    }
}
