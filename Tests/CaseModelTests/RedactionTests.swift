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
}
