import CaseModel
import Foundation

/// How the action form (review, afschalen, check) answers commands.
enum ActionReducer {
    static func open(_ kind: ActionForm.Kind, _ state: inout AppState, context: DeskContext) {
        guard case .detail(let id) = state.mode, let c = state.cases[id] else { return }
        guard !state.isReadOnly else {
            state.message = .init(text: context.text(.errorReadOnly), isError: true)
            return
        }
        guard let instrument = context.instrument else {
            state.message = .init(text: context.text(.escalationNoInstrument), isError: true)
            return
        }
        guard kind.isPossible(for: c) else {
            if kind.allowed.contains(c.status) {
                let code: ValidationError.Code = kind == .zsmAnswer ? .noOpenZSMRequest : .noZSMAnswer
                state.message = .init(text: context.text.message(for: ValidationError(code, field: "id")), isError: true)
                return
            }
            state.message = .init(text: context.text(.actionNotNow, context.text.label(c.status),
                                                     kind.allowed.map { context.text.label($0) }.joined(separator: ", ")), isError: true)
            return
        }
        state.action = ActionForm(kind, for: c, instrument: instrument, today: context.today)
        state.mode = .action
    }

    static func reduce(_ state: inout AppState, _ command: Command, context: DeskContext) -> [Effect] {
        guard var form = state.action, let c = state.cases[form.caseID], let instrument = context.instrument else {
            state.mode = .queue
            return []
        }
        state.message = nil
        defer { state.action = form }
        let count = form.fields.count
        func move(_ step: Int) {
            form.focus = min(max(0, form.focus + step), count - 1)
            form.cursor = form.fields[form.focus].value.count
        }
        switch command {
        case .nextField: move(1)
        case .previousField: move(-1)
        case .enterInForm:
            if form.focus == count - 1 { return save(&state, &form, c, instrument, context) }
            move(1)
        case .saveForm:
            return save(&state, &form, c, instrument, context)
        case .cancelForm:
            state.mode = .detail(c.id)
            state.action = nil
            form = ActionForm(form.kind, for: c, instrument: instrument, today: context.today)
        case .formLeft: form.cursor = max(0, form.cursor - 1)
        case .formRight: form.cursor = min(form.fields[form.focus].value.count, form.cursor + 1)
        case .formHome: form.cursor = 0
        case .formEnd: form.cursor = form.fields[form.focus].value.count
        case .formToggle, .insert:
            let character: Character = if case .insert(let typed) = command { typed } else { " " }
            var chars = Array(form.fields[form.focus].value)
            guard chars.count < RegistrationDraft.maximumLength else { break }
            chars.insert(character, at: min(form.cursor, chars.count))
            form.fields[form.focus].value = String(chars)
            form.cursor += 1
        case .erase, .eraseForward:
            var chars = Array(form.fields[form.focus].value)
            let index = command == .erase ? form.cursor - 1 : form.cursor
            guard chars.indices.contains(index) else { break }
            chars.remove(at: index)
            form.fields[form.focus].value = String(chars)
            if command == .erase { form.cursor -= 1 }
        default:
            break
        }
        return []
    }

    private static func save(_ state: inout AppState, _ form: inout ActionForm, _ c: Case, _ instrument: Instrument,
                             _ context: DeskContext) -> [Effect] {
        form.errors = [:]
        switch form.event(for: c, context: context, instrument: instrument) {
        case .success(let event):
            return [.commit(c.id, [event])]
        case .failure(let failure):
            for error in failure.errors {
                let key = form.fields.contains { $0.key == error.field } ? error.field : form.fields[0].key
                if form.errors[key] == nil { form.errors[key] = context.text.message(for: error) }
            }
            if let first = form.fields.firstIndex(where: { form.errors[$0.key] != nil }) {
                form.focus = first
                form.cursor = form.fields[first].value.count
            }
            state.message = .init(text: context.text(.formFixErrors, failure.errors.count), isError: true)
            return []
        }
    }
}
