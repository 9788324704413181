import CaseModel
import Foundation
import Screen

/// How the registration form answers commands: moving between fields, editing text, choosing,
/// and validating inline (a field's error shows once it has been left, all of them on saving).
enum FormReducer {
    typealias Field = RegistrationForm.Field

    static func reduce(_ state: inout AppState, _ command: Command, context: DeskContext) -> [Effect] {
        state.message = nil
        guard var form = state.registration else { return [] }
        // Written back while the form is in view (saving or cancelling leaves it).
        defer { state.registration = form }
        // A text field's editing is the one text field's (`TextField`); an edit forgets the
        // field's error, which comes back on leaving the field if it still holds.
        if form.focus.kind == .text, let edit = command.textEdit {
            var text = form.text(form.focus)
            if TextField.apply(
                edit, to: &text, cursor: &form.cursor, anchor: &form.anchor, limit: RegistrationDraft.maximumLength)
            {
                form.texts[form.focus] = text
                form.errors[form.focus] = nil
            }
            return []
        }
        switch command {
        case .nextField:
            move(&form, by: 1, context: context)
        case .previousField:
            move(&form, by: -1, context: context)
        case .enterInForm:
            if form.focus == Field.allCases.last { return save(&state, &form, context) }
            move(&form, by: 1, context: context)
        case .saveForm:
            return save(&state, &form, context)
        case .cancelForm:
            state.route = form.promoting.isEmpty ? .queue : .consultations
            state.message = .init(text: context.text(.formCancelled), isError: false)
        case .formLeft, .formRight:
            let step = command == .formLeft ? -1 : 1
            switch form.focus.kind {
            case .text: break  // edited above
            case .choice: cycle(&form, by: step, context: context)
            case .multi: form.riskCursor = min(max(0, form.riskCursor + step), RiskSignal.allCases.count - 1)
            }
        case .formToggle:
            if form.focus.kind == .multi {
                let signal = RiskSignal.allCases[form.riskCursor]
                if form.risks.contains(signal) { form.risks.remove(signal) } else { form.risks.insert(signal) }
            } else if form.focus.kind == .choice {
                cycle(&form, by: 1, context: context)
            }
        case .insert(let character):
            switch form.focus.kind {
            case .text:
                break  // edited above
            case .choice:
                typeahead(&form, character, context: context)
            case .multi:
                break
            }
        case .erase, .eraseForward:
            switch form.focus.kind {
            case .text:
                break  // edited above
            case .choice:
                form.typeahead = ""
                if !form.focus.isRequired { form.choices[form.focus] = "" }
            case .multi:
                break
            }
        default:
            break
        }
        return []
    }

    /// Puts the focus on field `index` (a click), checking the field left as moving does.
    static func focus(_ form: inout RegistrationForm, on index: Int, context: DeskContext) {
        guard let current = Field.allCases.firstIndex(of: form.focus), Field.allCases.indices.contains(index) else {
            return
        }
        move(&form, by: index - current, context: context)
    }

    private static func move(_ form: inout RegistrationForm, by step: Int, context: DeskContext) {
        let all = Field.allCases
        guard let index = all.firstIndex(of: form.focus) else { return }
        form.touched.insert(form.focus)
        form.focus = all[min(max(0, index + step), all.count - 1)]
        form.cursor = form.text(form.focus).count
        form.anchor = nil
        form.typeahead = ""
        validate(&form, context: context, all: false)
    }

    private static func cycle(_ form: inout RegistrationForm, by step: Int, context: DeskContext) {
        let options = form.options(for: form.focus, context: context)
        guard !options.isEmpty else { return }
        let current = options.firstIndex { $0.value == (form.choices[form.focus] ?? "") }
        let next: Int
        if let current {
            next = (current + step + options.count) % options.count
        } else {
            next = step > 0 ? 0 : options.count - 1
        }
        choose(&form, options[next].value)
        form.typeahead = ""
    }

    /// Jumps to the first option whose label starts with what was typed (ignoring case and accents).
    private static func typeahead(_ form: inout RegistrationForm, _ character: Character, context: DeskContext) {
        let options = form.options(for: form.focus, context: context).filter { !$0.value.isEmpty }
        if let pick = TypeAhead.pick(after: form.typeahead, character, labels: options.map(\.label)) {
            form.typeahead = pick.typed
            choose(&form, options[pick.index].value)
        }
    }

    private static func choose(_ form: inout RegistrationForm, _ value: String) {
        let before = form.choices[form.focus]
        form.choices[form.focus] = value
        // A wijkteam belongs to its gemeente: a new gemeente clears the wijkteam.
        if form.focus == .gemeente, before != value { form.choices[.wijkteam] = "" }
    }

    /// Validates the whole draft; shows errors for touched fields, or for all when saving.
    static func validate(_ form: inout RegistrationForm, context: DeskContext, all: Bool) {
        form.errors = [:]
        if case .failure(let failure) = form.draft.validate(
            id: CaseID(year: 2000, sequence: 1), region: context.region, cadence: context.cadence,
            calendar: context.calendar, now: context.clock.now, timeZone: context.timeZone, advisor: nil)
        {
            for error in failure.errors {
                guard let field = RegistrationForm.field(for: error), all || form.touched.contains(field) else {
                    continue
                }
                if form.errors[field] == nil { form.errors[field] = error }
            }
        }
    }

    private static func save(_ state: inout AppState, _ form: inout RegistrationForm, _ context: DeskContext)
        -> [Effect]
    {
        form.touched = Set(Field.allCases)
        switch form.draft.validate(
            id: state.nextCaseID, region: context.region, cadence: context.cadence,
            calendar: context.calendar, now: context.clock.now, timeZone: context.timeZone,
            advisor: context.advisor)
        {
        case .success:
            form.errors = [:]
            return [.register(form.draft, promoting: form.promoting, knownAccepted: form.knownWarned)]
        case .failure:
            validate(&form, context: context, all: true)
            state.message = .init(text: context.text(.formFixErrors, form.errors.count), isError: true)
            if let first = Field.allCases.first(where: { form.errors[$0] != nil }), let error = form.errors[first] {
                form.focus = first
                form.cursor = form.text(first).count
                form.anchor = nil
                form.typeahead = ""
                // The first error whole in the status line (beside its field it may be cut at the edge).
                state.message = .init(
                    text: context.text(
                        .formFixErrorsFirst, form.errors.count, context.text(first.title),
                        context.text.message(for: error)),
                    isError: true)
            }
            return []
        }
    }
}
