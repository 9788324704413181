import CaseModel
import Foundation
import Screen
import TestSupport
import Testing

@testable import Desk

@Suite("The detail says why the case is where it is")
@MainActor
struct WhyHereTests {
    @Test(
        "Near the top: its place in the whole queue (n van m, whatever search is in force) and the weightiest reasons; a ZSM deadline to the minute"
    )
    func whyHere() throws {
        let context = try DeskFixtures.context()
        var state = DeskFixtures.state(size: (120, 40), context: context)
        let zsm = try #require(state.rows.first { state.cases[$0.id]?.hasOpenZSMRequest == true })
        let index = try #require(state.rows.firstIndex(of: zsm))
        state.selection = index
        _ = Reducer.reduce(&state, .openDetail, context: context)
        let lines = DeskView.render(state, context: context).buffer.lines
        let why = try #require(lines.firstIndex { $0.contains("Waarom hier") })
        #expect(why <= 6, "\(lines.joined(separator: "\n"))")  // under the name, status and AVE
        let minutes = try #require(state.urgencies[zsm.id]?.minutesToZSMDeadline)
        let left = "\(minutes / 60)u" + String(format: "%02d", minutes % 60)
        #expect(
            lines[why].contains("\(index + 1) van \(state.rows.count) in de wachtrij — ZSM-verzoek open, nog \(left)"))
        // With a search in force the place is still the one in the whole queue.
        var searched = state
        searched.filterText = try #require(state.cases[zsm.id]?.primaryPerson.name)
        searched.refilter(context: context)
        #expect(searched.rows.count < state.rows.count)
        #expect(DetailPane.position(of: zsm.id, in: searched)! == (index, state.rows.count))
        // The breakdown under Urgentie says it the same way.
        let all = DetailPane.lines(
            try #require(state.cases[zsm.id]), urgency: state.urgencies[zsm.id], timeline: [], context: context,
            width: 118)
        #expect(all.contains { $0.text.contains("ptn  ZSM-verzoek open, nog \(left)") })
    }
}

@Suite("A deadline met late says so")
@MainActor
struct LateDeadlineTests {
    @Test("A ZSM answer 55 minutes after its hour shows 'voldaan, 0u55 te laat', not just 'voldaan'")
    func lateZSM() throws {
        let context = try DeskFixtures.context()
        var c = try #require(DeskFixtures.cases().first { $0.hasOpenZSMRequest })
        let index = try #require(c.deadlines.firstIndex { $0.kind == .zsmAnswer })
        guard case .moment(let due) = c.deadlines[index].due else {
            Issue.record("a ZSM request is due at a moment")
            return
        }
        c.deadlines[index].met = true
        c.deadlines[index].metAt = due.addingTimeInterval(55 * 60)
        let lines = DetailPane.lines(c, urgency: nil, timeline: [], context: context, width: 118).map(\.text)
        #expect(lines.contains { $0.hasSuffix("✓ voldaan, 0u55 te laat") }, "\(lines.joined(separator: "\n"))")
        c.deadlines[index].metAt = due.addingTimeInterval(-10 * 60)
        let inTime = DetailPane.lines(c, urgency: nil, timeline: [], context: context, width: 118).map(\.text)
        #expect(inTime.contains { $0.hasSuffix("✓ voldaan") })
    }
}
