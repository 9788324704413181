import CaseModel
import CaseStore
import Screen
import Workplace

/// What the desk can be asked to do: from a key (through the keymap), or the result of an effect.
public enum Command: Hashable, Sendable {
    public enum Movement: Hashable, Sendable { case up, down, pageUp, pageDown, first, last }

    // Queue
    case moveSelection(Movement)
    case startFilter
    /// "Is this person known?": a search by BSN, name, date of birth or postcode over every person
    /// on every case, open and closed.
    case searchKnown
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
    /// Ctrl-C: quit, but a form with input in it asks first.
    case interrupt
    /// The answer to "… Weggooien? j/N" (`yes`: j or y; anything else keeps the input).
    case answerDiscard(yes: Bool)

    /// Shift with ←, →, Home or End in a text field: the selection grows.
    case formSelect(TextEdit)

    // The mouse
    /// A click on a list's row: selects it, or opens it when it is selected already.
    case clickRow(Int)
    /// A click on a form's field: the focus goes there.
    case focusField(Int)

    // Detail
    case scrollDetail(Movement)
    case back
    /// Link a contact person to the case shown.
    case linkContact

    // Panes (the tab bar): Wachtrij, Escalatie, Partners, Consulten
    /// The pane at this place in the tab bar (keys 1–5).
    case showTab(Int)
    case nextTab
    case previousTab

    // Partners (Enter, `openDetail`, opens the selected contact)
    case newPartner
    case editPartner
    /// The advisor spoke to the selected contact today.
    case contactReached

    // Rapportage
    /// The period before (-1) or after (+1) the one shown.
    case reportPeriod(Int)
    /// Month, quarter, year, in turn.
    case reportSpan
    /// Total, per gemeente, wijkteam, source, advisor, in turn.
    case reportGrouping

    // Consulten
    case newConsultation
    /// Register the selected consultation's situation as a case.
    case registerConsultation
    case editConsultation

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
    /// The registration's person is on these cases already; nothing was written.
    case registrationKnown([KnownPerson])
    case triageSaved(Case, decided: Bool)
    case caseChanged(Case)
    /// `what`: the undone step as the timeline names it ("afschalen naar Wijkteam Noord …").
    case undone(restored: [Case], removed: [CaseID], what: String)
    /// The last change is on `id`, not in view: ask before taking it back.
    case confirmUndo(CaseID, what: String)
    /// The answer j to that question.
    case undoConfirmed
    /// Ctrl-R: makes the change undo took back again.
    case redo
    case redone([Case], message: String)
    case timelineLoaded(CaseID, [Case.TimelineEntry])
    case accessLoaded(CaseAccess)
    case accessOverviewLoaded([AdvisorAccessSummary])
    case advisorAccessLoaded(AdvisorAccess)
    case reportReady(Report)
    case partnersChanged(PartnerDirectory, message: String, select: OrganisationID?, ContactID?)
    case consultationLogged(ConsultationLog, ConsultationID, corrected: Bool)
    case consultationsChanged(ConsultationLog)
    case privacyGuardReady(PrivacyGuard)
    /// Colleagues' commits arrived: what they changed, as the store now holds it.
    case storeUpdated(StoreUpdate)
    /// Who else has the store open changed.
    case presenceChanged([String])
    /// The store's position after the desk's own commit (what forms opened from now on are made on).
    case storePositioned(UInt64)
    /// The open form was told of a colleague's change: from now on it is made on `position`.
    case formRebased(UInt64)
    case failed(String)
    /// Something done, said in the status line (not an error).
    case said(String)

    public enum QuickFilterKind: Hashable, Sendable { case overdue, zsm, mine, agenda, closed, stagnating }
}

/// What colleagues' commits changed, for the desk to take in without a reload.
public struct StoreUpdate: Hashable, Sendable {
    /// The touched cases as they now are (closed ones leave the queue).
    public var cases: [Case]
    /// Cases that no longer exist (an undone registration).
    public var removed: [CaseID]
    /// The directory and the log, when a commit changed them.
    public var partners: PartnerDirectory?
    public var consultations: ConsultationLog?
    public var nextCaseID: CaseID
    /// Who made the commits, in order.
    public var actors: [String]
    /// The last of the commits on each touched case.
    public var changes: [CaseID: ColleagueChange]

    public init(
        cases: [Case], removed: [CaseID], partners: PartnerDirectory?, consultations: ConsultationLog?,
        nextCaseID: CaseID, actors: [String], changes: [CaseID: ColleagueChange] = [:]
    ) {
        self.cases = cases
        self.removed = removed
        self.partners = partners
        self.consultations = consultations
        self.nextCaseID = nextCaseID
        self.actors = actors
        self.changes = changes
    }
}

/// What the reducer asks the world to do; the app loop runs these against the store.
public enum Effect: Hashable, Sendable {
    /// A registration, and the consultations it registers (promoted in the same commit).
    /// `knownAccepted`: the advisor was told the person is on a case already, and registers anyway.
    case register(RegistrationDraft, promoting: [ConsultationID], knownAccepted: Bool)
    case loadTimeline(CaseID)
    /// A step on a case (triage, decision, review, handback, ...), through the use cases, as one
    /// commit made on the store at `basis` (when the form opened).
    case perform(CaseChange, basis: UInt64)
    /// Take back the last command of this session.
    /// `in`: only that case's last change (the detail in view); `confirmed`: the advisor knows
    /// which change it is (else a change on another case than the one in view is asked about).
    case undoLast(in: CaseID?, confirmed: Bool)
    case redoLast
    /// Changes to the partner directory, as one commit; `message` is said once they are on disk.
    case recordPartners([PartnerEvent], message: String)
    /// A new consultation (`.logged`) or a correction (`.corrected`), as one commit.
    case recordConsultation(ConsultationEvent)
    /// Collect the names in the store for the privacy guard.
    case preparePrivacyGuard
    /// Read the Inzage pane's advisors and counts; one advisor's entries.
    case loadAccessOverview
    case loadAdvisorAccess(String)
    /// Make the report of a period, grouped so (noted in the access log).
    case makeReport(ReportPeriod, ReportGrouping)
}

/// Where a key is looked up: the focused pane or overlay.
extension Command {
    /// True for what reads only the open cases (moving through and searching the queue): the desk
    /// answers it while the closed history and the consultation log are still being read after
    /// opening. Everything else waits for them (a case's file shows the consultations it came
    /// from; a change, "is this person known?", the closed cases, another pane).
    var worksWithoutHistory: Bool {
        switch self {
        case .moveSelection, .scrollDetail, .startFilter, .acceptFilter, .cancelFilter, .insert, .erase,
            .eraseForward, .back, .showHelp, .closeHelp, .quit, .interrupt, .resize,
            .cycleGemeenteFilter, .clearFilters:
            true
        case .toggleQuickFilter(let kind): kind != .closed
        default: false
        }
    }
}

public enum KeyScope: String, Hashable, Sendable, CaseIterable {
    case queue, filter, detail, form, escalation, action, partners, partnerDetail, consultations, consultationDetail,
        entry, access, accessDetail, report, help
}

extension Command {
    /// What the command does to a focused text field, if it is an edit of one.
    var textEdit: TextEdit? {
        switch self {
        case .insert(let character): .insert(character)
        case .erase: .erase
        case .eraseForward: .eraseForward
        case .formLeft: .left
        case .formRight: .right
        case .formHome: .home
        case .formEnd: .end
        case .formSelect(let edit): edit
        default: nil
        }
    }
}
