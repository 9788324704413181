import CaseModel
import Foundation

/// One step on a registered case, as the desk's form or the command line's arguments give it:
/// raw input, checked only against the case and the rules when it is planned or performed.
public enum CaseChange: Hashable, Sendable {
    /// Triage, and the decision when one is made with it (one commit: the decision is checked on
    /// the case as the triage leaves it).
    case triage(TriageRecorded, decision: DecisionDraft?)
    /// Triage as typed on the command line (`1=ja`, `Financiën=2`, ...).
    case triageDraft(CaseID, TriageDraft)
    case decide(CaseID, DecisionDraft)
    case review(CaseID, ReviewDraft)
    case handBack(CaseID, HandbackDraft)
    case check(CaseID, HandbackCheckDraft)
    case zsmAnswer(CaseID, ZSMAnswerDraft)
    case zsmDecision(CaseID, ZSMDecisionDraft)
    /// A note or a contact moment (the contact with the referrer meets its deadline).
    case note(CaseID, NoteDraft)
    /// Ticking off, moving or adding a task of the plan.
    case task(CaseID, TaskDraft)
    /// Giving the case to a responsible advisor.
    case assign(CaseID, AssignmentDraft)
    /// Correcting the registration's fields, with the reason.
    case correct(CaseID, CorrectionDraft)
    /// Opening a closed case again, with the reason.
    case reopen(CaseID, ReopenDraft)
    /// Someone of the family or household added to or removed from the case.
    case person(CaseID, PersonDraft)
    /// The ground for processing and sharing, the informing and the confidentiality.
    case lawfulBasis(CaseID, LawfulBasisDraft)
    /// Data of the case shared with a partner, on record.
    case share(CaseID, SharingDraft)

    public var caseID: CaseID {
        switch self {
        case .triage(let t, _): return t.caseID
        case .triageDraft(let id, _), .decide(let id, _), .review(let id, _), .handBack(let id, _), .check(let id, _),
            .zsmAnswer(let id, _), .zsmDecision(let id, _), .note(let id, _), .task(let id, _), .assign(let id, _),
            .correct(let id, _), .reopen(let id, _), .person(let id, _), .lawfulBasis(let id, _), .share(let id, _):
            return id
        }
    }

    /// The step it takes, whose rule says when it is allowed.
    public var step: CaseStep {
        switch self {
        case .triage, .triageDraft: return .triage
        case .decide: return .decide
        case .review: return .review
        case .handBack: return .handBack
        case .check: return .check
        case .zsmAnswer: return .zsmAnswer
        case .zsmDecision: return .zsmDecision
        case .note: return .note
        case .task: return .task
        case .assign: return .assign
        case .correct: return .correct
        case .reopen: return .reopen
        case .person: return .household
        case .lawfulBasis: return .lawfulBasis
        case .share: return .share
        }
    }

    /// The events the change records on `c`, or every reason it cannot. Pure: the desk calls it to
    /// show a form's errors at once, and `Workplace.perform` calls it again on the case as the store
    /// holds it when the commit is made.
    /// A sharing is checked against `partners` (who receives it, and whether they signed the covenant).
    public func events(on c: Case, rules: WorkRules, partners: PartnerDirectory = PartnerDirectory()) -> Result<
        [CaseEvent], ValidationErrors
    > {
        if case .lawfulBasis(_, let draft) = self {
            return draft.validate(c, today: rules.today, advisor: rules.advisor).map { [.lawfulBasisRecorded($0)] }
        }
        if case .share(_, let draft) = self {
            return draft.validate(c, partners: partners, at: rules.clock.now, by: rules.advisor).map { [.shared($0)] }
        }
        // A note and a task need no instrument.
        if case .note(_, let draft) = self { return draft.validate(c).map { [.noteAdded($0)] } }
        if case .task(_, let draft) = self {
            return draft.validate(c, calendar: rules.calendar, today: rules.today).map { [$0] }
        }
        if case .assign(_, let draft) = self { return draft.validate(c).map { [.assigned($0)] } }
        if case .reopen(_, let draft) = self { return draft.validate(c).map { [.reopened($0)] } }
        if case .person(_, let draft) = self { return draft.validate(c, today: rules.today).map { [$0] } }
        if case .correct(_, let draft) = self {
            return draft.validate(
                c, region: rules.region, cadence: rules.cadence, calendar: rules.calendar, now: rules.clock.now,
                timeZone: rules.timeZone
            ).map { [.corrected($0)] }
        }
        guard let instrument = rules.instrument else {
            return .failure(ValidationErrors([ValidationError(.noInstrument, field: "instrument")]))
        }
        switch self {
        case .triage(let triage, let decision):
            if let refusal = CaseStep.triage.refusal(for: c) { return .failure(ValidationErrors([refusal])) }
            guard let decision else { return .success([.triageRecorded(triage)]) }
            var triaged = c
            triaged.triage = triage
            return decision.validate(triaged, instrument: instrument, calendar: rules.calendar, today: rules.today)
                .map { [.triageRecorded(triage), .decisionRecorded($0)] }
        case .triageDraft(_, let draft):
            return draft.validate(c, instrument: instrument, today: rules.today).map { [.triageRecorded($0)] }
        case .decide(_, let draft):
            return draft.validate(c, instrument: instrument, calendar: rules.calendar, today: rules.today).map {
                [.decisionRecorded($0)]
            }
        case .review(_, let draft):
            return draft.validate(c, instrument: instrument, calendar: rules.calendar, today: rules.today).map {
                [.reviewRecorded($0)]
            }
        case .handBack(_, let draft):
            return draft.validate(c, instrument: instrument, region: rules.region, today: rules.today).map {
                [.handedBack($0)]
            }
        case .check(_, let draft):
            return draft.validate(c, instrument: instrument, calendar: rules.calendar, today: rules.today).map {
                [.handbackChecked($0)]
            }
        case .zsmAnswer(_, let draft):
            return draft.validate(c).map { [.zsmAnswered($0)] }
        case .zsmDecision(_, let draft):
            return draft.validate(c).map { [.zsmDecisionRecorded($0)] }
        case .note(_, let draft):
            return draft.validate(c).map { [.noteAdded($0)] }
        case .task(_, let draft):
            return draft.validate(c, calendar: rules.calendar, today: rules.today).map { [$0] }
        case .assign(_, let draft):
            return draft.validate(c).map { [.assigned($0)] }
        case .correct(_, let draft):
            return draft.validate(
                c, region: rules.region, cadence: rules.cadence, calendar: rules.calendar, now: rules.clock.now,
                timeZone: rules.timeZone
            ).map { [.corrected($0)] }
        case .reopen(_, let draft):
            return draft.validate(c).map { [.reopened($0)] }
        case .person(_, let draft):
            return draft.validate(c, today: rules.today).map { [$0] }
        case .lawfulBasis, .share:
            return .failure(ValidationErrors([]))  // answered above, without an instrument
        }
    }
}
