import CaseModel
import Foundation
import Screen

/// The Consulten pane: the figures per wijkteam, then the consultations, newest first, with a flag
/// where registering is suggested.
enum ConsultationsPane {
    static func render(_ state: AppState, _ context: DeskContext, in rect: Rect, into buffer: inout ScreenBuffer) -> (
        x: Int, y: Int
    )? {
        let t = context.text
        let rule = context.settings.threadRule
        var cursor: (x: Int, y: Int)?
        let figures = PartnerReport.figures(state.consultations)
        if state.isEditingFilter || !state.consultationQuery.isEmpty {
            cursor = ListTable.searchLine(
                query: state.consultationQuery, editing: state.isEditingFilter,
                summary: t(.partnersSummary, state.consultationRows.count, state.consultations.consultations.count),
                idle: "", context, in: rect, into: &buffer)
        } else if !figures.isEmpty {
            buffer.write(
                " " + DisplayWidth.truncated(t(.consultsFigures, figures), to: rect.width - 2), x: rect.x, y: rect.y,
                style: Theme.info, clip: rect)
        }
        let list = Rect(x: rect.x, y: rect.y + 2, width: rect.width, height: rect.height - 2)
        guard !state.consultationRows.isEmpty else {
            let text =
                state.consultations.consultations.count == 0
                ? t(.consultsEmpty) : t(.consultsNoMatch, state.consultationQuery)
            for (index, line) in TextWrap.lines(text, width: max(10, rect.width - 4)).enumerated() {
                buffer.write("  " + line, x: list.x, y: list.y + index, style: .dim, clip: list)
            }
            return cursor
        }
        var spec: [(String, Int)] = [
            ("", 2), (t(.colId), 6), (t(.colWhen), 16), (t(.colWijkteam), -2), (t(.colQuestion), -4),
            (t(.colFollowUp), rect.width >= 110 ? 19 : 12),
        ]
        if rect.width >= 100 { spec.append((t(.colThread), -2)) }
        let columns = ListTable.columns(spec, width: rect.width)
        ListTable.render(
            columns, count: state.consultationRows.count,
            row: { index -> [(String, Style)] in
                guard let c = state.consultations[state.consultationRows[index]] else { return [] }
                let marker: (String, Style)
                if state.consultations.promotedTo[c.id] != nil {
                    marker = ("→", .dim)
                } else if state.consultations.suggestion(for: c, now: state.now, rule: rule) != nil {
                    marker = ("⚑", Theme.overdue)
                } else {
                    marker = ("", .plain)
                }
                return [
                    marker, (c.id.description, .plain), (t.moment(c.at, in: context.timeZone), .plain),
                    (c.wijkteam, .plain),
                    c.purgedAt == nil ? (c.question, .bold) : (t(.consultPurgedShort), .dim),
                    (t.label(c.followUp), .plain), (c.thread ?? "", .dim),
                ]
            }, selection: state.consultationSelection, scroll: state.consultationScroll, in: list, into: &buffer)
        return cursor
    }

    static func lines(_ c: Consultation, _ state: AppState, _ context: DeskContext, width: Int) -> [DetailPane.Line] {
        let t = context.text
        let rule = context.settings.threadRule
        var out: [DetailPane.Line] = []
        func field(_ key: TextKey, _ value: String, _ style: Style = .plain) {
            for (index, part) in TextWrap.lines(value.isEmpty ? t(.detailNone) : value, width: max(10, width - 23))
                .enumerated()
            {
                out.append(DetailPane.Line(text: part, style: style, label: index == 0 ? t(key) : ""))
            }
        }
        out.append(DetailPane.Line(text: "\(c.id)  \(t.moment(c.at, in: context.timeZone))", style: .bold))
        if let promoted = state.consultations.promotedTo[c.id] {
            out.append(DetailPane.Line(text: t(.consultPromoted, promoted), style: Theme.info))
        } else if let suggestion = state.consultations.suggestion(for: c, now: state.now, rule: rule) {
            out.append(DetailPane.Line(text: "⚑ " + t.describe(suggestion, rule: rule) + " (a)", style: Theme.overdue))
        }
        if let purged = c.purgedAt {
            out.append(
                DetailPane.Line(text: t(.consultPurged, t.moment(purged, in: context.timeZone)), style: Theme.info))
        }
        out.append(DetailPane.Line(text: ""))
        field(.consultFormWijkteam, "\(c.wijkteam) (\(c.gemeente))")
        field(.consultFormMember, c.member)
        field(.consultFormQuestion, c.question, .bold)
        field(.consultFormSketch, c.sketch)
        field(.consultFormAdvice, c.advice)
        field(.consultFormFollowUp, t.label(c.followUp))
        field(.consultFormSafety, t.label(c.safetySignal ? Answer.yes : Answer.no))
        field(.consultFormDuration, c.durationMinutes.map { t(.consultDuration, $0) } ?? "")
        field(.consultAdvisor, c.advisor ?? "")
        if !c.acceptedFindings.isEmpty {
            field(
                .consultAccepted,
                c.acceptedFindings.map { PrivacyGuard.Kind(rawValue: $0).map { t.label($0) } ?? $0 }.joined(
                    separator: ", "), Theme.soon)
        }
        if let thread = c.thread {
            let open = state.consultations.openThread(of: c)
            field(.consultThread, thread + (open.count > 1 ? "  —  " + t(.consultThreadCount, open.count) : ""))
            for other in open where other.id != c.id {
                out.append(
                    DetailPane.Line(
                        text: "\(other.id)  \(t.moment(other.at, in: context.timeZone))  \(other.question)", label: ""))
            }
        }
        return out
    }

    static func renderDetail(
        _ state: AppState, _ id: ConsultationID, _ context: DeskContext, in rect: Rect, into buffer: inout ScreenBuffer
    ) {
        guard let c = state.consultations[id] else { return }
        DetailPane.draw(lines(c, state, context, width: rect.width - 2), top: 0, in: rect, into: &buffer)
    }
}
