import Foundation

/// How a case went, step by step, with the moment of each: what the reports count (lead times,
/// handbacks, re-escalations, the duration of procesregie). Kept on the case by `CaseBook` as
/// commits are applied, so an undo (which restores the case as it was) takes its steps back too.
///
/// No personal data: a status, a kind of step and a triage outcome, each with a moment.
public struct CaseCourse: Codable, Hashable, Sendable {
    /// One step of the case's course.
    public struct Mark: Codable, Hashable, Sendable {
        public enum Kind: String, Codable, Hashable, Sendable {
            /// The case entered `status`.
            case status
            /// A triage was recorded.
            case triaged
            /// A decision was recorded (`outcome`), after a triage or on a new plan.
            case decided
            /// The case was handed back (afgeschaald) to a wijkteam.
            case handedBack = "handed-back"
            /// The check after a handback found the situation stable.
            case stable
            /// The check after a handback re-escalated the case.
            case reescalated
        }

        public var at: Date
        public var kind: Kind
        public var status: CaseStatus?
        public var outcome: TriageOutcome?

        public init(at: Date, kind: Kind, status: CaseStatus? = nil, outcome: TriageOutcome? = nil) {
            self.at = at
            self.kind = kind
            self.status = status
            self.outcome = outcome
        }
    }

    /// Oldest first.
    public var marks: [Mark]

    public init(marks: [Mark] = []) {
        self.marks = marks
    }

    mutating func note(_ kind: Mark.Kind, at: Date, status: CaseStatus? = nil, outcome: TriageOutcome? = nil) {
        marks.append(Mark(at: at, kind: kind, status: status, outcome: outcome))
    }

    // MARK: Reading

    /// The moments of every step of `kind`, oldest first.
    public func moments(_ kind: Mark.Kind) -> [Date] {
        marks.filter { $0.kind == kind }.map(\.at)
    }

    /// Each decision taken on a triage (the first decision after a triage, not a later new plan),
    /// with the triage's moment: the triage outcome, and how long the decision took.
    public var triageDecisions: [(triagedAt: Date, decidedAt: Date, outcome: TriageOutcome)] {
        var result: [(Date, Date, TriageOutcome)] = []
        var pendingTriage: Date?
        for mark in marks {
            switch mark.kind {
            case .triaged: pendingTriage = pendingTriage ?? mark.at
            case .decided:
                if let triaged = pendingTriage, let outcome = mark.outcome {
                    result.append((triaged, mark.at, outcome))
                }
                pendingTriage = nil
            default: break
            }
        }
        return result
    }

    /// The periods the case spent in procesregie, oldest first; an open period ends at nil.
    public var procesregiePeriods: [(from: Date, to: Date?)] {
        var result: [(Date, Date?)] = []
        var since: Date?
        for mark in marks where mark.kind == .status {
            if mark.status == .procesregie {
                since = since ?? mark.at
            } else if let start = since {
                result.append((start, mark.at))
                since = nil
            }
        }
        if let since { result.append((since, nil)) }
        return result
    }

    /// Re-escalations, each with the handback before it: how long the case stayed with the wijkteam.
    public var reescalations: [(handedBackAt: Date?, at: Date)] {
        var result: [(Date?, Date)] = []
        var handedBack: Date?
        for mark in marks {
            switch mark.kind {
            case .handedBack: handedBack = mark.at
            case .reescalated:
                result.append((handedBack, mark.at))
                handedBack = nil
            default: break
            }
        }
        return result
    }
}

extension Case {
    /// Notes a step of the case's course (a case from before courses were kept starts one now).
    mutating func noteCourse(_ kind: CaseCourse.Mark.Kind, at: Date, outcome: TriageOutcome? = nil) {
        var course = self.course ?? CaseCourse()
        course.note(kind, at: at, status: kind == .status ? status : nil, outcome: outcome)
        self.course = course
    }
}
