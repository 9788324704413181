import CaseModel
import Foundation
import Screen
import Testing

@testable import Desk

@Suite("The Rapportage pane: period, span and grouping by key; only the report asked for is shown")
struct ReportPaneTests {
    func send(_ state: inout AppState, _ keys: [Key], _ context: DeskContext) -> [Effect] {
        keys.flatMap { key in
            DeskKeymap.command(for: key, in: state, context: context).map {
                Reducer.reduce(&state, $0, context: context)
            } ?? []
        }
    }

    @Test("← and → move the period, p switches month, quarter and year, g the grouping")
    func keys() throws {
        let context = try DeskFixtures.context()
        var state = DeskFixtures.state(size: (80, 24), context: context)
        // 24 November 2026: the fourth quarter.
        #expect(
            send(&state, [.character("6")], context) == [.makeReport(try ReportPeriod(parsing: "2026-Q4"), .gemeente)])
        #expect(send(&state, [.left], context) == [.makeReport(try ReportPeriod(parsing: "2026-Q3"), .gemeente)])
        #expect(
            send(&state, [.character("]"), .character("]")], context).last
                == .makeReport(try ReportPeriod(parsing: "2027-Q1"), .gemeente))
        #expect(send(&state, [.character("p")], context) == [.makeReport(try ReportPeriod(parsing: "2027"), .gemeente)])
        #expect(
            send(&state, [.character("p")], context) == [.makeReport(try ReportPeriod(parsing: "2027-12"), .gemeente)])
        #expect(
            send(&state, [.character("p")], context) == [.makeReport(try ReportPeriod(parsing: "2027-Q4"), .gemeente)])
        let groupings = (0..<5).flatMap { _ in send(&state, [.character("g")], context) }.map {
            effect -> ReportGrouping? in
            if case .makeReport(_, let grouping) = effect { grouping } else { nil }
        }
        #expect(groupings == [.wijkteam, .source, .advisor, .total, .gemeente])
    }

    @Test("A report made for an earlier key is not shown; the one asked for is, and draws at 80 columns")
    func onlyTheReportAskedFor() throws {
        let context = try DeskFixtures.context()
        var state = DeskFixtures.state(size: (80, 24), context: context)
        _ = send(&state, [.character("6"), .left], context)
        let cases = state.cases.values
        func made(_ period: String) throws -> Report {
            Report(
                cases: cases, consultations: ConsultationLog(), period: try ReportPeriod(parsing: period),
                grouping: .gemeente, now: context.clock.now, timeZone: context.timeZone)
        }
        _ = Reducer.reduce(&state, .reportReady(try made("2026-Q4")), context: context)
        #expect(state.reportPane.report == nil)
        let lines = ReportView.lines(state, context, width: 80).map(\.text)
        #expect(lines == [" " + context.text(.reportLoading)])
        _ = Reducer.reduce(&state, .reportReady(try made("2026-Q3")), context: context)
        #expect(state.reportPane.report?.period.description == "2026-Q3")
        let text = DeskView.render(state, context: context).buffer.lines
        #expect(text.contains { $0.contains("Rapportage 2026-Q3") }, "\(text)")
        #expect(text.contains { $0.contains("Instroom") })
    }
}
