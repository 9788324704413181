import CaseModel
import Foundation
import Testing

@Suite("Recording triage and decisions")
struct DecisionTests {
    static let today = CalendarDate(year: 2026, month: 11, day: 24)!

    func triaged(_ criteria: [String], zrm: [String] = [], signals: [RiskSignal] = []) throws -> (CaseBook, Instrument)
    {
        let instrument = try ShippedInstrument.parsed()
        var book = CaseBook()
        try book.apply(
            Commit(
                sequence: 1, at: Fixtures.now, actor: "t",
                events: [.registered(Fixtures.registration(1, signals: signals))]))
        var draft = TriageDraft()
        draft.criteria = criteria
        draft.zrm = zrm
        let event = try draft.validate(
            try #require(book[CaseID(year: 2026, sequence: 1)]), instrument: instrument, today: Self.today
        ).get()
        try book.apply(Commit(sequence: 2, at: Fixtures.now, actor: "t", events: [.triageRecorded(event)]))
        return (book, instrument)
    }

    var id: CaseID { CaseID(year: 2026, sequence: 1) }

    @Test("Triage input is checked against the instrument")
    func triageValidation() throws {
        let instrument = try ShippedInstrument.parsed()
        let c = Case(registration: Fixtures.registration(1), at: Fixtures.now, reference: 0)
        var draft = TriageDraft()
        draft.criteria = ["1=ja:meerdere leefgebieden", "7=ja", "2=misschien"]
        draft.zrm = ["financien=2", "Tuinieren=3", "Justitie=9"]
        draft.indicators = ["expertise", "maanstand"]
        draft.triggers = ["safety", "regen"]
        guard case .failure(let failure) = draft.validate(c, instrument: instrument, today: Self.today) else {
            Issue.record("must fail")
            return
        }
        #expect(
            failure.errors.map(\.code) == [
                .unknownCriterion, .answerFormat, .unknownDomain, .scoreRange, .unknownIndicator, .unknownTrigger,
            ])
        draft.criteria = ["1=ja:meerdere leefgebieden", "2=nee", "2=ja"]
        draft.zrm = ["financien=2", "HUISVESTING=1"]
        draft.indicators = ["expertise"]
        draft.triggers = ["safety"]
        let event = try draft.validate(c, instrument: instrument, today: Self.today).get()
        #expect(
            event.criteria == [
                CriterionAnswer(number: 1, answer: .yes, note: "meerdere leefgebieden"),
                CriterionAnswer(number: 2, answer: .yes),
            ])
        #expect(event.zrmScores == ["Financiën": 2, "Huisvesting": 1])
        #expect(event.zrmAssessedOn == Self.today)
    }

    @Test("A decision sets phase, status, holders, tasks and the review; the default holders come from the instrument")
    func decisionApplies() throws {
        var (book, instrument) = try triaged(["1=ja", "2=ja", "3=ja", "4=nee"], zrm: ["financien=2", "huisvesting=2"])
        #expect(book[id]?.status == .triage)
        var draft = DecisionDraft()
        draft.outcome = "procesregie"
        draft.rationale = "Drie criteria, twee domeinen laag"
        draft.holders = ["casusregie=Wijkteam Noord/J. Jansen"].map(HolderEntry.init(text:))
        draft.tasks = ["Politie|Huisbezoek met wijkagent|5", "GGZ|Intake|2026-12-15"].map(TaskEntry.init(text:))
        let c = try #require(book[id])
        let decision = try draft.validate(c, instrument: instrument, calendar: Fixtures.calendar, today: Self.today)
            .get()
        #expect(decision.phase == .three)
        #expect(!decision.deviates)
        #expect(decision.deviationReason == nil)
        #expect(decision.nextReview == CalendarDate(iso: "2027-01-05"))  // six weeks on, a working day
        #expect(decision.tasks.map(\.due) == [CalendarDate(iso: "2026-12-01")!, CalendarDate(iso: "2026-12-15")!])
        try book.apply(Commit(sequence: 3, at: Fixtures.now, actor: "t", events: [.decisionRecorded(decision)]))
        let after = try #require(book[id])
        #expect(after.status == .procesregie)
        #expect(after.avePhase == .three)
        #expect(
            after.responsibilities[.casusregie]
                == ResponsibilityHolder(organisation: "Wijkteam Noord", person: "J. Jansen"))
        #expect(after.responsibilities[.procesregie] == ResponsibilityHolder(organisation: "Zorg- en Veiligheidshuis"))
        #expect(
            after.deadlines.filter { $0.kind == .task }.compactMap(\.label) == [
                "Politie: Huisbezoek met wijkagent", "GGZ: Intake",
            ])
        #expect(after.deadlines.contains { $0.kind == .review && $0.due == .day(CalendarDate(iso: "2027-01-05")!) })
    }

    @Test("A person named without an organisation is that person at the phase's default holder")
    func personAtDefaultHolder() throws {
        let (book, instrument) = try triaged(["1=ja", "2=ja", "3=ja", "4=nee"])
        var draft = DecisionDraft()
        draft.outcome = "procesregie"
        draft.rationale = "Drie criteria"
        draft.holders = [HolderEntry(responsibility: "procesregie", organisation: "", person: "A. Zwart")]
        let decision = try draft.validate(
            try #require(book[id]), instrument: instrument, calendar: Fixtures.calendar, today: Self.today
        ).get()
        #expect(
            decision.holders.first { $0.responsibility == .procesregie }?.holder
                == ResponsibilityHolder(organisation: "Zorg- en Veiligheidshuis", person: "A. Zwart"))
    }

    @Test("Deviating needs a reason, referring needs a partner, and bad tasks and dates are named")
    func decisionRefusals() throws {
        let (book, instrument) = try triaged(["1=ja", "2=ja", "3=ja"])
        let c = try #require(book[id])
        var draft = DecisionDraft()
        draft.outcome = "verwijzen"
        draft.tasks = ["Politie|Huisbezoek", "GGZ|Intake|2020-01-01"].map(TaskEntry.init(text:))
        draft.nextReview = "morgen"
        draft.holders = ["regie=iemand"].map(HolderEntry.init(text:))
        guard
            case .failure(let failure) = draft.validate(
                c, instrument: instrument, calendar: Fixtures.calendar, today: Self.today)
        else {
            Issue.record("must fail")
            return
        }
        #expect(
            failure.errors.map(\.code) == [
                .required, .deviationReasonRequired, .referralPartnerRequired, .holderFormat,
                .taskFormat, .dateInPast, .dateFormat,
            ])
        #expect(failure.first(for: "deviation")?.detail == "procesregie, AVE 3")
        draft = DecisionDraft()
        draft.outcome = "verwijzen"
        draft.rationale = "Past beter bij Veilig Thuis"
        draft.deviationReason = "Huiselijk geweld is de kern"
        draft.referredTo = "Veilig Thuis Fryslân"
        let decision = try draft.validate(c, instrument: instrument, calendar: Fixtures.calendar, today: Self.today)
            .get()
        #expect(decision.deviates)
        #expect(decision.resultingStatus == .afgesloten)
        #expect(decision.nextReview == nil)
    }

    @Test("No decision without triage, and none on a closed case")
    func invariants() throws {
        var book = CaseBook()
        try book.apply(
            Commit(sequence: 1, at: Fixtures.now, actor: "t", events: [.registered(Fixtures.registration(1))]))
        let decision = DecisionRecorded(
            caseID: id, outcome: .advice, phase: .two, holders: [], rationale: "x", recommendedOutcome: .advice,
            recommendedPhase: .two, deviationReason: nil, referredTo: nil, tasks: [], nextReview: nil)
        #expect(throws: CaseBook.ApplyError.noTriage(id)) {
            try book.apply(Commit(sequence: 2, at: Fixtures.now, actor: "t", events: [.decisionRecorded(decision)]))
        }
        let triage = TriageRecorded(
            caseID: id, criteria: [], zrmScores: [:], zrmAssessedOn: nil, indicators: [], triggers: [])
        try book.apply(
            Commit(
                sequence: 2, at: Fixtures.now, actor: "t",
                events: [.triageRecorded(triage), .decisionRecorded(decision)]))
        #expect(book[id]?.status == .afgesloten)
        #expect(throws: CaseBook.ApplyError.caseClosed(id)) {
            try book.apply(Commit(sequence: 3, at: Fixtures.now, actor: "t", events: [.triageRecorded(triage)]))
        }
    }
}
