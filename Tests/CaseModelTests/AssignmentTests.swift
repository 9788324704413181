import CaseModel
import Foundation
import Testing

@Suite("Assigning a case to an advisor")
struct AssignmentTests {
    @Test("A case goes to another advisor with a reason; to the same one, to nobody, or on a closed case it is refused")
    func assign() throws {
        var book = CaseBook()
        let id = CaseID(year: 2026, sequence: 1)
        try book.apply(
            Commit(sequence: 1, at: Fixtures.now, actor: "t", events: [.registered(Fixtures.registration(1))]))
        #expect(book[id]?.advisor == "tester")
        func draft(_ to: String, _ reason: String = "") -> AssignmentDraft {
            var d = AssignmentDraft()
            d.advisor = to
            d.reason = reason
            return d
        }
        let event = try draft("  Bram de Boer ", "Anna met verlof").validate(book[id]!).get()
        #expect(event == CaseAssigned(caseID: id, advisor: "Bram de Boer", reason: "Anna met verlof"))
        try book.apply(Commit(sequence: 2, at: Fixtures.now, actor: "t", events: [.assigned(event)]))
        #expect(book[id]?.advisor == "Bram de Boer")
        let codes = { (d: AssignmentDraft, c: Case) -> [ValidationError.Code] in
            if case .failure(let f) = d.validate(c) { return f.errors.map(\.code) }
            return []
        }
        #expect(codes(draft("bram de boer"), book[id]!) == [.alreadyAssigned])
        #expect(codes(draft(" "), book[id]!) == [.required])
        var closed = book[id]!
        closed.status = .afgesloten
        #expect(codes(draft("Carla"), closed) == [.caseClosed])
        #expect(throws: CaseBook.ApplyError.caseClosed(id)) {
            var b = book
            try b.apply(
                Commit(
                    sequence: 3, at: Fixtures.now, actor: "t",
                    events: [
                        .statusChanged(StatusChanged(caseID: id, from: .nieuw, to: .afgesloten)),
                        .assigned(CaseAssigned(caseID: id, advisor: "Carla")),
                    ]))
        }
    }
}
