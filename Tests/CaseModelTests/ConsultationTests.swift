import CaseModel
import Foundation
import Testing

@Suite("Consultations")
struct ConsultationTests {
    func draft(
        _ question: String = "Wanneer schalen we op?", wijkteam: String = "Noord", gemeente: String = "",
        when: String = "", thread: String = "", followUp: String = "", safety: String = "", sketch: String = ""
    ) -> ConsultationDraft {
        var d = ConsultationDraft()
        d.question = question
        d.wijkteam = wijkteam
        d.gemeente = gemeente
        d.when = when
        d.thread = thread
        d.followUp = followUp
        d.safetySignal = safety
        d.sketch = sketch
        return d
    }

    func errors(_ d: ConsultationDraft) -> [String] {
        if case .failure(let e) = d.validate(
            id: ConsultationID(1), region: Fixtures.region, now: Fixtures.now, timeZone: .netherlands, advisor: "eva")
        {
            return e.errors.map(\.description)
        }
        return []
    }

    @Test("Quick entry: now by default, the wijkteam alone finds its gemeente")
    func quickEntry() throws {
        var d = draft(thread: "gezin Noord-3", sketch: "Vader drinkt, kinderen 4 en 7")
        d.member = "Jan (wijkteam)"
        d.advice = "Bespreek met Veilig Thuis"
        d.duration = "12"
        let c = try d.validate(
            id: ConsultationID(1), region: Fixtures.region, now: Fixtures.now, timeZone: .netherlands, advisor: "eva"
        ).get()
        #expect(
            c
                == Consultation(
                    id: ConsultationID(1), at: Fixtures.now, gemeente: "Leeuwarden", wijkteam: "Wijkteam Noord",
                    member: "Jan (wijkteam)", question: "Wanneer schalen we op?",
                    sketch: "Vader drinkt, kinderen 4 en 7",
                    advice: "Bespreek met Veilig Thuis", durationMinutes: 12, followUp: .none, thread: "gezin Noord-3",
                    safetySignal: false, advisor: "eva", acceptedFindings: []))
    }

    @Test("Times: a clock time today, a Dutch date with time; never in the future")
    func times() throws {
        let today = try draft(when: "08:15").validate(
            id: ConsultationID(1), region: Fixtures.region, now: Fixtures.now,
            timeZone: .netherlands, advisor: nil
        ).get()
        #expect(today.at == Fixtures.now.addingTimeInterval(-45 * 60))
        let earlier = try draft(when: "20-11-2026 16:30").validate(
            id: ConsultationID(1), region: Fixtures.region, now: Fixtures.now,
            timeZone: .netherlands, advisor: nil
        ).get()
        #expect(earlier.at == CalendarDate(iso: "2026-11-20")!.start(in: .netherlands).addingTimeInterval(16.5 * 3600))
        #expect(errors(draft(when: "11:00")) == ["when: date-in-future (11:00)"])
        #expect(errors(draft(when: "25:00")) == ["when: date-time-format (25:00)"])
    }

    @Test("Every mistake at once: question, unknown team, duration, follow-up, safety answer")
    func validation() {
        var d = draft("", wijkteam: "Zuid")
        d.duration = "lang"
        d.followUp = "misschien"
        d.safetySignal = "wellicht"
        #expect(
            errors(d) == [
                "question: required",
                "wijkteam: unknown-wijkteam (Zuid): Wijkteam Noord, Wijkteam Oost, Gebiedsteam Sneek",
                "duration: duration-range (lang): 1–600",
                "follow-up: unknown-follow-up (misschien): geen, opnieuw, aanmelding",
                "safety: yes-no-format (wellicht)",
            ])
        #expect(
            errors(draft(wijkteam: "Sneek", gemeente: "Leeuwarden")) == [
                "wijkteam: unknown-wijkteam (Sneek): Wijkteam Noord, Wijkteam Oost"
            ])
    }

    @Test("The draft names what looks identifying in any of its texts")
    func findings() {
        var d = draft(sketch: "Moeder van Anne de Vries, 06-12345678")
        d.advice = "Mail naar a@b.nl"
        let kinds = d.findings(PrivacyGuard(knownNames: ["Anne de Vries"])).map(\.kind)
        #expect(kinds == [.phone, .name, .email])
    }

    func logged(
        _ n: Int, daysAgo: Double, thread: String? = "gezin Noord-3", wijkteam: String = "Wijkteam Noord",
        safety: Bool = false, followUp: FollowUp = .again
    ) -> Consultation {
        Consultation(
            id: ConsultationID(n), at: Fixtures.now.addingTimeInterval(-daysAgo * 86_400), gemeente: "Leeuwarden",
            wijkteam: wijkteam, member: "", question: "v\(n)", sketch: "", advice: "", durationMinutes: nil,
            followUp: followUp, thread: thread, safetySignal: safety, advisor: nil, acceptedFindings: [])
    }

    @Test(
        "Three on one thread within eight weeks suggest registering; older ones, other teams and other threads do not count"
    )
    func threadRule() throws {
        var log = ConsultationLog()
        try log.apply(
            [
                .logged(logged(1, daysAgo: 70)), .logged(logged(2, daysAgo: 30)),
                .logged(logged(3, daysAgo: 1, thread: "Gezin noord 3")),
                .logged(logged(4, daysAgo: 2, wijkteam: "Wijkteam Oost")), .logged(logged(5, daysAgo: 2, thread: nil)),
            ], cases: CaseBook(), at: Date())
        let rule = ThreadRule.standard
        #expect(log.suggestion(for: log[ConsultationID(3)]!, now: Fixtures.now, rule: rule) == nil)
        try log.apply([.logged(logged(6, daysAgo: 0.5))], cases: CaseBook(), at: Date())
        #expect(log.suggestion(for: log[ConsultationID(6)]!, now: Fixtures.now, rule: rule) == .repeated(count: 3))
        #expect(
            log.suggestion(for: log[ConsultationID(6)]!, now: Fixtures.now, rule: ThreadRule(count: 4, weeks: 11))
                == .repeated(count: 4))
        #expect(log.suggestion(for: log[ConsultationID(4)]!, now: Fixtures.now, rule: rule) == nil)
        #expect(log.openThread(of: log[ConsultationID(6)]!).map(\.id.value) == [1, 2, 3, 6])
        try log.apply(
            [
                .logged(logged(7, daysAgo: 0, thread: nil, safety: true)),
                .logged(logged(8, daysAgo: 0, thread: nil, followUp: .registration)),
            ],
            cases: CaseBook(), at: Date())
        #expect(log.suggestion(for: log[ConsultationID(7)]!, now: Fixtures.now, rule: rule) == .safetySignal)
        #expect(log.suggestion(for: log[ConsultationID(8)]!, now: Fixtures.now, rule: rule) == .agreed)
    }

    @Test(
        "Promotion: one commit registers the case and marks the thread; counted per wijkteam; a second promotion is refused"
    )
    func promotion() throws {
        var ledger = Ledger()
        try ledger.apply(
            Commit(
                sequence: 1, at: Fixtures.now, actor: "t", events: [],
                consultationEvents: [
                    .logged(logged(1, daysAgo: 3)), .logged(logged(2, daysAgo: 1)),
                    .logged(logged(3, daysAgo: 1, wijkteam: "Wijkteam Oost")),
                ]))
        let registration = Fixtures.registration(1)
        try ledger.apply(
            Commit(
                sequence: 2, at: Fixtures.now, actor: "t", events: [.registered(registration)],
                consultationEvents: [
                    .promoted(
                        ConsultationPromoted(
                            consultations: [ConsultationID(1), ConsultationID(2)],
                            caseID: registration.id))
                ]))
        #expect(ledger.consultations.consultations(promotedTo: registration.id).map(\.id.value) == [1, 2])
        #expect(
            ledger.consultations.figuresPerWijkteam() == [
                ConsultationLog.WijkteamFigures(wijkteam: "Wijkteam Noord", consultations: 2, registered: 2),
                ConsultationLog.WijkteamFigures(wijkteam: "Wijkteam Oost", consultations: 1, registered: 0),
            ])
        let before = ledger
        let second = Fixtures.registration(2)
        #expect(throws: Ledger.ApplyError.consultations(.alreadyPromoted(ConsultationID(2)))) {
            try ledger.apply(
                Commit(
                    sequence: 3, at: Fixtures.now, actor: "t", events: [.registered(second)],
                    consultationEvents: [
                        .promoted(
                            ConsultationPromoted(
                                consultations: [ConsultationID(3), ConsultationID(2)],
                                caseID: second.id))
                    ]))
        }
        #expect(ledger == before)
    }

    @Test("A commit refused by its partner events takes back its case events too")
    func ledgerAllOrNothing() throws {
        var ledger = Ledger()
        let before = ledger
        #expect(throws: Ledger.ApplyError.partners(.unknownOrganisation(OrganisationID(4)))) {
            try ledger.apply(
                Commit(
                    sequence: 1, at: Fixtures.now, actor: "t", events: [.registered(Fixtures.registration(1))],
                    partnerEvents: [
                        .contactRecorded(
                            Contact(
                                id: ContactID(1), organisation: OrganisationID(4), name: "x",
                                role: "", phone: nil, email: nil, availability: "", notes: ""))
                    ]))
        }
        #expect(ledger == before)
    }

    @Test(
        "A correction moves a consultation to its new thread; a refused commit leaves the log and its threads as they were"
    )
    func correction() throws {
        var log = ConsultationLog()
        try log.apply(
            [.logged(logged(1, daysAgo: 2)), .logged(logged(2, daysAgo: 1, thread: "anders"))], cases: CaseBook(),
            at: Date())
        let before = log
        var moved = logged(2, daysAgo: 1)
        moved.question = "verbeterd"
        #expect(throws: ConsultationLog.ApplyError.unknownConsultation(ConsultationID(9))) {
            try log.apply([.corrected(moved), .corrected(logged(9, daysAgo: 1))], cases: CaseBook(), at: Date())
        }
        #expect(log == before)
        #expect(log.openThread(of: log[ConsultationID(1)]!).map(\.id.value) == [1])
        try log.apply([.corrected(moved)], cases: CaseBook(), at: Date())
        #expect(log.openThread(of: log[ConsultationID(1)]!).map(\.question) == ["v1", "verbeterd"])
        #expect(log.openThread(wijkteam: "Wijkteam Noord", thread: "anders").isEmpty)
    }
}
