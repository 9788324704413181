import CaseModel
import Foundation
import Testing

@Suite("The weekly triage agenda")
struct AgendaTests {
    func at(_ iso: String) -> Date { ISO8601DateFormatter().date(from: iso)! }

    func registered(_ n: Int, at received: String, status: CaseStatus = .nieuw) -> Case {
        var c = Case(registration: Fixtures.registration(n, receivedAt: at(received)), at: at(received), reference: 0)
        c.status = status
        return c
    }

    @Test("Tuesday's meeting takes what came in before Monday 12:00 and still waits for triage")
    func cutoff() {
        let cases = [
            registered(1, at: "2026-11-23T10:59:00Z"),  // Monday 11:59 in the Netherlands
            registered(2, at: "2026-11-23T11:01:00Z"),  // Monday 12:01: next week
            registered(3, at: "2026-11-20T09:00:00Z", status: .procesregie),  // already decided
            registered(4, at: "2026-11-19T09:00:00Z", status: .triage),  // triaged, not yet decided
        ]
        let tuesday = TriageAgenda(
            cases: cases, cadence: .standard, now: at("2026-11-24T08:00:00Z"), timeZone: .netherlands)
        #expect(tuesday.meeting == CalendarDate(iso: "2026-11-24"))
        #expect(tuesday.cutoff == at("2026-11-23T11:00:00Z"))
        #expect(tuesday.cases.map(\.id.sequence).sorted() == [1, 4])
        let wednesday = TriageAgenda(
            cases: cases, cadence: .standard, now: at("2026-11-25T08:00:00Z"), timeZone: .netherlands)
        #expect(wednesday.meeting == CalendarDate(iso: "2026-12-01"))
        #expect(wednesday.cases.map(\.id.sequence).sorted() == [1, 2, 4])
    }
}
