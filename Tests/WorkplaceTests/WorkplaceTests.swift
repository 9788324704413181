import CaseModel
import CaseStore
import Foundation
import TestSupport
import Testing
import Workplace

/// The use cases against a real store: one way in for every step on a case.
@Suite("The Workplace: every step on a case checked and committed one way")
struct WorkplaceTests {
    static let now = Date(timeIntervalSince1970: 1_795_478_400 + 8 * 3600)  // 24-11-2026 09:00 in the Netherlands

    static func rules(_ advisor: String = "Anna Visser") throws -> WorkRules {
        let instrument = try InstrumentParser.parse(
            SourceTree.text("Resources/Data/instrument-fryslan.txt"), file: "instrument")
        let region = Region(
            zvhName: "Zorg- en Veiligheidshuis Fryslân",
            gemeenten: [
                Region.Gemeente(name: "Leeuwarden", wijkteams: ["Wijkteam Noord", "Wijkteam Oost"])
            ])
        return WorkRules(
            region: region, settings: .standard, instrument: instrument,
            calendar: WorkingDayCalendar(rules: region.holidays),
            timeZone: TimeZone(identifier: "Europe/Amsterdam")!, clock: FixedClock(now), advisor: advisor)
    }

    /// A store with case 2026-0001 in procesregie.
    static func procesregie(_ dir: TemporaryDirectory) throws -> (CaseStore, Workplace) {
        let store = try CaseStore.open(at: dir.store)
        let registration = CaseRegistered(
            id: CaseID(year: 2026, sequence: 1), person: Person(name: "Pier Postma"), gemeente: "Leeuwarden",
            wijkteam: "Wijkteam Noord",
            source: .politie, referrer: nil, reason: "Zorgen", goal: "", receivedAt: now, riskSignals: [],
            advisor: "Tester", deadlines: [])
        try store.commit([.registered(registration)], at: now, actor: "Tester")
        let workplace = Workplace(store: store, rules: try rules())
        var triage = TriageDraft()
        triage.criteria = ["1=ja", "2=ja", "3=ja", "4=nee"]
        try workplace.perform(.triageDraft(registration.id, triage))
        var decision = DecisionDraft()
        decision.outcome = "procesregie"
        decision.rationale = "Drie criteria"
        try workplace.perform(.decide(registration.id, decision))
        return (store, workplace)
    }

    @Test(
        "Every deadline of a registration follows the instrument's cadence (one source): referrer contact in working days, ZSM in hours"
    )
    func cadenceIsTheSource() throws {
        var rules = try Self.rules()
        rules.instrument?.cadence.contactReferrerWorkingDays = 2
        rules.instrument?.cadence.zsmAnswerHours = 3
        rules.instrument?.cadence.zsmHardLimitHours = 7
        for (source, expected) in [("politie", "contact-referrer"), ("om-zsm", "zsm-answer")] {
            let dir = TemporaryDirectory()
            let store = try CaseStore.open(at: dir.store)
            defer { store.close() }
            var draft = RegistrationDraft()
            draft.name = "Pier Postma"
            draft.gemeente = "Leeuwarden"
            draft.source = source
            draft.reason = "Zorgen"
            let made = try Workplace(store: store, rules: rules).register(draft)
            let deadline = try #require(made.registered.deadlines.first)
            #expect(deadline.kind.rawValue == expected)
            if source == "politie" {
                // Tuesday 24 November 2026, two working days on: Thursday 26 November.
                #expect(deadline.due == .day(try #require(CalendarDate(year: 2026, month: 11, day: 26))))
            } else {
                #expect(deadline.due == .moment(Self.now.addingTimeInterval(3 * 3600)))
                #expect(deadline.hardLimit == Self.now.addingTimeInterval(7 * 3600))
            }
        }
    }

    @Test("A step is checked on the case, written as one commit by the advisor, and the case changes as the book says")
    func performReview() throws {
        let dir = TemporaryDirectory()
        let (store, workplace) = try Self.procesregie(dir)
        defer { store.close() }
        let id = CaseID(year: 2026, sequence: 1)
        #expect(store.book[id]?.status == .procesregie)
        var review = ReviewDraft()
        review.note = "Plan loopt"
        let written = try workplace.perform(.review(id, review))
        #expect(written.commit.actor == "Anna Visser")
        #expect(written.commit.events.map(\.typeName) == ["ReviewRecorded"])
        #expect(
            try store.timeline(of: id).map(\.event.typeName) == [
                "CaseRegistered", "TriageRecorded", "DecisionRecorded", "ReviewRecorded",
            ])
    }

    @Test("A step its case's status does not allow is refused with every reason, and nothing is written")
    func refused() throws {
        let dir = TemporaryDirectory()
        let (store, workplace) = try Self.procesregie(dir)
        defer { store.close() }
        let id = CaseID(year: 2026, sequence: 1)
        let before = store.position
        var check = HandbackCheckDraft()
        check.result = "misschien"
        #expect(
            throws: WorkError.invalid(
                ValidationErrors([
                    ValidationError(.statusNotAllowed, field: "id", value: "procesregie", detail: "teruggelegd"),
                    ValidationError(.unknownOutcome, field: "result", value: "misschien", detail: "stabiel, opschalen"),
                    ValidationError(.required, field: "note"),
                ]))
        ) { try workplace.perform(.check(id, check)) }
        #expect(throws: WorkError.unknownCase(CaseID(year: 2026, sequence: 9))) {
            try workplace.perform(.review(CaseID(year: 2026, sequence: 9), ReviewDraft()))
        }
        #expect(store.position == before)
    }

    @Test("Made on an older state: a colleague's handback first makes a second handback a conflict that names them")
    func colleagueFirst() throws {
        let dir = TemporaryDirectory()
        let (store, anna) = try Self.procesregie(dir)
        defer { store.close() }
        let id = CaseID(year: 2026, sequence: 1)
        let basis = store.position
        let other = try CaseStore.open(at: dir.store)
        defer { other.close() }
        var handback = HandbackDraft()
        handback.contact = "J. Jansen"
        handback.conditions = "Zorg geborgd"
        try Workplace(store: other, rules: try Self.rules("Bram de Boer")).perform(.handBack(id, handback))
        handback.contact = "K. de Vries"
        // Anna's store has not read Bram's commit yet: her step is checked on what she has, then
        // the store finds Bram's commit on the same case since her basis.
        #expect(throws: WorkError.self) { try anna.perform(.handBack(id, handback), basis: basis) }
        do {
            try anna.perform(.handBack(id, handback), basis: basis)
        } catch {
            guard case .store(.conflict(let conflict)) = error else {
                Issue.record("expected a conflict, got \(error)")
                return
            }
            #expect(conflict.actor == "Bram de Boer")
            #expect(conflict.events == ["CaseHandedBack"])
        }
        let handbacks = try store.timeline(of: id).filter { $0.event.typeName == "CaseHandedBack" }
        #expect(handbacks.map(\.actor) == ["Bram de Boer"])
    }

    @Test(
        "Registering: numbered by the store, a colleague's registration first gives the next number, and a consultation registered meanwhile is refused"
    )
    func register() throws {
        let dir = TemporaryDirectory()
        let store = try CaseStore.open(at: dir.store)
        defer { store.close() }
        let consultation = Consultation(
            id: ConsultationID(1), at: Self.now, gemeente: "Leeuwarden", wijkteam: "Wijkteam Noord",
            member: "J. Jansen",
            question: "Zorgen om een gezin", sketch: "", advice: "Registreren", durationMinutes: nil, followUp: .none,
            thread: nil, safetySignal: false, advisor: "Tester", acceptedFindings: [])
        try store.commit([], consultationEvents: [.logged(consultation)], at: Self.now, actor: "Tester")
        let anna = Workplace(store: store, rules: try Self.rules())
        var draft = RegistrationDraft(from: consultation)
        draft.name = "Fenna de Jong"
        // A colleague registers first, with the store Anna's desk has not read yet.
        let other = try CaseStore.open(at: dir.store)
        defer { other.close() }
        var theirs = RegistrationDraft()
        theirs.name = "Van Collega"
        theirs.gemeente = "Leeuwarden"
        theirs.source = "politie"
        theirs.reason = "Overlast"
        #expect(
            try Workplace(store: other, rules: try Self.rules("Bram de Boer")).register(theirs).registered.id
                == CaseID(year: 2026, sequence: 1))
        let made = try anna.register(draft, promoting: [ConsultationID(1)])
        #expect(made.registered.id == CaseID(year: 2026, sequence: 2))
        #expect(made.registered.primaryPerson.name == "Fenna de Jong")
        #expect(made.registered.reason == "Zorgen om een gezin")
        #expect(store.consultations.promotedTo[ConsultationID(1)] == CaseID(year: 2026, sequence: 2))
        // The same thread again: refused with why, nothing written.
        let position = store.position
        draft.name = "Nog Eens"
        #expect(
            throws: WorkError.invalid(
                ValidationErrors([
                    ValidationError(.alreadyRegistered, field: "consult", value: "CO-1", detail: "2026-0002")
                ]))
        ) {
            try anna.register(draft, promoting: [ConsultationID(1)])
        }
        var bad = RegistrationDraft()
        bad.bsn = "123456789"
        #expect(throws: WorkError.self) { try anna.register(bad, promoting: [ConsultationID(7)]) }
        #expect(store.position == position)
    }
}
