import CaseModel
import Foundation

/// A short form for one step on a case from its detail view: a procesregie review, handing back
/// (afschalen), or the check after a handback. Text fields only; the drafts validate.
public struct ActionForm: Hashable, Sendable {
    public enum Kind: String, Hashable, Sendable {
        case review, handback, check, zsmAnswer, zsmDecision

        /// The statuses in which this step is possible.
        public var allowed: [CaseStatus] {
            switch self {
            case .review: return [.procesregie]
            case .handback: return [.procesregie, .ondersteuning]
            case .check: return [.teruggelegd]
            case .zsmAnswer, .zsmDecision: return CaseStatus.allCases.filter(\.isOpen)
            }
        }

        /// Whether this step makes sense for `c` now (status, and for ZSM: the request's state).
        public func isPossible(for c: Case) -> Bool {
            guard allowed.contains(c.status) else { return false }
            switch self {
            case .zsmAnswer: return c.hasOpenZSMRequest
            case .zsmDecision: return c.hasAnsweredZSMRequest
            default: return true
            }
        }
    }

    public struct Field: Hashable, Sendable {
        /// The draft's field name (errors come back by it).
        public var key: String
        public var title: TextKey
        public var value: String
        public var required: Bool
    }

    public var kind: Kind
    public var caseID: CaseID
    public var fields: [Field]
    public var focus = 0
    public var cursor = 0
    public var errors: [String: String] = [:]

    /// The form for `kind` on `c`, with what can be filled in already.
    public init(_ kind: Kind, for c: Case, instrument: Instrument, today: CalendarDate) {
        self.kind = kind
        caseID = c.id
        switch kind {
        case .review:
            fields = [Field(key: "note", title: .actionNote, value: "", required: true),
                      Field(key: "next", title: .detailReview, value: "", required: false)]
        case .handback:
            fields = [Field(key: "to", title: .actionContact, value: "", required: true),
                      Field(key: "conditions", title: .actionConditions, value: "", required: true),
                      Field(key: "wijkteam", title: .detailWijkteam, value: c.wijkteam ?? "", required: true),
                      Field(key: "handover", title: .actionHandover, value: today.description, required: true),
                      Field(key: "check", title: .actionCheckDate,
                            value: today.adding(months: instrument.cadence.checkMonths).description, required: true)]
        case .check:
            fields = [Field(key: "result", title: .actionResult, value: "", required: true),
                      Field(key: "note", title: .actionNote, value: "", required: true),
                      Field(key: "phase", title: .detailAve, value: "", required: false)]
        case .zsmAnswer:
            fields = [Field(key: "known", title: .actionKnown, value: "", required: true),
                      Field(key: "context", title: .actionContext, value: "", required: false),
                      Field(key: "advice", title: .actionAdvice, value: "", required: true)]
        case .zsmDecision:
            fields = [Field(key: "decision", title: .actionDecision, value: "", required: true)]
        }
        cursor = fields.first?.value.count ?? 0
    }

    public func value(_ key: String) -> String { fields.first { $0.key == key }?.value ?? "" }

    /// Validates the form into the event it records, or the errors by field.
    public func event(for c: Case, context: DeskContext, instrument: Instrument) -> Result<CaseEvent, ValidationErrors> {
        switch kind {
        case .review:
            var draft = ReviewDraft()
            draft.note = value("note")
            draft.nextReview = value("next")
            return draft.validate(c, instrument: instrument, calendar: context.calendar, today: context.today).map { .reviewRecorded($0) }
        case .handback:
            var draft = HandbackDraft()
            draft.contact = value("to")
            draft.conditions = value("conditions")
            draft.wijkteam = value("wijkteam")
            draft.handover = value("handover")
            draft.check = value("check")
            return draft.validate(c, instrument: instrument, region: context.region, today: context.today).map { .handedBack($0) }
        case .check:
            var draft = HandbackCheckDraft()
            draft.result = value("result")
            draft.note = value("note")
            draft.phase = value("phase")
            return draft.validate(c).map { .handbackChecked($0) }
        case .zsmAnswer:
            var draft = ZSMAnswerDraft()
            draft.known = value("known")
            draft.context = value("context")
            draft.advice = value("advice")
            return draft.validate(c).map { .zsmAnswered($0) }
        case .zsmDecision:
            var draft = ZSMDecisionDraft()
            draft.decision = value("decision")
            return draft.validate(c).map { .zsmDecisionRecorded($0) }
        }
    }
}
