import CaseModel
import CaseStore
import Foundation

extension Localizer {
    /// What the store had to do on opening, in the desk's language. The desk shows it in the
    /// status line; the command line prints it on stderr.
    public func describe(_ notice: StoreNotice) -> String {
        switch notice {
        case .upgraded(let commits, let torn):
            return self(.noticeUpgraded, commits) + (torn > 0 ? " " + self(.noticeUpgradedTorn, torn) : "")
        case .snapshotRebuilt(let reason): return self(.noticeSnapshot, reason)
        }
    }

    /// A store error as the desk says it: a colleague's conflicting change in words of its own,
    /// everything else after "Opslaan mislukt".
    public func describe(_ error: StoreError, timeZone: TimeZone) -> String {
        guard case .conflict(let conflict) = error else { return self(.errorStore, error.message) }
        return self(.errorConflict, conflict.record, conflict.actor, clockTime(conflict.at, timeZone: timeZone),
                    conflict.events.joined(separator: ", "), conflict.reason.map { ": " + $0 } ?? "")
    }

    /// A colleague's change that made the advisor's step impossible.
    public func conflict(_ id: CaseID, _ change: ColleagueChange) -> String {
        self(.errorConflict, id, change.actor, clockTime(change.at, timeZone: .netherlands), change.events.joined(separator: ", "), "")
    }

    /// `14:05`, or `3 dec 14:05` on another day than today.
    func clockTime(_ date: Date, timeZone: TimeZone) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let parts = calendar.dateComponents([.hour, .minute], from: date)
        let time = String(format: "%02d:%02d", parts.hour ?? 0, parts.minute ?? 0)
        return calendar.isDateInToday(date) ? time : CalendarDate(date, in: timeZone).dutch + " " + time
    }
}
