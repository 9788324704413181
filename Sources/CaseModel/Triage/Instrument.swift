import Foundation

/// The region's triage instrument: the AVE phases with who holds which responsibility, the
/// national criteria and their rule, the extra indicators and AVE triggers, the ZRM life domains
/// and scale, the triage outcomes, and the regional deadlines and cadence.
///
/// AVE was written down only in outline, so people read it differently; this type makes every
/// definition explicit, and `InstrumentParser` reads it from a file a region can edit.
public struct Instrument: Hashable, Sendable {
    public struct Phase: Hashable, Sendable {
        public var phase: AVEPhase
        public var name: String
        public var colour: String
        public var situation: String
        /// The default holder of each of the four responsibilities in this phase.
        public var holders: [Responsibility: String]
    }

    /// A numbered criterion of the national definition of complex casuistry.
    public struct Criterion: Hashable, Sendable {
        public var number: Int
        public var text: String
    }

    /// An extra indicator (crosses gemeente borders, ...) or an AVE trigger (stagnation, ...).
    public struct Signal: Hashable, Sendable {
        public var code: String
        public var text: String
    }

    public struct Outcome: Hashable, Sendable {
        public var kind: TriageOutcome
        public var name: String
        public var description: String
        /// The AVE phase this outcome usually goes with.
        public var phase: AVEPhase
    }

    /// The regional defaults for deadlines and cadence.
    public struct Cadence: Hashable, Sendable {
        /// ISO weekday of the weekly triage meeting (2: Tuesday).
        public var triageWeekday: Int
        /// Registrations received before this weekday and time go to that week's triage.
        public var cutoffWeekday: Int
        public var cutoffMinutes: Int
        public var contactReferrerWorkingDays: Int
        public var reviewWeeks: Int
        public var checkMonths: Int
        public var zsmAnswerHours: Int
        public var zsmHardLimitHours: Int

        /// The DOMAIN.md regional defaults, for when no instrument could be loaded.
        public static let standard = Cadence(
            triageWeekday: 2, cutoffWeekday: 1, cutoffMinutes: 720, contactReferrerWorkingDays: 5,
            reviewWeeks: 6, checkMonths: 3, zsmAnswerHours: 4, zsmHardLimitHours: 9)

        public init(
            triageWeekday: Int, cutoffWeekday: Int, cutoffMinutes: Int, contactReferrerWorkingDays: Int,
            reviewWeeks: Int, checkMonths: Int, zsmAnswerHours: Int, zsmHardLimitHours: Int
        ) {
            self.triageWeekday = triageWeekday
            self.cutoffWeekday = cutoffWeekday
            self.cutoffMinutes = cutoffMinutes
            self.contactReferrerWorkingDays = contactReferrerWorkingDays
            self.reviewWeeks = reviewWeeks
            self.checkMonths = checkMonths
            self.zsmAnswerHours = zsmAnswerHours
            self.zsmHardLimitHours = zsmHardLimitHours
        }
    }

    public var name: String
    public var phases: [Phase]
    public var criteria: [Criterion]
    public var rule: CriteriaRule
    public var indicators: [Signal]
    public var triggers: [Signal]
    public var zrmDomains: [String]
    public var zrmScale: [String]
    /// ZRM scores older than this are not current.
    public var zrmValidDays: Int
    public var outcomes: [Outcome]
    public var cadence: Cadence

    public func phase(_ phase: AVEPhase) -> Phase? { phases.first { $0.phase == phase } }
    public func outcome(_ kind: TriageOutcome) -> Outcome? { outcomes.first { $0.kind == kind } }
}

/// What triage decides for a registration (DOMAIN.md, "the standard process").
public enum TriageOutcome: String, CaseIterable, Sendable, Hashable, Codable {
    /// Advice, and back to the referrer: regie stays local.
    case advice = "advies"
    /// Support (meekijken): the ZVH looks along, regie stays local.
    case support = "meekijken"
    /// The ZVH takes procesregie.
    case procesregie
    /// Administrative escalation (AVE 4).
    case administrative = "bestuurlijk"
    /// Not a ZVH case: referred to the right partner.
    case referral = "verwijzen"
}
