import CaseModel
import Foundation
import Workplace

/// A short form for one step on a case from its detail view: a procesregie review, handing back
/// (afschalen), or the check after a handback. Text fields and choices; the drafts validate.
public struct ActionForm: Hashable, Sendable {
    /// The store's position when the form opened: a colleague's commit after it may contest the step.
    public var basis: UInt64 = 0
    public enum Kind: String, Hashable, Sendable {
        case review, handback, check, zsmAnswer, zsmDecision
        /// A note or a contact moment (with the referrer: it meets the contact deadline).
        case note
        /// A task of the plan: ticked off, moved, or added.
        case task
        /// The case to a (new) responsible advisor.
        case assign
        /// A field of the registration corrected, with the reason.
        case correct
        /// A closed case opened again, with the reason.
        case reopen
        /// Someone of the family or household added or removed.
        case person
        /// The ground, whether the person was informed, the confidentiality.
        case ground
        /// A summary shared with a partner, on record.
        case share

        /// The step this form takes (its rule: `CaseStep`).
        public var step: CaseStep {
            switch self {
            case .review: return .review
            case .handback: return .handBack
            case .check: return .check
            case .zsmAnswer: return .zsmAnswer
            case .zsmDecision: return .zsmDecision
            case .note: return .note
            case .task: return .task
            case .assign: return .assign
            case .correct: return .correct
            case .reopen: return .reopen
            case .person: return .household
            case .ground: return .lawfulBasis
            case .share: return .share
            }
        }
    }

    public var kind: Kind
    public var caseID: CaseID
    public var form: FieldForm

    /// The form for `kind` on `c`, with what can be filled in already; `text` names the choices.
    public init(_ kind: Kind, for c: Case, instrument: Instrument?, today: CalendarDate, text: Localizer? = nil) {
        self.kind = kind
        caseID = c.id
        typealias Field = FieldForm.Field
        switch kind {
        case .review:
            form = FieldForm([Field(.note, .actionNote, required: true), Field(.next, .detailReview)])
        case .handback:
            var fields = [
                Field(.to, .actionContact, required: true),
                Field(.conditions, .actionConditions, required: true),
                Field(.wijkteam, .detailWijkteam, value: c.wijkteam ?? "", required: true),
                Field(.handover, .actionHandover, value: today.dutch, required: true),
                Field(
                    .check, .actionCheckDate,
                    value: today.adding(months: (instrument?.cadence ?? .standard).checkMonths).dutch, required: true),
            ]
            // Open tasks are carried over or closed, by choice: never silently marked done.
            if !c.openTasks.isEmpty {
                let choices = OpenTasksAtHandback.allCases.map(\.rawValue)
                fields.append(
                    Field(
                        .openTasks, .actionOpenTasks, required: true, choices: choices,
                        labels: text.map { t in choices.map { t.label("openTasks", $0) } }))
            }
            form = FieldForm(fields)
        case .check:
            form = FieldForm([
                Field(.result, .actionResult, required: true), Field(.note, .actionNote, required: true),
                Field(.phase, .detailAve),
            ])
        case .zsmAnswer:
            form = FieldForm([
                // A choice: "—" until the advisor says ja or nee.
                Field(
                    .known, .actionKnown, required: true, choices: ["", "ja", "nee"],
                    labels: text.map { ["—", $0.label(Answer.yes), $0.label(Answer.no)] }),
                Field(.context, .actionContext),
                Field(.advice, .actionAdvice, required: true),
            ])
        case .zsmDecision:
            form = FieldForm([Field(.decision, .actionDecision, required: true)])
        case .note:
            // While the referrer is still owed a contact, that is what is offered first.
            let owed = c.openDeadlines.contains { $0.kind == .contactReferrer }
            let kinds = NoteKind.allCases
            form = FieldForm([
                Field(
                    .kind, .actionNoteKind, value: NoteKind.telefoon.rawValue, choices: kinds.map(\.rawValue),
                    labels: text.map { t in kinds.map { t.label("noteKind", $0.rawValue) } }),
                Field(
                    .referrer, .actionNoteReferrer, value: owed ? "j" : "n", choices: ["j", "n"],
                    labels: text.map { [$0.label(Answer.yes), $0.label(Answer.no)] }),
                Field(.with, .actionNoteWith),
                Field(.text, .actionNoteText, required: true),
            ])
        case .task:
            let actions = TaskDraft.Action.allCases.map(\.rawValue)
            let open = c.openTasks
            form = FieldForm([
                Field(
                    .action, .actionTaskAction,
                    value: open.isEmpty ? TaskDraft.Action.add.rawValue : TaskDraft.Action.done.rawValue,
                    choices: actions, labels: text.map { t in actions.map { t.label("taskAction", $0) } }),
                Field(
                    .task, .actionTaskNumber, value: open.first.map { "T\($0.number)" } ?? "",
                    choices: open.isEmpty ? nil : open.map { "T\($0.number)" },
                    labels: open.isEmpty ? nil : open.map { "T\($0.number)  \($0.deadline.label ?? "")" }),
                Field(.partner, .actionTaskPartner), Field(.what, .actionTaskWhat), Field(.due, .actionTaskDue),
                Field(.note, .actionTaskNote),
            ])
        case .assign:
            form = FieldForm([Field(.to, .actionAssignTo, required: true), Field(.reason, .actionAssignReason)])
        case .correct:
            let fields = CorrectionDraft.fields
            form = FieldForm([
                Field(
                    .field, .actionCorrectField, value: "name", required: true, choices: fields,
                    labels: text.map { t in fields.map { t.label("form", $0) } }),
                Field(.value, .actionCorrectValue), Field(.why, .actionCorrectWhy, required: true),
            ])
        case .reopen:
            form = FieldForm([Field(.why, .actionCorrectWhy, required: true)])
        case .ground:
            // What the case has is filled in: a field left as it is stays as it is.
            let grounds = [""] + LegalGround.allCases.map(\.rawValue)
            let levels = Confidentiality.allCases.map(\.rawValue)
            let informed: String =
                switch c.lawful?.informing {
                case .informed: "j"
                case .notInformed: "n"
                case nil: ""
                }
            var on = ""
            var by = ""
            var because = ""
            if case .informed(let day, let who) = c.lawful?.informing { (on, by) = (day.dutch, who) }
            if case .notInformed(let reason) = c.lawful?.informing { because = reason }
            form = FieldForm([
                Field(
                    .ground, .formGround, value: c.lawful?.ground?.rawValue ?? "", required: true, choices: grounds,
                    labels: text.map { t in ["—"] + LegalGround.allCases.map { t.label($0) } }),
                Field(.exception, .formException, value: c.lawful?.exception ?? ""),
                Field(
                    .informed, .formInformed, value: informed, choices: ["", "j", "n"],
                    labels: text.map { ["—", $0.label(Answer.yes), $0.label(Answer.no)] }),
                Field(.informedOn, .formInformedOn, value: on),
                Field(.informedBy, .formInformedBy, value: by),
                Field(.notInformedReason, .formNotInformedReason, value: because),
                Field(
                    .confidentiality, .formConfidentiality, value: c.lawful?.confidentiality.rawValue ?? "normaal",
                    choices: levels, labels: text.map { t in Confidentiality.allCases.map { t.label($0) } }),
            ])
        case .share:
            form = FieldForm([
                Field(.with, .formShareWith, required: true),
                Field(.categories, .formCategories, required: true),
                Field(.ground, .formShareGround, value: c.lawful?.ground?.letter ?? ""),
                Field(.reason, .formShareReason),
            ])
        case .person:
            let roles = PersonRole.allCases.dropFirst().map(\.rawValue)
            form = FieldForm([
                Field(
                    .action, .actionPersonAction, value: "toevoegen", choices: ["toevoegen", "verwijderen"],
                    labels: text.map { [$0(.actionPersonAdd), $0(.actionPersonRemove)] }),
                Field(.name, .detailName, required: true),
                Field(
                    .role, .actionPersonRole, value: PersonRole.kind.rawValue, choices: roles,
                    labels: text.map { t in roles.map { t.label("personRole", $0) } }),
                Field(.birthdate, .detailBirthdate), Field(.bsn, .detailBsn),
            ])
        }
    }

    public func value(_ key: FormKey) -> String { form.value(key) }

    /// The step the form asks for, as the use cases take it.
    public var change: CaseChange {
        switch kind {
        case .review:
            var draft = ReviewDraft()
            draft.note = value(.note)
            draft.nextReview = value(.next)
            return .review(caseID, draft)
        case .handback:
            var draft = HandbackDraft()
            draft.contact = value(.to)
            draft.conditions = value(.conditions)
            draft.wijkteam = value(.wijkteam)
            draft.handover = value(.handover)
            draft.check = value(.check)
            draft.openTasks = value(.openTasks)
            return .handBack(caseID, draft)
        case .check:
            var draft = HandbackCheckDraft()
            draft.result = value(.result)
            draft.note = value(.note)
            draft.phase = value(.phase)
            return .check(caseID, draft)
        case .zsmAnswer:
            var draft = ZSMAnswerDraft()
            draft.known = value(.known)
            draft.context = value(.context)
            draft.advice = value(.advice)
            return .zsmAnswer(caseID, draft)
        case .zsmDecision:
            var draft = ZSMDecisionDraft()
            draft.decision = value(.decision)
            return .zsmDecision(caseID, draft)
        case .note:
            var draft = NoteDraft()
            draft.kind = value(.kind)
            draft.referrer = value(.referrer)
            draft.with = value(.with)
            draft.text = value(.text)
            return .note(caseID, draft)
        case .task:
            var draft = TaskDraft()
            draft.action = value(.action)
            draft.task = value(.task)
            draft.partner = value(.partner)
            draft.what = value(.what)
            draft.due = value(.due)
            draft.note = value(.note)
            return .task(caseID, draft)
        case .assign:
            var draft = AssignmentDraft()
            draft.advisor = value(.to)
            draft.reason = value(.reason)
            return .assign(caseID, draft)
        case .correct:
            var draft = CorrectionDraft()
            draft.values = [value(.field): value(.value)]
            draft.reason = value(.why)
            return .correct(caseID, draft)
        case .reopen:
            var draft = ReopenDraft()
            draft.reason = value(.why)
            return .reopen(caseID, draft)
        case .person:
            var draft = PersonDraft()
            draft.remove = value(.action) == "verwijderen"
            draft.name = value(.name)
            draft.role = draft.remove ? "" : value(.role)
            draft.birthDate = value(.birthdate)
            draft.bsn = value(.bsn)
            return .person(caseID, draft)
        case .ground:
            var draft = LawfulBasisDraft()
            draft.ground = value(.ground)
            draft.exception = value(.exception)
            draft.informed = value(.informed)
            draft.informedOn = value(.informedOn)
            draft.informedBy = value(.informedBy)
            draft.notInformedReason = value(.notInformedReason)
            draft.confidentiality = value(.confidentiality)
            return .lawfulBasis(caseID, draft)
        case .share:
            var draft = SharingDraft()
            draft.with = value(.with)
            draft.categories = value(.categories)
            draft.ground = value(.ground)
            draft.reason = value(.reason)
            return .share(caseID, draft)
        }
    }
}
