import Foundation

/// A region's editable consultation defaults (`settings.json`). Deadlines and their cadence are the
/// instrument's (`[cadence]` in `instrument.txt`): one source for every cadence.
public struct CaseSettings: Codable, Hashable, Sendable {
    /// Consultations on one thread within `consultThreadWeeks` weeks from which registering is suggested.
    public var consultThreadCount: Int
    public var consultThreadWeeks: Int
    /// How many months after its last change a closed case keeps its personal data (WGS: set by
    /// decree; the region writes its period here). `schakel purge` removes them after that.
    public var retentionClosedMonths: Int
    /// How many months a consultation keeps its text (one registered as a case goes with that case).
    public var retentionConsultationMonths: Int
    /// How many months the access log keeps an entry.
    public var retentionAccessLogMonths: Int
    /// A report's group counting fewer cases and consultations than this is shown as "< N" (and a
    /// lead time over fewer cases has no median): the privacy officer's setting; a report may ask
    /// for more, never for less.
    public var reportMinimumGroup: Int

    public init(
        consultThreadCount: Int = 3, consultThreadWeeks: Int = 8, retentionClosedMonths: Int = 60,
        retentionConsultationMonths: Int = 24, retentionAccessLogMonths: Int = 60, reportMinimumGroup: Int = 5
    ) {
        self.consultThreadCount = consultThreadCount
        self.consultThreadWeeks = consultThreadWeeks
        self.retentionClosedMonths = retentionClosedMonths
        self.retentionConsultationMonths = retentionConsultationMonths
        self.retentionAccessLogMonths = retentionAccessLogMonths
        self.reportMinimumGroup = reportMinimumGroup
    }

    /// The longest retention period a setting may give (a hundred years): past it a date leaves
    /// the calendar, and nothing would ever be due.
    public static let longestRetentionMonths = 1_200

    public var threadRule: ThreadRule { ThreadRule(count: consultThreadCount, weeks: consultThreadWeeks) }

    public static let standard = CaseSettings()

    /// Settings that earlier versions kept here and that now live in the instrument's `[cadence]`,
    /// with the instrument's name for each (a store's old `settings.json` is told where they went).
    public static let movedToCadence = [
        "contactReferrerWorkingDays": "contact-referrer-working-days",
        "zsmAnswerHours": "zsm-answer-hours",
        "zsmHardLimitHours": "zsm-hard-limit-hours",
    ]
}

extension Instrument.Cadence {
    /// The deadlines a new registration starts with: a ZSM request is answered within hours (with
    /// its hard limit), any other registration's referrer is contacted within working days.
    public func initialDeadlines(
        source: Source, receivedAt: Date, calendar: WorkingDayCalendar,
        timeZone: TimeZone
    ) -> [Deadline] {
        if source == .omZSM {
            return [
                Deadline(
                    kind: .zsmAnswer,
                    due: .moment(receivedAt.addingTimeInterval(Double(zsmAnswerHours) * 3600)),
                    hardLimit: receivedAt.addingTimeInterval(Double(zsmHardLimitHours) * 3600))
            ]
        }
        let day = calendar.adding(workingDays: contactReferrerWorkingDays, to: CalendarDate(receivedAt, in: timeZone))
        return [Deadline(kind: .contactReferrer, due: .day(day))]
    }
}
