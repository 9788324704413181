import CaseModel
import Foundation
import Testing

@Suite("Redacting a purged case")
struct RedactionTests {
    @Test(
        "A case's events redacted in order replay to the same purged case as purging it in place; the household still adds up"
    )
    func replayAgrees() throws {
        let id = CaseID(year: 2026, sequence: 1)
        var person = Fixtures.registration(1)
        person.reason = "Zorgen om Anne de Vries"
        let commits: [Commit] = [
            Commit(sequence: 1, at: Fixtures.now, actor: "a", events: [.registered(person)]),
            Commit(
                sequence: 2, at: Fixtures.now, actor: "a",
                events: [.personAdded(PersonAdded(caseID: id, person: Person(name: "Kees de Vries", role: .kind)))]),
            Commit(
                sequence: 3, at: Fixtures.now, actor: "a",
                events: [.noteAdded(NoteAdded(caseID: id, text: "Kees belde", kind: .telefoon, with: "Kees"))]),
            Commit(
                sequence: 4, at: Fixtures.now, actor: "a",
                events: [.personRemoved(PersonRemoved(caseID: id, name: "kees de vries"))]),
            Commit(
                sequence: 5, at: Fixtures.now, actor: "a",
                events: [.statusChanged(StatusChanged(caseID: id, from: .nieuw, to: .afgesloten))]),
            Commit(sequence: 6, at: Fixtures.now, actor: "a", events: [.purged(CasePurged(caseID: id, months: 60))]),
        ]
        var inPlace = CaseBook()
        for commit in commits { try inPlace.apply(commit) }
        var redactors: [CaseID: Redactor] = [:]
        let redacted = commits.map { $0.redacted([id], redactors: &redactors) }
        var replayed = CaseBook()
        for commit in redacted { try replayed.apply(commit) }
        #expect(replayed[id] == inPlace[id])
        let c = try #require(replayed[id])
        #expect(c.persons.map(\.name) == ["Persoon 1"])
        #expect(c.persons[0].bsn == nil && c.persons[0].birthDate == nil)
        #expect(c.reason.isEmpty && c.goal.isEmpty)
        #expect(c.gemeente == "Leeuwarden" && c.status == .afgesloten && c.purgedAt == Fixtures.now)
        let text = String(describing: redacted)
        for secret in ["Anne de Vries", "Kees", "111222333", "Tuinstraat", "Overlast", "Zorgen"] {
            #expect(!text.contains(secret), "\(secret) left in the redacted commits")
        }
        // An open case is not purged.
        var open = CaseBook()
        try open.apply(commits[0])
        #expect(throws: CaseBook.ApplyError.self) { try open.apply(commits[5]) }
    }

    @Test(
        "A consultation past its period loses its text, in the log and in its commits alike; one registered as an open case stays"
    )
    func consultations() throws {
        let day: TimeInterval = 86_400
        func consult(_ n: Int, daysAgo: Double) -> Consultation {
            Consultation(
                id: ConsultationID(n), at: Fixtures.now.addingTimeInterval(-daysAgo * day), gemeente: "Leeuwarden",
                wijkteam: "Wijkteam Noord", member: "Els Smit", question: "Vader drinkt",
                sketch: "Gezin met drie kinderen",
                advice: "Bel Verslavingszorg", durationMinutes: 30, followUp: .registration, thread: "gezin Noord-3",
                safetySignal: true, advisor: "Anna", acceptedFindings: ["name"])
        }
        let registration = Fixtures.registration(1)
        let commits: [Commit] = [
            Commit(
                sequence: 1, at: Fixtures.now, actor: "a", events: [],
                consultationEvents: [.logged(consult(1, daysAgo: 900))]),
            Commit(
                sequence: 2, at: Fixtures.now, actor: "a", events: [],
                consultationEvents: [.logged(consult(2, daysAgo: 800))]),
            Commit(
                sequence: 3, at: Fixtures.now, actor: "a", events: [],
                consultationEvents: [.logged(consult(3, daysAgo: 10))]),
            Commit(
                sequence: 4, at: Fixtures.now, actor: "a", events: [.registered(registration)],
                consultationEvents: [
                    .promoted(ConsultationPromoted(consultations: [ConsultationID(2)], caseID: registration.id))
                ]),
        ]
        var ledger = Ledger()
        for commit in commits { try ledger.apply(commit) }
        let today = CalendarDate(Fixtures.now, in: .netherlands)
        let due = Retention.due(
            ledger.consultations, cases: ledger.book, months: 24, today: today, timeZone: .netherlands)
        #expect(due.map(\.id) == [ConsultationID(1)], "the recent one is kept, and the one the open case holds")
        let purge = Commit(
            sequence: 5, at: Fixtures.now, actor: "a", events: [],
            consultationEvents: [.purged(ConsultationsPurged(consultations: due.map(\.id), months: 24))])
        try ledger.apply(purge)
        let purged = try #require(ledger.consultations[ConsultationID(1)])
        #expect(purged.purgedAt == Fixtures.now)
        #expect(purged.question.isEmpty && purged.sketch.isEmpty && purged.advice.isEmpty && purged.member.isEmpty)
        #expect(purged.thread == nil && purged.acceptedFindings.isEmpty)
        #expect(purged.at == consult(1, daysAgo: 900).at && purged.wijkteam == "Wijkteam Noord")
        #expect(purged.followUp == .registration && purged.safetySignal && purged.durationMinutes == 30)
        #expect(ledger.consultations[ConsultationID(3)]?.question == "Vader drinkt")
        // The commits, redacted, replay to the same log.
        var redactors: [CaseID: Redactor] = [:]
        let redacted = (commits + [purge]).map {
            $0.redacted([], consultations: [ConsultationID(1)], redactors: &redactors)
        }
        #expect(String(describing: redacted[0]).contains("Vader") == false)
        #expect(redacted[1] == commits[1] && redacted[2] == commits[2])
        var replayed = Ledger()
        for commit in redacted { try replayed.apply(commit) }
        #expect(replayed.consultations == ledger.consultations)
        // Due again: nothing, and purging twice changes nothing more.
        #expect(
            Retention.due(ledger.consultations, cases: ledger.book, months: 24, today: today, timeZone: .netherlands)
                .isEmpty)
        #expect(ledger.consultations[ConsultationID(1)]?.redacted == purged)
        // Its text is gone for good: a correction (a desk that had not caught up) is refused.
        var stale = ledger
        #expect(throws: Ledger.ApplyError.consultations(.purged(ConsultationID(1)))) {
            try stale.apply(
                Commit(
                    sequence: 6, at: Fixtures.now, actor: "a", events: [],
                    consultationEvents: [.corrected(consult(1, daysAgo: 900))]))
        }
    }
}
