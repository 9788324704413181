import Foundation

/// How much each part of a case's situation weighs in the queue order. Editable per region.
public struct UrgencyWeights: Codable, Hashable, Sendable {
    /// An open ZSM request: on top while it waits (decisions within hours).
    public var zsmOpen: Int
    /// Per hour a ZSM answer is closer to its deadline, counted from 8 hours before it (and on
    /// past it), so the request with the least time left comes first.
    public var zsmPerHour: Int
    /// A deadline that has passed (the nearest one other than a review or a plan task).
    public var overdue: Int
    /// A procesregie review whose date has passed: a signal of its own.
    public var overdueReview: Int
    /// Per plan task past its due date (counted up to 3): a signal of its own.
    public var perOverdueTask: Int
    /// Per working day a deadline has passed (counted up to 20).
    public var perWorkingDayOverdue: Int
    /// A deadline today or within `dueSoonWorkingDays`: this, less a share per working day left.
    public var dueSoon: Int
    public var dueSoonWorkingDays: Int
    /// Per safety signal (counted up to 3).
    public var perSafetySignal: Int
    /// Per AVE phase step (AVE 4 weighs four times this).
    public var perAVEPhase: Int
    /// Per calendar day a new case waits for triage (counted up to 30).
    public var perDayWaiting: Int
    /// Days without activity before a case counts as stagnating.
    public var stagnationDays: Int
    /// Per day of stagnation beyond that (counted up to 30).
    public var perDayStagnating: Int

    public init(
        zsmOpen: Int = 1_000, zsmPerHour: Int = 50, overdue: Int = 100, overdueReview: Int = 100,
        perOverdueTask: Int = 40,
        perWorkingDayOverdue: Int = 10,
        dueSoon: Int = 60, dueSoonWorkingDays: Int = 5, perSafetySignal: Int = 40, perAVEPhase: Int = 10,
        perDayWaiting: Int = 1, stagnationDays: Int = 20, perDayStagnating: Int = 2
    ) {
        self.zsmOpen = zsmOpen
        self.zsmPerHour = zsmPerHour
        self.overdue = overdue
        self.overdueReview = overdueReview
        self.perOverdueTask = perOverdueTask
        self.perWorkingDayOverdue = perWorkingDayOverdue
        self.dueSoon = dueSoon
        self.dueSoonWorkingDays = dueSoonWorkingDays
        self.perSafetySignal = perSafetySignal
        self.perAVEPhase = perAVEPhase
        self.perDayWaiting = perDayWaiting
        self.stagnationDays = stagnationDays
        self.perDayStagnating = perDayStagnating
    }

    public static let standard = UrgencyWeights()
}

/// A case's urgency, with its parts, so the desk can say why a case is on top.
public struct Urgency: Hashable, Sendable, Comparable {
    public enum Part: Hashable, Sendable {
        case zsmOpen(hoursLeft: Int)
        case overdue(workingDays: Int, kind: Deadline.Kind)
        /// The review date of procesregie has passed by this many working days.
        case reviewOverdue(workingDays: Int)
        /// Plan tasks past their due date, and how late the oldest is.
        case tasksOverdue(count: Int, workingDays: Int)
        case dueSoon(workingDays: Int, kind: Deadline.Kind)
        case safety(signals: [RiskSignal])
        case avePhase(AVEPhase)
        case waiting(days: Int)
        case stagnating(daysSinceActivity: Int)
    }

    /// The parts with their points, largest first.
    public let parts: [(part: Part, points: Int)]
    public var total: Int { parts.reduce(0) { $0 + $1.points } }

    /// Working days to the nearest open day deadline (negative when overdue), if any.
    public let workingDaysToDeadline: Int?
    /// Hours to the nearest open ZSM answer deadline (negative when late), if any.
    public let hoursToZSMDeadline: Int?
    /// The same in minutes (a ZSM request is counted in hours and minutes under a day).
    public let minutesToZSMDeadline: Int?

    public var isOverdue: Bool {
        (workingDaysToDeadline.map { $0 < 0 } ?? false) || (hoursToZSMDeadline.map { $0 < 0 } ?? false)
    }

    public static func == (lhs: Urgency, rhs: Urgency) -> Bool {
        lhs.total == rhs.total && lhs.parts.map(\.part) == rhs.parts.map(\.part)
            && lhs.parts.map(\.points) == rhs.parts.map(\.points)
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(total)
        hasher.combine(parts.map(\.part))
    }

    public static func < (lhs: Urgency, rhs: Urgency) -> Bool { lhs.total < rhs.total }

    /// Nothing urgent (a closed case).
    public static let none = Urgency(parts: [], workingDaysToDeadline: nil, hoursToZSMDeadline: nil)

    private init(parts: [(part: Part, points: Int)], workingDaysToDeadline: Int?, hoursToZSMDeadline: Int?) {
        self.parts = parts
        self.workingDaysToDeadline = workingDaysToDeadline
        self.hoursToZSMDeadline = hoursToZSMDeadline
        self.minutesToZSMDeadline = hoursToZSMDeadline.map { $0 * 60 }
    }

    /// Scores `c` as it stands at `now`.
    public init(
        of c: Case, now: Date, calendar: WorkingDayCalendar, timeZone: TimeZone,
        weights w: UrgencyWeights = .standard
    ) {
        var parts: [(Part, Int)] = []
        let today = CalendarDate(now, in: timeZone)
        // A closed case calls for nothing.
        guard c.status.isOpen else {
            self.parts = []
            self.workingDaysToDeadline = nil
            self.hoursToZSMDeadline = nil
            self.minutesToZSMDeadline = nil
            return
        }
        var nearestDays: (days: Int, kind: Deadline.Kind)?
        var nearestHours: Int?
        var nearestMinutes: Int?
        // A late review and late plan tasks are signals of their own; the overdue part is the
        // nearest of the other deadlines (contact, triage, check).
        var nearestOther: (days: Int, kind: Deadline.Kind)?
        var reviewLate: Int?
        var tasksLate: (count: Int, oldest: Int)?
        var nearestComing: (days: Int, kind: Deadline.Kind)?
        for deadline in c.openDeadlines {
            switch deadline.due {
            case .moment(let moment):
                let hours = Int((moment.timeIntervalSince(now) / 3600).rounded(.down))
                nearestHours = min(nearestHours ?? hours, hours)
                let minutes = Int((moment.timeIntervalSince(now) / 60).rounded(.down))
                nearestMinutes = min(nearestMinutes ?? minutes, minutes)
            case .day(let day):
                let days = calendar.workingDays(from: today, to: day)
                if nearestDays == nil || days < nearestDays!.days { nearestDays = (days, deadline.kind) }
                if days >= 0, nearestComing == nil || days < nearestComing!.days {
                    nearestComing = (days, deadline.kind)
                }
                switch deadline.kind {
                case .review: if days < 0 { reviewLate = max(reviewLate ?? 0, -days) }
                case .task:
                    if days < 0 { tasksLate = ((tasksLate?.count ?? 0) + 1, max(tasksLate?.oldest ?? 0, -days)) }
                default: if nearestOther == nil || days < nearestOther!.days { nearestOther = (days, deadline.kind) }
                }
            }
        }
        if let hours = nearestHours {
            parts.append((.zsmOpen(hoursLeft: hours), w.zsmOpen + min(20, max(0, 8 - hours)) * w.zsmPerHour))
        }
        if let late = reviewLate {
            parts.append((.reviewOverdue(workingDays: late), w.overdueReview + min(20, late) * w.perWorkingDayOverdue))
        }
        if let late = tasksLate {
            parts.append(
                (
                    .tasksOverdue(count: late.count, workingDays: late.oldest),
                    min(3, late.count) * w.perOverdueTask + min(20, late.oldest) * w.perWorkingDayOverdue
                ))
        }
        if let nearest = nearestOther, nearest.days < 0 {
            parts.append(
                (
                    .overdue(workingDays: -nearest.days, kind: nearest.kind),
                    w.overdue + min(20, -nearest.days) * w.perWorkingDayOverdue
                ))
        }
        // What comes next counts too when something else is already late.
        if let nearest = nearestComing, nearest.days <= w.dueSoonWorkingDays {
            let share = w.dueSoonWorkingDays + 1
            parts.append(
                (.dueSoon(workingDays: nearest.days, kind: nearest.kind), w.dueSoon * (share - nearest.days) / share))
        }
        if !c.riskSignals.isEmpty {
            parts.append((.safety(signals: c.riskSignals), min(3, c.riskSignals.count) * w.perSafetySignal))
        }
        if let phase = c.avePhase {
            parts.append((.avePhase(phase), phase.rawValue * w.perAVEPhase))
        }
        let daysWaiting = max(0, today.dayNumber - CalendarDate(c.receivedAt, in: timeZone).dayNumber)
        if [.nieuw, .screening].contains(c.status), daysWaiting > 0 {
            parts.append((.waiting(days: daysWaiting), min(30, daysWaiting) * w.perDayWaiting))
        }
        let idle = max(0, today.dayNumber - CalendarDate(c.lastActivityAt, in: timeZone).dayNumber)
        // A case handed back waits for its check by plan: quiet is not stagnation there.
        if idle > w.stagnationDays, c.status != .teruggelegd {
            parts.append((.stagnating(daysSinceActivity: idle), min(30, idle - w.stagnationDays) * w.perDayStagnating))
        }
        self.parts = parts.filter { $0.1 > 0 }.sorted { $0.1 > $1.1 }.map { (part: $0.0, points: $0.1) }
        self.workingDaysToDeadline = nearestDays?.days
        self.hoursToZSMDeadline = nearestHours
        self.minutesToZSMDeadline = nearestMinutes
    }
}
