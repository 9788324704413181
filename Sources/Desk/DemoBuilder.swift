import CaseModel
import Foundation
import SchakelResources

/// Builds a fictional but realistic region's queue: Frisian gemeenten (most cases from Leeuwarden),
/// generated people, the usual sources, ZSM requests with deadlines in hours, and cases that are
/// overdue or stagnating. The same seed always gives the same demo.
public struct DemoBuilder {
    struct People: Decodable {
        var firstNames: [String]
        var surnames: [String]
        var streets: [String]
        var reasons: [String]
        var goals: [String]
        var referrers: [String]
        var contacts: [String]
        var advisors: [String]
    }

    private var random: SplitMix64
    private let people: People
    private let context: DeskContext

    public struct MissingData: Error, CustomStringConvertible {
        public var description: String { "demo-people.json is missing from this build" }
    }

    public init(seed: UInt64, context: DeskContext) throws {
        guard let data = SchakelResources.data(named: "demo-people"),
              let people = try? JSONDecoder().decode(People.self, from: data) else { throw MissingData() }
        self.people = people
        self.context = context
        random = SplitMix64(seed: seed)
    }

    /// The demo as commits, oldest first, ready for an empty store.
    public mutating func commits(cases count: Int) -> [Commit] {
        let now = context.clock.now
        let year = context.today.year
        var timed: [(at: Date, actor: String, events: [CaseEvent])] = []
        let advisors = [context.advisor] + people.advisors
        for index in 0..<count {
            let id = CaseID(year: year, sequence: index + 1)
            let isZSM = index % 9 == 4
            let gemeente = pickGemeente()
            let source: Source = isZSM ? .omZSM : pick([.wijkteam, .wijkteam, .wijkteam, .politie, .politie, .veiligThuis,
                                                        .reclassering, .woningcorporatie, .gemeente, .ggd, .other])
            // ZSM requests arrived within the last hours; others over the last eight weeks.
            let received = isZSM
                ? now.addingTimeInterval(-Double(index == 4 ? 290 : int(20...200)) * 60)
                : now.addingTimeInterval(-Double(int(0...56)) * 86_400 - Double(int(0...28_800)))
            let advisor = advisors[int(0...(advisors.count - 1))]
            let birth = context.today.adding(days: -int(14 * 365...80 * 365))
            let person = Person(
                name: "\(pick(people.firstNames)) \(pick(people.surnames))",
                birthDate: birth,
                bsn: try? BSN(validBSN()),
                address: Address(street: "\(pick(people.streets)) \(int(1...180))",
                                 postcode: try? Postcode("\(int(8400...9299)) \(pick(["AB", "CK", "GH", "LM", "RT", "XZ"]))"),
                                 place: gemeente.name))
            var signals: [RiskSignal] = []
            if int(0...9) < 4 { signals.append(pick(RiskSignal.allCases)) }
            if int(0...9) < 2 { signals.append(pick(RiskSignal.allCases)) }
            // The ZSM reason (the suspect held for questioning) belongs to ZSM requests only.
            let zsmReason = people.reasons.first { $0.contains("ZSM") } ?? ""
            let reason = isZSM ? zsmReason : pick(people.reasons.filter { $0 != zsmReason })
            let event = CaseRegistered(
                id: id, person: person, gemeente: gemeente.name, wijkteam: pick(gemeente.wijkteams), source: source,
                referrer: Referrer(organisation: isZSM ? "ZSM Noord-Nederland" : pick(people.referrers), contact: pick(people.contacts)),
                reason: reason, goal: isZSM ? people.goals[4] : pick(people.goals), receivedAt: received,
                riskSignals: Array(Set(signals)).sorted(), advisor: advisor,
                deadlines: context.settings.initialDeadlines(source: source, receivedAt: received,
                                                              calendar: context.calendar, timeZone: context.timeZone))
            timed.append((received, advisor, [.registered(event)]))
            if isZSM { continue }
            // Some cases moved on; some were contacted in time; the rest wait (and may be overdue or stagnating).
            let age = now.timeIntervalSince(received)
            if age > 3 * 86_400, int(0...9) < 8 {
                let later = received.addingTimeInterval(Double(int(1...3)) * 86_400)
                timed.append((later, advisor, [.deadlineMet(DeadlineMet(caseID: id, kind: .contactReferrer)),
                                               .statusChanged(StatusChanged(caseID: id, from: .nieuw, to: .screening))]))
                if age > 10 * 86_400, int(0...9) < 6 {
                    let next: CaseStatus = pick([.triage, .ondersteuning, .procesregie])
                    timed.append((later.addingTimeInterval(5 * 86_400), advisor,
                                  [.statusChanged(StatusChanged(caseID: id, from: .screening, to: next)),
                                   .noteAdded(NoteAdded(caseID: id, text: "Besproken in de triage; partners aan tafel."))]))
                }
            }
        }
        timed.sort { $0.at < $1.at }
        return timed.enumerated().map { index, item in
            Commit(sequence: UInt64(index + 1), at: item.at, actor: item.actor, events: item.events)
        }
    }

    /// About 58% of registrations come from Leeuwarden (DOMAIN.md); the rest spread over the region.
    private mutating func pickGemeente() -> Region.Gemeente {
        let all = context.region.gemeenten
        if int(0...99) < 58, let leeuwarden = all.first(where: { $0.name == "Leeuwarden" }) { return leeuwarden }
        return pick(all)
    }

    /// A random nine-digit number that passes the 11-test.
    private mutating func validBSN() -> String {
        while true {
            let digits = (0..<8).map { _ in int(0...9) }
            let sum = digits.enumerated().reduce(0) { $0 + $1.element * (9 - $1.offset) }
            let last = sum % 11
            if last <= 9, digits[0] != 0 || digits[1] != 0 { return digits.map(String.init).joined() + String(last) }
        }
    }

    private mutating func int(_ range: ClosedRange<Int>) -> Int {
        range.lowerBound + Int(random.next() % UInt64(range.count))
    }

    private mutating func pick<T>(_ items: [T]) -> T { items[int(0...(items.count - 1))] }
}

/// A small, fast, seedable random generator (Vigna's SplitMix64), so demos are repeatable.
struct SplitMix64 {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
