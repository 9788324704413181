import Foundation

/// The steps an advisor takes on a registered case, and when each is allowed: the one place this
/// rule lives. The drafts check it before they make an event, the case book again when it applies
/// one (a replay, a colleague's commit first), the desk before it opens a step's form.
public enum CaseStep: String, Hashable, Sendable, CaseIterable {
    case triage, decide, review, handBack, check, zsmAnswer, zsmDecision
    /// A note or a contact moment: on any case, closed ones included (a file is kept up to date).
    case note
    /// Ticking off, moving or adding a task of the plan: on an open case.
    case task
    /// Giving the case to a responsible advisor: on an open case.
    case assign
    /// Correcting the registration's fields: on any case (a closed file is kept right too).
    case correct
    /// Opening a closed case again.
    case reopen
    /// Adding or removing someone of the family or household: on an open case.
    case household
    /// Recording the ground, the informing and the confidentiality: on any case.
    case lawfulBasis
    /// Sharing with a partner, on record: on any case (a closed file may be asked for too).
    case share

    /// The statuses in which the step may be taken.
    public var allowedStatuses: [CaseStatus] {
        switch self {
        case .note, .correct, .lawfulBasis, .share: return CaseStatus.allCases
        case .reopen: return CaseStatus.allCases.filter { !$0.isOpen }
        case .triage, .decide, .zsmAnswer, .zsmDecision, .task, .assign, .household:
            return CaseStatus.allCases.filter(\.isOpen)
        case .review: return [.procesregie]
        case .handBack: return [.procesregie, .ondersteuning]
        case .check: return [.teruggelegd]
        }
    }

    /// Why the step cannot be taken on `c` now, or nil when it can.
    public func refusal(for c: Case) -> ValidationError? {
        guard allowedStatuses.contains(c.status) else {
            if allowedStatuses == CaseStatus.allCases.filter(\.isOpen) {
                return ValidationError(.caseClosed, field: "id", value: c.id.description)
            }
            return ValidationError(
                .statusNotAllowed, field: "id", value: c.status.rawValue,
                detail: allowedStatuses.map(\.rawValue).joined(separator: ", "))
        }
        switch self {
        case .zsmAnswer where !c.hasOpenZSMRequest:
            return ValidationError(.noOpenZSMRequest, field: "id", value: c.id.description)
        case .zsmDecision where !c.hasAnsweredZSMRequest:
            return ValidationError(.noZSMAnswer, field: "id", value: c.id.description)
        case .decide where c.triage == nil: return ValidationError(.noTriage, field: "id", value: c.id.description)
        default: return nil
        }
    }

    public func isPossible(for c: Case) -> Bool { refusal(for: c) == nil }
}
