import CaseModel
import Foundation

/// One demo case's history, built step by step the way an advisor's desk builds it: each step is
/// the event a draft gives when checked against the case as it then stands, and applied before
/// the next is made. A step the rules refuse is left out, so the demo never holds a history the
/// desk itself could not have written.
struct DemoHistory {
    private(set) var book = CaseBook()
    private(set) var steps: [DemoBuilder.Timed] = []
    let id: CaseID

    /// `with`: what the registration records in the same commit (the ground, as the form takes it).
    init(_ registration: CaseRegistered, with more: [CaseEvent] = [], by actor: String) {
        id = registration.id
        record([.registered(registration)] + more, at: registration.receivedAt, by: actor)
    }

    var current: Case? { book[id] }

    @discardableResult
    mutating func record(_ events: [CaseEvent], at moment: Date, by actor: String) -> Bool {
        var next = book
        guard !events.isEmpty,
            (try? next.apply(Commit(sequence: UInt64(steps.count + 1), at: moment, actor: actor, events: events)))
                != nil
        else { return false }
        book = next
        steps.append(DemoBuilder.Timed(at: moment, actor: actor, events: events))
        return true
    }
}

/// How the demo's advisors keep their cases true after the triage meeting: partners' plan tasks are
/// ticked off on the day they are done (a few moved once first), procesregie is reviewed on its
/// date, and a case that was steered long enough is handed back to its wijkteam and, once the check
/// finds it stable, closed. Nothing is done after `now`: what falls due later is still open.
struct DemoFollowUp {
    let context: DeskContext
    let instrument: Instrument
    var random: SplitMix64
    let planTasks: [String]
    let contacts: [String]

    private mutating func int(_ range: ClosedRange<Int>) -> Int {
        range.lowerBound + Int(random.next() % UInt64(range.count))
    }
    private mutating func pick<T>(_ items: [T]) -> T { items[int(0...(items.count - 1))] }

    /// At ten in the morning of `day`.
    private func morning(_ day: CalendarDate) -> Date { day.start(in: context.timeZone).addingTimeInterval(10 * 3600) }

    /// The plan of a procesregie decision: three to five partners' tasks, due five to thirty working days on.
    mutating func plan() -> [String] {
        var left = planTasks
        var chosen: [String] = []
        for _ in 0..<min(left.count, int(3...5)) {
            chosen.append("\(left.remove(at: int(0...(left.count - 1))))|\(int(5...30))")
        }
        return chosen
    }

    /// Everything done on the case from `day` up to `now`; with `handBackAfter`, the case is handed
    /// back that many days after the meeting (and checked when its check date has come).
    mutating func keep(
        _ history: inout DemoHistory, from day: CalendarDate, now: Date, by advisor: String, handBackAfter: Int? = nil
    ) {
        // Steps are taken at ten in the morning: before ten, today's are still to come.
        let calendarDay = CalendarDate(now, in: context.timeZone)
        let today = morning(calendarDay) <= now ? calendarDay : calendarDay.adding(days: -1)
        let calendar = context.calendar
        let handback = handBackAfter.map { day.adding(days: $0) }.map {
            calendar.isWorkingDay($0) ? $0 : calendar.adding(workingDays: 1, to: $0)
        }
        let stop = min(today, handback ?? today)
        var date = day.adding(days: 1)
        var moved = Set<Int>()
        while date <= stop {
            defer { date = date.adding(days: 1) }
            guard calendar.isWorkingDay(date), let c = history.current, c.status == .procesregie else { continue }
            for (number, deadline) in c.openTasks where deadline.day(in: context.timeZone) <= date {
                var draft = TaskDraft()
                draft.task = "T\(number)"
                if !moved.contains(number), int(0...5) == 0, date < stop {
                    // The partner asked for more time.
                    (draft.action, draft.due, draft.note) = (
                        "verzetten", String(int(3...8)), "Partner vraagt meer tijd; afgestemd."
                    )
                    moved.insert(number)
                } else {
                    (draft.action, draft.note) = (
                        "klaar", pick(["", "Gedaan; verslag in het dossier.", "Teruggekoppeld in het casusoverleg."])
                    )
                }
                if case .success(let event) = draft.validate(c, calendar: calendar, today: date) {
                    history.record([event], at: morning(date), by: advisor)
                }
            }
            if let c = history.current,
                c.openDeadlines.contains(where: { $0.kind == .review && $0.day(in: context.timeZone) <= date })
            {
                var review = ReviewDraft()
                review.note = pick([
                    "Plan loopt; partners houden zich aan de afspraken.", "Voortgang besproken; veiligheid verbeterd.",
                    "Evaluatie met de partners: regie blijft bij het ZVH.",
                ])
                if case .success(let event) = review.validate(
                    c, instrument: instrument, calendar: calendar, today: date)
                {
                    history.record([.reviewRecorded(event)], at: morning(date), by: advisor)
                }
            }
        }
        guard let handback, handback <= today, let c = history.current, c.status == .procesregie else { return }
        var back = HandbackDraft()
        (back.contact, back.conditions, back.handover) = (
            pick(contacts), "Zorg geborgd; het wijkteam houdt regie en meldt opnieuw bij terugval.",
            handback.description
        )
        back.openTasks = c.openTasks.isEmpty ? "" : "overdragen"
        guard
            case .success(let event) = back.validate(c, instrument: instrument, region: context.region, today: handback),
            history.record([.handedBack(event)], at: morning(handback), by: advisor),
            event.checkDate <= today, let returned = history.current
        else { return }
        var check = HandbackCheckDraft()
        (check.result, check.note) = ("stabiel", "Wijkteam bevestigt: situatie stabiel, afspraken lopen.")
        if case .success(let checked) = check.validate(
            returned, instrument: instrument, calendar: calendar, today: event.checkDate)
        {
            history.record([.handbackChecked(checked)], at: morning(event.checkDate), by: advisor)
        }
    }
}
