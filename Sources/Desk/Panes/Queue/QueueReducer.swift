import CaseModel
import Foundation
import Screen

/// How the Wachtrij and a case's detail answer commands.
enum QueueReducer {
    static func reduceQueue(_ state: inout AppState, _ command: Command, _ context: DeskContext) -> [Effect] {
        state.message = nil
        switch command {
        case .moveSelection(let movement):
            state.selection = Reducer.moved(
                state.selection, movement, count: state.rows.count, page: Reducer.visibleRows(state))
        case .startFilter:
            // `/` starts a new search, as in less and vim (Esc gave the old one up already or not).
            state.isEditingFilter = true
            if !state.quickFilters.contains(.known) { state.filterText = "" }
            state.refilter(context: context)
        case .searchKnown:
            if !state.quickFilters.contains(.known) { state.beforeKnownSearch = (state.quickFilters, state.filterText) }
            state.quickFilters = [.known]
            state.filterText = ""
            state.isEditingFilter = true
            state.refilter(context: context)
        case .acceptFilter:
            state.isEditingFilter = false
        case .cancelFilter:
            state.isEditingFilter = false
            state.filterText = ""
            if state.quickFilters.contains(.known) {
                // The queue as it was before the question.
                (state.quickFilters, state.filterText) = state.beforeKnownSearch ?? ([], "")
                state.beforeKnownSearch = nil
            }
            state.refilter(context: context)
        case .insert(let character):
            guard state.isEditingFilter else { break }
            state.filterText.append(character)
            state.refilter(context: context)
        case .erase:
            guard state.isEditingFilter, !state.filterText.isEmpty else { break }
            state.filterText.removeLast()
            state.refilter(context: context)
        case .toggleQuickFilter(let kind):
            let filter: AppState.QuickFilter =
                switch kind {
                case .overdue: .overdue
                case .zsm: .zsm
                case .mine: .mine
                case .agenda: .agenda
                case .closed: .closed
                case .stagnating: .stagnating
                }
            if state.quickFilters.contains(.known) {
                state.quickFilters = state.beforeKnownSearch?.quick ?? []
                state.beforeKnownSearch = nil
            }
            if let index = state.quickFilters.firstIndex(of: filter) {
                state.quickFilters.remove(at: index)
            } else {
                state.quickFilters.append(filter)
            }
            state.refilter(context: context)
        case .cycleGemeenteFilter:
            let names = context.region.gemeenten.map(\.name)
            let current = state.quickFilters.firstIndex { if case .gemeente = $0 { true } else { false } }
            var nextName: String? = names.first
            if let current, case .gemeente(let name) = state.quickFilters[current] {
                state.quickFilters.remove(at: current)
                let index = names.firstIndex(of: name).map { $0 + 1 } ?? names.count
                nextName = index < names.count ? names[index] : nil
            }
            if let nextName { state.quickFilters.append(.gemeente(nextName)) }
            state.refilter(context: context)
        case .clearFilters:
            // Leaving "is this person known?" gives the queue back as it was; otherwise Esc clears all.
            if state.quickFilters.contains(.known) {
                (state.quickFilters, state.filterText) = state.beforeKnownSearch ?? ([], "")
            } else {
                state.filterText = ""
                state.quickFilters = []
            }
            state.beforeKnownSearch = nil
            state.refilter(context: context)
        case .openDetail:
            guard let id = state.selectedID else { break }
            state.route = .detail(id)
            state.detailScroll = 0
            state.timeline = nil
            return [.loadTimeline(id)]
        case .startRegistration:
            guard !state.isReadOnly else {
                state.message = .init(text: context.text(.errorReadOnly), isError: true)
                break
            }
            state.route = .registration(RegistrationForm())
        default:
            break
        }
        return []
    }

    static func reduceDetail(_ state: inout AppState, _ command: Command, _ context: DeskContext) {
        switch command {
        case .scrollDetail(let movement):
            // A closed case's detail scrolls too (it is read again, found by a BSN search).
            guard case .detail(let id) = state.mode, let c = state.anyCase(id) else { break }
            let lines = DetailPane.lines(
                c, urgency: state.urgencies[id], timeline: state.timeline, context: context,
                width: state.size.width - 2, partners: state.partners, consultations: state.consultations,
                position: DetailPane.position(of: id, in: state),
                access: state.caseAccess?.caseID == id ? state.caseAccess : nil
            ).count
            Reducer.scrollDetail(&state, movement, lines: lines)
        case .back:
            state.route = .queue
            state.timeline = nil
            state.message = nil
        default:
            break
        }
    }
}
