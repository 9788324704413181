import CaseModel
import Foundation
import Screen
import TestSupport
import Testing

@testable import Desk

@Suite("Messages go when the field is fixed")
@MainActor
struct StaleErrorTests {
    @Test("An error beside a field goes as soon as the field is changed, in the registration form and the short forms")
    func errorsGo() throws {
        let context = try DeskFixtures.context()
        var state = DeskFixtures.state(size: (120, 40), context: context)
        _ = Reducer.reduce(&state, .startRegistration, context: context)
        _ = Reducer.reduce(&state, .saveForm, context: context)
        #expect(state.registration?.errors[.name] != nil)
        _ = Reducer.reduce(
            &state, .focusField(RegistrationForm.Field.allCases.firstIndex(of: .name)!), context: context)
        _ = Reducer.reduce(&state, .insert("J"), context: context)
        #expect(state.registration?.errors[.name] == nil)
        #expect(
            !DeskView.render(state, context: context).buffer.lines.contains {
                $0.hasPrefix("› Naam") && $0.contains("verplicht")
            })

        state = DeskFixtures.state(size: (120, 40), context: context)
        state.privacy = PrivacyGuard(knownNames: [])
        _ = Reducer.reduce(&state, .showTab(3), context: context)
        _ = Reducer.reduce(&state, .newConsultation, context: context)
        _ = Reducer.reduce(&state, .saveForm, context: context)
        let question = try #require(state.entry?.form.fields.firstIndex { $0.key == .question })
        #expect(state.entry?.form.errors[.question] != nil)
        _ = Reducer.reduce(&state, .focusField(question), context: context)
        _ = Reducer.reduce(&state, .insert("W"), context: context)
        #expect(state.entry?.form.errors[.question] == nil)
        #expect(state.entry?.form.errors[.wijkteam] != nil)  // the other field's error stays until it is changed
    }
}

@Suite("Selecting text in a form's field")
@MainActor
struct FieldSelectionTests {
    @Test("Shift-Home selects what was typed, drawn reversed; typing replaces it; the other forms' fields do the same")
    func selectAndReplace() throws {
        let context = try DeskFixtures.context()
        var state = DeskFixtures.state(size: (120, 40), context: context)
        state.privacy = PrivacyGuard(knownNames: [])
        _ = Reducer.reduce(&state, .showTab(3), context: context)
        _ = Reducer.reduce(&state, .newConsultation, context: context)
        let question = try #require(state.entry?.form.fields.firstIndex { $0.key == .question })
        _ = Reducer.reduce(&state, .focusField(question), context: context)
        for character in "Vader weigert" { _ = Reducer.reduce(&state, .insert(character), context: context) }
        for _ in 0..<7 {
            _ = Reducer.reduce(
                &state, DeskKeymap.command(for: .shiftLeft, in: state, context: context)!, context: context)
        }
        let buffer = DeskView.render(state, context: context).buffer
        let row = try #require(buffer.lines.firstIndex { $0.contains("Vader weigert") })
        let column = try #require(buffer.lines[row].range(of: "weigert")).lowerBound.utf16Offset(in: buffer.lines[row])
        #expect(buffer[column, row].style.reverse && !buffer[column - 2, row].style.reverse)
        for character in "zegt nee" { _ = Reducer.reduce(&state, .insert(character), context: context) }
        #expect(state.entry?.form.value(.question) == "Vader zegt nee")

        var registration = DeskFixtures.state(size: (120, 40), context: context)
        _ = Reducer.reduce(&registration, .startRegistration, context: context)
        _ = Reducer.reduce(
            &registration, .focusField(RegistrationForm.Field.allCases.firstIndex(of: .name)!), context: context)
        for character in "Jan" { _ = Reducer.reduce(&registration, .insert(character), context: context) }
        _ = Reducer.reduce(&registration, .formSelect(.selectHome), context: context)
        _ = Reducer.reduce(&registration, .erase, context: context)
        #expect(registration.registration?.draft.name == "")
    }
}
