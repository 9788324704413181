import CaseModel
import Foundation
import Screen

/// The desk's one place of change: a command in, the new state and the effects to run out.
public enum Reducer {
    /// Rows the queue shows at once for the current terminal size (header, tabs, column titles,
    /// status line and footer take five).
    public static func visibleRows(_ state: AppState) -> Int { max(1, DeskLayout(state.size).queueRows.height) }

    public static func reduce(_ state: inout AppState, _ command: Command, context: DeskContext) -> [Effect] {
        let effects: [Effect]
        switch command {
        case .answerDiscard(let yes):
            let pending = state.discardPending
            state.discardPending = nil
            if yes, let pending {
                effects = dispatch(&state, pending, context: context)
            } else {
                state.message = .init(text: context.text(state.declinedMessage), isError: false)
                effects = []
            }
            state.declinedMessage = .discardKept
        case .cancelForm where hasInput(state), .nextTab where hasInput(state), .previousTab where hasInput(state),
            .showTab where hasInput(state) && !showsPaneInView(command, state):
            // A stray Esc never throws away what was typed: leaving a form with input asks.
            state.discardPending = command
            state.message = .init(text: context.text(.discardAsk, formName(state, context)), isError: true)
            effects = []
        case .interrupt:
            if hasInput(state) {
                state.discardPending = .quit
                state.message = .init(text: context.text(.discardAskQuit, formName(state, context)), isError: true)
                effects = []
            } else {
                effects = dispatch(&state, .quit, context: context)
            }
        default:
            effects = dispatch(&state, command, context: context)
        }
        clampSelection(&state)
        return effects
    }

    /// A click on the Escalatie tab while the Escalatie pane is in view: nothing is left, nothing to
    /// ask. (Another pane's tab, the Wachtrij's from the registration form too, leaves the form.)
    private static func showsPaneInView(_ command: Command, _ state: AppState) -> Bool {
        if case .showTab(let index) = command {
            return DeskPane(rawValue: index) == .escalation && state.mode == .escalation
        }
        return false
    }

    /// Whether the form in view holds input the advisor would lose by leaving it.
    static func hasInput(_ state: AppState) -> Bool {
        switch state.mode {
        case .form: return state.registration.map { $0.draft != $0.opened } ?? false
        case .action: return state.action?.form.isEdited ?? false
        case .entry: return state.entry?.form.isEdited ?? false
        case .escalation:
            guard let form = state.escalation, let c = state.anyCase(form.caseID) else { return false }
            return !form.hasSameInput(as: EscalationForm(for: c))
        default: return false
        }
    }

    /// "Aanmelding", "Escalatie 2026-0003", "Notitie": what would be thrown away.
    static func formName(_ state: AppState, _ context: DeskContext) -> String {
        switch state.mode {
        case .form: return context.text(.discardRegistration)
        case .escalation: return context.text(.discardEscalation, state.escalation?.caseID.description ?? "")
        default: return context.text(.discardForm)
        }
    }

    /// A colleague's change arrives: the advisor keeps their place, selection, filter and any
    /// half-typed form; the case on screen is read again and the status line says who changed it.
    private static func takeIn(_ update: StoreUpdate, _ state: inout AppState, context: DeskContext) -> [Effect] {
        state.nextCaseID = update.nextCaseID
        state.colleagueChanges.merge(update.changes) { old, new in new.sequence > old.sequence ? new : old }
        state.storePosition = max(state.storePosition, update.changes.values.map(\.sequence).max() ?? 0)
        state.upsert(contentsOf: update.cases, removing: update.removed, context: context)
        for c in update.cases { state.privacy?.remember(c) }
        if let partners = update.partners { state.setPartners(partners) }
        if let consultations = update.consultations { state.setConsultations(consultations) }
        guard case .detail(let id) = state.mode,
            update.cases.contains(where: { $0.id == id }) || update.removed.contains(id)
        else {
            return []
        }
        state.message = .init(text: context.text(.liveChanged, id, update.actors.last ?? "?"), isError: false)
        if state.cases[id] == nil && update.removed.contains(id) {
            state.route = .queue
            return []
        }
        state.timeline = nil
        return [.loadTimeline(id)]
    }

    /// A colleague's commit on the case after `basis` (when a form was opened), if there is one.
    static func colleagueChange(on id: CaseID, after basis: UInt64, in state: AppState) -> ColleagueChange? {
        guard let change = state.colleagueChanges[id], change.sequence > basis else { return nil }
        return change
    }

    private static func dispatch(_ state: inout AppState, _ command: Command, context: DeskContext) -> [Effect] {
        switch command {
        case .resize(let width, let height):
            state.size = (width, height)
        case .showHelp:
            state.isShowingHelp = true
        case .closeHelp:
            state.isShowingHelp = false
        case .quit:
            state.shouldQuit = true
        case .failed(let text):
            state.message = .init(text: text, isError: true)
        case .said(let text):
            state.message = .init(text: text, isError: false)
        case .storeUpdated(let update):
            return takeIn(update, &state, context: context)
        case .presenceChanged(let names):
            state.present = names
        case .storePositioned(let position):
            state.storePosition = max(state.storePosition, position)
        case .formRebased(let position):
            state.storePosition = max(state.storePosition, position)
            let basis = state.storePosition
            state.action?.basis = basis
            state.escalation?.basis = basis
            state.entry?.basis = basis
        case .registrationKnown(let known):
            state.registration?.knownWarned = true
            state.message = .init(
                text: context.text(.formKnown, state.registration?.draft.name ?? "", Reducer.describe(known, context)),
                isError: true)
        case .caseRegistered(let c, let nextID):
            state.nextCaseID = nextID
            state.upsert(c, context: context)
            state.privacy?.remember(c)
            if let index = state.rows.firstIndex(where: { $0.id == c.id }) { state.selection = index }
            state.route = .queue
            state.message = .init(text: context.text(.formSaved, c.id), isError: false)
        case .triageSaved(let c, let decided):
            state.upsert(c, context: context)
            state.route = c.status.isOpen ? .detail(c.id) : .queue
            state.timeline = nil
            state.message = .init(
                text: context.text(decided ? .escalationDecided : .escalationSaved, c.id), isError: false)
            if c.status.isOpen { return [.loadTimeline(c.id)] }
        case .openEscalation:
            EscalationReducer.open(&state, caseID: DeskPane.caseInView(state), context: context)
        case .undo:
            guard !state.isReadOnly else {
                state.message = .init(text: context.text(.errorReadOnly), isError: true)
                break
            }
            // In a case's detail, undo takes back that case's last change only; elsewhere the last
            // change of the session, after saying what and where.
            if case .detail(let id) = state.mode { return [.undoLast(in: id, confirmed: true)] }
            return [.undoLast(in: nil, confirmed: false)]
        case .undoConfirmed:
            return [.undoLast(in: nil, confirmed: true)]
        case .redo:
            guard !state.isReadOnly else {
                state.message = .init(text: context.text(.errorReadOnly), isError: true)
                break
            }
            return [.redoLast]
        case .redone(let changed, let message):
            for c in changed { state.upsert(c, context: context) }
            state.message = .init(text: message, isError: false)
            if case .detail(let id) = state.mode {
                state.timeline = nil
                return [.loadTimeline(id)]
            }
        case .confirmUndo(let id, let what):
            state.discardPending = .undoConfirmed
            state.declinedMessage = .undoDeclined
            state.message = .init(text: context.text(.undoAsk, what, id), isError: true)
        case .undone(let restored, let removed, let what):
            for c in restored { state.upsert(c, context: context) }
            for id in removed { state.remove(id, context: context) }
            let ids = (restored.map(\.id) + removed).sorted().map(\.description).joined(separator: ", ")
            state.message = .init(
                text: context.text(what.isEmpty ? .undoDone : .undoDoneWhat, ids, what), isError: false)
            if case .detail(let id) = state.mode {
                if state.anyCase(id) == nil {
                    state.route = .queue
                } else {
                    state.timeline = nil
                    return [.loadTimeline(id)]
                }
            }
        case .openAction(let kind):
            ActionReducer.open(kind, &state, context: context)
        case .caseChanged(let c):
            state.upsert(c, context: context)
            state.route = c.status.isOpen ? .detail(c.id) : .queue
            state.timeline = nil
            state.message = .init(text: context.text(.actionSaved, c.id), isError: false)
            if c.status.isOpen { return [.loadTimeline(c.id)] }
        case .timelineLoaded(let id, let entries):
            if state.mode == .detail(id) { state.timeline = entries }
        case .accessLoaded(let access):
            if state.mode == .detail(access.caseID) { state.caseAccess = access }
        case .accessOverviewLoaded(let overview):
            state.accessOverview = overview
        case .advisorAccessLoaded(let access):
            if state.mode == .accessDetail(access.advisor) { state.advisorAccess = access }
        case .reportReady(let report):
            // Only the report still asked for (a later key may have asked for another).
            if report.period == state.reportPane.period && report.grouping == state.reportPane.grouping {
                state.reportPane.report = report
            }
        case .clickRow(let index):
            // A click selects; a click on the selected row opens it (so a double-click opens).
            switch state.mode {
            case .queue where index == state.selection, .partners where index == state.partnerSelection,
                .consultations where index == state.consultationSelection,
                .access where index == state.accessSelection:
                state.isEditingFilter = false
                return dispatch(&state, .openDetail, context: context)
            case .queue: state.selection = index
            case .partners: state.partnerSelection = index
            case .consultations: state.consultationSelection = index
            case .access: state.accessSelection = index
            default: break
            }
        case .focusField(let index):
            switch state.mode {
            case .form:
                if var form = state.registration {
                    FormReducer.focus(&form, on: index, context: context)
                    state.registration = form
                }
            case .action: state.action?.form.focus(on: index)
            case .entry: state.entry?.form.focus(on: index)
            case .escalation: EscalationReducer.focus(&state, on: index, context: context)
            default: break
            }
        case .showTab(let index):
            let before = state.mode
            if let pane = DeskPane(rawValue: index) { Navigation.show(pane, &state, context: context) }
            return AccessReducer.entering(from: before, state)
                + ReportView.entering(from: before, &state, context: context)
        case .nextTab, .previousTab:
            let before = state.mode
            Navigation.switchTab(&state, by: command == .nextTab ? 1 : -1, context: context)
            return AccessReducer.entering(from: before, state)
                + ReportView.entering(from: before, &state, context: context)
        case .linkContact:
            EntryReducer.openLink(&state, context: context)
        case .partnersChanged(let directory, let message, let organisation, let contact):
            state.setPartners(directory)
            if let organisation,
                let index = state.partnerRows.firstIndex(where: {
                    $0.organisation.id == organisation && (contact == nil || $0.contact?.id == contact)
                })
            {
                state.partnerSelection = index
            }
            if state.mode == .entry, let entry = state.entry {
                state.route = entry.returnTo.route
            }
            state.message = .init(text: message, isError: false)
        case .consultationLogged(let log, let id, let corrected):
            state.setConsultations(log, select: id)
            state.route = (state.entry?.returnTo ?? .consultations).route
            var text = context.text(corrected ? .consultCorrected : .consultSaved, id)
            if let c = log[id],
                let suggestion = log.suggestion(for: c, now: context.clock.now, rule: context.settings.threadRule)
            {
                text +=
                    " "
                    + context.text(
                        .consultSuggestion, c.thread ?? c.id.description,
                        context.text.describe(suggestion, rule: context.settings.threadRule))
            }
            state.message = .init(text: text, isError: false)
        case .consultationsChanged(let log):
            state.setConsultations(log)
        case .privacyGuardReady(let privacy):
            state.privacy = privacy
        default:
            // Everything else is the view's own: asked of the view the route shows.
            return state.mode.view.reduce(&state, command, context: context)
        }
        return []
    }

    /// A selection index after `movement` in a list of `count` rows.
    private static func clamp(_ selection: inout Int, _ scroll: inout Int, count: Int, visible: Int) {
        selection = min(max(0, selection), max(0, count - 1))
        if selection < scroll { scroll = selection }
        if selection >= scroll + visible { scroll = selection - visible + 1 }
        scroll = min(max(0, scroll), max(0, count - visible))
    }

    static func moved(_ index: Int, _ movement: Command.Movement, count: Int, page: Int) -> Int {
        guard count > 0 else { return 0 }
        let target: Int =
            switch movement {
            case .up: index - 1
            case .down: index + 1
            case .pageUp: index - page
            case .pageDown: index + page
            case .first: 0
            case .last: count - 1
            }
        return min(max(0, target), count - 1)
    }

    /// Scrolls a detail of `lines` lines within its content: past its end nothing moves, so the way
    /// back is immediate.
    static func scrollDetail(_ state: inout AppState, _ movement: Command.Movement, lines: Int) {
        let height = max(1, DeskLayout(state.size).pane.height)
        let lastTop = max(0, lines - height)
        state.detailScroll = min(lastTop, moved(state.detailScroll, movement, count: lastTop + 1, page: height))
    }

    /// Keeps the selection on a row and the scroll offset such that the selection is visible.
    static func clampSelection(_ state: inout AppState) {
        clamp(
            &state.partnerSelection, &state.partnerScroll, count: state.partnerRows.count,
            visible: ListTable.visibleRows(state))
        clamp(
            &state.consultationSelection, &state.consultationScroll, count: state.consultationRows.count,
            visible: ListTable.visibleRows(state))
        clamp(
            &state.accessSelection, &state.accessScroll, count: state.accessOverview.count,
            visible: ListTable.visibleRows(state))
        clamp(&state.selection, &state.scroll, count: state.rows.count, visible: visibleRows(state))
    }
}

extension Reducer {
    /// `2026-0003 (afgesloten), 2026-0010 (procesregie)`: where a person is known.
    static func describe(_ known: [KnownPerson], _ context: DeskContext) -> String {
        var seen: Set<CaseID> = []
        return known.filter { seen.insert($0.caseID).inserted }.map {
            "\($0.caseID) (\(context.text.label($0.status)))"
        }.joined(separator: ", ")
    }
}
