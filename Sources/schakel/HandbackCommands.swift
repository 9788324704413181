import ArgumentParser
import CaseModel
import Desk
import Foundation
import Workplace

/// `schakel review ID`: a procesregie review, and when the next one falls.
struct Review: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Record a procesregie review.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The case number.") var id: String
    @Option(help: "What the review found (required).") var note: String
    @Option(help: "The next review date (default: the instrument's cadence).") var next: String?

    func run() throws {
        try reporting {
            let (c, _) = try changeCase(global, id: id) { id in
                var draft = ReviewDraft()
                draft.note = note
                draft.nextReview = next ?? ""
                return .review(id, draft)
            }
            say("\(c.id): \(c.status.rawValue)")
        }
    }
}

/// `schakel handback ID`: hands a case back (afschalen) to a wijkteam, with a check afterwards.
struct Handback: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Hand a case back to a wijkteam (afschalen), with a check afterwards.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The case number.") var id: String
    @Option(name: .customLong("to"), help: "The contact at the wijkteam (required).") var contact: String
    @Option(help: "The conditions that were met, e.g. \"zorg geborgd\" (required).") var conditions: String
    @Option(help: "The wijkteam (default: the case's).") var wijkteam: String?
    @Option(help: "The warm handover date (default: today).") var handover: String?
    @Option(help: "The check date (default: the instrument's months after the handover).") var check: String?
    @Option(
        name: .customLong("open-tasks"),
        help: "When the plan has open tasks: overdragen (carried over to the wijkteam) or afsluiten (closed, not done)."
    )
    var openTasks: String?

    func run() throws {
        try reporting {
            let (c, _) = try changeCase(global, id: id) { id in
                var draft = HandbackDraft()
                draft.contact = contact
                draft.conditions = conditions
                draft.wijkteam = wijkteam ?? ""
                draft.handover = handover ?? ""
                draft.check = check ?? ""
                draft.openTasks = openTasks ?? ""
                return .handBack(id, draft)
            }
            say("\(c.id): \(c.status.rawValue)")
        }
    }
}

/// `schakel handback-check ID`: the check after a handback: stable (closes) or re-escalate.
struct HandbackCheck: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "handback-check",
        abstract: "Record the check after a handback: stabiel (closes) or opschalen (reopens).")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The case number.") var id: String
    @Option(help: "stabiel or opschalen.") var result: String
    @Option(help: "What the check found (required).") var note: String
    @Option(help: "For opschalen: the AVE phase the case reopens at (default 3).") var phase: String?

    func run() throws {
        try reporting {
            let (c, _) = try changeCase(global, id: id) { id in
                var draft = HandbackCheckDraft()
                draft.result = result
                draft.note = note
                draft.phase = phase ?? ""
                return .check(id, draft)
            }
            say("\(c.id): \(c.status.rawValue)")
        }
    }
}
