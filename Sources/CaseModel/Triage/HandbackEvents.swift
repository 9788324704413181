import Foundation

/// A procesregie review took place (every few weeks while the ZVH holds procesregie).
public struct ReviewRecorded: Codable, Hashable, Sendable {
    public var caseID: CaseID
    public var note: String
    public var nextReview: CalendarDate?

    public init(caseID: CaseID, note: String, nextReview: CalendarDate?) {
        self.caseID = caseID
        self.note = note
        self.nextReview = nextReview
    }
}

/// The case was handed back (afgeschaald) to a wijkteam once care was secured, with a warm
/// handover and a check afterwards.
public struct CaseHandedBack: Codable, Hashable, Sendable {
    public var caseID: CaseID
    public var wijkteam: String
    public var contact: String
    /// The conditions that were met ("zorg geborgd", ...).
    public var conditions: String
    public var handoverDate: CalendarDate
    public var checkDate: CalendarDate
    /// What became of the plan's open tasks; nil in a handback recorded before that was asked
    /// (those closed them) or when none were open.
    public var openTasks: OpenTasksAtHandback?

    public init(
        caseID: CaseID, wijkteam: String, contact: String, conditions: String, handoverDate: CalendarDate,
        checkDate: CalendarDate,
        openTasks: OpenTasksAtHandback? = nil
    ) {
        self.caseID = caseID
        self.wijkteam = wijkteam
        self.contact = contact
        self.conditions = conditions
        self.handoverDate = handoverDate
        self.checkDate = checkDate
        self.openTasks = openTasks
    }
}

/// The check after a handback: stable (the case closes) or re-escalate (it reopens at a phase).
public struct HandbackChecked: Codable, Hashable, Sendable {
    public enum Result: String, Codable, CaseIterable, Sendable {
        case stable = "stabiel"
        case reescalate = "opschalen"
    }

    public var caseID: CaseID
    public var result: Result
    public var note: String
    /// For a re-escalation: the phase the case reopens at.
    public var phase: AVEPhase?
    /// The wijkteam the case was handed back to (re-escalations are counted per wijkteam).
    public var wijkteam: String
    /// For a re-escalation: who holds what in the new phase, and the next review, as a decision
    /// sets them (nil in a check recorded before they were).
    public var holders: [ResponsibilityAssignment]?
    public var nextReview: CalendarDate?

    public init(
        caseID: CaseID, result: Result, note: String, phase: AVEPhase?, wijkteam: String,
        holders: [ResponsibilityAssignment]? = nil, nextReview: CalendarDate? = nil
    ) {
        self.holders = holders
        self.nextReview = nextReview
        self.caseID = caseID
        self.result = result
        self.note = note
        self.phase = phase
        self.wijkteam = wijkteam
    }
}
