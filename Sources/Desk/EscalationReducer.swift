import CaseModel
import Workplace
import Foundation

/// How the Escalatie pane answers commands: answering criteria (`j`/`n`/`o` or ←/→), scoring ZRM
/// domains (1–5, `0` clears), ticking indicators and triggers (Space), choosing outcome and phase,
/// typing the rationale; F2 records the triage, and the decision when a rationale is given.
enum EscalationReducer {
    typealias Row = EscalationForm.Row

    static func open(_ state: inout AppState, context: DeskContext) {
        guard !state.isReadOnly else {
            state.message = .init(text: context.text(.errorReadOnly), isError: true)
            return
        }
        guard context.instrument != nil else {
            state.message = .init(text: context.text(.escalationNoInstrument), isError: true)
            return
        }
        let id: CaseID? = if case .detail(let shown) = state.mode { shown } else { state.selectedID }
        guard let id, let c = state.cases[id] else { return }
        state.escalation = EscalationForm(for: c)
        state.escalation?.basis = state.storePosition
        state.mode = .escalation
    }

    static func reduce(_ state: inout AppState, _ command: Command, context: DeskContext) -> [Effect] {
        guard var form = state.escalation, let instrument = context.instrument, let c = state.cases[form.caseID] else {
            state.mode = .queue
            return []
        }
        state.message = nil
        defer { state.escalation = form }
        let rows = EscalationForm.rows(instrument)
        let row = rows[min(max(0, form.focus), rows.count - 1)]
        switch command {
        case .nextField, .enterInForm:
            form.focus = min(form.focus + 1, rows.count - 1)
            form.cursor = form.text(rows[form.focus]).count
        case .previousField:
            form.focus = max(form.focus - 1, 0)
            form.cursor = form.text(rows[form.focus]).count
        case .formLeft, .formRight:
            let step = command == .formLeft ? -1 : 1
            if row.isText {
                form.cursor = min(max(0, form.cursor + step), form.text(row).count)
            } else {
                change(&form, row, step: step)
            }
        case .formToggle:
            if row.isText { type(&form, row, " ") } else { change(&form, row, step: 1) }
        case .insert(let character):
            if row.isText {
                type(&form, row, character)
            } else if key(&form, row, character) {
                // Answered: on to the next criterion (past its note) or the next domain.
                var next = form.focus + 1
                if case .criterion = row, next < rows.count, case .criterionNote = rows[next] { next += 1 }
                form.focus = min(next, rows.count - 1)
                form.cursor = form.text(rows[form.focus]).count
            }
        case .erase, .eraseForward:
            if row.isText {
                var chars = Array(form.text(row))
                let index = command == .erase ? form.cursor - 1 : form.cursor
                guard chars.indices.contains(index) else { break }
                chars.remove(at: index)
                form.setText(row, String(chars))
                if command == .erase { form.cursor -= 1 }
            } else {
                clear(&form, row)
            }
        case .formHome:
            form.cursor = 0
        case .formEnd:
            form.cursor = form.text(row).count
        case .saveForm:
            return save(&state, &form, c, instrument, context)
        case .cancelForm, .back:
            state.mode = .queue
            state.escalation = nil
            form = EscalationForm(for: c)
            return []
        default:
            break
        }
        return []
    }

    private static func type(_ form: inout EscalationForm, _ row: Row, _ character: Character) {
        var chars = Array(form.text(row))
        guard chars.count < RegistrationDraft.maximumLength else { return }
        chars.insert(character, at: min(form.cursor, chars.count))
        form.setText(row, String(chars))
        form.cursor += 1
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

    /// Typed keys on a choice row: j/n/o (ja, nee, onbekend; y too) for criteria, 1–5 for ZRM.
    /// Returns true when the key answered a criterion or scored a domain (the focus then moves on).
    private static func key(_ form: inout EscalationForm, _ row: Row, _ character: Character) -> Bool {
        switch row {
        case .criterion(let n):
            let answers: [Character: Answer] = ["j": .yes, "y": .yes, "n": .no, "o": .unknown, "u": .unknown, "?": .unknown]
            guard let answer = answers[Character(character.lowercased())] else { return false }
            form.criteria[n] = answer
            return true
        case .zrm(let domain):
            if let score = character.wholeNumberValue, (1...5).contains(score) {
                form.zrm[domain] = score
                return true
            }
            if character == "0" || character == "-" { form.zrm[domain] = nil }
        case .phase:
            if let n = character.wholeNumberValue { form.phase = AVEPhase(rawValue: n) }
        default:
            break
        }
        return false
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

    private static func save(_ state: inout AppState, _ form: inout EscalationForm, _ c: Case, _ instrument: Instrument,
                             _ context: DeskContext) -> [Effect] {
        form.errors = [:]
        let triage = form.triageEvent(today: context.today)
        let recommendation = instrument.recommend(triage.assessment(riskSignals: c.riskSignals), today: context.today)
        // With a rationale it is a decision too, checked on the case as the triage leaves it.
        let decided = !form.text(.rationale).trimmingCharacters(in: .whitespaces).isEmpty
        let change = CaseChange.triage(triage, decision: decided ? form.decisionDraft(recommendation: recommendation) : nil)
        switch change.events(on: c, rules: context.rules) {
        case .success:
            return [.perform(change, basis: form.basis)]
        case .failure(let failure):
            let rows: [String: Row] = ["outcome": .outcome, "phase": .phase, "rationale": .rationale,
                                       "deviation": .deviation, "to": .referredTo, "review": .review]
            for error in failure.errors {
                var row = rows[error.field]
                if error.field == "holder" {
                    row = Responsibility.allCases.map { Row.holder($0) }.first { form.text($0).contains(error.value.split(separator: "=").last.map(String.init) ?? "\u{0}") }
                } else if error.field == "task" {
                    row = (0..<EscalationForm.taskRows).map { Row.task($0) }.first { form.text($0).trimmingCharacters(in: .whitespaces) == error.value }
                }
                if let row, form.errors[row] == nil { form.errors[row] = context.text.message(for: error) }
            }
            let all = EscalationForm.rows(instrument)
            if let first = all.firstIndex(where: { form.errors[$0] != nil }) {
                form.focus = first
                form.cursor = form.text(all[first]).count
            }
            state.message = .init(text: context.text(.formFixErrors, failure.errors.count), isError: true)
            if let change = Reducer.colleagueChange(on: c.id, after: form.basis, in: state) {
                state.message = .init(text: context.text.conflict(c.id, change), isError: true)
                form.basis = state.storePosition
            }
            return []
        }
    }
}
