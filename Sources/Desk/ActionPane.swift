import CaseModel
import Foundation
import Screen

/// The action form: one row per field, the focused one underlined, errors inline.
enum ActionPane {
    static func render(_ state: AppState, _ context: DeskContext, in rect: Rect, into buffer: inout ScreenBuffer) -> (x: Int, y: Int)? {
        guard let form = state.action, let c = state.cases[form.caseID] else { return nil }
        let t = context.text
        let title: TextKey = switch form.kind {
        case .review: .actionReviewTitle
        case .handback: .actionHandbackTitle
        case .check: .actionCheckTitle
        case .zsmAnswer: .actionZsmAnswerTitle
        case .zsmDecision: .actionZsmDecisionTitle
        }
        buffer.write(" " + t(title, "\(c.id) \(c.primaryPerson.name)"), x: rect.x, y: rect.y, style: Theme.section, clip: rect)
        let labels = form.fields.map { t($0.title) + ($0.required ? " *" : "") }
        let labelWidth = min(36, (labels.map { DisplayWidth.of($0) }.max() ?? 20) + 4)
        let valueWidth = max(10, min(60, rect.width - labelWidth - 24))
        var cursor: (x: Int, y: Int)?
        for (index, field) in form.fields.enumerated() {
            let y = rect.y + 2 + index
            guard y < rect.maxY - 1 else { break }
            let focused = index == form.focus
            buffer.write(DisplayWidth.padded((focused ? "› " : "  ") + labels[index], to: labelWidth),
                         x: rect.x, y: y, style: focused ? .bold : Theme.label, clip: rect)
            let valueRect = Rect(x: rect.x + labelWidth, y: y, width: valueWidth, height: 1)
            buffer.fill(valueRect, style: focused ? Theme.focusedField : .plain)
            let chars = Array(field.value)
            let caret = focused ? min(form.cursor, chars.count) : chars.count
            var start = 0
            while DisplayWidth.of(String(chars[start..<caret])) >= valueWidth { start += 1 }
            buffer.write(String(chars[start...]), x: valueRect.x, y: y, style: focused ? Theme.focusedField : .plain, clip: valueRect)
            if focused { cursor = (valueRect.x + DisplayWidth.of(String(chars[start..<caret])), y) }
            if let error = form.errors[field.key] {
                buffer.write("! " + error, x: valueRect.maxX + 2, y: y, style: Theme.error, clip: rect)
            }
        }
        let hint: TextKey = form.kind == .check ? .actionCheckHint : .actionHint
        buffer.write(" " + t(hint), x: rect.x, y: rect.y + 3 + form.fields.count, style: .dim, clip: rect)
        return cursor
    }
}
