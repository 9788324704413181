import CaseModel
import Foundation
import Testing

@Suite("Cases derive from their events")
struct CaseBookTests {
    @Test("Registering and changing status gives the whole expected case")
    func registerAndChange() throws {
        var book = CaseBook()
        let registration = Fixtures.registration(7)
        try book.apply(
            Commit(sequence: 1, at: Fixtures.now, actor: "tester", events: [.registered(registration)]), reference: 18)
        let later = Fixtures.now.addingTimeInterval(3600)
        try book.apply(
            Commit(
                sequence: 2, at: later, actor: "tester",
                events: [
                    .statusChanged(StatusChanged(caseID: registration.id, from: .nieuw, to: .screening)),
                    .deadlineMet(DeadlineMet(caseID: registration.id, kind: .contactReferrer)),
                ]), reference: 400)

        var expected = Case(registration: registration, at: Fixtures.now, reference: 18)
        expected.status = .screening
        expected.deadlines[0].met = true
        expected.deadlines[0].metAt = later  // met by this commit, so when is remembered
        expected.lastActivityAt = later
        expected.history = [18, 400]
        // The course remembers when the case entered screening (after `nieuw`, on registering).
        expected.course?.marks.append(CaseCourse.Mark(at: later, kind: .status, status: .screening))
        #expect(expected.course?.marks.map(\.status) == [.nieuw, .screening])
        #expect(book.cases == [registration.id: expected])
        #expect(book.lastSequence == 2)
        #expect(book.nextCaseID(year: 2026) == CaseID(year: 2026, sequence: 8))
        #expect(book.nextCaseID(year: 2027) == CaseID(year: 2027, sequence: 1))
    }

    @Test("A commit that contradicts history is refused whole, and the book stays as it was")
    func refusals() throws {
        var book = CaseBook()
        try book.apply(
            Commit(sequence: 1, at: Fixtures.now, actor: "t", events: [.registered(Fixtures.registration(1))]))
        let before = book
        // The second event is a duplicate: the first (valid) one must not land either.
        #expect(throws: CaseBook.ApplyError.duplicateCase(CaseID(year: 2026, sequence: 1))) {
            try book.apply(
                Commit(
                    sequence: 2, at: Fixtures.now, actor: "t",
                    events: [.registered(Fixtures.registration(2)), .registered(Fixtures.registration(1))]))
        }
        #expect(book == before)
        #expect(throws: CaseBook.ApplyError.unknownCase(CaseID(year: 2026, sequence: 9))) {
            try book.apply(
                Commit(
                    sequence: 2, at: Fixtures.now, actor: "t",
                    events: [.noteAdded(NoteAdded(caseID: CaseID(year: 2026, sequence: 9), text: "x"))]))
        }
        #expect(
            throws: CaseBook.ApplyError.statusMismatch(
                CaseID(year: 2026, sequence: 1), expected: .triage, found: .nieuw)
        ) {
            try book.apply(
                Commit(
                    sequence: 2, at: Fixtures.now, actor: "t",
                    events: [
                        .statusChanged(
                            StatusChanged(caseID: CaseID(year: 2026, sequence: 1), from: .triage, to: .procesregie))
                    ]))
        }
        #expect(throws: CaseBook.ApplyError.sequenceGap(expected: 2, found: 5)) {
            try book.apply(Commit(sequence: 5, at: Fixtures.now, actor: "t", events: []))
        }
        #expect(book == before)
    }

    @Test("Events survive JSON unchanged")
    func eventsRoundTrip() throws {
        let commit = Commit(
            sequence: 3, at: Fixtures.now, actor: "tester",
            events: [
                .registered(Fixtures.registration(1, source: .omZSM, signals: [.wapens, .geweld])),
                .statusChanged(StatusChanged(caseID: CaseID(year: 2026, sequence: 1), from: .nieuw, to: .triage)),
                .noteAdded(NoteAdded(caseID: CaseID(year: 2026, sequence: 1), text: "Gebeld met wijkagent")),
                .deadlineMet(DeadlineMet(caseID: CaseID(year: 2026, sequence: 1), kind: .zsmAnswer)),
            ])
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        let data = try encoder.encode(commit)
        #expect(try decoder.decode(Commit.self, from: data) == commit)
        #expect(String(decoding: data, as: UTF8.self).contains("\"type\":\"CaseRegistered\""))
    }
}
