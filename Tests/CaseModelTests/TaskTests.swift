import CaseModel
import Foundation
import Testing

/// The plan's tasks one by one: numbered, ticked off, moved, added, and never silently done.
@Suite("Plan tasks")
struct TaskTests {
    static let today = CalendarDate(year: 2026, month: 11, day: 24)!
    let id = CaseID(year: 2026, sequence: 1)

    /// A case in procesregie with the given plan.
    func planned(_ tasks: [String]) throws -> (CaseBook, Instrument) {
        let instrument = try ShippedInstrument.parsed()
        var book = CaseBook()
        try book.apply(
            Commit(sequence: 1, at: Fixtures.now, actor: "t", events: [.registered(Fixtures.registration(1))]))
        var triage = TriageDraft()
        triage.criteria = ["1=ja", "2=ja", "3=ja"]
        try book.apply(
            Commit(
                sequence: 2, at: Fixtures.now, actor: "t",
                events: [
                    .triageRecorded(
                        try triage.validate(try #require(book[id]), instrument: instrument, today: Self.today).get())
                ]))
        try decide(&book, instrument, tasks, sequence: 3)
        return (book, instrument)
    }

    func decide(_ book: inout CaseBook, _ instrument: Instrument, _ tasks: [String], sequence: UInt64) throws {
        var decision = DecisionDraft()
        decision.outcome = "procesregie"
        decision.rationale = "r"
        decision.tasks = tasks.map(TaskEntry.init(text:))
        let decided = try decision.validate(
            try #require(book[id]), instrument: instrument, calendar: Fixtures.calendar, today: Self.today
        ).get()
        try book.apply(Commit(sequence: sequence, at: Fixtures.now, actor: "t", events: [.decisionRecorded(decided)]))
    }

    func step(
        _ action: String, task: String = "", partner: String = "", what: String = "", due: String = "",
        note: String = "",
        on book: CaseBook
    ) -> Result<CaseEvent, ValidationErrors> {
        var draft = TaskDraft()
        (draft.action, draft.task, draft.partner, draft.what, draft.due, draft.note) = (
            action, task, partner, what, due, note
        )
        return draft.validate(book[id]!, calendar: Fixtures.calendar, today: Self.today)
    }

    func errors(_ result: Result<CaseEvent, ValidationErrors>) -> [String] {
        if case .failure(let failure) = result { return failure.errors.map(\.description) }
        return []
    }

    @Test("Five tasks numbered T1–T5; two ticked off, one moved with a reason, one added as T6; a new plan numbers on")
    func oneByOne() throws {
        var (book, instrument) = try planned([
            "Politie|Huisbezoek|5", "GGZ|Intake|10", "Wijkteam|Gezinsplan|10", "Woonstede|Huur|15", "School|Overleg|20",
        ])
        #expect(book[id]?.tasks.map(\.number) == [1, 2, 3, 4, 5])
        var sequence: UInt64 = 4
        func apply(_ result: Result<CaseEvent, ValidationErrors>) throws {
            try book.apply(Commit(sequence: sequence, at: Fixtures.now, actor: "t", events: [try result.get()]))
            sequence += 1
        }
        try apply(step("klaar", task: "T1", note: "Samen met wijkagent", on: book))
        try apply(step("gedaan", task: "2", on: book))
        try apply(step("verzetten", task: "T3", due: "2026-12-18", note: "Gezin op vakantie", on: book))
        try apply(step("nieuw", partner: "GGD", what: "Bemoeizorg", due: "8", on: book))
        let c = try #require(book[id])
        #expect(c.openTasks.map(\.number) == [3, 4, 5, 6])
        #expect(c.tasks.first { $0.number == 3 }?.deadline.due == .day(CalendarDate(iso: "2026-12-18")!))
        #expect(c.tasks.first { $0.number == 6 }?.deadline.label == "GGD: Bemoeizorg")
        // The queue counts only open tasks: T1 (5 working days) no longer is the nearest.
        #expect(c.openDeadlines.contains { $0.kind == .task && $0.number == 1 } == false)
        // A new plan replaces the open tasks, and numbers on from the last (no number is given twice).
        try decide(&book, instrument, ["Politie|Nazorg|10"], sequence: sequence)
        #expect(book[id]?.tasks.map(\.number) == [1, 2, 7])
    }

    @Test("What a task step refuses, with every reason; the case book refuses ticking a task twice")
    func refusals() throws {
        let (book, _) = try planned(["Politie|Huisbezoek|5"])
        #expect(errors(step("", on: book)) == ["action: required: klaar, verzetten, nieuw"])
        #expect(
            errors(step("weggooien", on: book)) == ["action: unknown-task-action (weggooien): klaar, verzetten, nieuw"])
        #expect(errors(step("klaar", task: "T9", on: book)) == ["task: unknown-task (T9): T1"])
        #expect(
            errors(step("verzetten", task: "T1", due: "2026-11-01", on: book)) == [
                "due: date-in-past (2026-11-01)", "note: required",
            ])
        #expect(
            errors(step("nieuw", due: "morgen", on: book)) == [
                "due: date-format (morgen)", "partner: required", "what: required",
            ])
        var done = book
        try done.apply(
            Commit(sequence: 4, at: Fixtures.now, actor: "t", events: [try step("klaar", task: "T1", on: book).get()]))
        #expect(errors(step("klaar", task: "T1", on: done)) == ["task: task-done (T1)"])
        #expect(throws: CaseBook.ApplyError.taskAlreadyDone(id, 1)) {
            try done.apply(
                Commit(sequence: 5, at: Fixtures.now, actor: "t", events: [.taskDone(TaskDone(caseID: id, task: 1))]))
        }
    }

    @Test(
        "Handing back asks what becomes of open tasks: carried over they stay open, closed they end; a handback of before closed them"
    )
    func handback() throws {
        let (book, instrument) = try planned(["Politie|Huisbezoek|5", "GGZ|Intake|10"])
        var draft = HandbackDraft()
        draft.contact = "J. Jansen"
        draft.conditions = "Zorg geborgd"
        guard
            case .failure(let undecided) = draft.validate(
                book[id]!, instrument: instrument, region: Fixtures.region, today: Self.today)
        else {
            Issue.record("a handback with open tasks and no choice should be refused")
            return
        }
        #expect(
            undecided.errors.map(\.description) == [
                "open-tasks: open-tasks-undecided (T1 Politie: Huisbezoek, T2 GGZ: Intake): overdragen, afsluiten"
            ])
        for (choice, open) in [("overdragen", [1, 2]), ("afsluiten", [Int]())] {
            draft.openTasks = choice
            var handed = book
            let event = try draft.validate(
                book[id]!, instrument: instrument, region: Fixtures.region, today: Self.today
            ).get()
            try handed.apply(Commit(sequence: 4, at: Fixtures.now, actor: "t", events: [.handedBack(event)]))
            #expect(handed[id]?.openTasks.map(\.number) == open, "\(choice)")
            #expect(handed[id]?.openDeadlines.contains { $0.kind == .review } == false)
            // What nobody did lapsed: shown as such, never as done.
            #expect(handed[id]?.deadlines.filter { $0.kind == .review }.allSatisfy { $0.lapsed } == true)
            #expect(
                handed[id]?.deadlines.filter { $0.kind == .task }.map(\.lapsed)
                    == (choice == "afsluiten" ? [true, true] : [false, false]))
        }
        // Recorded before the choice existed: the tasks ended with the handback, as they did then.
        var legacy = book
        let old = CaseHandedBack(
            caseID: id, wijkteam: "Wijkteam Noord", contact: "J. Jansen", conditions: "x", handoverDate: Self.today,
            checkDate: Self.today.adding(months: 3))
        try legacy.apply(Commit(sequence: 4, at: Fixtures.now, actor: "t", events: [.handedBack(old)]))
        #expect(legacy[id]?.openTasks.isEmpty == true)
    }
}
