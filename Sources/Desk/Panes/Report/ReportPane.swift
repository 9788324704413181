import CaseModel
import Foundation
import Screen

/// What the Rapportage pane shows: which period, grouped how, and the report once made.
public struct ReportPaneState: Hashable, Sendable {
    /// Nil until the pane is first opened (then this quarter).
    public var period: ReportPeriod?
    public var grouping: ReportGrouping = .gemeente
    /// The report of `period` and `grouping`; nil while it is being made.
    public var report: Report?

    public init() {}
}

/// The Rapportage pane: a period's figures per group as tables, bar charts and sparklines (the
/// same lines as `schakel report`), the period moved with ←/→, its span and the grouping switched
/// with `p` and `g`. Counts only, small groups held back; each report made is in the access log.
enum ReportView: PaneView {
    static let spans: [ReportPeriod.Span] = [.month, .quarter, .year]

    static func render(_ state: AppState, _ context: DeskContext, in rect: Rect, into buffer: inout ScreenBuffer)
        -> (x: Int, y: Int)?
    {
        DetailPane.draw(lines(state, context, width: rect.width), top: state.detailScroll, in: rect, into: &buffer)
        return nil
    }

    static func lines(_ state: AppState, _ context: DeskContext, width: Int) -> [DetailPane.Line] {
        guard let report = state.reportPane.report else {
            return [DetailPane.Line(text: " " + context.text(.reportLoading), style: .dim)]
        }
        return ReportLayout.lines(report, context: context, width: max(20, width - 2)).map {
            DetailPane.Line(text: " " + $0.text, style: $0.heading ? .bold : .plain)
        }
    }

    static func reduce(_ state: inout AppState, _ command: Command, context: DeskContext) -> [Effect] {
        state.message = nil
        let current = state.reportPane.period ?? .containing(context.today, span: .quarter)
        switch command {
        case .scrollDetail(let movement):
            let width = DeskLayout(state.size).pane.width
            Reducer.scrollDetail(&state, movement, lines: lines(state, context, width: width).count)
            return []
        case .reportPeriod(let step):
            return show(current.moved(by: step), state.reportPane.grouping, &state)
        case .reportSpan:
            let index = spans.firstIndex(of: current.span) ?? 0
            return show(
                .containing(current.to, span: spans[(index + 1) % spans.count]), state.reportPane.grouping, &state)
        case .reportGrouping:
            let all = ReportGrouping.allCases
            let next = all[((all.firstIndex(of: state.reportPane.grouping) ?? 0) + 1) % all.count]
            return show(current, next, &state)
        default:
            return []
        }
    }

    /// Asks for the report of `period` by `grouping` (the effect makes it; the pane says so meanwhile).
    static func show(_ period: ReportPeriod, _ grouping: ReportGrouping, _ state: inout AppState) -> [Effect] {
        state.reportPane.period = period
        state.reportPane.grouping = grouping
        state.reportPane.report = nil
        state.detailScroll = 0
        return [.makeReport(period, grouping)]
    }

    /// On entering the pane: the report made afresh (the store may have moved on since).
    static func entering(from before: AppState.Mode, _ state: inout AppState, context: DeskContext) -> [Effect] {
        guard state.mode == .report, before != .report else { return [] }
        let period = state.reportPane.period ?? .containing(context.today, span: .quarter)
        return show(period, state.reportPane.grouping, &state)
    }

    static func scopes(_ state: AppState) -> [KeyScope] { [.report] }
    static func tab(_ state: AppState) -> DeskPane { .report }
}
