import CaseModel
import Foundation
import Testing

@Suite("Reviews, handing back and the check afterwards")
struct HandbackTests {
    static let today = CalendarDate(year: 2026, month: 11, day: 24)!
    let id = CaseID(year: 2026, sequence: 1)

    /// A case under procesregie, with a plan task and a review.
    func underProcesregie() throws -> (CaseBook, Instrument) {
        let instrument = try ShippedInstrument.parsed()
        var book = CaseBook()
        try book.apply(
            Commit(sequence: 1, at: Fixtures.now, actor: "t", events: [.registered(Fixtures.registration(1))]))
        var triage = TriageDraft()
        triage.criteria = ["1=ja", "2=ja", "3=ja"]
        let triaged = try triage.validate(try #require(book[id]), instrument: instrument, today: Self.today).get()
        try book.apply(Commit(sequence: 2, at: Fixtures.now, actor: "t", events: [.triageRecorded(triaged)]))
        var decision = DecisionDraft()
        decision.outcome = "procesregie"
        decision.rationale = "r"
        decision.tasks = ["Politie|Huisbezoek|3"].map(TaskEntry.init(text:))
        let decided = try decision.validate(
            try #require(book[id]), instrument: instrument, calendar: Fixtures.calendar, today: Self.today
        ).get()
        try book.apply(Commit(sequence: 3, at: Fixtures.now, actor: "t", events: [.decisionRecorded(decided)]))
        return (book, instrument)
    }

    @Test("Adding months keeps the day, or takes the month's last")
    func months() {
        #expect(CalendarDate(iso: "2026-11-24")!.adding(months: 3).description == "2027-02-24")
        #expect(CalendarDate(iso: "2027-01-31")!.adding(months: 1).description == "2027-02-28")
        #expect(CalendarDate(iso: "2028-01-31")!.adding(months: 1).description == "2028-02-29")
        // Back in time, and held to the calendar's ends instead of staying put or overflowing.
        #expect(CalendarDate(iso: "2026-03-31")!.adding(months: -1).description == "2026-02-28")
        #expect(CalendarDate(iso: "2026-11-24")!.adding(months: -120_000).description == "0001-01-01")
        #expect(CalendarDate(iso: "2026-11-24")!.adding(months: 120_000).description == "9999-12-31")
        #expect(CalendarDate(iso: "2026-11-24")!.adding(months: Int.max).description == "9999-12-31")
        #expect(CalendarDate(iso: "2026-11-24")!.adding(months: Int.min).description == "0001-01-01")
        #expect(CalendarDate(iso: "2026-12-15")!.adding(months: 14).description == "2028-02-15")
    }

    @Test("Review → handback → stable check: the case closes; every step checks the status it needs")
    func throughToClosing() throws {
        var (book, instrument) = try underProcesregie()
        var review = ReviewDraft()
        review.note = "Loopt volgens plan"
        let reviewed = try review.validate(
            try #require(book[id]), instrument: instrument, calendar: Fixtures.calendar, today: Self.today
        ).get()
        #expect(reviewed.nextReview == CalendarDate(iso: "2027-01-05"))
        try book.apply(Commit(sequence: 4, at: Fixtures.now, actor: "t", events: [.reviewRecorded(reviewed)]))
        #expect(book[id]?.deadlines.filter { $0.kind == .review && !$0.met }.count == 1)

        var check = HandbackCheckDraft()
        check.result = "stabiel"
        check.note = "te vroeg"
        guard case .failure(let early) = check.validate(try #require(book[id])) else {
            Issue.record("a check before a handback must be refused")
            return
        }
        #expect(early.errors.map(\.code) == [.statusNotAllowed])

        var handback = HandbackDraft()
        handback.contact = "J. Jansen"
        handback.conditions = "Zorg geborgd"
        handback.openTasks = "afsluiten"
        let handed = try handback.validate(
            try #require(book[id]), instrument: instrument, region: Fixtures.region, today: Self.today
        ).get()
        #expect(handed.wijkteam == "Wijkteam Noord")
        #expect(handed.handoverDate == Self.today)
        #expect(handed.checkDate == CalendarDate(iso: "2027-02-24"))
        try book.apply(Commit(sequence: 5, at: Fixtures.now, actor: "t", events: [.handedBack(handed)]))
        let back = try #require(book[id])
        #expect(back.status == .teruggelegd)
        #expect(back.avePhase == .two)
        #expect(
            back.responsibilities[.procesregie]
                == ResponsibilityHolder(organisation: "Wijkteam Noord", person: "J. Jansen"))
        // The contact with the referrer was met by the triage at the latest; the check is what is open.
        #expect(back.openDeadlines.map(\.kind) == [.check])

        check.note = "Rustig; zorg loopt"
        let checked = try check.validate(back).get()
        try book.apply(Commit(sequence: 6, at: Fixtures.now, actor: "t", events: [.handbackChecked(checked)]))
        #expect(book[id]?.status == .afgesloten)
        #expect(book[id]?.openDeadlines.map(\.kind) == [])
    }

    @Test("A re-escalation reopens the case at the phase given, and names the wijkteam it came from")
    func reescalation() throws {
        var (book, instrument) = try underProcesregie()
        var handback = HandbackDraft()
        handback.contact = "J. Jansen"
        handback.conditions = "Zorg geborgd"
        handback.wijkteam = "oost"
        handback.check = "2026-12-24"
        handback.openTasks = "overdragen"
        let handed = try handback.validate(
            try #require(book[id]), instrument: instrument, region: Fixtures.region, today: Self.today
        ).get()
        #expect(handed.wijkteam == "Wijkteam Oost")
        try book.apply(Commit(sequence: 4, at: Fixtures.now, actor: "t", events: [.handedBack(handed)]))
        // Handed back, the wijkteam holds casusregie and procesregie; the higher phase's holders end.
        #expect(book[id]?.responsibilities.keys.sorted { $0.rawValue < $1.rawValue } == [.casusregie, .procesregie])
        var check = HandbackCheckDraft()
        check.result = "opschalen"
        check.note = "Opnieuw overlast"
        check.phase = "4"
        let checked = try check.validate(
            try #require(book[id]), instrument: instrument, calendar: Fixtures.calendar, today: Self.today
        ).get()
        #expect(checked.wijkteam == "Wijkteam Oost")
        try book.apply(Commit(sequence: 5, at: Fixtures.now, actor: "t", events: [.handbackChecked(checked)]))
        #expect(book[id]?.status == .procesregie)
        #expect(book[id]?.avePhase == .four)
        // Like a decision: the new phase's holders from the instrument, and a review date.
        let phase4 = try #require(instrument.phase(.four))
        #expect(book[id]?.responsibilities[.bestuurlijk]?.organisation == phase4.holders[.bestuurlijk])
        #expect(book[id]?.openDeadlines.contains { $0.kind == .review } == true)
        check.phase = "9"
        #expect(throws: ValidationErrors.self) { try check.validate(try #require(book[id])).get() }
    }

    @Test("Handback input is checked: contact, conditions, dates, and the check after the handover")
    func handbackRefusals() throws {
        let (book, instrument) = try underProcesregie()
        var handback = HandbackDraft()
        handback.wijkteam = "Gebiedsteam Sneek"
        handback.handover = "2026-12-10"
        handback.check = "2026-12-01"
        guard
            case .failure(let failure) = handback.validate(
                try #require(book[id]), instrument: instrument, region: Fixtures.region,
                today: Self.today)
        else {
            Issue.record("must fail")
            return
        }
        // The plan's open task is not silently done either: carried over or closed, by choice.
        #expect(
            failure.errors.map(\.code) == [.unknownWijkteam, .required, .required, .dateInPast, .openTasksUndecided])
    }
}

@Suite("ZSM requests")
struct ZSMTests {
    @Test("Answering ends the request's urgency; the decision can only follow an answer")
    func answerAndDecision() throws {
        var book = CaseBook()
        let id = CaseID(year: 2026, sequence: 1)
        try book.apply(
            Commit(
                sequence: 1, at: Fixtures.now, actor: "t",
                events: [.registered(Fixtures.registration(1, source: .omZSM))]))
        var decision = ZSMDecisionDraft()
        decision.decision = "Sepot"
        #expect(throws: ValidationErrors.self) { try decision.validate(try #require(book[id])).get() }
        #expect(throws: CaseBook.ApplyError.wrongStatus(id, .nieuw)) {
            try book.apply(
                Commit(
                    sequence: 2, at: Fixtures.now, actor: "t",
                    events: [.zsmDecisionRecorded(ZSMDecisionRecorded(caseID: id, decision: "x"))]))
        }
        var answer = ZSMAnswerDraft()
        answer.known = "misschien"
        guard case .failure(let failure) = answer.validate(try #require(book[id])) else {
            Issue.record("must fail")
            return
        }
        #expect(failure.errors.map(\.code) == [.yesNoFormat, .required])
        answer.known = "ja"
        answer.advice = "Reclasseringstoezicht"
        let answered = try answer.validate(try #require(book[id])).get()
        try book.apply(Commit(sequence: 2, at: Fixtures.now, actor: "t", events: [.zsmAnswered(answered)]))
        let c = try #require(book[id])
        #expect(!c.hasOpenZSMRequest)
        #expect(c.hasAnsweredZSMRequest)
        #expect(c.status == .screening)
        #expect(
            Urgency(of: c, now: Fixtures.now, calendar: Fixtures.calendar, timeZone: .netherlands).hoursToZSMDeadline
                == nil)
        #expect(throws: ValidationErrors.self) { try answer.validate(c).get() }
        try book.apply(
            Commit(
                sequence: 3, at: Fixtures.now, actor: "t",
                events: [.zsmDecisionRecorded(try decision.validate(c).get())]))
        #expect(book.lastSequence == 3)
    }

    @Test("An answer after the ZSM hour is met late, and says by how much; one in time is met in time")
    func lateAnswer() throws {
        for (minutes, late) in [(-30, false), (55, true)] {
            var book = CaseBook()
            let id = CaseID(year: 2026, sequence: 1)
            try book.apply(
                Commit(
                    sequence: 1, at: Fixtures.now, actor: "t",
                    events: [.registered(Fixtures.registration(1, source: .omZSM))]))
            let request = try #require(book[id]?.deadlines.first { $0.kind == .zsmAnswer })
            guard case .moment(let due) = request.due else {
                Issue.record("a ZSM request is due at a moment")
                return
            }
            var answer = ZSMAnswerDraft()
            answer.known = "nee"
            answer.advice = "Geen bijzonderheden"
            let answered = try answer.validate(try #require(book[id])).get()
            let at = due.addingTimeInterval(TimeInterval(minutes * 60))
            try book.apply(Commit(sequence: 2, at: at, actor: "t", events: [.zsmAnswered(answered)]))
            let met = try #require(book[id]?.deadlines.first { $0.kind == .zsmAnswer })
            #expect(met.met && met.metAt == at)
            #expect(met.metLate(in: .netherlands) == late, "\(minutes) minutes after the hour")
        }
    }
}
