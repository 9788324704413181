import Foundation

/// A step on the plan's tasks as typed: tick one off (`klaar`, with an optional note), move its due
/// date (`verzetten`, with a reason), or add one later (`nieuw`: partner, task, due date).
public struct TaskDraft: Hashable, Sendable {
    public enum Action: String, Hashable, Sendable, CaseIterable {
        case done = "klaar"
        case move = "verzetten"
        case add = "nieuw"
    }

    public var action = ""
    /// The task's number: `T3` or `3`.
    public var task = ""
    /// For `nieuw`: the partner who does it and what.
    public var partner = ""
    public var what = ""
    /// For `verzetten` and `nieuw`: a date, or working days from today.
    public var due = ""
    /// For `klaar` an optional note; for `verzetten` the reason (required).
    public var note = ""

    public init() {}

    static let actions: [String: Action] = [
        "klaar": .done, "gedaan": .done, "done": .done, "afvinken": .done,
        "verzetten": .move, "verplaatsen": .move, "move": .move, "reschedule": .move,
        "nieuw": .add, "toevoegen": .add, "add": .add, "new": .add,
    ]

    public func validate(_ c: Case, calendar: WorkingDayCalendar, today: CalendarDate) -> Result<
        CaseEvent, ValidationErrors
    > {
        func trimmed(_ s: String) -> String { s.trimmingCharacters(in: .whitespacesAndNewlines) }
        var errors: [ValidationError] = []
        if let refusal = CaseStep.task.refusal(for: c) { errors.append(refusal) }
        guard let chosen = Self.actions[trimmed(action).lowercased()] else {
            errors.append(
                ValidationError(
                    trimmed(action).isEmpty ? .required : .unknownTaskAction, field: "action", value: action,
                    detail: Action.allCases.map(\.rawValue).joined(separator: ", ")))
            return .failure(ValidationErrors(errors))
        }
        for (field, value) in [("note", note), ("what", what), ("partner", partner)]
        where value.count > NoteDraft.maximumLength {
            errors.append(ValidationError(.tooLong, field: field, detail: String(NoteDraft.maximumLength)))
        }
        // The due date, for moving and adding.
        var dueDate: CalendarDate?
        if chosen != .done {
            let text = trimmed(due)
            if text.isEmpty {
                errors.append(ValidationError(.required, field: "due"))
            } else if let days = Int(text), (0...250).contains(days) {
                dueDate = calendar.adding(workingDays: days, to: today)
            } else if let date = CalendarDate(iso: text) ?? CalendarDate(dutch: text) {
                dueDate = date
                if date < today { errors.append(ValidationError(.dateInPast, field: "due", value: text)) }
            } else {
                errors.append(ValidationError(.dateFormat, field: "due", value: text))
            }
        }
        if chosen == .add {
            if trimmed(partner).isEmpty { errors.append(ValidationError(.required, field: "partner")) }
            if trimmed(what).isEmpty { errors.append(ValidationError(.required, field: "what")) }
            guard errors.isEmpty, let dueDate else { return .failure(ValidationErrors(errors)) }
            return .success(
                .taskAdded(
                    TaskAdded(
                        caseID: c.id, task: PlanTask(partner: trimmed(partner), task: trimmed(what), due: dueDate))))
        }
        // Ticking off or moving names an open task.
        let numberText = trimmed(task).uppercased().hasPrefix("T") ? String(trimmed(task).dropFirst()) : trimmed(task)
        var number: Int?
        let open = c.openTasks.map { "T\($0.number)" }.joined(separator: ", ")
        if numberText.isEmpty {
            errors.append(ValidationError(.required, field: "task", detail: open))
        } else if let n = Int(numberText), let found = c.tasks.first(where: { $0.number == n }) {
            if found.deadline.met {
                errors.append(ValidationError(.taskDone, field: "task", value: "T\(n)"))
            } else {
                number = n
            }
        } else {
            errors.append(ValidationError(.unknownTask, field: "task", value: trimmed(task), detail: open))
        }
        if chosen == .move && trimmed(note).isEmpty { errors.append(ValidationError(.required, field: "note")) }
        guard errors.isEmpty, let number else { return .failure(ValidationErrors(errors)) }
        switch chosen {
        case .done: return .success(.taskDone(TaskDone(caseID: c.id, task: number, note: trimmed(note))))
        default:
            guard let dueDate else { return .failure(ValidationErrors(errors)) }
            return .success(
                .taskRescheduled(TaskRescheduled(caseID: c.id, task: number, due: dueDate, reason: trimmed(note))))
        }
    }
}
