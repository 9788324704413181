import ArgumentParser
import CaseModel
import Desk
import Foundation
import Workplace

/// `schakel note ID`: a note or a contact moment on a case; the contact with the referrer meets
/// the deadline to speak to them.
struct Note: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract:
            "Add a note or a contact moment to a case (--referrer: the contact with the referrer, which meets its deadline)."
    )

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The case number.") var id: String
    @Option(help: "What was said or done (required).") var text: String
    @Option(help: "telefoon, gesprek, e-mail, overleg or notitie (default: notitie; gesprek when --with is given).")
    var kind: String?
    @Option(help: "With whom (a name, an organisation).") var with: String?
    @Flag(help: "This was the contact with the referrer (the melder).") var referrer = false

    func run() throws {
        try reporting {
            let (c, _) = try changeCase(global, id: id, needsInstrument: false) { id in
                var draft = NoteDraft()
                draft.text = text
                draft.kind = kind ?? (referrer && with == nil ? NoteKind.telefoon.rawValue : "")
                draft.with = with ?? ""
                draft.referrer = referrer ? "j" : ""
                return .note(id, draft)
            }
            say("\(c.id): \(c.status.rawValue)")
        }
    }
}

/// `schakel task done|move|add`: the plan's tasks one by one.
struct TaskCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "task",
        abstract: "Tick off, move or add a task of a case's plan (tasks are numbered T1, T2, ... in the case).",
        subcommands: [Done.self, Move.self, Add.self])

    static func perform(_ global: GlobalOptions, _ id: String, _ fill: (inout TaskDraft) -> Void) throws {
        let (c, _) = try changeCase(global, id: id, needsInstrument: false) { id in
            var draft = TaskDraft()
            fill(&draft)
            return .task(id, draft)
        }
        let open = c.openTasks.map { "T\($0.number)" }
        say("\(c.id): \(open.isEmpty ? "-" : open.joined(separator: " "))")
    }

    struct Done: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Tick a task off; prints the tasks still open.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The case number.") var id: String
        @Argument(help: "The task: T3 or 3.") var task: String
        @Option(help: "What was done.") var note: String?
        func run() throws {
            try reporting {
                try TaskCommand.perform(global, id) { draft in
                    draft.action = TaskDraft.Action.done.rawValue
                    draft.task = task
                    draft.note = note ?? ""
                }
            }
        }
    }

    struct Move: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Give a task another due date, with the reason.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The case number.") var id: String
        @Argument(help: "The task: T3 or 3.") var task: String
        @Option(help: "The new due date, or working days from today.") var due: String
        @Option(help: "Why (required).") var reason: String
        func run() throws {
            try reporting {
                try TaskCommand.perform(global, id) { draft in
                    draft.action = TaskDraft.Action.move.rawValue
                    draft.task = task
                    draft.due = due
                    draft.note = reason
                }
            }
        }
    }

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add a task to the plan; it gets the case's next number.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The case number.") var id: String
        @Option(help: "The partner who does it.") var partner: String
        @Option(help: "What is to be done.") var task: String
        @Option(help: "The due date, or working days from today.") var due: String
        func run() throws {
            try reporting {
                try TaskCommand.perform(global, id) { draft in
                    draft.action = TaskDraft.Action.add.rawValue
                    draft.partner = partner
                    draft.what = task
                    draft.due = due
                }
            }
        }
    }
}

/// `schakel assign ID --to NAME`: the case's responsible advisor (casusverantwoordelijke).
struct Assign: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Give a case to a (new) responsible advisor; \"mijn zaken\" are theirs.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The case number.") var id: String
    @Option(help: "The advisor, as their desk names them (SCHAKEL_ADVISOR, the login's full name).") var to: String
    @Option(help: "Why (absence, caseload, expertise).") var reason: String?

    func run() throws {
        try reporting {
            let (c, _) = try changeCase(global, id: id, needsInstrument: false) { id in
                var draft = AssignmentDraft()
                draft.advisor = to
                draft.reason = reason ?? ""
                return .assign(id, draft)
            }
            say("\(c.id): \(c.advisor ?? "")")
        }
    }
}

/// `schakel person add|remove`: the family or household on a case.
struct PersonCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "person", abstract: "Add someone of the family or household to a case, or take them off it.",
        subcommands: [Add.self, Remove.self])

    static func perform(_ global: GlobalOptions, _ id: String, _ fill: (inout PersonDraft) -> Void) throws {
        let (c, _) = try changeCase(global, id: id, needsInstrument: false) { id in
            var draft = PersonDraft()
            fill(&draft)
            return .person(id, draft)
        }
        say("\(c.id): " + c.persons.map(\.name).joined(separator: ", "))
    }

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Add someone; prints everyone on the case.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The case number.") var id: String
        @Option(help: "Name (or in --personal).") var name: String?
        @Option(help: "partner, kind, ouder, huisgenoot or familie.") var role: String
        @Option(help: "Date of birth.") var birthdate: String?
        @Option(help: "BSN (must pass the 11-test).") var bsn: String?
        @Option(help: PersonalData.help("name, bsn, birthdate")) var personal: String?
        func run() throws {
            try reporting {
                let given = try PersonalData.merge(
                    personal, ["name": name, "bsn": bsn, "birthdate": birthdate], allowed: ["name", "bsn", "birthdate"])
                guard let name = given["name"], !name.isEmpty else { throw Failure(tr(.cliNameNeeded)) }
                try PersonCommand.perform(global, id) { draft in
                    (draft.name, draft.role, draft.birthDate, draft.bsn) = (
                        name, role, given["birthdate"] ?? "", given["bsn"] ?? ""
                    )
                }
            }
        }
    }

    struct Remove: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Take someone who is not the person concerned off the case.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The case number.") var id: String
        @Option(help: "Name, as on the case.") var name: String
        func run() throws {
            try reporting {
                try PersonCommand.perform(global, id) { draft in
                    draft.remove = true
                    draft.name = name
                }
            }
        }
    }
}
