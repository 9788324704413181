import CaseModel
import Foundation
import Screen

/// The Escalatie pane: the instrument's checklist for one case, the live recommendation with its
/// reasons, and the decision with who holds what.
enum EscalationPane {
    static func render(_ state: AppState, _ context: DeskContext, in rect: Rect, into buffer: inout ScreenBuffer) -> (
        x: Int, y: Int
    )? {
        guard let form = state.escalation, let instrument = context.instrument, let c = state.cases[form.caseID] else {
            return nil
        }
        let t = context.text
        let recommendation = instrument.recommend(
            form.assessment(riskSignals: c.riskSignals, today: context.today), today: context.today)
        let recommended = t(.escalationRecommendation, t.label(recommendation.outcome), recommendation.phase.rawValue)
        let title = " " + t(.escalationTitle, "\(c.id) \(c.primaryPerson.name)")
        buffer.write(
            DisplayWidth.truncated(title, to: max(0, rect.width - DisplayWidth.of(recommended) - 3)), x: rect.x,
            y: rect.y,
            style: Theme.section, clip: rect)
        buffer.write(
            recommended, x: max(rect.x, rect.maxX - DisplayWidth.of(recommended) - 1), y: rect.y,
            style: Theme.ave(recommendation.phase), clip: rect)

        // Reasons: a column on the right on wide screens, one line under the title otherwise.
        let reasons = recommendation.reasons.map { t.describe($0) }
        let side = rect.width >= 110 ? 42 : 0
        if side > 0 {
            // Each reason wrapped within the column, so none is cut at its edge.
            var y = rect.y + 2
            for reason in reasons {
                for (index, line) in TextWrap.lines(reason, width: side - 4).enumerated() where y < rect.maxY - 1 {
                    buffer.write(
                        (index == 0 ? "· " : "  ") + line, x: rect.maxX - side, y: y, style: .dim,
                        clip: Rect(x: rect.maxX - side, y: rect.y, width: side - 1, height: rect.height))
                    y += 1
                }
            }
        } else {
            buffer.write(" " + reasons.joined(separator: "; "), x: rect.x, y: rect.y + 1, style: .dim, clip: rect)
        }

        let hint = hintLines(t, width: rect.width, focus: focusedRow(form, instrument))
        let placed = placement(
            form, instrument, recommendation, t, in: rowArea(rect, reasonsAside: side > 0, hint: hint.count))
        let labelWidth = Self.labelWidth
        var cursor: (x: Int, y: Int)?
        for place in placed {
            let row = place.row
            let y = place.y
            let area = place.area
            let focused = place.index == form.focus
            buffer.write(
                DisplayWidth.padded(
                    DisplayWidth.truncated((focused ? "› " : "  ") + label(row, instrument, t), to: labelWidth - 1),
                    to: labelWidth), x: area.x, y: y,
                style: focused ? .bold : Theme.label, clip: area)
            let valueRect = Rect(x: area.x + labelWidth, y: y, width: area.width - labelWidth, height: 1)
            let (hinted, style) = value(row, form, recommendation, instrument, t)
            // A row in error shows its own text, not a hint, so "! verplicht" has room beside it.
            let text = form.errors[row] != nil && form.text(row).isEmpty ? "" : hinted
            // The focused criterion, indicator or trigger is shown whole, wrapped under itself.
            if let lines = place.wrapped {
                for (number, line) in lines.enumerated() {
                    buffer.write(
                        line, x: valueRect.x, y: y + number, style: style.merged(with: Theme.focusedField),
                        clip: Rect(x: valueRect.x, y: y + number, width: valueRect.width, height: 1))
                }
                continue
            }
            let editing = focused && row.isText && !form.text(row).isEmpty
            // The focused text scrolls with its cursor, so a long rationale is typed with its end in view.
            let (shown, at) =
                editing
                ? TextScroll.visible(text, caret: form.cursor, width: valueRect.width - 1, focused: true)
                : (DisplayWidth.truncated(text, to: valueRect.width - 1), nil)
            buffer.write(
                shown, x: valueRect.x, y: y, style: focused ? style.merged(with: Theme.focusedField) : style,
                clip: valueRect)
            if editing {
                TextFieldDrawing.selection(
                    text, caret: form.cursor, anchor: form.anchor,
                    in: Rect(x: valueRect.x, y: y, width: valueRect.width - 1, height: 1), into: &buffer)
            }
            if let error = form.errors[row] {
                let x = valueRect.x + DisplayWidth.of(shown) + 2
                buffer.write("! " + error, x: x, y: y, style: Theme.error, clip: valueRect)
            }
            if focused && row.isText { cursor = (valueRect.x + (at ?? 0), y) }
        }
        for (index, line) in hint.enumerated() {
            buffer.write(" " + line, x: rect.x, y: rect.maxY - hint.count + index, style: .dim, clip: rect)
        }
        return cursor
    }

    /// Wide enough for the longest ZRM domain ("Maatschappelijke participatie") and its marker.
    static let labelWidth = 33

    /// The hint under the rows: wrapped (two lines at most) rather than cut at the edge.
    /// The hint under the rows, for the kind of row in focus, then how to record (two lines at most).
    static func hintLines(_ t: Localizer, width: Int, focus: EscalationForm.Row? = nil) -> [String] {
        let what: TextKey =
            switch focus {
            case .criterion?: .escalationHintCriterion
            case .zrm?: .escalationHintZrm
            case .indicator?, .trigger?: .escalationHintTick
            case .outcome?, .phase?: .escalationHintChoice
            case nil: .escalationHint
            default: .escalationHintText
            }
        let text = what == .escalationHint ? t(what) : t(what) + " " + t(.escalationHintSave)
        return Array(TextWrap.lines(text, width: max(10, width - 2)).prefix(2))
    }

    static func focusedRow(_ form: EscalationForm, _ instrument: Instrument) -> EscalationForm.Row? {
        let rows = EscalationForm.rows(instrument)
        return rows.indices.contains(form.focus) ? rows[form.focus] : nil
    }

    /// Where the rows go in the pane: under the title (and the reasons' line when they are not aside).
    static func rowArea(_ rect: Rect, reasonsAside: Bool, hint: Int) -> Rect {
        let top = rect.y + (reasonsAside ? 2 : 3)
        return Rect(x: rect.x, y: top, width: rect.width - (reasonsAside ? 42 : 0), height: rect.maxY - hint - top)
    }

    /// One row as placed on the screen: its line, and for the focused criterion, indicator or
    /// trigger too long for one line, its whole text wrapped over the lines under it.
    struct Place {
        var index: Int
        var row: EscalationForm.Row
        var y: Int
        var area: Rect
        var wrapped: [String]?
    }

    /// The rows in view, the focused one near the middle: the one placement the drawing and the
    /// mouse share.
    static func placement(
        _ form: EscalationForm, _ instrument: Instrument, _ recommendation: Recommendation, _ t: Localizer,
        in area: Rect
    ) -> [Place] {
        let rows = EscalationForm.rows(instrument)
        let first = max(0, min(form.focus - area.height / 2, rows.count - area.height))
        let valueWidth = area.width - labelWidth - 1
        var placed: [Place] = []
        var y = area.y
        for (index, row) in rows.enumerated().dropFirst(first) where y < area.maxY {
            var place = Place(index: index, row: row, y: y, area: area)
            let text = value(row, form, recommendation, instrument, t).0
            if index == form.focus, !row.isText, DisplayWidth.of(text) > valueWidth {
                let room = max(1, min(5, area.maxY - y))
                var lines = TextWrap.lines(text, width: max(10, valueWidth))
                if lines.count > room {
                    lines = Array(lines.prefix(room))
                    lines[room - 1] = DisplayWidth.truncated(lines[room - 1] + " …", to: valueWidth)
                }
                place.wrapped = lines
                y += lines.count - 1
            }
            placed.append(place)
            y += 1
        }
        return placed
    }

    /// The row index at screen row `y`, if a row is there.
    static func row(at y: Int, _ state: AppState, _ context: DeskContext, in rect: Rect) -> Int? {
        guard let form = state.escalation, let instrument = context.instrument, let c = state.cases[form.caseID] else {
            return nil
        }
        let recommendation = instrument.recommend(
            form.assessment(riskSignals: c.riskSignals, today: context.today), today: context.today)
        let area = rowArea(
            rect, reasonsAside: rect.width >= 110,
            hint: hintLines(context.text, width: rect.width, focus: focusedRow(form, instrument)).count)
        return placement(form, instrument, recommendation, context.text, in: area)
            .first { y >= $0.y && y < $0.y + ($0.wrapped?.count ?? 1) }?.index
    }

    /// A row's label standing alone (the status line): "Taak 2 wanneer", "procesregie persoon".
    static func fullLabel(_ row: EscalationForm.Row, _ instrument: Instrument, _ t: Localizer) -> String {
        let own = label(row, instrument, t).trimmingCharacters(in: CharacterSet(charactersIn: " *"))
        switch row {
        case .taskWhat(let i), .taskDue(let i): return t(.escalationTask, i + 1) + " " + own
        case .holderPerson(let r): return t.label(r) + " " + own
        case .criterionNote(let n): return t(.detailCriterion, n) + " " + own
        default: return own
        }
    }

    static func label(_ row: EscalationForm.Row, _ instrument: Instrument, _ t: Localizer) -> String {
        switch row {
        case .criterion(let n): return t(.detailCriterion, n)
        case .criterionNote: return "  " + t(.actionNote)
        case .holder(let r): return t.label(r)
        case .holderPerson: return "  " + t(.escalationPerson)
        case .task(let i): return t(.escalationTask, i + 1)
        case .taskWhat: return "  " + t(.escalationTaskWhat)
        case .taskDue: return "  " + t(.escalationTaskDue)
        case .review: return t(.detailReview)
        case .zrm(let domain): return domain
        case .indicator: return t(.escalationIndicator)
        case .trigger: return t(.escalationTrigger)
        case .outcome: return t(.detailOutcome)
        case .phase: return t(.detailAve)
        case .rationale: return t(.detailRationale) + " *"
        case .deviation: return t(.detailDeviation)
        case .referredTo: return t(.detailReferredTo)
        }
    }

    static func value(
        _ row: EscalationForm.Row, _ form: EscalationForm, _ recommendation: Recommendation,
        _ instrument: Instrument, _ t: Localizer
    ) -> (String, Style) {
        switch row {
        case .criterion(let n):
            let answer = form.criteria[n] ?? .unknown
            let text = instrument.criteria.first { $0.number == n }?.text ?? ""
            let style: Style = answer == .yes ? .bold : answer == .no ? .plain : .dim
            return (DisplayWidth.padded("[\(t.label(answer))]", to: 11) + text, style)
        case .zrm(let domain):
            guard let score = form.zrm[domain] else { return (t(.escalationNotScored), .dim) }
            let meaning = instrument.zrmScale.indices.contains(score - 1) ? instrument.zrmScale[score - 1] : ""
            return ("\(score)  \(meaning)", score <= 2 ? Theme.overdue : .plain)
        case .indicator(let code):
            let text = instrument.indicators.first { $0.code == code }?.text ?? code
            return ((form.indicators.contains(code) ? "[x] " : "[ ] ") + text, .plain)
        case .trigger(let code):
            let text = instrument.triggers.first { $0.code == code }?.text ?? code
            return ((form.triggers.contains(code) ? "[x] " : "[ ] ") + text, .plain)
        case .outcome:
            guard let outcome = form.outcome else {
                return ("‹ \(t.label(recommendation.outcome)) › " + t(.escalationFollow), .dim)
            }
            return ("‹ \(t.label(outcome)) ›", .bold)
        case .phase:
            let phase = form.phase ?? (form.outcome.flatMap { instrument.outcome($0)?.phase } ?? recommendation.phase)
            let holders =
                instrument.phase(phase).map { p in
                    Responsibility.allCases.map { "\(t.label($0)): \(p.holders[$0] ?? "")" }.joined(separator: "; ")
                } ?? ""
            return (
                "‹ AVE \(phase.rawValue) ›  " + holders,
                form.phase == nil ? Theme.ave(phase).merged(with: .dim) : Theme.ave(phase)
            )
        case .holder(let r):
            let chosen = form.text(row)
            if !chosen.isEmpty { return (chosen, .plain) }
            let phase = form.phase ?? (form.outcome.flatMap { instrument.outcome($0)?.phase } ?? recommendation.phase)
            return ((instrument.phase(phase)?.holders[r] ?? "") + "  " + t(.escalationHolderHint), .dim)
        case .task:
            let text = form.text(row)
            return text.isEmpty ? (t(.escalationTaskHint), .dim) : (text, .plain)
        case .taskDue:
            let text = form.text(row)
            return text.isEmpty ? (t(.escalationTaskDueHint), .dim) : (text, .plain)
        case .holderPerson, .taskWhat:
            return (form.text(row), .plain)
        case .review:
            let text = form.text(row)
            return text.isEmpty ? (t(.escalationReviewHint, instrument.cadence.reviewWeeks), .dim) : (text, .plain)
        case .criterionNote, .rationale, .deviation, .referredTo:
            return (form.text(row), .plain)
        }
    }
}
