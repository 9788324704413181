import CaseModel
import Foundation
import Testing

@Suite("Queue urgency and its reasons")
struct UrgencyTests {
    func score(_ c: Case, at now: Date = Fixtures.now) -> Urgency {
        Urgency(of: c, now: now, calendar: Fixtures.calendar, timeZone: .netherlands)
    }

    func makeCase(_ registration: CaseRegistered) -> Case {
        Case(registration: registration, at: registration.receivedAt, reference: 0)
    }

    @Test("An open ZSM request outranks an overdue case, which outranks one due soon")
    func ordering() {
        let zsm = makeCase(Fixtures.registration(1, source: .omZSM, receivedAt: Fixtures.now.addingTimeInterval(-3600)))
        let overdue = makeCase(Fixtures.registration(2, receivedAt: Fixtures.now.addingTimeInterval(-10 * 86_400)))
        let fresh = makeCase(Fixtures.registration(3))
        #expect(score(zsm) > score(overdue))
        #expect(score(overdue) > score(fresh))
        #expect(score(zsm).parts.first?.part == .zsmOpen(hoursLeft: 3))
        #expect(score(zsm).hoursToZSMDeadline == 3)
        #expect(score(overdue).isOverdue)
        #expect(!score(fresh).isOverdue)
        #expect(score(fresh).workingDaysToDeadline == 5)
    }

    @Test("Among ZSM requests, the one with the least time left comes first")
    func zsmAmongThemselves() {
        let hoursAgo = [1.0, 3.5, 0.2, 5.0]
        let scores = hoursAgo.enumerated().map { index, hours in
            score(
                makeCase(
                    Fixtures.registration(
                        index + 1, source: .omZSM, receivedAt: Fixtures.now.addingTimeInterval(-hours * 3600))))
        }
        let order = scores.indices.sorted { scores[$0] > scores[$1] }
        #expect(order == [3, 1, 0, 2])
    }

    @Test("The breakdown names every part with its points")
    func breakdown() {
        // Received 10 days ago (Saturday 14 November): contact deadline was Friday 20 November.
        var c = makeCase(
            Fixtures.registration(
                2, receivedAt: Fixtures.now.addingTimeInterval(-10 * 86_400), signals: [.geweld, .kinderen]))
        c.avePhase = .three
        let urgency = score(c)
        let w = UrgencyWeights.standard
        #expect(
            urgency.parts.map(\.part) == [
                .overdue(workingDays: 2, kind: .contactReferrer),
                .safety(signals: [.geweld, .kinderen]),
                .avePhase(.three),
                .waiting(days: 10),
            ])
        #expect(
            urgency.total == (w.overdue + 2 * w.perWorkingDayOverdue) + 2 * w.perSafetySignal + 3 * w.perAVEPhase + 10
                * w.perDayWaiting)
    }

    @Test("A ZSM deadline is known to the minute: 1 h 45 left, 20 minutes late")
    func zsmMinutes() {
        let soon = makeCase(
            Fixtures.registration(1, source: .omZSM, receivedAt: Fixtures.now.addingTimeInterval(-(2 * 3600 + 15 * 60)))
        )
        #expect(score(soon).minutesToZSMDeadline == 105 && score(soon).hoursToZSMDeadline == 1)
        let late = makeCase(
            Fixtures.registration(2, source: .omZSM, receivedAt: Fixtures.now.addingTimeInterval(-(4 * 3600 + 20 * 60)))
        )
        #expect(score(late).minutesToZSMDeadline == -20 && score(late).isOverdue)
    }

    @Test("A late ZSM answer counts the hours it is late; a met deadline counts no more")
    func zsmLateAndMet() {
        var c = makeCase(
            Fixtures.registration(1, source: .omZSM, receivedAt: Fixtures.now.addingTimeInterval(-6 * 3600)))
        #expect(score(c).parts.first?.part == .zsmOpen(hoursLeft: -2))
        #expect(
            score(c).parts.first?.points == UrgencyWeights.standard.zsmOpen + 10 * UrgencyWeights.standard.zsmPerHour)
        c.deadlines[0].met = true
        #expect(score(c).hoursToZSMDeadline == nil)
        #expect(!c.hasOpenZSMRequest)
    }

    @Test("A late review and late plan tasks are signals of their own; a deadline coming up still shows as due soon")
    func lateReviewAndTasks() {
        var c = makeCase(Fixtures.registration(1, receivedAt: Fixtures.now.addingTimeInterval(-12 * 86_400)))
        c.status = .procesregie
        c.avePhase = .two
        c.deadlines[0].met = true
        let today = CalendarDate(Fixtures.now, in: .netherlands)
        let day = { (n: Int) in Deadline.Due.day(Fixtures.calendar.adding(workingDays: n, to: today)) }
        c.deadlines += [
            Deadline(kind: .review, due: day(-3)),
            Deadline(kind: .task, due: day(-4), label: "Politie: huisbezoek", number: 1),
            Deadline(kind: .task, due: day(-1), label: "Wijkteam: gesprek", number: 2),
            Deadline(kind: .task, due: day(2), label: "GGD: bezoek", number: 3),
            Deadline(kind: .task, due: day(-9), met: true, label: "Gedaan", number: 4),
        ]
        let urgency = score(c)
        let w = UrgencyWeights.standard
        #expect(
            urgency.parts.map(\.part) == [
                .reviewOverdue(workingDays: 3),
                .tasksOverdue(count: 2, workingDays: 4),
                .dueSoon(workingDays: 2, kind: .task),
                .avePhase(.two),
            ])
        #expect(
            urgency.total == (w.overdueReview + 3 * w.perWorkingDayOverdue)
                + (2 * w.perOverdueTask + 4 * w.perWorkingDayOverdue)
                + w.dueSoon * (w.dueSoonWorkingDays + 1 - 2) / (w.dueSoonWorkingDays + 1) + 2 * w.perAVEPhase)
        #expect(urgency.isOverdue)
        #expect(urgency.workingDaysToDeadline == -4)
        // Ticking the tasks and recording the review leaves only what is still to come.
        for index in c.deadlines.indices
        where c.deadlines[index].kind == .review || (c.deadlines[index].number ?? 0) < 3 {
            c.deadlines[index].met = true
        }
        #expect(score(c).parts.map(\.part) == [.dueSoon(workingDays: 2, kind: .task), .avePhase(.two)])
        #expect(!score(c).isOverdue)
    }

    @Test("A late contact and a task due in two days are both parts; more than three late tasks weigh as three")
    func lateAndComing() {
        var c = makeCase(Fixtures.registration(1, receivedAt: Fixtures.now.addingTimeInterval(-10 * 86_400)))
        let today = CalendarDate(Fixtures.now, in: .netherlands)
        let day = { (n: Int) in Deadline.Due.day(Fixtures.calendar.adding(workingDays: n, to: today)) }
        c.deadlines += [Deadline(kind: .task, due: day(2), label: "GGD", number: 1)]
        #expect(
            score(c).parts.map(\.part).prefix(2) == [
                .overdue(workingDays: 2, kind: .contactReferrer), .dueSoon(workingDays: 2, kind: .task),
            ])
        c.deadlines += (2...6).map { Deadline(kind: .task, due: day(-1), label: "T", number: $0) }
        let late = score(c).parts.first { if case .tasksOverdue = $0.part { true } else { false } }
        #expect(late?.part == .tasksOverdue(count: 5, workingDays: 1))
        #expect(
            late?.points == 3 * UrgencyWeights.standard.perOverdueTask + UrgencyWeights.standard.perWorkingDayOverdue)
    }

    @Test("A closed case calls for nothing; a handed-back case waiting for its check is not stagnating")
    func closedAndHandedBack() {
        var c = makeCase(
            Fixtures.registration(1, receivedAt: Fixtures.now.addingTimeInterval(-60 * 86_400), signals: [.geweld]))
        c.deadlines[0].met = true
        c.status = .teruggelegd
        #expect(!score(c).parts.contains { if case .stagnating = $0.part { true } else { false } })
        c.status = .afgesloten
        #expect(score(c).parts.isEmpty && score(c).total == 0)
    }

    @Test("No activity for longer than the threshold shows as stagnation")
    func stagnation() {
        var c = makeCase(Fixtures.registration(1, receivedAt: Fixtures.now.addingTimeInterval(-40 * 86_400)))
        c.status = .procesregie
        c.deadlines[0].met = true
        #expect(score(c).parts.map(\.part) == [.stagnating(daysSinceActivity: 40)])
    }
}
