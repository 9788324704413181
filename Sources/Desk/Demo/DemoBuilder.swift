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
        var partners: [DemoPartner]
        var consultations: [DemoConsultation]
        /// `partner|task` for the plans of procesregie.
        var planTasks: [String]
    }

    struct DemoPartner: Decodable {
        var organisation, type, gemeenten, covenant, covenantDate, name, role, phone, email, availability: String
    }

    struct DemoConsultation: Decodable {
        var question, sketch, advice, thread: String
    }

    /// One demo commit before numbering.
    struct Timed {
        var at: Date
        var actor: String
        var events: [CaseEvent] = []
        var partnerEvents: [PartnerEvent] = []
        var consultationEvents: [ConsultationEvent] = []
    }

    var random: SplitMix64
    let seed: UInt64
    let people: People
    let context: DeskContext

    public struct MissingData: Error, CustomStringConvertible {
        public var description: String { "demo-people.json is missing from this build" }
    }

    public init(seed: UInt64, context: DeskContext) throws {
        guard let data = SchakelResources.data(named: "demo-people"),
            let people = try? JSONDecoder().decode(People.self, from: data)
        else { throw MissingData() }
        self.people = people
        self.context = context
        random = SplitMix64(seed: seed)
        self.seed = seed
    }

    /// A demo case's ground: the justice chain's on its public task with the criminal-data
    /// exception, Veilig Thuis on its legal obligation, the rest on the municipality's public task;
    /// most people told on the day, some not (for their safety).
    static func lawfulBasis(for e: CaseRegistered, index: Int, timeZone: TimeZone) -> LawfulBasisRecorded {
        let justice: Set<Source> = [.politie, .omZSM, .reclassering]
        let informing: Informing =
            index % 5 == 2
            ? .notInformed(
                reason: "Informeren brengt de veiligheid van een gezinslid in gevaar; opnieuw wegen bij de triage.")
            : .informed(on: CalendarDate(e.receivedAt, in: timeZone), by: e.advisor ?? "")
        return LawfulBasisRecorded(
            caseID: e.id,
            basis: LawfulBasis(
                ground: e.source == .veiligThuis ? .legalObligation : .publicTask,
                exception: justice.contains(e.source) ? "art. 10 AVG, art. 33 UAVG (WGS)" : "",
                informing: informing, confidentiality: e.riskSignals.contains(.radicalisering) ? .strikt : .normaal))
    }

    /// The demo as commits, oldest first, ready for an empty store.
    public mutating func commits(cases total: Int, scale: DemoScale = DemoScale()) -> [Commit] {
        let now = context.clock.now
        let year = context.today.year
        var timed: [Timed] = []
        let advisors = [context.advisor] + people.advisors
        let partnersAt = partnersRecorded(now: now, scale: scale)
        var directory = demoPartners(at: partnersAt, into: &timed)
        // With years of history, the queue is what the last weeks brought; the rest is closed.
        let count = scale.recent(of: total)
        for index in 0..<count {
            let id = CaseID(year: year, sequence: index + 1)
            let isZSM = index % 9 == 4
            let gemeente = pickGemeente()
            let source: Source =
                isZSM
                ? .omZSM
                : pick([
                    .wijkteam, .wijkteam, .wijkteam, .politie, .politie, .veiligThuis,
                    .reclassering, .woningcorporatie, .gemeente, .ggd, .other,
                ])
            // ZSM requests arrived within the last hours; others over the last eight weeks, and one in
            // fourteen (from a stream of its own, so the rest of the demo stays as it was) five to
            // eight months ago: steered, handed back and, when its check has come, closed.
            var own = SplitMix64(seed: seed ^ (UInt64(index + 1) &* 0x9E37_79B9_7F4A_7C15))
            let old = !isZSM && own.next() % 14 == 0 && context.instrument != nil
            let drawn =
                isZSM
                ? now.addingTimeInterval(-Double(index == 4 ? 290 : int(20...200)) * 60)
                : now.addingTimeInterval(-Double(int(0...56)) * 86_400 - Double(int(0...28_800)))
            let received =
                old
                ? now.addingTimeInterval(-Double(150 + own.next() % 90) * 86_400 - Double(own.next() % 28_800)) : drawn
            let advisor = advisors[int(0...(advisors.count - 1))]
            let person = demoPerson(in: gemeente)
            let signals = demoSignals()
            // The ZSM reason (the suspect held for questioning) belongs to ZSM requests only.
            let zsmReason = people.reasons.first { $0.contains("ZSM") } ?? ""
            let reason = isZSM ? zsmReason : pick(people.reasons.filter { $0 != zsmReason })
            let event = CaseRegistered(
                id: id, person: person, gemeente: gemeente.name, wijkteam: pick(gemeente.wijkteams), source: source,
                referrer: Referrer(
                    organisation: isZSM ? "ZSM Noord-Nederland" : pick(people.referrers), contact: pick(people.contacts)
                ),
                reason: reason, goal: isZSM ? people.goals[4] : pick(people.goals), receivedAt: received,
                riskSignals: signals, advisor: advisor,
                deadlines: context.cadence.initialDeadlines(
                    source: source, receivedAt: received,
                    calendar: context.calendar, timeZone: context.timeZone))
            // Most files have their ground on record with the registration; a few still lack one
            // (the header counts them). Derived from the number, so no other draw of the demo moves.
            let ground: [CaseEvent] =
                index % 11 == 6
                ? [] : [.lawfulBasisRecorded(Self.lawfulBasis(for: event, index: index, timeZone: context.timeZone))]
            var history = DemoHistory(event, with: ground, by: advisor)
            defer { timed += history.steps }
            if isZSM { continue }
            // Some cases moved on; some were contacted in time; the rest wait (and may be overdue or
            // stagnating). The draws are those of the drawn moment, so an old case takes no other's.
            let age = now.timeIntervalSince(drawn)
            let called = age > 3 * 86_400 && int(0...9) < 8
            if called || old {
                // The referrer called back: the contact deadline is met by logging that call.
                let later = received.addingTimeInterval(Double(called ? int(1...3) : 1 + Int(own.next() % 3)) * 86_400)
                let call = NoteAdded(
                    caseID: id, text: "Melder gebeld: verhaal gehoord, afspraken over terugkoppeling.", kind: .telefoon,
                    with: [event.referrer?.contact, event.referrer?.organisation].compactMap { $0 }.joined(
                        separator: ", "),
                    withReferrer: true)
                history.record(
                    [.noteAdded(call), .statusChanged(StatusChanged(caseID: id, from: .nieuw, to: .screening))],
                    at: later, by: advisor)
                let triaged = called && age > 10 * 86_400 && int(0...9) < 6
                if triaged || old {
                    let drawnNext: CaseStatus = triaged ? pick([.triage, .ondersteuning, .procesregie]) : .procesregie
                    let next: CaseStatus = old ? .procesregie : drawnNext
                    let meeting = later.addingTimeInterval(5 * 86_400)
                    var follow = context.instrument.map {
                        DemoFollowUp(
                            context: context, instrument: $0, random: own, planTasks: people.planTasks,
                            contacts: people.contacts)
                    }
                    let plan = next == .procesregie ? follow?.plan() ?? [] : []
                    history.record(
                        triageMeeting(history.current, reaching: next, on: meeting, plan: plan) + [
                            .noteAdded(
                                NoteAdded(
                                    caseID: id, text: "Besproken in de triage; partners aan tafel.", kind: .overleg,
                                    with: "triage-overleg"))
                        ], at: meeting, by: advisor)
                    follow?.keep(
                        &history, from: CalendarDate(meeting, in: context.timeZone), now: now, by: advisor,
                        handBackAfter: old ? 60 + Int(own.next() % 30) : nil)
                }
            }
        }
        closedHistory(total - count, years: scale.years, now: now, advisors: advisors, into: &timed)
        moreContacts(scale.contacts, at: partnersAt, into: &directory, &timed)
        // Partners and consultations draw from a stream of their own, so the cases stay as they were.
        random = SplitMix64(seed: 0x5C4A_6B3E)
        // Who to call: a contact or two linked to most cases older than a day.
        let contacts = directory.contacts.values.sorted { $0.id < $1.id }
        for item in timed {
            guard case .registered(let e) = item.events.first, e.source != .omZSM, !contacts.isEmpty,
                now.timeIntervalSince(item.at) > 86_400, int(0...9) < 7
            else { continue }
            var links = [CaseLink(caseID: e.id, contact: pick(contacts).id, role: .melder)]
            if int(0...1) == 0 {
                links.append(CaseLink(caseID: e.id, contact: pick(contacts).id, role: pick([.behandelaar, .adviseur])))
            }
            timed.append(
                Timed(
                    at: item.at.addingTimeInterval(3600), actor: item.actor,
                    partnerEvents: Array(Set(links)).sorted { ($0.role, $0.contact) < ($1.role, $1.contact) }.map {
                        .caseLinked($0)
                    }))
        }
        demoConsultations(now: now, advisors: advisors, into: &timed)
        moreConsultations(scale.consultations, now: now, advisors: advisors, into: &timed)
        timed.sort { $0.at < $1.at }
        if scale.consultations > 0 { Self.renumberConsultations(&timed) }
        return timed.enumerated().map { index, item in
            Commit(
                sequence: UInt64(index + 1), at: item.at, actor: item.actor, events: item.events,
                partnerEvents: item.partnerEvents, consultationEvents: item.consultationEvents)
        }
    }

    /// How a case reaches `next` in the triage meeting: through a triage and, for ondersteuning and
    /// procesregie, a decision the instrument allows (its holders, plan tasks and review date as a
    /// real one has). Without an instrument, or should the instrument refuse, only the status moves.
    func triageMeeting(_ current: Case?, reaching next: CaseStatus, on day: Date, plan: [String]) -> [CaseEvent] {
        guard let current else { return [] }
        let id = current.id
        let moved = [CaseEvent.statusChanged(StatusChanged(caseID: id, from: current.status, to: next))]
        guard next != .triage, let instrument = context.instrument else { return moved }
        let procesregie = next == .procesregie
        let answers: [Answer] = procesregie ? [.yes, .yes, .yes, .no] : [.yes, .no, .no, .no]
        let triage = TriageRecorded(
            caseID: id,
            criteria: zip(instrument.criteria, answers).map { CriterionAnswer(number: $0.0.number, answer: $0.1) },
            zrmScores: [:], zrmAssessedOn: nil, indicators: [], triggers: [])
        var c = current
        c.triage = triage
        var draft = DecisionDraft()
        draft.outcome = procesregie ? "procesregie" : "meekijken"
        draft.rationale =
            procesregie
            ? "Meerdere leefgebieden; partners hebben elkaar nodig." : "Wijkteam houdt regie; ZVH kijkt mee."
        draft.deviationReason = "Zo afgesproken in het triage-overleg."
        draft.tasks = plan.map(TaskEntry.init(text:))
        let today = CalendarDate(day, in: context.timeZone)
        guard
            case .success(let decision) = draft.validate(
                c, instrument: instrument, calendar: context.calendar, today: today)
        else {
            return moved
        }
        return [.triageRecorded(triage), .decisionRecorded(decision)]
    }

    /// The region's partners, as one commit (as an import would bring them).
    func demoPartners(at: Date, into timed: inout [Timed]) -> PartnerDirectory {
        var directory = PartnerDirectory()
        var events: [PartnerEvent] = []
        for p in people.partners {
            var draft = PartnerDraft()
            (draft.organisation, draft.type, draft.gemeenten, draft.covenant, draft.covenantDate) = (
                p.organisation, p.type, p.gemeenten, p.covenant, p.covenantDate
            )
            (draft.name, draft.role, draft.phone, draft.email, draft.availability) = (
                p.name, p.role, p.phone, p.email, p.availability
            )
            guard
                case .success(let recorded) = draft.events(in: directory, region: context.region, today: context.today),
                (try? directory.apply(recorded, cases: CaseBook())) != nil
            else { continue }
            events += recorded
        }
        timed.append(Timed(at: at, actor: context.advisor, partnerEvents: events))
        return directory
    }

    /// Consultations over the last eight weeks: a thread that reached the rule (three in eight
    /// weeks), one with a safety signal, and one thread that was registered as a case.
    private mutating func demoConsultations(now: Date, advisors: [String], into timed: inout [Timed]) {
        guard let leeuwarden = context.region.gemeenten.first(where: { $0.name == "Leeuwarden" }) else { return }
        let templates = people.consultations
        var planned: [(at: Date, template: DemoConsultation, wijkteam: String, followUp: FollowUp, safety: Bool)] = []
        for (index, template) in templates.enumerated() {
            let wijkteam =
                template.thread.contains("Oost")
                ? "Wijkteam Oost"
                : template.thread.contains("West")
                    ? "Wijkteam West"
                    : template.thread.contains("Noord") ? "Wijkteam Noord" : pick(leeuwarden.wijkteams)
            planned.append(
                (
                    officeHours(daysAgo: [40, 19, 33, 12, 26, 30][index % 6], now: now), template, wijkteam,
                    index == 3 ? .again : .none, index == 3
                ))
        }
        if let first = templates.first {
            var again = first
            again.question = "Weer contact: de kinderen komen niet meer op school."
            planned.append((officeHours(daysAgo: 3, now: now), again, "Wijkteam Oost", .again, false))
        }
        planned.sort { $0.at < $1.at }
        var promotedThread: [ConsultationID] = []
        var promotedAt: Date?
        for (index, item) in planned.enumerated() {
            let id = ConsultationID(index + 1)
            let consultation = Consultation(
                id: id, at: item.at, gemeente: leeuwarden.name, wijkteam: item.wijkteam, member: pick(people.contacts),
                question: item.template.question, sketch: item.template.sketch, advice: item.template.advice,
                durationMinutes: int(5...25), followUp: item.followUp,
                thread: item.template.thread.isEmpty ? nil : item.template.thread,
                safetySignal: item.safety, advisor: pick(advisors), acceptedFindings: [])
            timed.append(
                Timed(
                    at: item.at, actor: consultation.advisor ?? context.advisor,
                    consultationEvents: [.logged(consultation)]))
            if item.template.thread == "huurster Noord" {
                promotedThread.append(id)
                promotedAt = item.at
            }
        }
        // The "huurster Noord" situation became a case: the first registration after it from that team.
        if let promotedAt,
            let index = timed.indices.filter({ timed[$0].at > promotedAt }).sorted(by: { timed[$0].at < timed[$1].at })
                .first(where: {
                    if case .registered(let e) = timed[$0].events.first {
                        return e.wijkteam == "Wijkteam Noord" && e.source != .omZSM
                    }
                    return false
                }), case .registered(let e) = timed[index].events.first
        {
            timed[index].consultationEvents = [
                .promoted(ConsultationPromoted(consultations: promotedThread, caseID: e.id))
            ]
        }
    }

    /// A moment during office hours, `daysAgo` days before `now`.
    private mutating func officeHours(daysAgo: Int, now: Date) -> Date {
        let day = context.today.adding(days: -daysAgo).start(in: context.timeZone)
        return min(now, day.addingTimeInterval(Double(int(9 * 60...16 * 60)) * 60))
    }

    /// About 58% of registrations come from Leeuwarden (DOMAIN.md); the rest spread over the region.
    mutating func pickGemeente() -> Region.Gemeente {
        let all = context.region.gemeenten
        if int(0...99) < 58, let leeuwarden = all.first(where: { $0.name == "Leeuwarden" }) { return leeuwarden }
        return pick(all)
    }

    /// A person as the demo makes them: a name, a birth date, a BSN that passes the 11-test, and an
    /// address in `gemeente`.
    mutating func demoPerson(in gemeente: Region.Gemeente) -> Person {
        let birth = context.today.adding(days: -int(14 * 365...80 * 365))
        return Person(
            name: "\(pick(people.firstNames)) \(pick(people.surnames))",
            birthDate: birth,
            bsn: try? BSN(validBSN()),
            address: Address(
                street: "\(pick(people.streets)) \(int(1...180))",
                postcode: try? Postcode("\(int(8400...9299)) \(pick(["AB", "CK", "GH", "LM", "RT", "XZ"]))"),
                place: gemeente.name))
    }

    /// No risk signal, or one or two.
    mutating func demoSignals() -> [RiskSignal] {
        var signals: [RiskSignal] = []
        if int(0...9) < 4 { signals.append(pick(RiskSignal.allCases)) }
        if int(0...9) < 2 { signals.append(pick(RiskSignal.allCases)) }
        return Array(Set(signals)).sorted()
    }

    /// A random nine-digit number that passes the 11-test.
    mutating func validBSN() -> String {
        while true {
            let digits = (0..<8).map { _ in int(0...9) }
            let sum = digits.enumerated().reduce(0) { $0 + $1.element * (9 - $1.offset) }
            let last = sum % 11
            if last <= 9, digits[0] != 0 || digits[1] != 0 { return digits.map(String.init).joined() + String(last) }
        }
    }

    mutating func int(_ range: ClosedRange<Int>) -> Int {
        range.lowerBound + Int(random.next() % UInt64(range.count))
    }

    mutating func pick<T>(_ items: [T]) -> T { items[int(0...(items.count - 1))] }
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
