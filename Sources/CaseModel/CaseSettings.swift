import Foundation

/// A region's editable process defaults (DOMAIN.md marks them as regional defaults, not law).
public struct CaseSettings: Codable, Hashable, Sendable {
    /// Working days within which the ZVH contacts the referrer of a new registration.
    public var contactReferrerWorkingDays: Int
    /// Hours within which a ZSM request is answered.
    public var zsmAnswerHours: Int
    /// The hard limit for a ZSM answer (a suspect is held for questioning at most 9 hours).
    public var zsmHardLimitHours: Int

    /// Consultations on one thread within `consultThreadWeeks` weeks from which registering is suggested.
    public var consultThreadCount: Int
    public var consultThreadWeeks: Int

    public init(contactReferrerWorkingDays: Int = 5, zsmAnswerHours: Int = 4, zsmHardLimitHours: Int = 9,
                consultThreadCount: Int = 3, consultThreadWeeks: Int = 8) {
        self.contactReferrerWorkingDays = contactReferrerWorkingDays
        self.zsmAnswerHours = zsmAnswerHours
        self.zsmHardLimitHours = zsmHardLimitHours
        self.consultThreadCount = consultThreadCount
        self.consultThreadWeeks = consultThreadWeeks
    }

    public var threadRule: ThreadRule { ThreadRule(count: consultThreadCount, weeks: consultThreadWeeks) }

    public static let standard = CaseSettings()

    /// The deadlines a new registration starts with.
    public func initialDeadlines(source: Source, receivedAt: Date, calendar: WorkingDayCalendar,
                                 timeZone: TimeZone) -> [Deadline] {
        if source == .omZSM {
            return [Deadline(kind: .zsmAnswer,
                             due: .moment(receivedAt.addingTimeInterval(Double(zsmAnswerHours) * 3600)),
                             hardLimit: receivedAt.addingTimeInterval(Double(zsmHardLimitHours) * 3600))]
        }
        let day = calendar.adding(workingDays: contactReferrerWorkingDays, to: CalendarDate(receivedAt, in: timeZone))
        return [Deadline(kind: .contactReferrer, due: .day(day))]
    }
}
