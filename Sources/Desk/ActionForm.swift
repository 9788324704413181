import CaseModel
import Workplace
import Foundation

/// A short form for one step on a case from its detail view: a procesregie review, handing back
/// (afschalen), or the check after a handback. Text fields only; the drafts validate.
public struct ActionForm: Hashable, Sendable {
    /// The store's position when the form opened: a colleague's commit after it may contest the step.
    public var basis: UInt64 = 0
    public enum Kind: String, Hashable, Sendable {
        case review, handback, check, zsmAnswer, zsmDecision

        /// The step this form takes (its rule: `CaseStep`).
        public var step: CaseStep {
            switch self {
            case .review: return .review
            case .handback: return .handBack
            case .check: return .check
            case .zsmAnswer: return .zsmAnswer
            case .zsmDecision: return .zsmDecision
            }
        }
    }

    public var kind: Kind
    public var caseID: CaseID
    public var form: FieldForm

    /// The form for `kind` on `c`, with what can be filled in already.
    public init(_ kind: Kind, for c: Case, instrument: Instrument, today: CalendarDate) {
        self.kind = kind
        caseID = c.id
        typealias Field = FieldForm.Field
        switch kind {
        case .review:
            form = FieldForm([Field("note", .actionNote, required: true), Field("next", .detailReview)])
        case .handback:
            form = FieldForm([Field("to", .actionContact, required: true),
                              Field("conditions", .actionConditions, required: true),
                              Field("wijkteam", .detailWijkteam, value: c.wijkteam ?? "", required: true),
                              Field("handover", .actionHandover, value: today.description, required: true),
                              Field("check", .actionCheckDate, value: today.adding(months: instrument.cadence.checkMonths).description,
                                    required: true)])
        case .check:
            form = FieldForm([Field("result", .actionResult, required: true), Field("note", .actionNote, required: true),
                              Field("phase", .detailAve)])
        case .zsmAnswer:
            form = FieldForm([Field("known", .actionKnown, required: true), Field("context", .actionContext),
                              Field("advice", .actionAdvice, required: true)])
        case .zsmDecision:
            form = FieldForm([Field("decision", .actionDecision, required: true)])
        }
    }

    public func value(_ key: String) -> String { form.value(key) }

    /// The step the form asks for, as the use cases take it.
    public var change: CaseChange {
        switch kind {
        case .review:
            var draft = ReviewDraft()
            draft.note = value("note")
            draft.nextReview = value("next")
            return .review(caseID, draft)
        case .handback:
            var draft = HandbackDraft()
            draft.contact = value("to")
            draft.conditions = value("conditions")
            draft.wijkteam = value("wijkteam")
            draft.handover = value("handover")
            draft.check = value("check")
            return .handBack(caseID, draft)
        case .check:
            var draft = HandbackCheckDraft()
            draft.result = value("result")
            draft.note = value("note")
            draft.phase = value("phase")
            return .check(caseID, draft)
        case .zsmAnswer:
            var draft = ZSMAnswerDraft()
            draft.known = value("known")
            draft.context = value("context")
            draft.advice = value("advice")
            return .zsmAnswer(caseID, draft)
        case .zsmDecision:
            var draft = ZSMDecisionDraft()
            draft.decision = value("decision")
            return .zsmDecision(caseID, draft)
        }
    }
}
