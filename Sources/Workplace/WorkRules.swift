import CaseModel
import Foundation

/// What every use case is checked against besides the case itself: the region, the settings and
/// the instrument in force, the working-day calendar, the clock, and who is working.
public struct WorkRules: Sendable {
    public var region: Region
    public var settings: CaseSettings
    /// The triage instrument in force; without one, steps on a case are refused (registering is not).
    public var instrument: Instrument?
    public var calendar: WorkingDayCalendar
    public var timeZone: TimeZone
    public var clock: any Clock
    /// The advisor the commits are made on behalf of.
    public var advisor: String

    public init(
        region: Region, settings: CaseSettings, instrument: Instrument?, calendar: WorkingDayCalendar,
        timeZone: TimeZone,
        clock: any Clock, advisor: String
    ) {
        self.region = region
        self.settings = settings
        self.instrument = instrument
        self.calendar = calendar
        self.timeZone = timeZone
        self.clock = clock
        self.advisor = advisor
    }

    public var today: CalendarDate { CalendarDate(clock.now, in: timeZone) }

    /// The cadence deadlines follow: the instrument's, or DOMAIN.md's defaults without one.
    public var cadence: Instrument.Cadence { instrument?.cadence ?? .standard }
}
