import Foundation

/// What a report's rows are: one total, or one row per gemeente, wijkteam, source or advisor.
public enum ReportGrouping: String, CaseIterable, Hashable, Sendable {
    case total, gemeente, wijkteam, source, advisor

    /// Dutch and English words for it (`--by bron`, `--by source`).
    public init(parsing text: String) throws(ValidationError) {
        let aliases: [String: ReportGrouping] = [
            "": .total, "total": .total, "totaal": .total, "geen": .total, "none": .total,
            "gemeente": .gemeente, "municipality": .gemeente, "wijkteam": .wijkteam, "team": .wijkteam,
            "source": .source, "bron": .source, "advisor": .advisor, "adviseur": .advisor,
        ]
        guard let value = aliases[Vocabulary.key(text)] else {
            throw ValidationError(
                .unknownGrouping, field: "by", value: text,
                detail: ReportGrouping.allCases.map(\.rawValue).joined(separator: ", "))
        }
        self = value
    }

    /// The group a case counts in ("" when the case has none: no wijkteam, no advisor).
    func key(_ c: Case) -> String {
        switch self {
        case .total: return ""
        case .gemeente: return c.gemeente
        case .wijkteam: return c.wijkteam ?? ""
        case .source: return c.source.rawValue
        case .advisor: return c.advisor ?? ""
        }
    }

    /// The group a consultation counts in: they come from wijkteams.
    func key(_ c: Consultation) -> String {
        switch self {
        case .total: return ""
        case .gemeente: return c.gemeente
        case .wijkteam: return c.wijkteam
        case .source: return Source.wijkteam.rawValue
        case .advisor: return c.advisor ?? ""
        }
    }
}

/// How long something took, in days, over the cases where it happened in the period.
public struct LeadTime: Hashable, Sendable {
    /// How many times it happened.
    public var count: Int
    /// The middle value (the mean of the middle two for an even count); nil when none.
    public var median: Double?
    /// The 90th percentile by nearest rank (the value at rank ⌈0.9·n⌉); nil when none.
    public var p90: Double?
    /// Over fewer cases than the report's minimum: the median and percentile are held back.
    public var heldBack = false

    public init(days: [Double]) {
        let sorted = days.sorted()
        count = sorted.count
        guard !sorted.isEmpty else { return }
        let middle = sorted.count / 2
        median = sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
        let rank = Int((0.9 * Double(sorted.count)).rounded(.up))
        p90 = sorted[max(rank, 1) - 1]
    }

    /// Over fewer than `minimum` cases nothing is shown; the 90th percentile also not over fewer
    /// than twice that: by nearest rank, under ten values it is the largest, one case's own.
    mutating func holdBack(below minimum: Int) {
        if count < 2 * minimum { p90 = nil }
        guard count > 0, count < minimum else { return }
        median = nil
        heldBack = true
    }
}

/// The figures of one row of a report. No personal data: counts and durations only.
public struct ReportFigures: Hashable, Sendable {
    /// Cases received in the period.
    public var registrations = 0
    /// Decisions on a triage in the period, by outcome; `.referral` is "no ZVH case" (over de schutting).
    public var outcomes: [TriageOutcome: Int] = [:]
    /// Consultations held in the period, and how many of them have led to a registration.
    public var consultations = 0
    public var consultationsRegistered = 0
    /// Cases registered in the period from consultations: how long their thread ran before (days).
    public var threadsBeforeRegistration = LeadTime(days: [])
    /// Of those, the threads that ran longer than the thread rule's weeks (te lang vastgehouden).
    public var heldTooLong = 0
    /// Cases handed back to a wijkteam in the period, and cases re-escalated after a handback.
    public var handbacks = 0
    public var reescalations = 0
    /// Registration → first triage; triage → its decision; procesregie that ended in the period.
    public var toTriage = LeadTime(days: [])
    public var toDecision = LeadTime(days: [])
    public var procesregie = LeadTime(days: [])
    /// Deadlines due in the period (met, or passed unmet): in time, late, more than three times late
    /// (finished, or still open, after more than three times the time they allowed).
    public var deadlinesInTime = 0
    public var deadlinesLate = 0
    public var deadlinesFarLate = 0
    /// ZSM requests due in the period, and how many were answered within their hours.
    public var zsmRequests = 0
    public var zsmInTime = 0

    public init() {}

    public var decisions: Int { outcomes.values.reduce(0, +) }

    mutating func holdBackLeadTimes(below minimum: Int) {
        toTriage.holdBack(below: minimum)
        toDecision.holdBack(below: minimum)
        procesregie.holdBack(below: minimum)
        threadsBeforeRegistration.holdBack(below: minimum)
    }
    public var overTheFence: Int { outcomes[.referral] ?? 0 }
}

/// One row of a report: a group and its figures, or the group's figures held back as too small.
public struct ReportRow: Hashable, Sendable {
    /// The gemeente, wijkteam, source or advisor; "" for cases without one; nil for the total.
    public var group: String?
    public var figures: ReportFigures
    /// Registrations in each of the twelve months ending with the period (`ReportPeriod.trailingMonths`);
    /// nil for a month with fewer than the minimum (but some).
    public var monthly: [Int?]
    /// How many cases and consultations the row counts: a row of fewer than the minimum is shown
    /// only as "< minimum".
    public var size: Int
    public var suppressed = false
}

/// The figures of a period, per group: what the municipality and the team lead ask for each quarter.
public struct Report: Hashable, Sendable {
    public var period: ReportPeriod
    public var grouping: ReportGrouping
    /// Groups counting fewer cases and consultations than this are held back; so are lead times
    /// over fewer cases than this.
    public var minimum: Int
    public var rows: [ReportRow]
    public var total: ReportRow
}
