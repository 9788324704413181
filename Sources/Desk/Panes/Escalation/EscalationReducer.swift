import CaseModel
import Foundation
import Screen
import Workplace

/// How the Escalatie pane answers commands: answering criteria (typing ja/nee/onbekend, or ←/→),
/// scoring ZRM domains (1–5, `0` clears), ticking indicators and triggers (Space), choosing outcome and phase,
/// typing the rationale; F2 records the triage, and the decision when a rationale is given.
enum EscalationReducer {
    typealias Row = EscalationForm.Row

    static func open(_ state: inout AppState, caseID id: CaseID?, context: DeskContext) {
        state.message = nil  // what was said before belongs to what was done before
        guard !state.isReadOnly else {
            state.message = .init(text: context.text(.errorReadOnly), isError: true)
            return
        }
        guard context.instrument != nil else {
            state.message = .init(text: context.text(.escalationNoInstrument), isError: true)
            return
        }
        if let id, state.closedCases[id] != nil {
            state.message = .init(text: context.text(.escalationClosed, id), isError: false)
            return
        }
        guard let id, let c = state.cases[id] else {
            state.message = .init(text: context.text(.escalationNeedsCase), isError: false)
            return
        }
        var form = EscalationForm(for: c)
        form.basis = state.storePosition
        // Back to the detail it was opened from (also when a pane switch came from a detail).
        if case .detail(let shown) = state.mode, shown == id { form.returnTo = .detail(shown) }
        state.route = .escalation(form)
    }

    static func reduce(_ state: inout AppState, _ command: Command, context: DeskContext) -> [Effect] {
        // A case a colleague closed meanwhile keeps the form (F2 then says why it cannot be saved).
        guard var form = state.escalation, let instrument = context.instrument, let c = state.anyCase(form.caseID)
        else {
            state.route = .queue
            return []
        }
        state.message = nil
        defer { state.escalation = form }
        let rows = EscalationForm.rows(instrument)
        let row = rows[min(max(0, form.focus), rows.count - 1)]
        // Type-ahead goes on only while letters are typed on the same choice; a selection only
        // while the same text row is edited.
        if case .insert = command {} else { form.typed = "" }
        // A text row's editing is the one text field's (`TextField`); an edit forgets its error.
        // (Space comes as a toggle, for the tick rows; on a text row it is typed.)
        let edit: TextEdit? = command == .formToggle ? .insert(" ") : command.textEdit
        if edit == nil || !row.isText { form.anchor = nil }
        if row.isText, let edit {
            var text = form.text(row)
            if TextField.apply(
                edit, to: &text, cursor: &form.cursor, anchor: &form.anchor, limit: RegistrationDraft.maximumLength)
            {
                form.setText(row, text)
                form.errors[row] = nil
            }
            return []
        }
        switch command {
        case .nextField, .enterInForm:
            // Enter after an answer goes on to the next question; its note (optional) is one ↓ away.
            var next = form.focus + 1
            if command == .enterInForm, case .criterion = row, next < rows.count, case .criterionNote = rows[next] {
                next += 1
            }
            form.focus = min(next, rows.count - 1)
            form.cursor = form.text(rows[form.focus]).count
        case .previousField:
            form.focus = max(form.focus - 1, 0)
            form.cursor = form.text(rows[form.focus]).count
        case .formLeft, .formRight:
            change(&form, row, step: command == .formLeft ? -1 : 1)
            form.errors[row] = nil
        case .formToggle:
            change(&form, row, step: 1)
            form.errors[row] = nil
        case .insert(let character):
            // An answer is chosen as every choice is: by typing the start of it. It does not
            // move the focus; Tab, ↓ or Enter do.
            key(&form, row, character, context.text)
            form.errors[row] = nil
        case .erase, .eraseForward:
            clear(&form, row)
            form.errors[row] = nil
        case .saveForm:
            return save(&state, &form, c, instrument, context)
        case .cancelForm, .back:
            state.route = form.returnTo.route
            if case .detail = state.route {
                state.timeline = nil
                return [.loadTimeline(c.id)]
            }
            return []
        default:
            break
        }
        return []
    }

    /// Puts the focus on row `index` (a click), the cursor at its text's end.
    static func focus(_ state: inout AppState, on index: Int, context: DeskContext) {
        guard var form = state.escalation, let instrument = context.instrument else { return }
        let rows = EscalationForm.rows(instrument)
        guard rows.indices.contains(index) else { return }
        form.focus = index
        form.cursor = form.text(rows[index]).count
        form.typed = ""
        form.anchor = nil
        state.escalation = form
    }

    /// ←/→ and Space on a choice row.
    private static func change(_ form: inout EscalationForm, _ row: Row, step: Int) {
        func cycled<T: Equatable>(_ all: [T?], _ current: T?) -> T? {
            let index = all.firstIndex(of: current) ?? 0
            return all[(index + step + all.count) % all.count]
        }
        switch row {
        case .criterion(let n):
            form.criteria[n] = cycled([Answer.unknown, .yes, .no], form.criteria[n] ?? .unknown) ?? .unknown
        case .zrm(let domain):
            form.zrm[domain] = cycled([nil, 1, 2, 3, 4, 5], form.zrm[domain])
        case .indicator(let code):
            if form.indicators.contains(code) { form.indicators.remove(code) } else { form.indicators.insert(code) }
        case .trigger(let code):
            if form.triggers.contains(code) { form.triggers.remove(code) } else { form.triggers.insert(code) }
        case .outcome:
            form.outcome = cycled([nil] + TriageOutcome.allCases, form.outcome)
        case .phase:
            form.phase = cycled([nil] + AVEPhase.allCases, form.phase)
        default:
            break
        }
    }

    /// Typing on a choice row, by its labels in the run's language (`TypeAhead`): ja/nee/onbekend
    /// (yes/no/unknown) for a criterion, 1–5 for a ZRM domain (`0` or `-` clears), an outcome by
    /// its name, a phase by its number.
    private static func key(_ form: inout EscalationForm, _ row: Row, _ character: Character, _ t: Localizer) {
        func pick<T>(_ options: [T], _ label: (T) -> String) -> T? {
            guard let pick = TypeAhead.pick(after: form.typed, character, labels: options.map(label)) else {
                return nil
            }
            form.typed = pick.typed
            return options[pick.index]
        }
        switch row {
        case .criterion(let n):
            if let answer = pick([Answer.yes, .no, .unknown], { t.label($0) }) { form.criteria[n] = answer }
        case .zrm(let domain):
            if character == "0" || character == "-" {
                form.zrm[domain] = nil
                break
            }
            if let score = pick(Array(1...5), { String($0) }) { form.zrm[domain] = score }
        case .outcome:
            if let outcome = pick(TriageOutcome.allCases, { t.label($0) }) { form.outcome = outcome }
        case .phase:
            if let phase = pick(AVEPhase.allCases, { String($0.rawValue) }) { form.phase = phase }
        default:
            break
        }
    }

    private static func clear(_ form: inout EscalationForm, _ row: Row) {
        switch row {
        case .criterion(let n): form.criteria[n] = nil
        case .zrm(let domain): form.zrm[domain] = nil
        case .outcome: form.outcome = nil
        case .phase: form.phase = nil
        default: break
        }
    }

    private static func save(
        _ state: inout AppState, _ form: inout EscalationForm, _ c: Case, _ instrument: Instrument,
        _ context: DeskContext
    ) -> [Effect] {
        form.errors = [:]
        let triage = form.triageEvent(today: context.today)
        let recommendation = instrument.recommend(triage.assessment(riskSignals: c.riskSignals), today: context.today)
        // With a rationale it is a decision too, checked on the case as the triage leaves it; so
        // is anything else of the decision filled in (it is then refused for want of a rationale,
        // never dropped without a word).
        let decided = !form.text(.rationale).trimmingCharacters(in: .whitespaces).isEmpty || form.hasDecisionInput
        let change = CaseChange.triage(
            triage, decision: decided ? form.decisionDraft(recommendation: recommendation) : nil)
        switch change.events(on: c, rules: context.rules) {
        case .success:
            return [.perform(change, basis: form.basis)]
        case .failure(let failure):
            let rows: [String: Row] = [
                "outcome": .outcome, "phase": .phase, "rationale": .rationale,
                "deviation": .deviation, "to": .referredTo, "review": .review,
            ]
            for error in failure.errors {
                var row = rows[error.field]
                // A holder's or a task's error belongs to the entry it quotes: its first row.
                let draft = form.decisionDraft(recommendation: recommendation)
                if error.field == "holder", let entry = draft.holders.first(where: { $0.text == error.value }) {
                    row = Responsibility(rawValue: entry.responsibility).map { Row.holder($0) }
                } else if error.field == "task", let index = draft.tasks.firstIndex(where: { $0.text == error.value }) {
                    // The entries are the non-empty task rows, in order.
                    let given = (0..<EscalationForm.taskRows).filter { i in
                        [Row.task(i), .taskWhat(i), .taskDue(i)].contains {
                            !form.text($0).trimmingCharacters(in: .whitespaces).isEmpty
                        }
                    }
                    if given.indices.contains(index) {
                        // At the part it is about, quoting that part (not the command line's text).
                        let i = given[index]
                        let part: Row =
                            error.detail == "partner" ? .task(i) : error.detail == "task" ? .taskWhat(i) : .taskDue(i)
                        let own = ValidationError(error.code, field: error.field, value: form.text(part))
                        if form.errors[part] == nil { form.errors[part] = context.text.message(for: own) }
                        continue
                    }
                }
                if let row, form.errors[row] == nil { form.errors[row] = context.text.message(for: error) }
            }
            let all = EscalationForm.rows(instrument)
            state.message = .init(text: context.text(.formFixErrors, failure.errors.count), isError: true)
            if let first = all.firstIndex(where: { form.errors[$0] != nil }) {
                form.focus = first
                form.cursor = form.text(all[first]).count
                form.anchor = nil
                form.typed = ""
                let label = EscalationPane.fullLabel(all[first], instrument, context.text)
                state.message = .init(
                    text: context.text(.formFixErrorsFirst, failure.errors.count, label, form.errors[all[first]] ?? ""),
                    isError: true)
            }
            if let change = Reducer.colleagueChange(on: c.id, after: form.basis, in: state) {
                state.message = .init(text: context.text.conflict(c.id, change), isError: true)
                form.basis = state.storePosition
            }
            return []
        }
    }
}
