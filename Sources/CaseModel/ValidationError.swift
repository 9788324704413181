import Foundation

/// Why a value given by a person or a file was refused: a stable code, the field, and the value.
///
/// The message shown to a person is made by the presentation layer from `code` (so it can be Dutch
/// or English); `detail` carries what the code needs, such as the list of known gemeenten.
public struct ValidationError: Error, Hashable, Sendable, CustomStringConvertible {
    public enum Code: String, Sendable, Hashable {
        case required
        case bsnFormat = "bsn-format"
        case bsnElevenTest = "bsn-eleven-test"
        case dateFormat = "date-format"
        case dateInFuture = "date-in-future"
        case dateTooOld = "date-too-old"
        case postcodeFormat = "postcode-format"
        case unknownGemeente = "unknown-gemeente"
        case unknownWijkteam = "unknown-wijkteam"
        case unknownSource = "unknown-source"
        case unknownRiskSignal = "unknown-risk-signal"
        case caseIDFormat = "case-id-format"
        case tooLong = "too-long"
        case unknownOutcome = "unknown-outcome"
        case phaseRange = "phase-range"
        case deviationReasonRequired = "deviation-reason-required"
        case referralPartnerRequired = "referral-partner-required"
        case taskFormat = "task-format"
        case dateInPast = "date-in-past"
        case noTriage = "no-triage"
        case noInstrument = "no-instrument"
        case unknownNoteKind = "unknown-note-kind"
        case noteNotContact = "note-not-contact"
        case openTasksUndecided = "open-tasks-undecided"
        case unknownTask = "unknown-task"
        case taskDone = "task-done"
        case unknownTaskAction = "unknown-task-action"
        case alreadyAssigned = "already-assigned"
        case unknownField = "unknown-field"
        case nothingChanged = "nothing-changed"
        case unknownPersonRole = "unknown-person-role"
        case unknownPerson = "unknown-person"
        case personTwice = "person-twice"
        case mainPerson = "main-person"
        case caseClosed = "case-closed"
        case unknownCriterion = "unknown-criterion"
        case answerFormat = "answer-format"
        case unknownDomain = "unknown-domain"
        case scoreRange = "score-range"
        case unknownIndicator = "unknown-indicator"
        case unknownTrigger = "unknown-trigger"
        case holderFormat = "holder-format"
        case statusNotAllowed = "status-not-allowed"
        case noOpenZSMRequest = "no-open-zsm-request"
        case noZSMAnswer = "no-zsm-answer"
        case phoneFormat = "phone-format"
        case emailFormat = "email-format"
        case unknownReachKind = "unknown-reach-kind"
        case nothingToCorrect = "nothing-to-correct"
        case extensionDropped = "extension-dropped"
        case unknownPartnerType = "unknown-partner-type"
        case unknownRole = "unknown-role"
        case recordNumberFormat = "record-number-format"
        case unknownOrganisation = "unknown-organisation"
        case unknownContact = "unknown-contact"
        case unknownConsultation = "unknown-consultation"
        case alreadyRegistered = "already-registered"
        case purgedRecord = "purged-record"
        case unknownFollowUp = "unknown-follow-up"
        case durationRange = "duration-range"
        case dateTimeFormat = "date-time-format"
        case ambiguousWijkteam = "ambiguous-wijkteam"
        case duplicateOrganisation = "duplicate-organisation"
        case csvColumns = "csv-columns"
        case vcardNoOrganisation = "vcard-no-organisation"
        case yesNoFormat = "yes-no-format"
        case ambiguousContact = "ambiguous-contact"
        case unknownCase = "unknown-case"
        case notLinked = "not-linked"
        case unknownGround = "unknown-ground"
        case unknownConfidentiality = "unknown-confidentiality"
        case unknownCategory = "unknown-category"
        case unknownRecipient = "unknown-recipient"
        /// Sharing needs a ground: the case has none recorded and none was given.
        case noGround = "no-ground"
        /// Sharing with an organisation outside the covenant needs a written reason first.
        case noCovenantReason = "no-covenant-reason"
        /// A report's period is not `2026-Q3`, `2026-09`, `2026` or `2026-07-01..2026-09-30`.
        case periodFormat = "period-format"
        /// A report's period ends before it starts.
        case periodReversed = "period-reversed"
        /// A report's from–to does not run from a month's first day to a month's last.
        case periodNotWholeMonths = "period-not-whole-months"
        /// A report grouped by something it does not know.
        case unknownGrouping = "unknown-grouping"
    }

    public let code: Code
    public let field: String
    public let value: String
    public let detail: String

    public init(_ code: Code, field: String, value: String = "", detail: String = "") {
        self.code = code
        self.field = field
        self.value = value
        self.detail = detail
    }

    public var description: String {
        "\(field): \(code.rawValue)" + (value.isEmpty ? "" : " (\(value))") + (detail.isEmpty ? "" : ": \(detail)")
    }
}
