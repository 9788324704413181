import CaseModel
import Foundation
import Screen

/// The action form: one row per field, the focused one underlined, errors inline.
enum ActionPane {
    static func render(_ state: AppState, _ context: DeskContext, in rect: Rect, into buffer: inout ScreenBuffer) -> (
        x: Int, y: Int
    )? {
        guard let form = state.action, let c = state.anyCase(form.caseID) else { return nil }
        let t = context.text
        let title: TextKey =
            switch form.kind {
            case .review: .actionReviewTitle
            case .handback: .actionHandbackTitle
            case .check: .actionCheckTitle
            case .zsmAnswer: .actionZsmAnswerTitle
            case .zsmDecision: .actionZsmDecisionTitle
            case .note: .actionNoteTitle
            case .task: .actionTaskTitle
            case .assign: .actionAssignTitle
            case .correct: .actionCorrectTitle
            case .reopen: .actionReopenTitle
            case .person: .actionPersonTitle
            case .ground: .actionTitleGround
            case .share: .actionTitleShare
            }
        let hint: TextKey =
            switch form.kind {
            case .check: .actionCheckHint
            case .note: .actionNoteHint
            case .task: .actionTaskHint
            case .share: .actionHintShare
            default: .actionHint
            }
        return FieldFormPane.render(
            form.form, title: t(title, "\(c.id) \(c.primaryPerson.name)"), hint: t(hint), context,
            in: rect, into: &buffer)
    }
}
