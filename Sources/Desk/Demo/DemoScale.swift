import CaseModel
import Foundation

/// How big a demo is beyond its queue, for measuring at a region's scale (`schakel demo --years`,
/// `--contacts`, `--consultations`): years of closed history, and the region's partners and
/// consultations. The default adds nothing: the demo is the small region the tests know.
public struct DemoScale: Equatable, Sendable {
    /// The cases are spread over this many years before this one, all but the last weeks' closed.
    public var years = 0
    /// Contacts in the partner directory (at least the demo's own).
    public var contacts = 0
    /// Consultations (at least the demo's own), over the last two years.
    public var consultations = 0

    public init(years: Int = 0, contacts: Int = 0, consultations: Int = 0) {
        self.years = years
        self.contacts = contacts
        self.consultations = consultations
    }

    /// Of `count` cases, how many are the last eight weeks' queue: as many as eight weeks of a
    /// region that registered `count` cases in `years` years (the rest is closed history).
    func recent(of count: Int) -> Int {
        guard years > 0 else { return count }
        return min(count, max(1, count * 56 / (365 * years)))
    }
}

extension DemoBuilder {
    /// When the region's partners are recorded: before the oldest case that may be linked to them.
    func partnersRecorded(now: Date, scale: DemoScale) -> Date {
        guard scale.years > 0 else { return now.addingTimeInterval(-250 * 86_400) }
        return newYear(context.today.year - scale.years).addingTimeInterval(-30 * 86_400)
    }

    /// The first moment of `year`.
    func newYear(_ year: Int) -> Date {
        (CalendarDate(year: year, month: 1, day: 1) ?? context.today).start(in: context.timeZone)
    }

    /// `count` cases from the years before this one, each steered and closed as a real one is:
    /// registered, the referrer called back, triaged to procesregie with a plan, its tasks done and
    /// reviews held, handed back after two or three months and closed once the check found it
    /// stable (about a dozen events). Numbered per year in the order they came in.
    mutating func closedHistory(_ count: Int, years: Int, now: Date, advisors: [String], into timed: inout [Timed]) {
        guard count > 0, years > 0, let instrument = context.instrument else { return }
        let zone = context.timeZone
        let (first, end) = (newYear(context.today.year - years), newYear(context.today.year))
        // Office hours on a spread of days; the last of them is handed back well before this year.
        let days = max(1, Int(end.timeIntervalSince(first) / 86_400) - 120)
        let moments = (0..<count).map { _ in
            first.addingTimeInterval(Double(int(0...(days - 1))) * 86_400 + Double(int(9 * 3_600...16 * 3_600)))
        }.sorted()
        var perYear: [Int: Int] = [:]
        for (index, received) in moments.enumerated() {
            let year = CalendarDate(received, in: zone).year
            perYear[year, default: 0] += 1
            let id = CaseID(year: year, sequence: perYear[year] ?? 1)
            let gemeente = pickGemeente()
            let source: Source = pick([.wijkteam, .wijkteam, .wijkteam, .politie, .veiligThuis, .gemeente, .ggd])
            let advisor = pick(advisors)
            let event = CaseRegistered(
                id: id, person: demoPerson(in: gemeente), gemeente: gemeente.name, wijkteam: pick(gemeente.wijkteams),
                source: source,
                referrer: Referrer(organisation: pick(people.referrers), contact: pick(people.contacts)),
                reason: pick(people.reasons.filter { !$0.contains("ZSM") }), goal: pick(people.goals),
                receivedAt: received, riskSignals: demoSignals(), advisor: advisor,
                deadlines: context.cadence.initialDeadlines(
                    source: source, receivedAt: received, calendar: context.calendar, timeZone: zone))
            var history = DemoHistory(
                event, with: [.lawfulBasisRecorded(Self.lawfulBasis(for: event, index: index, timeZone: zone))],
                by: advisor)
            let called = received.addingTimeInterval(Double(int(1...3)) * 86_400)
            history.record(
                [
                    .noteAdded(
                        NoteAdded(
                            caseID: id, text: "Melder gebeld: verhaal gehoord, afspraken over terugkoppeling.",
                            kind: .telefoon, with: event.referrer?.organisation ?? "", withReferrer: true)),
                    .statusChanged(StatusChanged(caseID: id, from: .nieuw, to: .screening)),
                ], at: called, by: advisor)
            let meeting = called.addingTimeInterval(5 * 86_400)
            var follow = DemoFollowUp(
                context: context, instrument: instrument,
                random: SplitMix64(seed: seed ^ (UInt64(index + 1) &* 0xD6E8_FEB8_6659_FD93)),
                planTasks: people.planTasks, contacts: people.contacts)
            history.record(
                triageMeeting(history.current, reaching: .procesregie, on: meeting, plan: follow.plan()),
                at: meeting, by: advisor)
            follow.keep(
                &history, from: CalendarDate(meeting, in: zone), now: now, by: advisor,
                handBackAfter: 60 + int(0...30))
            timed += history.steps
        }
    }

    /// Contacts beyond the demo's own, until the directory holds `count`: a team of ten at each of
    /// the region's organisations (its gemeenten's wijkteams, the police, care and justice), recorded
    /// in one commit as an import would bring them.
    mutating func moreContacts(_ count: Int, at: Date, into directory: inout PartnerDirectory, _ timed: inout [Timed]) {
        guard directory.contacts.count < count else { return }
        let kinds: [(String, PartnerType)] = [
            ("Wijkteam", .wijkteam), ("Politie basisteam", .politie), ("GGZ", .ggz), ("Gemeente", .gemeente),
            ("Woningcorporatie", .woningcorporatie), ("Verslavingszorg", .verslavingszorg),
        ]
        var events: [PartnerEvent] = []
        var made = directory.contacts.count
        var organisation = 0
        while made < count, organisation < count {
            let gemeente = context.region.gemeenten[organisation % context.region.gemeenten.count]
            let (label, type) = kinds[(organisation / context.region.gemeenten.count) % kinds.count]
            let name = "\(label) \(gemeente.name) \(organisation / (context.region.gemeenten.count * kinds.count) + 1)"
            organisation += 1
            for member in 0..<min(10, count - made) {
                var draft = PartnerDraft()
                (draft.organisation, draft.type, draft.gemeenten) = (name, type.rawValue, gemeente.name)
                draft.name = "\(pick(people.firstNames)) \(pick(people.surnames))"
                draft.role = member == 0 ? "teamleider" : "medewerker"
                draft.phone = "06-\(int(10_000_000...99_999_999))"
                draft.email = "medewerker\(made + 1)@partner.example"
                guard
                    case .success(let recorded) = draft.events(
                        in: directory, region: context.region, today: context.today),
                    (try? directory.apply(recorded, cases: CaseBook())) != nil
                else { continue }
                events += recorded
                made += 1
            }
        }
        timed.append(Timed(at: at.addingTimeInterval(1), actor: context.advisor, partnerEvents: events))
    }

    /// Consultations beyond the demo's own, until there are `count`: over the last two years, each in
    /// a commit of its own, from the wijkteams of the whole region; most advice only, some with a
    /// thread label and a follow-up. Numbered afterwards in the order they were held (`renumberConsultations`).
    mutating func moreConsultations(_ count: Int, now: Date, advisors: [String], into timed: inout [Timed]) {
        let existing = timed.reduce(0) { total, item in
            total + item.consultationEvents.filter { if case .logged = $0 { true } else { false } }.count
        }
        guard existing < count, !people.consultations.isEmpty else { return }
        for index in existing..<count {
            let gemeente = pickGemeente()
            let template = pick(people.consultations)
            let at = min(
                now,
                context.today.adding(days: -int(1...730)).start(in: context.timeZone).addingTimeInterval(
                    Double(int(9 * 3_600...16 * 3_600))))
            let consultation = Consultation(
                id: ConsultationID(index + 1), at: at, gemeente: gemeente.name, wijkteam: pick(gemeente.wijkteams),
                member: pick(people.contacts), question: template.question, sketch: template.sketch,
                advice: template.advice, durationMinutes: int(5...25), followUp: int(0...9) == 0 ? .again : .none,
                thread: int(0...3) == 0 ? "\(template.thread) \(gemeente.name)" : nil, safetySignal: int(0...19) == 0,
                advisor: pick(advisors), acceptedFindings: [])
            timed.append(
                Timed(
                    at: at, actor: consultation.advisor ?? context.advisor, consultationEvents: [.logged(consultation)])
            )
        }
    }

    /// Gives the consultations their numbers in the order the commits come (oldest first), as the
    /// log hands them out, and the promotions the numbers they now have.
    static func renumberConsultations(_ timed: inout [Timed]) {
        var numbers: [ConsultationID: ConsultationID] = [:]
        for index in timed.indices {
            timed[index].consultationEvents = timed[index].consultationEvents.map { event in
                switch event {
                case .logged(var c):
                    let number = ConsultationID(numbers.count + 1)
                    numbers[c.id] = number
                    c.id = number
                    return .logged(c)
                case .promoted(var p):
                    p.consultations = p.consultations.map { numbers[$0] ?? $0 }
                    return .promoted(p)
                default:
                    return event
                }
            }
        }
    }
}
