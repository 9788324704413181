import CaseModel
import Foundation

/// Fixed moments and a small region, so domain tests run at known dates.
enum Fixtures {
    /// Tuesday 24 November 2026, 09:00 in the Netherlands.
    static let now = Date(timeIntervalSince1970: 1_795_478_400 + 8 * 3600)
    static let region = Region(
        zvhName: "ZVH Test",
        gemeenten: [
            Region.Gemeente(name: "Leeuwarden", wijkteams: ["Wijkteam Noord", "Wijkteam Oost"]),
            Region.Gemeente(name: "Súdwest-Fryslân", wijkteams: ["Gebiedsteam Sneek"]),
        ])
    static let calendar = WorkingDayCalendar()

    static func registration(
        _ sequence: Int, name: String = "Anne de Vries", source: Source = .wijkteam,
        receivedAt: Date = now, signals: [RiskSignal] = []
    ) -> CaseRegistered {
        CaseRegistered(
            id: CaseID(year: 2026, sequence: sequence), person: Person(name: name), gemeente: "Leeuwarden",
            wijkteam: "Wijkteam Noord", source: source, referrer: nil, reason: "Overlast", goal: "",
            receivedAt: receivedAt, riskSignals: signals, advisor: "tester",
            deadlines: Instrument.Cadence.standard.initialDeadlines(
                source: source, receivedAt: receivedAt,
                calendar: calendar, timeZone: .netherlands))
    }
}
