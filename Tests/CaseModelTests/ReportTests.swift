import CaseModel
import Foundation
import Testing

/// Report figures against fixtures computed by hand: every moment below is noon in the
/// Netherlands unless said otherwise, so a difference of whole days is a whole number.
@Suite("Reports: figures per period and group, small groups held back")
struct ReportTests {
    static let tz = TimeZone.netherlands

    static func at(_ iso: String, hour: Int = 12, minute: Int = 0) -> Date {
        CalendarDate(iso: iso)!.start(in: tz).addingTimeInterval(Double(hour * 3600 + minute * 60))
    }

    /// A store's history built commit by commit, each at its own moment.
    struct History {
        var ledger = Ledger()

        mutating func commit(_ moment: Date, _ events: [CaseEvent], consultations: [ConsultationEvent] = []) throws {
            let sequence = ledger.book.lastSequence + 1
            try ledger.apply(
                Commit(sequence: sequence, at: moment, actor: "t", events: events, consultationEvents: consultations))
        }

        mutating func register(
            _ number: Int, received: Date, gemeente: String = "Leeuwarden", deadlines: [Deadline] = [],
            consultations: [ConsultationID] = []
        ) throws {
            let id = CaseID(year: 2026, sequence: number)
            let e = CaseRegistered(
                id: id, person: Person(name: "Persoon \(number)"), gemeente: gemeente, wijkteam: "Wijkteam Noord",
                source: .wijkteam, referrer: nil, reason: "r", goal: "", receivedAt: received, riskSignals: [],
                advisor: "tester", deadlines: deadlines)
            try commit(
                received, [.registered(e)],
                consultations: consultations.isEmpty
                    ? [] : [.promoted(ConsultationPromoted(consultations: consultations, caseID: id))])
        }

        mutating func triage(_ number: Int, _ moment: Date) throws {
            let id = CaseID(year: 2026, sequence: number)
            try commit(
                moment,
                [
                    .triageRecorded(
                        TriageRecorded(
                            caseID: id, criteria: [], zrmScores: [:], zrmAssessedOn: nil, indicators: [],
                            triggers: []))
                ])
        }

        mutating func decide(_ number: Int, _ moment: Date, _ outcome: TriageOutcome) throws {
            let id = CaseID(year: 2026, sequence: number)
            try commit(
                moment,
                [
                    .decisionRecorded(
                        DecisionRecorded(
                            caseID: id, outcome: outcome, phase: .three, holders: [], rationale: "r",
                            recommendedOutcome: outcome, recommendedPhase: .three, deviationReason: nil,
                            referredTo: outcome == .referral ? "GGZ" : nil, tasks: [], nextReview: nil))
                ])
        }

        func report(_ period: String, by grouping: ReportGrouping = .total, minimum: Int = 1, now: Date) throws
            -> Report
        {
            Report(
                cases: ledger.book.cases.values, consultations: ledger.consultations,
                period: try ReportPeriod(parsing: period), grouping: grouping, minimum: minimum, now: now,
                timeZone: ReportTests.tz)
        }
    }

    @Test("Registrations, triage outcomes, lead times, handbacks and re-escalations of a quarter")
    func quarterFigures() throws {
        var h = History()
        let c1 = CaseID(year: 2026, sequence: 1)
        try h.register(1, received: Self.at("2026-07-01"))
        try h.register(2, received: Self.at("2026-06-30"))
        try h.triage(1, Self.at("2026-07-03"))
        try h.triage(2, Self.at("2026-07-04"))
        try h.decide(1, Self.at("2026-07-08"), .procesregie)
        try h.decide(2, Self.at("2026-07-06"), .referral)
        try h.commit(
            Self.at("2026-08-07"),
            [
                .handedBack(
                    CaseHandedBack(
                        caseID: c1, wijkteam: "Wijkteam Noord", contact: "J", conditions: "c",
                        handoverDate: CalendarDate(iso: "2026-08-07")!, checkDate: CalendarDate(iso: "2026-11-07")!))
            ])
        try h.commit(
            Self.at("2026-09-01"),
            [
                .handbackChecked(
                    HandbackChecked(
                        caseID: c1, result: .reescalate, note: "n", phase: .three, wijkteam: "Wijkteam Noord"))
            ])
        // Just inside the quarter in Dutch time (21:30 UTC), and just outside (22:30 UTC on 30 September).
        try h.register(3, received: Self.at("2026-09-30", hour: 23, minute: 30))
        try h.register(4, received: Self.at("2026-10-01", hour: 0, minute: 30))

        let report = try h.report("2026-Q3", now: Self.at("2026-12-01"))
        let f = report.total.figures
        #expect(f.registrations == 2)
        #expect(f.decisions == 2)
        #expect(f.outcomes == [.procesregie: 1, .referral: 1])
        #expect(f.overTheFence == 1)
        // Registration → triage: 2 and 4 days; triage → decision: 5 and 2 days.
        #expect(f.toTriage == LeadTime(days: [2, 4]))
        #expect(f.toTriage.median == 3 && f.toTriage.p90 == 4)
        #expect(f.toDecision.median == 3.5 && f.toDecision.p90 == 5 && f.toDecision.count == 2)
        #expect(f.handbacks == 1 && f.reescalations == 1)
        // Procesregie from 8 July to the handback on 7 August; the one after the re-escalation still runs.
        #expect(f.procesregie.count == 1 && f.procesregie.median == 30)
        // July is the tenth of the twelve months that end with September; the June case the ninth.
        #expect(report.total.monthly[9] == 1 && report.total.monthly[8] == 1 && report.total.monthly[11] == 1)
        #expect(report.total.monthly.compactMap { $0 }.reduce(0, +) == 3)

        // The next quarter holds case 4, and none of the steps above.
        let next = try h.report("2026-Q4", now: Self.at("2026-12-01"))
        #expect(next.total.figures.registrations == 1)
        #expect(next.total.figures.decisions == 0 && next.total.figures.handbacks == 0)
    }

    @Test("A period without anything, and one across the year's end")
    func emptyAndYearEnd() throws {
        var h = History()
        try h.register(1, received: Self.at("2026-12-31", hour: 23, minute: 30))
        try h.triage(1, Self.at("2027-01-02"))
        let empty = try h.report("2025", by: .gemeente, now: Self.at("2027-02-01"))
        #expect(empty.rows.isEmpty)
        #expect(empty.total.figures == ReportFigures())
        #expect(empty.total.size == 0 && !empty.total.suppressed)
        let december = try h.report("2026-12", now: Self.at("2027-02-01"))
        #expect(december.total.figures.registrations == 1 && december.total.figures.toTriage.count == 0)
        let q1 = try ReportPeriod(parsing: "2026-Q4").moved(by: 1)
        #expect(q1.description == "2027-Q1")
        let january = try h.report(q1.description, now: Self.at("2027-02-01"))
        #expect(january.total.figures.registrations == 0)
        #expect(january.total.figures.toTriage.count == 1)
        #expect(abs((january.total.figures.toTriage.median ?? 0) - (1 + 12.5 / 24)) < 1e-9)
    }

    @Test("Deadlines: in time, late, more than three times late; ZSM answered within the hours")
    func punctuality() throws {
        var h = History()
        let day = CalendarDate(iso: "2026-07-02")!
        // Set at noon on 1 July, due by the end of 2 July: 36 hours allowed, three times that ends at
        // midnight on 5 July. In time; late (42 hours); far too late (144 hours); still open on 20 July.
        let triage = Deadline(kind: .triage, due: .day(day))
        let met: [Date?] = [Self.at("2026-07-02"), Self.at("2026-07-03", hour: 6), Self.at("2026-07-07"), nil]
        for (offset, moment) in met.enumerated() {
            try h.register(offset + 1, received: Self.at("2026-07-01"), deadlines: [triage])
            if let moment {
                try h.commit(
                    moment, [.deadlineMet(DeadlineMet(caseID: CaseID(year: 2026, sequence: offset + 1), kind: .triage))]
                )
            }
        }
        // Due after the quarter: not counted.
        try h.register(
            5, received: Self.at("2026-07-01"),
            deadlines: [Deadline(kind: .triage, due: .day(CalendarDate(iso: "2026-10-02")!))])
        // ZSM: six hours allowed; answered after four, and after eight.
        let zsm = Deadline(kind: .zsmAnswer, due: .moment(Self.at("2026-07-01", hour: 18)))
        for (number, hour) in [(6, 16), (7, 20)] {
            try h.register(number, received: Self.at("2026-07-01"), deadlines: [zsm])
            try h.commit(
                Self.at("2026-07-01", hour: hour),
                [.deadlineMet(DeadlineMet(caseID: CaseID(year: 2026, sequence: number), kind: .zsmAnswer))])
        }
        let f = try h.report("2026-Q3", now: Self.at("2026-07-20")).total.figures
        #expect(f.deadlinesInTime == 2)
        #expect(f.deadlinesLate == 4)
        #expect(f.deadlinesFarLate == 2)
        #expect(f.zsmRequests == 2 && f.zsmInTime == 1)
        // Before the open one was due, it does not count at all.
        let early = try h.report("2026-Q3", now: Self.at("2026-07-02", hour: 20)).total.figures
        #expect(early.deadlinesInTime + early.deadlinesLate == 5)
    }

    @Test("Consultations, how many led to a registration, and threads held too long")
    func consultations() throws {
        var h = History()
        func consultation(_ number: Int, _ iso: String, thread: String?) -> ConsultationEvent {
            .logged(
                Consultation(
                    id: ConsultationID(number), at: Self.at(iso), gemeente: "Leeuwarden", wijkteam: "Wijkteam Noord",
                    member: "m", question: "q", sketch: "", advice: "a", durationMinutes: nil, followUp: .none,
                    thread: thread, safetySignal: false, advisor: "tester", acceptedFindings: []))
        }
        for (number, iso, thread) in [
            (1, "2026-06-15", "B"), (2, "2026-07-01", "A"), (3, "2026-07-15", "A"), (4, "2026-08-01", nil),
            (5, "2026-09-10", "A"),
        ] {
            try h.commit(Self.at(iso), [], consultations: [consultation(number, iso, thread: thread)])
        }
        // Thread A became case 1 on 12 September: 73 days after its first consultation (over 8 weeks).
        try h.register(1, received: Self.at("2026-09-12"), consultations: [2, 3, 5].map { ConsultationID($0) })
        // Thread B (June) became case 2 on 3 July: 18 days.
        try h.register(2, received: Self.at("2026-07-03"), consultations: [ConsultationID(1)])
        let f = try h.report("2026-Q3", now: Self.at("2026-12-01")).total.figures
        #expect(f.consultations == 4)
        #expect(f.consultationsRegistered == 3)
        #expect(f.threadsBeforeRegistration.count == 2)
        #expect(f.threadsBeforeRegistration.median == 45.5)
        #expect(f.heldTooLong == 1)
    }

    @Test("An undone decision is not counted")
    func undone() throws {
        var h = History()
        let id = CaseID(year: 2026, sequence: 1)
        try h.register(1, received: Self.at("2026-07-01"))
        try h.triage(1, Self.at("2026-07-02"))
        let before = try #require(h.ledger.book[id])
        try h.decide(1, Self.at("2026-07-03"), .referral)
        #expect(try h.report("2026-Q3", now: Self.at("2026-12-01")).total.figures.overTheFence == 1)
        let decided = h.ledger.book.lastSequence
        try h.commit(
            Self.at("2026-07-03", hour: 13),
            [.caseRestored(CaseRestored(caseID: id, undoneSequence: decided, before: before))])
        let f = try h.report("2026-Q3", now: Self.at("2026-12-01")).total.figures
        #expect(f.decisions == 0 && f.overTheFence == 0)
        #expect(f.toTriage.count == 1)
    }

    @Test("Groups smaller than the minimum are held back, and the next smallest while they would give themselves away")
    func smallGroups() throws {
        for (sizes, expected) in [
            ([("Alfa", 10), ("Bravo", 3), ("Charlie", 6)], ["Bravo", "Charlie"]),
            ([("Alfa", 10), ("Bravo", 3), ("Charlie", 4)], ["Bravo", "Charlie"]),
            ([("Alfa", 10), ("Bravo", 7)], []),
            ([("Alfa", 10), ("Bravo", 1), ("Charlie", 8), ("Delta", 9)], ["Bravo", "Charlie"]),
        ] {
            var h = History()
            var number = 0
            for (gemeente, count) in sizes {
                for _ in 0..<count {
                    number += 1
                    try h.register(number, received: Self.at("2026-07-01"), gemeente: gemeente)
                }
            }
            // Two triages in Alfa: too few for a lead time to be shown.
            try h.triage(1, Self.at("2026-07-02"))
            try h.triage(2, Self.at("2026-07-03"))
            let report = try h.report("2026-Q3", by: .gemeente, minimum: 5, now: Self.at("2026-12-01"))
            #expect(report.rows.map(\.group) == sizes.map(\.0))
            #expect(report.rows.filter(\.suppressed).compactMap(\.group) == expected)
            #expect(report.rows.map(\.size) == sizes.map(\.1))
            #expect(!report.total.suppressed && report.total.figures.registrations == number)
            let alfa = try #require(report.rows.first)
            #expect(alfa.figures.toTriage.count == 2 && alfa.figures.toTriage.heldBack)
            #expect(alfa.figures.toTriage.median == nil && alfa.figures.toTriage.p90 == nil)
        }
    }

    @Test("Periods are read as a quarter, a month, a year or from–to; anything else is refused")
    func periods() throws {
        #expect(try ReportPeriod(parsing: "2026-Q3").from == CalendarDate(iso: "2026-07-01"))
        #expect(try ReportPeriod(parsing: "2026-q3").to == CalendarDate(iso: "2026-09-30"))
        #expect(try ReportPeriod(parsing: "2028-02").to == CalendarDate(iso: "2028-02-29"))
        #expect(try ReportPeriod(parsing: "2026").to == CalendarDate(iso: "2026-12-31"))
        let range = try ReportPeriod(parsing: "2026-07-01..2026-08-31")
        #expect(range.description == "2026-07-01..2026-08-31")
        #expect(range.moved(by: 1).description == "2026-09-01..2026-10-31")
        #expect(range.moved(by: -4).description == "2025-11-01..2025-12-31")
        // A range is of whole months: two reports a day apart would give that day's figures away.
        for partial in ["2026-07-15..2026-08-31", "2026-07-01..2026-08-30", "2026-07-02..2026-07-02"] {
            do {
                _ = try ReportPeriod(parsing: partial)
                Issue.record("\(partial) must be refused")
            } catch {
                #expect(error.code == .periodNotWholeMonths)
            }
        }
        #expect(ReportPeriod(from: CalendarDate(iso: "2026-07-02")!, to: CalendarDate(iso: "2026-07-31")!) == nil)
        #expect(try ReportPeriod(parsing: "2026-12").moved(by: 1).description == "2027-01")
        #expect(try ReportPeriod(parsing: "2026-Q1").moved(by: -1).description == "2025-Q4")
        for bad in ["2026-Q5", "2026-Q0", "2026-13", "26-Q1", "Q3", "", "2026-07-01..", "2026-09-31..2026-10-01"] {
            #expect(throws: ValidationError.self) { try ReportPeriod(parsing: bad) }
            do { _ = try ReportPeriod(parsing: bad) } catch { #expect(error.code == .periodFormat) }
        }
        do {
            _ = try ReportPeriod(parsing: "2026-09-30..2026-07-01")
            Issue.record("a period ending before it starts must be refused")
        } catch {
            #expect(error.code == .periodReversed)
        }
        #expect(try ReportGrouping(parsing: "Bron") == .source)
        #expect(try ReportGrouping(parsing: "adviseur") == .advisor)
        #expect(throws: ValidationError.self) { try ReportGrouping(parsing: "postcode") }
    }

    @Test("A closed case's open deadline ends when the case closed; a deadline lapsed after it was due was late")
    func deadlinesThatEndOtherwise() throws {
        var h = History()
        let due = Deadline(kind: .triage, due: .day(CalendarDate(iso: "2026-07-10")!))
        // Closed before its triage was due: nothing to count. Closed after it: late, by the closing
        // (19 days of the 9.5 allowed: not three times), not by today (five months).
        for (number, closed) in [(1, "2026-07-05"), (2, "2026-07-20")] {
            try h.register(number, received: Self.at("2026-07-01"), deadlines: [due])
            try h.commit(
                Self.at(closed),
                [
                    .statusChanged(
                        StatusChanged(caseID: CaseID(year: 2026, sequence: number), from: .nieuw, to: .afgesloten))
                ])
        }
        var f = try h.report("2026-Q3", now: Self.at("2026-12-01")).total.figures
        #expect(f.deadlinesInTime == 0 && f.deadlinesLate == 1 && f.deadlinesFarLate == 0)
        // A review due on 10 July lapses at a handback on 15 July: it was late; one due on 30 July was not.
        for (number, review) in [(3, "2026-07-10"), (4, "2026-07-30")] {
            let id = CaseID(year: 2026, sequence: number)
            try h.register(number, received: Self.at("2026-07-01"))
            try h.triage(number, Self.at("2026-07-02"))
            try h.commit(
                Self.at("2026-07-02"),
                [
                    .decisionRecorded(
                        DecisionRecorded(
                            caseID: id, outcome: .procesregie, phase: .three, holders: [], rationale: "r",
                            recommendedOutcome: .procesregie, recommendedPhase: .three, deviationReason: nil,
                            referredTo: nil, tasks: [], nextReview: CalendarDate(iso: review)))
                ])
            try h.commit(
                Self.at("2026-07-15"),
                [
                    .handedBack(
                        CaseHandedBack(
                            caseID: id, wijkteam: "Wijkteam Noord", contact: "J", conditions: "c",
                            handoverDate: CalendarDate(iso: "2026-07-15")!, checkDate: CalendarDate(iso: "2026-10-15")!)
                    )
                ])
        }
        f = try h.report("2026-Q3", now: Self.at("2026-12-01")).total.figures
        // Cases 3 and 4 also had registration deadlines (none here) and the check is due in October.
        #expect(f.deadlinesLate == 2 && f.deadlinesInTime == 0, "\(f)")
    }

    @Test("An undo written before courses were kept takes back the marks after the case it restores")
    func undoWithoutCourse() throws {
        var h = History()
        let id = CaseID(year: 2026, sequence: 1)
        try h.register(
            1, received: Self.at("2026-07-01"),
            deadlines: [Deadline(kind: .triage, due: .day(CalendarDate(iso: "2026-07-10")!))])
        try h.triage(1, Self.at("2026-07-02"))
        var before = try #require(h.ledger.book[id])
        try h.decide(1, Self.at("2026-07-03"), .referral)
        let decided = h.ledger.book.lastSequence
        // As an old undo carries it: no course, no moments on its deadlines.
        before.course = nil
        for index in before.deadlines.indices { before.deadlines[index].setAt = nil }
        try h.commit(
            Self.at("2026-07-03", hour: 13),
            [.caseRestored(CaseRestored(caseID: id, undoneSequence: decided, before: before))])
        try h.commit(Self.at("2026-08-01"), [.noteAdded(NoteAdded(caseID: id, text: "later"))])
        let restored = try #require(h.ledger.book[id])
        #expect(restored.course?.marks.map(\.kind) == [.status, .triaged, .status])
        #expect(restored.deadlines.allSatisfy { $0.setAt == Self.at("2026-07-01") })
        let f = try h.report("2026-Q3", now: Self.at("2026-12-01")).total.figures
        #expect(f.decisions == 0 && f.toTriage.count == 1)
    }

    @Test("Months and percentiles over too few are held back: a month under the minimum, a p90 under ten")
    func heldBackDetail() throws {
        var h = History()
        var number = 0
        for (month, count) in [("2026-07", 6), ("2026-08", 2), ("2026-09", 10)] {
            for day in 1...count {
                number += 1
                try h.register(number, received: Self.at(month + String(format: "-%02d", day)))
                try h.triage(number, Self.at(month + String(format: "-%02d", day), hour: 18))
            }
        }
        let quarter = try h.report("2026-Q3", minimum: 5, now: Self.at("2026-12-01")).total
        #expect(Array(quarter.monthly.suffix(3)) == [6, nil, 10])
        #expect(quarter.figures.toTriage.count == 18 && quarter.figures.toTriage.p90 == 0.25)
        let july = try h.report("2026-07", minimum: 5, now: Self.at("2026-12-01")).total.figures.toTriage
        #expect(july.count == 6 && july.median == 0.25 && july.p90 == nil && !july.heldBack)
    }
}
