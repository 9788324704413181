import CaseModel
import CaseStore
import Desk
import Foundation
import Screen

enum DeskFixtures {
    /// Tuesday 24 November 2026, 09:00 in the Netherlands.
    static let now = Date(timeIntervalSince1970: 1_795_478_400 + 8 * 3600)

    static let region = Region(
        zvhName: "Zorg- en Veiligheidshuis Fryslân",
        gemeenten: [
            Region.Gemeente(name: "Leeuwarden", wijkteams: ["Wijkteam Noord", "Wijkteam Oost"]),
            Region.Gemeente(name: "Súdwest-Fryslân", wijkteams: ["Gebiedsteam Sneek"]),
            Region.Gemeente(name: "Vlieland", wijkteams: ["Sociaal team Vlieland"]),
        ])

    static func context(_ language: Language = .nl, noColor: Bool = false) throws -> DeskContext {
        DeskContext(
            region: region, clock: FixedClock(now), advisor: "A. Zwart", text: try Localizer(language: language),
            noColor: noColor)
    }

    static func registration(
        _ sequence: Int, name: String, gemeente: String = "Leeuwarden", wijkteam: String? = "Wijkteam Noord",
        source: Source = .wijkteam, hoursAgo: Double, signals: [RiskSignal] = [], advisor: String = "A. Zwart"
    ) -> CaseRegistered {
        let received = now.addingTimeInterval(-hoursAgo * 3600)
        return CaseRegistered(
            id: CaseID(year: 2026, sequence: sequence), person: Person(name: name), gemeente: gemeente,
            wijkteam: wijkteam,
            source: source, referrer: nil, reason: "Overlast en zorgen", goal: "", receivedAt: received,
            riskSignals: signals,
            advisor: advisor,
            deadlines: Instrument.Cadence.standard.initialDeadlines(
                source: source, receivedAt: received, calendar: WorkingDayCalendar(), timeZone: .netherlands))
    }

    /// Four cases: a ZSM request, an overdue one, a fresh one with a safety signal, and a fresh one.
    static func cases() -> [Case] {
        [
            registration(1, name: "Hylke Kuipers", source: .omZSM, hoursAgo: 1),
            registration(
                2, name: "Baukje de Vries", gemeente: "Súdwest-Fryslân", wijkteam: "Gebiedsteam Sneek",
                hoursAgo: 24 * 12, advisor: "B. Feenstra"),
            registration(3, name: "Zoë Wiersma", hoursAgo: 2, signals: [.geweld]),
            registration(
                4, name: "Jan Bakker", gemeente: "Vlieland", wijkteam: nil, source: .politie, hoursAgo: 3,
                advisor: "B. Feenstra"),
        ].map { Case(registration: $0, at: $0.receivedAt, reference: 0) }
    }

    static func state(size: (Int, Int) = (80, 24), cases: [Case] = cases(), context: DeskContext) -> AppState {
        var state = AppState(
            cases: cases, nextCaseID: CaseID(year: 2026, sequence: cases.count + 1), size: size, now: now)
        state.rescore(context: context)
        return state
    }
}
