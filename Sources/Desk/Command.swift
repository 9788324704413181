import CaseModel
import Screen

/// What the desk can be asked to do: from a key (through the keymap), or the result of an effect.
public enum Command: Hashable, Sendable {
    public enum Movement: Hashable, Sendable { case up, down, pageUp, pageDown, first, last }

    // Queue
    case moveSelection(Movement)
    case startFilter
    case acceptFilter
    case cancelFilter
    case toggleQuickFilter(QuickFilterKind)
    case cycleGemeenteFilter
    case clearFilters
    case openDetail
    case startRegistration
    case openEscalation
    case openAction(ActionForm.Kind)
    case undo
    case showHelp
    case closeHelp
    case quit

    // Detail
    case scrollDetail(Movement)
    case back

    // Form
    case nextField
    case previousField
    case enterInForm
    case saveForm
    case cancelForm
    case formLeft
    case formRight
    case formToggle
    case formHome
    case formEnd

    // Text entry (filter and form)
    case insert(Character)
    case erase
    case eraseForward

    // Terminal and effects' results
    case resize(width: Int, height: Int)
    case caseRegistered(Case, nextID: CaseID)
    case triageSaved(Case, decided: Bool)
    case caseChanged(Case)
    case undone(restored: [Case], removed: [CaseID])
    case timelineLoaded(CaseID, [Case.TimelineEntry])
    case failed(String)

    public enum QuickFilterKind: Hashable, Sendable { case overdue, zsm, mine, agenda }
}

/// What the reducer asks the world to do; the app loop runs these against the store.
public enum Effect: Hashable, Sendable {
    case register(CaseRegistered)
    case loadTimeline(CaseID)
    /// Triage, and the decision when one was made, as one commit.
    case recordTriage(TriageRecorded, DecisionRecorded?)
    /// Events on one case, as one commit.
    case commit(CaseID, [CaseEvent])
    /// Take back the last command of this session.
    case undoLast
}

/// Where a key is looked up: the focused pane or overlay.
public enum KeyScope: String, Hashable, Sendable, CaseIterable {
    case queue, filter, detail, form, escalation, action, help
}
