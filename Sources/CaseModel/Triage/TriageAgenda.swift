import Foundation

/// The agenda of the next weekly triage meeting: the cases waiting for triage (new, in screening,
/// or triaged without a decision) that were registered before the cut-off.
public struct TriageAgenda: Sendable {
    /// The day of the meeting: the first triage weekday from today on.
    public let meeting: CalendarDate
    /// Registrations received before this moment are on the agenda.
    public let cutoff: Date
    public let cases: [Case]

    public static let waiting: Set<CaseStatus> = [.nieuw, .screening, .triage]

    public init(cases all: some Sequence<Case>, cadence: Instrument.Cadence, now: Date, timeZone: TimeZone) {
        let today = CalendarDate(now, in: timeZone)
        var meeting = today
        while meeting.weekday != cadence.triageWeekday { meeting = meeting.adding(days: 1) }
        var cutoffDay = meeting
        while cutoffDay.weekday != cadence.cutoffWeekday { cutoffDay = cutoffDay.adding(days: -1) }
        self.meeting = meeting
        let cutoff = cutoffDay.start(in: timeZone).addingTimeInterval(Double(cadence.cutoffMinutes) * 60)
        self.cutoff = cutoff
        cases = all.filter { Self.waiting.contains($0.status) && $0.receivedAt < cutoff }
    }

    /// Whether `c` is on this agenda.
    public func contains(_ c: Case) -> Bool { Self.waiting.contains(c.status) && c.receivedAt < cutoff }
}
