import CaseModel
import Foundation
import Screen

/// The fields of the short forms (steps on a case, the consultation, partner and link forms), by
/// the names their drafts give them: a validation error names its field so, and comes back to it.
public enum FormKey: String, Hashable, Sendable, CaseIterable {
    case action
    case advice
    case availability
    case birthdate
    case bsn
    case check
    case conditions
    case contact
    case context
    case covenant
    case covenantDate = "covenant-date"
    case decision
    case due
    case duration
    case email
    case field
    case followUp = "follow-up"
    case gemeente
    case gemeenten
    case handover
    case kind
    case known
    case member
    case name
    case next
    case note
    case notes
    case openTasks = "open-tasks"
    case organisation
    case partner
    case phase
    case phone
    case question
    case reason
    case referrer
    case result
    case role
    case safety
    case sketch
    case task
    case text
    case thread
    case to
    case type
    case value
    case what
    case when
    case why
    case wijkteam
    case with
    case ground
    case exception
    case informed
    case informedOn
    case informedBy
    case notInformedReason
    case confidentiality
    case categories
}

/// A form of labelled one-line fields: the shared state and editing of the desk's short forms
/// (review, afschalen, check, ZSM, consultation, partner, link). A field with `choices` is chosen
/// with ←/→ or Space, or by typing the start of its label (`TypeAhead`); the others are text with a cursor.
public struct FieldForm: Hashable, Sendable {
    public struct Field: Hashable, Sendable {
        /// The draft's field name (errors come back by it).
        public var key: FormKey
        public var title: TextKey
        public var value: String
        public var required: Bool
        /// The codes a choice field takes, and how each is shown.
        public var choices: [String]?
        public var labels: [String]?

        public init(
            _ key: FormKey, _ title: TextKey, value: String = "", required: Bool = false,
            choices: [String]? = nil, labels: [String]? = nil
        ) {
            self.key = key
            self.title = title
            self.value = value
            self.required = required
            self.choices = choices
            self.labels = labels
        }

        /// What the field shows: the label of a choice, or the text.
        public var shown: String {
            guard let choices, let labels, let index = choices.firstIndex(of: value), labels.indices.contains(index)
            else { return value }
            return labels[index]
        }
    }

    public enum Outcome: Hashable, Sendable { case edited, save, cancel, none }

    public var fields: [Field]
    public var focus = 0
    /// Where the text cursor stands in the focused field, in characters.
    public var cursor = 0
    /// Where a selection in the focused text field began (Shift with ←, →, Home, End); nil: none.
    public var anchor: Int?
    public var errors: [FormKey: String] = [:]
    /// What was typed on the focused choice so far (`TypeAhead`); cleared when the focus moves.
    public var typed = ""

    /// The values the form opened with: what differs from them is the person's input.
    public let initialValues: [String]

    public init(_ fields: [Field]) {
        self.fields = fields
        initialValues = fields.map(\.value)
        cursor = fields.first?.value.count ?? 0
    }

    /// Something was typed or chosen since the form opened.
    public var isEdited: Bool { fields.map(\.value) != initialValues }

    public func value(_ key: FormKey) -> String { fields.first { $0.key == key }?.value ?? "" }

    /// Puts the focus on field `index` (a click), the cursor at its end.
    public mutating func focus(on index: Int) {
        guard fields.indices.contains(index) else { return }
        focus = index
        cursor = fields[index].value.count
        anchor = nil
        typed = ""
    }

    /// Applies an editing command; says when the form is to be saved or left.
    public mutating func handle(_ command: Command) -> Outcome {
        let count = fields.count
        func move(_ step: Int) {
            focus = min(max(0, focus + step), count - 1)
            cursor = fields[focus].value.count
            anchor = nil
            typed = ""
        }
        let choices = fields[focus].choices
        // A text field's editing is the one text field's (`TextField`); an edit forgets the
        // field's error, which the next save checks again.
        if choices == nil, let edit = command.textEdit {
            if TextField.apply(
                edit, to: &fields[focus].value, cursor: &cursor, anchor: &anchor, limit: RegistrationDraft.maximumLength
            ) {
                errors[fields[focus].key] = nil
                return .edited
            }
            return .none
        }
        switch command {
        case .nextField: move(1)
        case .previousField: move(-1)
        case .enterInForm:
            if focus == count - 1 { return .save }
            move(1)
        case .saveForm: return .save
        case .cancelForm: return .cancel
        case .formLeft, .formRight:
            let step = command == .formLeft ? -1 : 1
            if let choices, !choices.isEmpty {
                let index = choices.firstIndex(of: fields[focus].value) ?? (step > 0 ? -1 : 0)
                fields[focus].value = choices[(index + step + choices.count) % choices.count]
                errors[fields[focus].key] = nil
            }
        case .formToggle, .insert:
            // Text fields were edited above: here the focus is a choice. Space cycles it; letters
            // pick by what was typed so far.
            guard let choices, !choices.isEmpty else { break }
            if case .insert(let character) = command {
                let labels = fields[focus].labels ?? choices
                if let pick = TypeAhead.pick(after: typed, character, labels: labels) {
                    fields[focus].value = choices[pick.index]
                    errors[fields[focus].key] = nil
                    typed = pick.typed
                }
            } else {
                let index = choices.firstIndex(of: fields[focus].value) ?? -1
                fields[focus].value = choices[(index + 1) % choices.count]
                errors[fields[focus].key] = nil
            }
        case .erase, .eraseForward, .formHome, .formEnd:
            break  // a choice has no cursor
        default:
            return .none
        }
        return .edited
    }

    /// Puts each error at its field (or the first field when it names none of them), moves the
    /// focus to the first field in error, and returns the status line's message.
    public mutating func show(_ failure: ValidationErrors, _ text: Localizer) -> AppState.Message {
        errors = [:]
        for error in failure.errors {
            let named = FormKey(rawValue: error.field).flatMap { key in fields.contains { $0.key == key } ? key : nil }
            let key = named ?? fields[0].key
            if errors[key] == nil { errors[key] = text.message(for: error) }
        }
        guard let first = fields.firstIndex(where: { errors[$0.key] != nil }) else {
            return .init(text: text(.formFixErrors, failure.errors.count), isError: true)
        }
        focus(on: first)
        // The first error whole in the status line (beside its field it may be cut at the edge).
        return .init(
            text: text(
                .formFixErrorsFirst, failure.errors.count, text(fields[first].title), errors[fields[first].key] ?? ""),
            isError: true)
    }
}

/// Draws a `FieldForm`: a title, one row per field (the focused one highlighted, errors beside it),
/// then notes and a hint.
enum FieldFormPane {
    /// The fields in view, from the third row of `rect` down: a long form scrolls so the focused
    /// field stays in view (the mouse finds a field by it too).
    static func shownFields(_ form: FieldForm, notes: Int, in rect: Rect) -> Range<Int> {
        let room = max(1, rect.height - 4 - notes)
        let first = max(0, min(form.focus - room + 2, form.fields.count - room))
        return first..<min(form.fields.count, first + room)
    }

    static func render(
        _ form: FieldForm, title: String, notes: [(String, Style)] = [], hint: String, _ context: DeskContext,
        in rect: Rect, into buffer: inout ScreenBuffer
    ) -> (x: Int, y: Int)? {
        let t = context.text
        buffer.write(" " + title, x: rect.x, y: rect.y, style: Theme.section, clip: rect)
        let labels = form.fields.map { t($0.title) + ($0.required ? " *" : "") }
        let labelWidth = min(40, (labels.map { DisplayWidth.of($0) }.max() ?? 20) + 4)
        let valueWidth = max(10, min(64, rect.width - labelWidth - 24))
        var cursor: (x: Int, y: Int)?
        let shown = shownFields(form, notes: notes.count, in: rect)
        let room = shown.count
        for (row, index) in shown.enumerated() {
            let field = form.fields[index]
            let y = rect.y + 2 + row
            let focused = index == form.focus
            buffer.write(
                DisplayWidth.padded((focused ? "› " : "  ") + labels[index], to: labelWidth),
                x: rect.x, y: y, style: focused ? .bold : Theme.label, clip: rect)
            let valueRect = Rect(x: rect.x + labelWidth, y: y, width: valueWidth, height: 1)
            buffer.fill(valueRect, style: focused ? Theme.focusedField : .plain)
            if field.choices != nil {
                buffer.write(
                    "‹ " + field.shown + " ›", x: valueRect.x, y: y, style: focused ? Theme.focusedField : .plain,
                    clip: valueRect)
            } else {
                let (visible, at) = TextScroll.visible(
                    field.value, caret: form.cursor, width: valueWidth, focused: focused)
                buffer.write(
                    visible, x: valueRect.x, y: y, style: focused ? Theme.focusedField : .plain, clip: valueRect)
                if focused {
                    TextFieldDrawing.selection(
                        field.value, caret: form.cursor, anchor: form.anchor, in: valueRect, into: &buffer)
                }
                if let at { cursor = (valueRect.x + at, y) }
            }
            if let error = form.errors[field.key] {
                buffer.write("! " + error, x: valueRect.maxX + 2, y: y, style: Theme.error, clip: rect)
            }
        }
        var y = rect.y + 3 + min(room, form.fields.count)
        for (note, style) in notes + [(hint, .dim)] {
            for part in TextWrap.lines(note, width: max(10, rect.width - 2)) where y < rect.maxY {
                buffer.write(" " + part, x: rect.x, y: y, style: style, clip: rect)
                y += 1
            }
        }
        return cursor
    }
}

/// Drawing a text field's selection over it (the three kinds of form share it).
enum TextFieldDrawing {
    static func selection(_ text: String, caret: Int, anchor: Int?, in rect: Rect, into buffer: inout ScreenBuffer) {
        guard
            let part = TextScroll.selected(
                text, caret: caret, width: rect.width, selection: TextField.selection(cursor: caret, anchor: anchor))
        else { return }
        buffer.write(part.text, x: rect.x + part.column, y: rect.y, style: Theme.selectedText, clip: rect)
    }
}
