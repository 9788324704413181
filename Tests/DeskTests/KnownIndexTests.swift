import CaseModel
import Foundation
import Testing

@testable import Desk

/// The sorted index of "is this person known?" against the plain rule (`PersonQuery.matches` on
/// every person of every case): the same cases for every query, also after cases change.
@Suite("Is this person known: the index finds exactly what asking every person finds")
struct KnownIndexTests {
    static let firsts = ["Anne", "Änne", "Jan", "Jannie", "Zoë", "Hylke", "Sjoerd", "Wytske", "Ü", "李"]
    static let lasts = ["de Vries", "Vries-Kuipers", "Bakker", "Bakkum", "Smit", "Smits", "van der Meer", "Kuipers"]
    static let bsns = ["111222333", "123456782"]
    static let postcodes = ["8911AB", "8601CD"]

    struct Random: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return state >> 11 ^ state
        }
    }

    static func person(_ random: inout Random) throws -> Person {
        let name = "\(firsts.randomElement(using: &random)!) \(lasts.randomElement(using: &random)!)"
        let bsn = Bool.random(using: &random) ? try BSN(bsns.randomElement(using: &random)!) : nil
        let birth =
            Bool.random(using: &random)
            ? CalendarDate(year: 1980 + Int.random(in: 0...3, using: &random), month: 5, day: 1) : nil
        let address =
            Bool.random(using: &random)
            ? Address(street: "Straat 1", postcode: try Postcode(postcodes.randomElement(using: &random)!), place: "X")
            : nil
        return Person(name: name, birthDate: birth, bsn: bsn, address: address)
    }

    static func someCase(_ number: Int, _ random: inout Random) throws -> Case {
        var c = Case(
            registration: CaseRegistered(
                id: CaseID(year: 2026, sequence: number), person: try person(&random), gemeente: "Leeuwarden",
                wijkteam: nil, source: .wijkteam, referrer: nil, reason: "r", goal: "", receivedAt: Date(),
                riskSignals: [], advisor: nil, deadlines: []), at: Date(), reference: 0)
        if Int.random(in: 0..<3, using: &random) == 0 { c.persons.append(try person(&random)) }
        return c
    }

    static let queries = [
        "a", "an", "anne", "änne", "de", "de vries", "vries de", "vries-k", "bak", "bakker 1981-05-01", "s", "smit",
        "smits", "j", "jan", "jannie smit", "zoe", "Zoë", "ü", "李", "111222333", "123456782", "8911 AB", "8601CD",
        "anne 8911AB", "01-05-1982", "meer van", "x", "kuipers anne 111222333",
    ]

    func check(_ index: KnownNames, _ cases: [CaseID: Case]) {
        for text in Self.queries {
            let query = PersonQuery(text)
            let expected = Set(cases.values.filter { $0.persons.contains { query.matches($0) } }.map(\.id))
            let found = index.cases(matching: query) ?? []
            #expect(Set(found) == expected, "\(text)")
            #expect(found.count == Set(found).count, "\(text): a case named once")
        }
    }

    @Test("500 cases, 29 queries; then changed, removed and added cases, and the index made again")
    func sameAsTheRule() throws {
        var random = Random(state: 7)
        var cases: [CaseID: Case] = [:]
        for number in 1...500 {
            let c = try Self.someCase(number, &random)
            cases[c.id] = c
        }
        var index = KnownNames()
        #expect(index.cases(matching: PersonQuery("anne")) == nil, "nothing before it is made")
        index.make(from: cases.values, [Case]())
        check(index, cases)
        for number in 1...40 {
            let id = CaseID(year: 2026, sequence: number)
            if number % 4 == 0 {
                cases[id] = nil
                index.forget(id)
            } else {
                var c = try Self.someCase(number, &random)
                c.persons = [try Self.person(&random)]
                cases[id] = c
                index.note(c)
            }
        }
        let added = try Self.someCase(501, &random)
        cases[added.id] = added
        index.note(added)
        check(index, cases)
        // Past the number of changes it keeps aside, the sorted index is made again.
        for number in 1...(KnownNames.remakeAfter + 1) {
            let c = try Self.someCase(1_000 + number, &random)
            cases[c.id] = c
            index.note(c)
        }
        check(index, cases)
    }
}
