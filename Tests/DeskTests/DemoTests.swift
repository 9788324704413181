import CaseModel
import Foundation
import TestSupport
import Testing

@testable import Desk

/// The demo region is what advisors see first; it must tell the truth the way a real queue does.
@Suite("The demo region: reached through real steps, and true two weeks on")
struct DemoTests {
    /// Tuesday 24 November 2026, 09:00 in the Netherlands.
    static let now = Date(timeIntervalSince1970: 1_795_478_400 + 8 * 3600)

    static func context(at now: Date) throws -> DeskContext {
        let instrument = try InstrumentParser.parse(
            SourceTree.text("Resources/Data/instrument-fryslan.txt"), file: "instrument")
        return DeskContext(
            region: try Region.load(files: nil), clock: FixedClock(now), advisor: "A. Zwart",
            text: try Localizer(language: .nl), instrument: instrument)
    }

    struct Demo {
        var ledger = Ledger()
        /// Per case, the kinds of case event recorded on it.
        var steps: [CaseID: [String]] = [:]

        init(cases: Int, seed: UInt64 = 2026, scale: DemoScale = DemoScale(), at now: Date) throws {
            var builder = try DemoBuilder(seed: seed, context: try DemoTests.context(at: now))
            for commit in builder.commits(cases: cases, scale: scale) {
                _ = try ledger.apply(commit, reference: commit.sequence)
                for event in commit.events { steps[event.caseID, default: []].append(event.typeName) }
            }
        }

        var cases: [Case] { ledger.book.cases.values.sorted { $0.id < $1.id } }

        /// An advisor did something on the case after registering it (its ground is recorded with
        /// the registration, in the same commit).
        func dealtWith(_ c: Case) -> Bool {
            (steps[c.id] ?? []).contains { !["CaseRegistered", "LawfulBasisRecorded"].contains($0) }
        }
    }

    @Test(
        "Built at any fixed clock, no case an advisor has dealt with is te laat; the rest of the queue is",
        arguments: [0, 14])
    func nothingDealtWithIsLate(daysOn: Int) throws {
        let at = Self.now.addingTimeInterval(Double(daysOn) * 86_400)
        let context = try Self.context(at: at)
        let demo = try Demo(cases: 300, at: at)
        let open = demo.cases.filter { $0.status != .afgesloten }
        let late = open.filter { context.urgency(of: $0).isOverdue }
        #expect(late.filter(demo.dealtWith).map(\.id) == [])
        // The queue is not emptied to get there: untouched registrations past their contact deadline
        // stay late, and so does a ZSM request nobody answered.
        #expect(late.count >= 20, "\(late.count) late")
        for c in late {
            let urgency = context.urgency(of: c)
            let referrerLate = urgency.parts.contains {
                if case .overdue(_, .contactReferrer) = $0.part { true } else { false }
            }
            #expect(referrerLate || (urgency.hoursToZSMDeadline ?? 0) < 0, "\(c.id): \(urgency.parts.map(\.part))")
        }
    }

    @Test(
        "Procesregie is reached by triage and decision, with plans whose tasks are ticked and moved, reviews, handbacks and closed cases"
    )
    func realSteps() throws {
        let demo = try Demo(cases: 300, at: Self.now)
        let procesregie = demo.cases.filter { $0.status == .procesregie }
        #expect(procesregie.count >= 10)
        for c in procesregie {
            #expect(c.triage != nil && c.decision != nil, "\(c.id)")
            #expect(c.avePhase != nil && !c.responsibilities.isEmpty, "\(c.id)")
            #expect(c.tasks.count >= 3, "\(c.id) has \(c.tasks.count) tasks")
            // What fell due before the demo's moment has been done; what is still open lies ahead.
            for (number, task) in c.openTasks {
                #expect(task.day(in: .netherlands) >= CalendarDate(Self.now, in: .netherlands), "\(c.id) T\(number)")
            }
        }
        let all = demo.steps.values.flatMap { $0 }
        for kind in [
            "TriageRecorded", "DecisionRecorded", "TaskDone", "TaskRescheduled", "ReviewRecorded", "CaseHandedBack",
            "HandbackChecked", "NoteAdded",
        ] {
            #expect(all.contains(kind), "no \(kind) in the demo")
        }
        let closed = demo.cases.filter { $0.status == .afgesloten }
        let returned = demo.cases.filter { $0.status == .teruggelegd }
        #expect(!closed.isEmpty && !returned.isEmpty, "\(closed.count) closed, \(returned.count) handed back")
        // A BSN search finds a closed case.
        let bsn = try #require(closed.compactMap(\.primaryPerson.bsn).first)
        #expect(demo.ledger.book.known(PersonQuery(bsn.description)).map(\.status).contains(.afgesloten))
    }

    @Test(
        "Two weeks on without anyone at the desk, only what fell due in those two weeks is late on a case an advisor dealt with"
    )
    func twoWeeksOn() throws {
        let demo = try Demo(cases: 300, at: Self.now)
        let later = try Self.context(at: Self.now.addingTimeInterval(14 * 86_400))
        let made = CalendarDate(Self.now, in: .netherlands)
        var comingDue = 0
        for c in demo.cases where c.status != .afgesloten && demo.dealtWith(c) {
            for deadline in c.openDeadlines
            where later.calendar.workingDays(from: later.today, to: deadline.day(in: .netherlands)) < 0 {
                // Not one deadline that had passed when the demo was made, and never the referrer's
                // contact of a case whose referrer was called or that was triaged.
                #expect(
                    deadline.day(in: .netherlands) >= made, "\(c.id) \(deadline.kind) \(deadline.day(in: .netherlands))"
                )
                #expect(deadline.kind != .contactReferrer, "\(c.id)")
                comingDue += 1
            }
        }
        #expect(comingDue > 0, "the two weeks should bring some reviews and tasks due")
    }

    @Test(
        "Nothing in the demo happens after its clock, also early in the morning",
        arguments: [-7 * 3600.0, -1 * 3600.0, 0])
    func nothingAfterTheClock(offset: Double) throws {
        let at = Self.now.addingTimeInterval(offset)  // 02:00, 08:00 and 09:00
        var builder = try DemoBuilder(seed: 2026, context: try Self.context(at: at))
        let late = builder.commits(cases: 300).filter { $0.at > at }
        #expect(late.map(\.sequence) == [])
    }

    @Test("The same seed gives the same demo")
    func repeatable() throws {
        let one = try Demo(cases: 120, seed: 7, at: Self.now)
        let two = try Demo(cases: 120, seed: 7, at: Self.now)
        #expect(one.ledger == two.ledger)
    }

    @Test(
        "At a region's scale: years of closed history, each case steered and closed through real steps, numbered per year; the queue is the last weeks'; contacts and consultations as many as asked"
    )
    func regionScale() throws {
        let demo = try Demo(
            cases: 400, scale: DemoScale(years: 3, contacts: 60, consultations: 150), at: Self.now)
        let cases = demo.cases
        #expect(cases.count == 400)
        // Eight weeks of a region that registered 400 cases in three years: 20; the rest closed history.
        let history = cases.filter { $0.id.year < 2026 }
        #expect(history.count == 400 - 400 * 56 / (365 * 3))
        #expect(Set(history.map(\.id.year)) == [2023, 2024, 2025])
        #expect(
            history.allSatisfy { $0.status == .afgesloten }, "\(history.filter { $0.status != .afgesloten }.map(\.id))")
        for year in 2023...2025 {
            let numbers = history.filter { $0.id.year == year }.map(\.id.sequence).sorted()
            #expect(numbers == Array(1...numbers.count), "\(year) is numbered without gaps")
        }
        // A closed case went through the whole way: about a dozen events.
        let steps = history.map { demo.steps[$0.id]?.count ?? 0 }
        #expect(steps.min() ?? 0 >= 8, "\(steps.min() ?? 0)")
        let kinds = Set(history.flatMap { demo.steps[$0.id] ?? [] })
        #expect(kinds.isSuperset(of: ["DecisionRecorded", "CaseHandedBack", "HandbackChecked"]), "\(kinds)")
        #expect(demo.ledger.partners.contacts.count >= 55 && demo.ledger.partners.contacts.count <= 60)
        #expect(demo.ledger.consultations.consultations.count == 150)
        // The default demo is the small region the tests know: the same with or without a scale of zero.
        let small = try Demo(cases: 30, at: Self.now)
        let again = try Demo(cases: 30, scale: DemoScale(), at: Self.now)
        #expect(small.cases == again.cases)
        #expect(small.cases.allSatisfy { $0.id.year == 2026 })
    }
}
