import CaseModel
import Foundation
import Screen

/// The consultation, partner and link forms.
enum EntryPane {
    /// The lines under the consultation form: the thread typed so far, if it has consultations
    /// already (the advisor sees it grow), and what looked identifying.
    static func notes(_ entry: EntryForm, _ state: AppState, _ context: DeskContext) -> [(String, Style)] {
        guard case .consultation(let editing) = entry.kind else { return [] }
        let t = context.text
        var notes: [(String, Style)] = []
        let typed = entry.form.value(.thread)
        if let team = try? context.region.locateWijkteam(
            entry.form.value(.wijkteam), gemeente: entry.form.value(.gemeente))
        {
            let earlier = state.consultations.openThread(wijkteam: team.wijkteam, thread: typed).filter {
                $0.id != editing
            }
            if let last = earlier.last {
                notes.append(
                    (
                        t(.consultFormThreadSoFar, typed, earlier.count, t.moment(last.at, in: context.timeZone)),
                        Theme.soon
                    ))
            }
        }
        if !entry.pendingFindings.isEmpty {
            notes.append((t(.consultFormPrivacy, t.describe(entry.pendingFindings)), Theme.error))
        }
        return notes
    }

    static func render(_ state: AppState, _ context: DeskContext, in rect: Rect, into buffer: inout ScreenBuffer) -> (
        x: Int, y: Int
    )? {
        guard let entry = state.entry else { return nil }
        let t = context.text
        switch entry.kind {
        case .consultation(let editing):
            let notes = notes(entry, state, context)
            let title = editing.map { t(.consultFormTitleEdit, $0) } ?? t(.consultFormTitle)
            return FieldFormPane.render(
                entry.form, title: title, notes: notes, hint: t(.consultFormHint), context,
                in: rect, into: &buffer)
        case .partner(let organisation, _):
            let title =
                organisation.flatMap { state.partners.organisations[$0]?.name }.map { t(.partnerFormTitleEdit, $0) }
                ?? t(.partnerFormTitleNew)
            return FieldFormPane.render(
                entry.form, title: title, hint: t(.partnerFormHint), context, in: rect, into: &buffer)
        case .link(let id):
            let name = state.cases[id]?.primaryPerson.name ?? ""
            return FieldFormPane.render(
                entry.form, title: t(.linkTitle, "\(id) \(name)"), hint: t(.linkHint), context, in: rect, into: &buffer)
        }
    }
}
