import Foundation

/// A task of the plan (a deadline of kind `.task`) was done. Tasks are known by their number on
/// the case (T1, T2, ...), given in order as plans and later additions bring them.
public struct TaskDone: Codable, Hashable, Sendable {
    public var caseID: CaseID
    public var task: Int
    public var note: String

    public init(caseID: CaseID, task: Int, note: String = "") {
        self.caseID = caseID
        self.task = task
        self.note = note
    }
}

/// A task got another due date, and why.
public struct TaskRescheduled: Codable, Hashable, Sendable {
    public var caseID: CaseID
    public var task: Int
    public var due: CalendarDate
    public var reason: String

    public init(caseID: CaseID, task: Int, due: CalendarDate, reason: String) {
        self.caseID = caseID
        self.task = task
        self.due = due
        self.reason = reason
    }
}

/// A task was added to the plan later; it gets the case's next task number when applied.
public struct TaskAdded: Codable, Hashable, Sendable {
    public var caseID: CaseID
    public var task: PlanTask

    public init(caseID: CaseID, task: PlanTask) {
        self.caseID = caseID
        self.task = task
    }
}

/// What happens to the plan's open tasks when a case is handed back: carried over to the wijkteam
/// (they stay open, to be watched until the check) or closed (not done, and said so).
public enum OpenTasksAtHandback: String, Codable, Hashable, Sendable, CaseIterable {
    case carriedOver = "overdragen"
    case closed = "afsluiten"
}

extension Case {
    /// The plan's tasks, with their numbers, in order.
    public var tasks: [(number: Int, deadline: Deadline)] {
        deadlines.compactMap { d in d.kind == .task ? d.number.map { ($0, d) } : nil }
    }

    /// The tasks not done yet.
    public var openTasks: [(number: Int, deadline: Deadline)] { tasks.filter { !$0.deadline.met } }

    /// The number the next task gets.
    var nextTaskNumber: Int { (deadlines.compactMap(\.number).max() ?? 0) + 1 }

    /// Adds `task` to the plan with the next number.
    mutating func add(_ task: PlanTask) {
        deadlines.append(
            Deadline(kind: .task, due: .day(task.due), label: "\(task.partner): \(task.task)", number: nextTaskNumber))
    }
}

/// The case got a responsible advisor at the ZVH (casusverantwoordelijke): "mijn zaken" are theirs.
public struct CaseAssigned: Codable, Hashable, Sendable {
    public var caseID: CaseID
    public var advisor: String
    /// Why, when it is handed to a colleague (absence, caseload, expertise); may be empty.
    public var reason: String

    public init(caseID: CaseID, advisor: String, reason: String = "") {
        self.caseID = caseID
        self.advisor = advisor
        self.reason = reason
    }
}

/// An assignment as typed: to whom, and why.
public struct AssignmentDraft: Hashable, Sendable {
    public var advisor = ""
    public var reason = ""

    public init() {}

    public func validate(_ c: Case) -> Result<CaseAssigned, ValidationErrors> {
        func trimmed(_ s: String) -> String { s.trimmingCharacters(in: .whitespacesAndNewlines) }
        var errors: [ValidationError] = []
        if let refusal = CaseStep.assign.refusal(for: c) { errors.append(refusal) }
        if trimmed(advisor).isEmpty { errors.append(ValidationError(.required, field: "to")) }
        if trimmed(advisor).count > 200 { errors.append(ValidationError(.tooLong, field: "to", detail: "200")) }
        if trimmed(reason).count > NoteDraft.maximumLength {
            errors.append(ValidationError(.tooLong, field: "reason", detail: String(NoteDraft.maximumLength)))
        }
        if errors.isEmpty, Vocabulary.key(trimmed(advisor)) == Vocabulary.key(c.advisor ?? "") {
            errors.append(ValidationError(.alreadyAssigned, field: "to", value: trimmed(advisor)))
        }
        guard errors.isEmpty else { return .failure(ValidationErrors(errors)) }
        return .success(CaseAssigned(caseID: c.id, advisor: trimmed(advisor), reason: trimmed(reason)))
    }
}
