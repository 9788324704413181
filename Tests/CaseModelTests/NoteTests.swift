import CaseModel
import Foundation
import Testing

/// Notes and contact moments, and the deadlines they meet.
@Suite("Notes and contact moments")
struct NoteTests {
    func book(_ events: [CaseEvent]) throws -> CaseBook {
        var book = CaseBook()
        var registration = Fixtures.registration(1)
        registration.referrer = Referrer(organisation: "Politie Noord", contact: "J. de Wit")
        try book.apply(Commit(sequence: 1, at: Fixtures.now, actor: "t", events: [.registered(registration)]))
        for (n, event) in events.enumerated() {
            try book.apply(Commit(sequence: UInt64(n + 2), at: Fixtures.now, actor: "t", events: [event]))
        }
        return book
    }

    var id: CaseID { CaseID(year: 2026, sequence: 1) }

    func contactOpen(_ book: CaseBook) -> Bool {
        book[id]?.openDeadlines.contains { $0.kind == .contactReferrer } ?? false
    }

    @Test(
        "The contact with the referrer is met by logging that contact, or by the triage at the latest; a plain note or another call does not"
    )
    func meetsContactDeadline() throws {
        #expect(contactOpen(try book([])))
        #expect(contactOpen(try book([.noteAdded(NoteAdded(caseID: id, text: "Dossier bekeken"))])))
        #expect(
            contactOpen(
                try book([
                    .noteAdded(NoteAdded(caseID: id, text: "Wijkteam gebeld", kind: .telefoon, with: "Wijkteam Noord"))
                ])))
        // A plain note that claims to be with the referrer is no contact.
        #expect(
            contactOpen(try book([.noteAdded(NoteAdded(caseID: id, text: "x", kind: .notitie, withReferrer: true))])))
        let called = try book([
            .noteAdded(
                NoteAdded(caseID: id, text: "Melder gebeld", kind: .telefoon, with: "J. de Wit", withReferrer: true))
        ])
        #expect(!contactOpen(called))
        #expect(called[id]?.deadlines.first { $0.kind == .contactReferrer }?.met == true)
        let triaged = try book([
            .triageRecorded(
                TriageRecorded(
                    caseID: id, criteria: [], zrmScores: [:], zrmAssessedOn: nil, indicators: [],
                    triggers: []))
        ])
        #expect(!contactOpen(triaged))
    }

    @Test(
        "A note as typed: every mistake at once; with whom alone makes it a conversation; the referrer's name is filled in"
    )
    func draft() throws {
        let c = try #require(try book([])[id])
        func errors(kind: String = "", with: String = "", referrer: String = "", text: String = "") -> [String] {
            var d = NoteDraft()
            d.kind = kind
            d.with = with
            d.referrer = referrer
            d.text = text
            guard case .failure(let failure) = d.validate(c) else { return [] }
            return failure.errors.map(\.description)
        }
        #expect(errors() == ["text: required"])
        #expect(
            errors(kind: "fax", text: "x") == [
                "kind: unknown-note-kind (fax): telefoon, gesprek, e-mail, overleg, notitie"
            ])
        #expect(
            errors(kind: "notitie", referrer: "j", text: "x") == [
                "kind: note-not-contact (notitie): telefoon, gesprek, e-mail, overleg"
            ])
        #expect(errors(referrer: "misschien", text: "x").count == 1)
        var d = NoteDraft()
        d.with = "Moeder"
        d.text = "Huisbezoek"
        #expect(try d.validate(c).get() == NoteAdded(caseID: id, text: "Huisbezoek", kind: .gesprek, with: "Moeder"))
        d = NoteDraft()
        d.kind = "gebeld"
        d.referrer = "ja"
        d.text = "  Verhaal gehoord  "
        #expect(
            try d.validate(c).get()
                == NoteAdded(
                    caseID: id, text: "Verhaal gehoord", kind: .telefoon, with: "J. de Wit, Politie Noord",
                    withReferrer: true))
        // A closed case still takes a note.
        var closed = c
        closed.status = .afgesloten
        #expect((try? d.validate(closed).get()) != nil)
    }

    @Test("A note from before contact moments reads as a plain note, and a plain note is written as it was")
    func compatibleEncoding() throws {
        let old = #"{"caseID":"2026-0001","text":"Gebeld met de melder"}"#
        let decoded = try JSONDecoder().decode(NoteAdded.self, from: Data(old.utf8))
        #expect(decoded == NoteAdded(caseID: id, text: "Gebeld met de melder"))
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        #expect(String(decoding: try encoder.encode(decoded), as: UTF8.self) == old)
        let contact = NoteAdded(caseID: id, text: "x", kind: .email, with: "GGD", withReferrer: true)
        #expect(try JSONDecoder().decode(NoteAdded.self, from: encoder.encode(contact)) == contact)
    }
}
