import CaseModel
import Foundation
import Screen

/// The registration form: one row per field (label, value, inline error), the focused one underlined.
enum FormPane {
    /// Draws the form; returns where the text cursor belongs (in the focused text field).
    static func render(_ state: AppState, _ context: DeskContext, in rect: Rect, into buffer: inout ScreenBuffer) -> (
        x: Int, y: Int
    )? {
        guard let form = state.registration else { return nil }
        let t = context.text
        let origin =
            form.promoting.isEmpty
            ? "" : "  —  " + t(.consultPromoting, form.promoting.map(\.description).joined(separator: ", "))
        buffer.write(" " + t(.formTitle) + origin, x: rect.x, y: rect.y, style: Theme.section, clip: rect)
        let required = t(.formRequired)
        buffer.write(required, x: rect.maxX - DisplayWidth.of(required) - 1, y: rect.y, style: .dim, clip: rect)

        let labelWidth = 24
        let valueWidth = max(8, min(50, (rect.width - labelWidth - 2) * 6 / 10))
        let errorX = rect.x + labelWidth + valueWidth + 2
        var cursor: (x: Int, y: Int)?
        let fields = RegistrationForm.Field.allCases
        let shown = shownFields(form, in: rect)
        let available = shown.count
        for (row, field) in fields[shown].enumerated() {
            let y = rect.y + 2 + row
            let focused = field == form.focus
            let label = t(field.title) + (field.isRequired ? " *" : "")
            buffer.write(
                DisplayWidth.padded((focused ? "› " : "  ") + label, to: labelWidth), x: rect.x, y: y,
                style: focused ? .bold : Theme.label, clip: rect)
            let valueRect = Rect(x: rect.x + labelWidth, y: y, width: valueWidth, height: 1)
            buffer.fill(valueRect, style: focused ? Theme.focusedField : .plain)
            switch field.kind {
            case .text:
                let (visible, at) = TextScroll.visible(
                    form.text(field), caret: form.cursor, width: valueWidth, focused: focused)
                buffer.write(
                    visible, x: valueRect.x, y: y, style: focused ? Theme.focusedField : .plain, clip: valueRect)
                if focused {
                    TextFieldDrawing.selection(
                        form.text(field), caret: form.cursor, anchor: form.anchor, in: valueRect, into: &buffer)
                }
                if let at { cursor = (valueRect.x + at, y) }
            case .choice:
                let options = form.options(for: field, context: context)
                let value = form.choices[field] ?? ""
                let label = options.first { $0.value == value && !value.isEmpty }?.label
                let shown = label.map { focused ? "‹ \($0) ›" : $0 } ?? (focused ? t(.formChoose) : "")
                buffer.write(
                    shown, x: valueRect.x, y: y, style: focused ? Theme.focusedField.merged(with: .bold) : .plain,
                    clip: valueRect)
            case .multi:
                renderRisks(form, focused: focused, t, in: valueRect, into: &buffer)
            }
            if let error = form.errors[field] {
                buffer.write("! " + t.message(for: error), x: errorX, y: y, style: Theme.error, clip: rect)
            }
        }
        let hintY = rect.y + 2 + min(available, fields.count) + 1
        if hintY < rect.maxY {
            buffer.write(" " + t(.formSaveHint), x: rect.x, y: hintY, style: .dim, clip: rect)
        }
        return cursor
    }

    /// The fields in view, from the third row of `rect` down: all of them, or on a short
    /// terminal the run that keeps the focused one in view (the mouse finds a field by it too).
    static func shownFields(_ form: RegistrationForm, in rect: Rect) -> Range<Int> {
        let fields = RegistrationForm.Field.allCases
        let available = max(1, rect.height - 3)
        let focusIndex = fields.firstIndex(of: form.focus) ?? 0
        let first = max(0, min(focusIndex - available + 1, fields.count - available))
        return first..<min(fields.count, first + available)
    }

    private static func renderRisks(
        _ form: RegistrationForm, focused: Bool, _ t: Localizer, in rect: Rect, into buffer: inout ScreenBuffer
    ) {
        guard focused else {
            let chosen = RiskSignal.allCases.filter { form.risks.contains($0) }.map { t.label($0) }
            buffer.write(chosen.joined(separator: ", "), x: rect.x, y: rect.y, clip: rect)
            return
        }
        // A window over the options that keeps the cursor visible.
        let items = RiskSignal.allCases.map { (form.risks.contains($0) ? "[x] " : "[ ] ") + t.label($0) }
        var start = 0
        func width(_ range: Range<Int>) -> Int { items[range].reduce(0) { $0 + DisplayWidth.of($1) + 2 } }
        while start < form.riskCursor && width(start..<(form.riskCursor + 1)) > rect.width { start += 1 }
        var x = rect.x
        for index in start..<items.count {
            let style = index == form.riskCursor ? Style(bold: true, reverse: true) : Theme.focusedField
            x += buffer.write(items[index], x: x, y: rect.y, style: style, clip: rect)
            x += buffer.write("  ", x: x, y: rect.y, style: Theme.focusedField, clip: rect)
            if x >= rect.maxX { break }
        }
    }
}
