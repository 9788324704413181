import Foundation

/// A date or moment by which something must have happened on a case.
///
/// Most deadlines count working days and fall on a day; a ZSM request counts hours and falls on a
/// moment, with a hard limit (a suspect may be held for questioning at most 9 hours).
public struct Deadline: Codable, Hashable, Sendable {
    public enum Kind: String, Codable, Sendable, CaseIterable {
        case contactReferrer = "contact-referrer"
        case zsmAnswer = "zsm-answer"
        case triage
        case review
        case check
        /// A task of the plan of approach; `label` says which.
        case task
    }

    public enum Due: Hashable, Sendable {
        case day(CalendarDate)
        case moment(Date)
    }

    public var kind: Kind
    public var due: Due
    /// For a ZSM request: the moment after which an answer is of no use.
    public var hardLimit: Date?
    public var met: Bool
    /// Ended without being met: a review when the case was handed back, a plan task closed at the
    /// handback. It no longer counts (so `met` is set too), and is shown as lapsed, not as done.
    public var lapsed: Bool
    /// When it was met (the commit that met it), for what was met in time or late.
    public var metAt: Date?
    /// What the deadline is for, where the kind alone does not say (a task: "Politie: huisbezoek").
    public var label: String?
    /// A task's number on its case (T1, T2, ...): how it is ticked off or moved.
    public var number: Int?
    /// When it was set (the registration's deadlines: when the case was received): with `due`, the
    /// time it allowed, so a report can tell late from far too late. Nil in an event (the book sets it).
    public var setAt: Date?

    public init(
        kind: Kind, due: Due, hardLimit: Date? = nil, met: Bool = false, lapsed: Bool = false, label: String? = nil,
        number: Int? = nil, metAt: Date? = nil, setAt: Date? = nil
    ) {
        self.kind = kind
        self.due = due
        self.hardLimit = hardLimit
        self.met = met || lapsed
        self.lapsed = lapsed
        self.label = label
        self.number = number
        self.metAt = metAt
        self.setAt = setAt
    }

    /// Met, but after it was due: a ZSM answer after its hour, a working-day deadline on a later day.
    public func metLate(in timeZone: TimeZone) -> Bool {
        guard met, !lapsed, let metAt else { return false }
        switch due {
        case .moment(let moment): return metAt > moment
        case .day(let day): return CalendarDate(metAt, in: timeZone) > day
        }
    }

    /// The calendar day this deadline falls on, in `timeZone`.
    public func day(in timeZone: TimeZone) -> CalendarDate {
        switch due {
        case .day(let date): return date
        case .moment(let moment): return CalendarDate(moment, in: timeZone)
        }
    }

    private enum CodingKeys: String, CodingKey {
        case kind, day, moment, hardLimit, met, lapsed, label, number, metAt, setAt
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        kind = try c.decode(Kind.self, forKey: .kind)
        if let day = try c.decodeIfPresent(CalendarDate.self, forKey: .day) {
            due = .day(day)
        } else {
            due = .moment(try c.decode(Date.self, forKey: .moment))
        }
        hardLimit = try c.decodeIfPresent(Date.self, forKey: .hardLimit)
        lapsed = try c.decodeIfPresent(Bool.self, forKey: .lapsed) ?? false
        met = try c.decodeIfPresent(Bool.self, forKey: .met) ?? false || lapsed
        label = try c.decodeIfPresent(String.self, forKey: .label)
        number = try c.decodeIfPresent(Int.self, forKey: .number)
        metAt = try c.decodeIfPresent(Date.self, forKey: .metAt)
        setAt = try c.decodeIfPresent(Date.self, forKey: .setAt)
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(kind, forKey: .kind)
        switch due {
        case .day(let day): try c.encode(day, forKey: .day)
        case .moment(let moment): try c.encode(moment, forKey: .moment)
        }
        try c.encodeIfPresent(hardLimit, forKey: .hardLimit)
        if met { try c.encode(met, forKey: .met) }
        if lapsed { try c.encode(lapsed, forKey: .lapsed) }
        try c.encodeIfPresent(label, forKey: .label)
        try c.encodeIfPresent(number, forKey: .number)
        try c.encodeIfPresent(metAt, forKey: .metAt)
        try c.encodeIfPresent(setAt, forKey: .setAt)
    }
}
