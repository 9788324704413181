import CaseModel
import Foundation
import Screen
import TestSupport
import Testing

@testable import Desk

@Suite("Found by trying the desk as a new user")
@MainActor
struct TrialFindingsTests {
    func context() throws -> DeskContext {
        var context = try DeskFixtures.context()
        context.instrument = try InstrumentParser.parse(
            SourceTree.text("Resources/Data/instrument-fryslan.txt"), file: "i")
        return context
    }

    @Test("Esc in Escalatie goes back to the case's detail it was opened from; from the queue, to the queue")
    func escalationGoesBack() throws {
        let context = try context()
        var state = DeskFixtures.state(size: (120, 40), context: context)
        let id = try #require(state.selectedID)
        _ = Reducer.reduce(&state, .openDetail, context: context)
        _ = Reducer.reduce(&state, .openEscalation, context: context)
        #expect(state.mode == .escalation)
        let effects = Reducer.reduce(&state, .cancelForm, context: context)
        #expect(state.mode == .detail(id) && effects == [.loadTimeline(id)])
        _ = Reducer.reduce(&state, .back, context: context)
        _ = Reducer.reduce(&state, .openEscalation, context: context)
        _ = Reducer.reduce(&state, .cancelForm, context: context)
        #expect(state.mode == .queue)
    }

    @Test("A colleague closing the case while Escalatie is open keeps what was typed there, and asks before it goes")
    func colleagueClosesTheCase() throws {
        let context = try context()
        var state = DeskFixtures.state(size: (120, 40), context: context)
        let id = try #require(state.selectedID)
        _ = Reducer.reduce(&state, .openEscalation, context: context)
        _ = Reducer.reduce(&state, .insert("j"), context: context)
        var closed = try #require(state.cases[id])
        closed.status = .afgesloten
        state.upsert(closed, context: context)
        _ = Reducer.reduce(&state, .nextField, context: context)
        #expect(state.mode == .escalation && state.escalation?.criteria[1] == .yes)
        _ = Reducer.reduce(&state, .cancelForm, context: context)
        #expect(state.discardPending == .cancelForm)
    }

    @Test("A closed case's detail scrolls, as an open one does")
    func closedDetailScrolls() throws {
        let context = try context()
        var cases = DeskFixtures.cases()
        cases[0].status = .afgesloten
        var state = DeskFixtures.state(size: (80, 24), cases: cases, context: context)
        _ = Reducer.reduce(&state, .toggleQuickFilter(.closed), context: context)
        _ = Reducer.reduce(&state, .openDetail, context: context)
        _ = Reducer.reduce(&state, .timelineLoaded(cases[0].id, []), context: context)
        _ = Reducer.reduce(&state, .scrollDetail(.pageDown), context: context)
        #expect(state.mode == .detail(cases[0].id) && state.detailScroll > 0)
    }

    @Test("F2 with a plan but no rationale refuses the decision by name, and keeps the plan; it never drops it quietly")
    func planWithoutRationale() throws {
        let context = try context()
        var state = DeskFixtures.state(size: (120, 40), context: context)
        _ = Reducer.reduce(&state, .openEscalation, context: context)
        let rows = EscalationForm.rows(try #require(context.instrument))
        for (row, text) in [
            (EscalationForm.Row.task(0), "Politie"), (.taskWhat(0), "Huisbezoek"), (.taskDue(1), "abc"),
        ] {
            _ = Reducer.reduce(&state, .focusField(rows.firstIndex(of: row)!), context: context)
            for character in text { _ = Reducer.reduce(&state, .insert(character), context: context) }
        }
        let effects = Reducer.reduce(&state, .saveForm, context: context)
        #expect(effects.isEmpty && state.mode == .escalation)
        #expect(state.escalation?.errors[.rationale] == "verplicht")
        #expect(state.escalation?.text(.task(0)) == "Politie")
        // Task 2 has a date but no partner: its row shows the error beside it.
        #expect(state.message?.text == "3 velden kloppen niet. Onderbouwing: verplicht")  // and both tasks
        let screen = DeskView.render(state, context: context).buffer.lines
        #expect(
            screen.contains { $0.hasPrefix("  Taak 2") && $0.contains("! verplicht") },
            "\(screen.joined(separator: "\n"))")
        // With a rationale, a task without its date is named with its number in the status line.
        var second = DeskFixtures.state(size: (120, 40), context: context)
        _ = Reducer.reduce(&second, .openEscalation, context: context)
        for (row, text) in [
            (EscalationForm.Row.rationale, "Drie criteria"), (.task(0), "Politie"), (.taskWhat(0), "Huisbezoek"),
        ] {
            _ = Reducer.reduce(&second, .focusField(rows.firstIndex(of: row)!), context: context)
            for character in text { _ = Reducer.reduce(&second, .insert(character), context: context) }
        }
        _ = Reducer.reduce(&second, .saveForm, context: context)
        #expect(second.message?.text == "1 veld klopt niet. Taak 1 wanneer: verplicht")
    }

    @Test("The hint under Escalatie is for the row in focus: answers on a criterion, typing on the rationale")
    func hintFollowsFocus() throws {
        let context = try context()
        var state = DeskFixtures.state(size: (120, 40), context: context)
        _ = Reducer.reduce(&state, .openEscalation, context: context)
        var screen = DeskView.render(state, context: context).buffer.lines.joined(separator: "\n")
        #expect(screen.contains("Typ j(a), n(ee) of o(nbekend)") && !screen.contains("Tab of ↓ naar het volgende veld"))
        let rows = EscalationForm.rows(try #require(context.instrument))
        _ = Reducer.reduce(&state, .focusField(rows.firstIndex(of: .rationale)!), context: context)
        screen = DeskView.render(state, context: context).buffer.lines.joined(separator: "\n")
        #expect(screen.contains("Typ; Tab of ↓ naar het volgende veld. F2 legt vast"))
        #expect(!screen.contains("Typ j(a), n(ee) of o(nbekend)"))
    }

    @Test("In English the discard question takes y, not j (which moves down elsewhere)")
    func englishDiscard() throws {
        var context = try context()
        context.text = try Localizer(language: .en)
        var state = DeskFixtures.state(size: (120, 40), context: context)
        _ = Reducer.reduce(&state, .startRegistration, context: context)
        _ = Reducer.reduce(
            &state, .focusField(RegistrationForm.Field.allCases.firstIndex(of: .name)!), context: context)
        _ = Reducer.reduce(&state, .insert("A"), context: context)
        _ = Reducer.reduce(&state, .cancelForm, context: context)
        #expect(DeskKeymap.command(for: .character("j"), in: state, context: context) == .answerDiscard(yes: false))
        #expect(DeskKeymap.command(for: .character("y"), in: state, context: context) == .answerDiscard(yes: true))
    }

    @Test("e on a closed case says it is closed and how to reopen it, not that a case must be chosen")
    func closedCase() throws {
        let context = try context()
        var cases = DeskFixtures.cases()
        cases[0].status = .afgesloten
        var state = DeskFixtures.state(size: (120, 40), cases: cases, context: context)
        _ = Reducer.reduce(&state, .toggleQuickFilter(.closed), context: context)
        _ = Reducer.reduce(&state, .openDetail, context: context)
        _ = Reducer.reduce(&state, .openEscalation, context: context)
        #expect(state.mode == .detail(cases[0].id))
        #expect(
            state.message?.text
                == "\(cases[0].id) is afgesloten: h in de casus heropent hem, daarna kan hij weer escaleren.")
    }

    @Test("The ZSM answer's 'known' is a choice (ja/nee), and a save that fails names the first error whole")
    func zsmKnownAndWholeError() throws {
        let context = try context()
        var state = DeskFixtures.state(size: (120, 40), context: context)
        let zsm = try #require(state.rows.firstIndex { state.cases[$0.id]?.hasOpenZSMRequest == true })
        state.selection = zsm
        _ = Reducer.reduce(&state, .openDetail, context: context)
        _ = Reducer.reduce(&state, .openAction(.zsmAnswer), context: context)
        let known = try #require(state.action?.form.fields.first)
        #expect(known.key == .known && known.choices == ["", "ja", "nee"] && known.shown == "—")
        _ = Reducer.reduce(&state, .saveForm, context: context)
        #expect(state.message?.text == "2 velden kloppen niet. Bekend bij ZVH: verplicht")
        _ = Reducer.reduce(&state, .insert("j"), context: context)
        #expect(state.action?.form.value(.known) == "ja" && state.action?.form.errors[.known] == nil)

        var partners = DeskFixtures.state(size: (100, 30), context: context)
        _ = Reducer.reduce(&partners, .showTab(2), context: context)
        _ = Reducer.reduce(&partners, .newPartner, context: context)
        let form = try #require(partners.entry?.form)
        for (key, value): (FormKey, String) in [
            (.organisation, "GGD Fryslân"), (.type, "ggd"), (.name, "Piet Bos"), (.phone, "abc"),
        ] {
            _ = Reducer.reduce(&partners, .focusField(form.fields.firstIndex { $0.key == key }!), context: context)
            for character in value { _ = Reducer.reduce(&partners, .insert(character), context: context) }
        }
        _ = Reducer.reduce(&partners, .saveForm, context: context)
        let message = try #require(partners.message?.text)
        #expect(message.hasPrefix("1 veld klopt niet. Telefoon: geen Nederlands telefoonnummer"), "\(message)")
    }
}
