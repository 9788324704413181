import CaseModel
import CaseStore
import Foundation

/// A colleague's commit on a case, as the desk remembers it to explain a conflict.
public struct ColleagueChange: Hashable, Sendable {
    public var sequence: UInt64
    public var actor: String
    public var at: Date
    public var events: [String]

    public init(sequence: UInt64, actor: String, at: Date, events: [String]) {
        self.sequence = sequence
        self.actor = actor
        self.at = at
        self.events = events
    }
}

/// Everything the desk shows, in one value. Only `reduce` changes it. Equatable, so a reducer
/// test compares the whole state it expects with the one it gets.
public struct AppState: Equatable, Sendable {
    public enum Mode: Hashable, Sendable {
        case queue
        case detail(CaseID)
        case form
        case escalation
        case action
        /// The partner directory (searched with `/`).
        case partners
        case partnerDetail(OrganisationID, ContactID?)
        /// The consultation log, newest first.
        case consultations
        case consultationDetail(ConsultationID)
        /// A consultation, partner or link form.
        case entry
        /// The access log per advisor (Inzage), and one advisor's entries.
        case access
        case accessDetail(String)
        /// The Rapportage pane: a period's figures per group.
        case report
    }

    /// A quick filter on the queue, on top of the search text.
    public enum QuickFilter: Hashable, Sendable {
        case overdue
        case zsm
        case mine
        case gemeente(String)
        /// The cases for the next triage meeting.
        case agenda
        /// Closed cases instead of open ones (most recent first), to find and read them again.
        case closed
        /// Cases where nothing happened for longer than the stagnation threshold (urgency.json).
        case stagnating
        /// "Is this person known?": the cases, open and closed, with a person the search text
        /// names (BSN, name in any order, date of birth, postcode); alone, never with the others.
        case known
    }

    public struct Message: Hashable, Sendable {
        public var text: String
        public var isError: Bool
    }

    /// One row of the queue: a case and its urgency now.
    public struct Row: Hashable, Sendable {
        public var id: CaseID
        public var urgency: Urgency
    }

    public private(set) var cases: [CaseID: Case] = [:]
    /// The closed cases, kept aside: the queue shows them only under the `closed` quick filter.
    public private(set) var closedCases: [CaseID: Case] = [:]

    /// An open or a closed case.
    public func anyCase(_ id: CaseID) -> Case? { cases[id] ?? closedCases[id] }
    /// The partner directory and the consultation log, as the store holds them.
    public var partners = PartnerDirectory()
    public var consultations = ConsultationLog()
    /// Names of everyone in the store, for the consultation form's privacy guard; made when the
    /// first consultation form opens, so a desk that logs none never reads them all.
    public var privacy: PrivacyGuard?
    public var partnerQuery = ""
    /// The directory's lines that match `partnerQuery`.
    public private(set) var partnerRows: [PartnerDirectory.Entry] = []
    public var partnerSelection = 0
    public var partnerScroll = 0
    /// What Consulten is searched for (every word must occur; see `SearchWords`).
    public var consultationQuery = ""
    /// The consultations that match `consultationQuery`, newest first.
    public private(set) var consultationRows: [ConsultationID] = []
    public var consultationSelection = 0
    public var consultationScroll = 0
    public var nextCaseID: CaseID
    /// The open cases that pass the filters, most urgent first.
    public private(set) var rows: [Row] = []
    public private(set) var urgencies: [CaseID: Urgency] = [:]
    private var searchText: [CaseID: String] = [:]
    /// The search and quick filters `rows` were made with, so a search that only grows can narrow
    /// the rows it has instead of filtering and sorting every case again.
    private var rowsMadeWith: RowsMadeWith?

    private struct RowsMadeWith: Hashable, Sendable {
        var needle: SearchWords
        var quick: [QuickFilter]
    }

    /// Where the desk is (a pane, a detail, or a form with its state): see `AppState+Route.swift`.
    public var route: Route = .queue

    public var selection = 0
    public var scroll = 0
    public var filterText = ""
    public var isEditingFilter = false
    public var quickFilters: [QuickFilter] = []
    /// The queue's filters and search text before "is this person known?" took it over; Esc gives them back.
    public var beforeKnownSearch: (quick: [QuickFilter], text: String)? {
        get { knownSearchBackup.map { ($0.quick, $0.text) } }
        set { knownSearchBackup = newValue.map { Filters(quick: $0.quick, text: $0.text) } }
    }
    private var knownSearchBackup: Filters?

    /// The queue's quick filters and search text, kept aside.
    private struct Filters: Hashable, Sendable {
        var quick: [QuickFilter]
        var text: String
    }
    public var detailScroll = 0
    public var timeline: [Case.TimelineEntry]?
    /// Who looked at the case in view and what they did, from the access log (nil: not read, or
    /// the store keeps no access log).
    public var caseAccess: CaseAccess?
    /// The Inzage pane: the advisors with their counts (read when the pane opens), the one in view.
    public var accessOverview: [AdvisorAccessSummary] = []
    public var accessSelection = 0
    public var accessScroll = 0
    public var advisorAccess: AdvisorAccess?
    /// The Rapportage pane: its period, grouping and report.
    public var reportPane = ReportPaneState()
    /// Whether the store keeps an access log (one from before it, opened only to read, keeps none).
    public var hasAccessLog = true
    /// What the background check of the commits' chain found wrong (nil: nothing, or not yet);
    /// the status line says it whenever it has nothing else to say.
    public var storeDamage: String?
    public var isShowingHelp = false
    public var message: Message?
    /// A question in the status line ("… Weggooien? j/N", "… ongedaan maken? j/N"): what is done
    /// when the advisor answers j, and what is said when the answer is anything else.
    public var discardPending: Command?
    public var declinedMessage: TextKey = .discardKept
    /// The terminal's size, in cells.
    public var size: (width: Int, height: Int) {
        get { (terminal.width, terminal.height) }
        set { terminal = Size(width: newValue.width, height: newValue.height) }
    }
    private var terminal: Size

    private struct Size: Hashable, Sendable {
        var width: Int
        var height: Int
    }
    public var isReadOnly: Bool
    /// The other advisors who have the store open now (from the store's presence list).
    public var present: [String] = []
    /// The store's position the state reflects: what a form opened now is made on.
    public var storePosition: UInt64 = 0
    /// The last colleague's commit on each case since the desk opened: who, when, what.
    public var colleagueChanges: [CaseID: ColleagueChange] = [:]
    public var shouldQuit = false
    public var now: Date

    public init(cases: [Case], nextCaseID: CaseID, size: (width: Int, height: Int), isReadOnly: Bool = false, now: Date)
    {
        self.nextCaseID = nextCaseID
        terminal = Size(width: size.width, height: size.height)
        self.isReadOnly = isReadOnly
        self.now = now
        for c in cases {
            if c.status.isOpen {
                self.cases[c.id] = c
                tally(c)
            } else {
                closedCases[c.id] = c
            }
        }
    }

    public var selectedID: CaseID? { rows.indices.contains(selection) ? rows[selection].id : nil }
    public var selectedPartner: PartnerDirectory.Entry? {
        partnerRows.indices.contains(partnerSelection) ? partnerRows[partnerSelection] : nil
    }
    public var selectedConsultation: Consultation? {
        consultationRows.indices.contains(consultationSelection)
            ? consultations[consultationRows[consultationSelection]] : nil
    }

    /// Takes a new partner directory and searches it again, keeping the selection on the same line if it is still there.
    public mutating func setPartners(_ directory: PartnerDirectory) {
        partners = directory
        refilterPartners()
    }

    public mutating func refilterPartners() {
        let keep = selectedPartner.map { ($0.organisation.id, $0.contact?.id) }
        partnerRows = partners.search(partnerQuery)
        if let keep,
            let index = partnerRows.firstIndex(where: { $0.organisation.id == keep.0 && $0.contact?.id == keep.1 })
        {
            partnerSelection = index
        } else {
            partnerSelection = min(partnerSelection, max(0, partnerRows.count - 1))
        }
    }

    /// Takes a new consultation log; `select` puts the selection on one consultation.
    public mutating func setConsultations(_ log: ConsultationLog, select: ConsultationID? = nil) {
        let keep = select ?? selectedConsultation?.id
        consultations = log
        refilterConsultations(keeping: keep)
    }

    public mutating func refilterConsultations(keeping: ConsultationID? = nil) {
        let keep = keeping ?? selectedConsultation?.id
        let words = SearchWords(consultationQuery)
        let newest = consultations.newestFirstIDs
        consultationRows =
            words.isEmpty
            ? newest : newest.filter { words.matches(searchable: consultations[$0]?.searchText ?? "") }
        consultationSelection =
            keep.flatMap { consultationRows.firstIndex(of: $0) }
            ?? min(consultationSelection, max(0, consultationRows.count - 1))
    }

    /// The name words of every person on every case, open and closed, for "is this person known?":
    /// made at its first search and kept up to date as cases come and change (`PersonQuery.words`).
    private var knownNames = KnownNames()

    public var openCount: Int { cases.count }
    /// The header's counts, kept as cases come and go, so drawing a frame never counts 100,000 cases.
    public private(set) var newCount = 0
    public private(set) var overdueCount = 0
    public private(set) var zsmOpenCount = 0
    /// Open cases with no legal ground recorded.
    public private(set) var noGroundCount = 0
    /// What each case adds to the counts: bit 0 new, bit 1 overdue, bit 2 open ZSM request, bit 3 no ground.
    private var tallies: [CaseID: UInt8] = [:]

    /// Counts `c` (as it is in `cases`, with its urgency) in place of what it counted for before.
    private mutating func tally(_ c: Case) {
        untally(c.id)
        var flags: UInt8 = 0
        if c.status == .nieuw { flags |= 1 }
        if urgencies[c.id]?.isOverdue == true { flags |= 2 }
        if c.hasOpenZSMRequest { flags |= 4 }
        if c.lawful?.ground == nil { flags |= 8 }
        tallies[c.id] = flags
        newCount += Int(flags & 1)
        overdueCount += Int((flags >> 1) & 1)
        zsmOpenCount += Int((flags >> 2) & 1)
        noGroundCount += Int((flags >> 3) & 1)
    }

    private mutating func untally(_ id: CaseID) {
        guard let flags = tallies.removeValue(forKey: id) else { return }
        newCount -= Int(flags & 1)
        overdueCount -= Int((flags >> 1) & 1)
        zsmOpenCount -= Int((flags >> 2) & 1)
        noGroundCount -= Int((flags >> 3) & 1)
    }

    /// Takes a case off the desk's indexes and counts.
    private mutating func forget(_ id: CaseID) {
        cases[id] = nil
        urgencies[id] = nil
        searchText[id] = nil
        untally(id)
    }

    /// Takes in the closed cases read after opening (a case the state has already, from a commit
    /// since, stays as it is); a list that shows closed cases is made again.
    public mutating func adoptHistory(_ closed: [Case], context: DeskContext) {
        closedCases.reserveCapacity(closedCases.count + closed.count)
        for c in closed where cases[c.id] == nil && closedCases[c.id] == nil {
            closedCases[c.id] = c
            knownNames.note(c)
        }
        if quickFilters.contains(.closed) || quickFilters.contains(.known) {
            rowsMadeWith = nil
            refilter(context: context)
        }
    }

    /// Recomputes urgencies and the search index for all cases (after loading or a new day).
    public mutating func rescore(context: DeskContext) {
        rowsMadeWith = nil
        urgencies = [:]
        searchText = [:]
        tallies = [:]
        newCount = 0
        overdueCount = 0
        zsmOpenCount = 0
        noGroundCount = 0
        for c in cases.values { index(c, context: context) }
        refilter(context: context)
    }

    /// Adds or replaces one case (the advisor's own change): put where the order says, like a
    /// colleague's, so saving costs a search in the rows, not a sort of every case.
    public mutating func upsert(_ c: Case, context: DeskContext) {
        upsert(contentsOf: [c], removing: [], context: context)
    }

    /// Takes in several cases at once (a colleague's commits). The queue is changed in place, each
    /// changed case taken out and put back where the order says, so one commit costs a search in
    /// the rows, not a filter and sort of every case.
    public mutating func upsert(contentsOf changed: [Case], removing removed: [CaseID], context: DeskContext) {
        let keep = selectedID
        let incremental = rowsMadeWith != nil && !quickFilters.contains(.agenda) && !quickFilters.contains(.closed)
        let gone = Set(removed + changed.map(\.id))
        if incremental { rows.removeAll { gone.contains($0.id) } }
        for id in removed {
            forget(id)
            knownNames.forget(id)
            closedCases[id] = nil
        }
        for c in changed {
            knownNames.note(c)
            guard c.status.isOpen else {
                forget(c.id)
                closedCases[c.id] = c
                continue
            }
            closedCases[c.id] = nil
            cases[c.id] = c
            index(c, context: context)
            if incremental, let urgency = urgencies[c.id],
                passes(c, urgency, needle: rowsMadeWith?.needle ?? SearchWords(""), context)
            {
                let row = Row(id: c.id, urgency: urgency)
                rows.insert(row, at: insertionIndex(for: row))
            }
        }
        guard incremental else {
            rowsMadeWith = nil
            refilter(context: context)
            return
        }
        if let keep, let index = rows.firstIndex(where: { $0.id == keep }) {
            selection = index
        } else {
            selection = min(selection, max(0, rows.count - 1))
        }
    }

    /// Where an open case stands in the whole queue (most urgent first), whatever search or quick
    /// filter is in force: its place and the number of open cases. Unfiltered it is the row's
    /// index; filtered, the cases before it are counted (one pass, only when a detail is drawn).
    public func queuePosition(of id: CaseID) -> (index: Int, count: Int)? {
        guard let urgency = urgencies[id], cases[id] != nil else { return nil }
        if quickFilters.isEmpty, filterText.isEmpty, let index = rows.firstIndex(where: { $0.id == id }) {
            return (index, rows.count)
        }
        let row = Row(id: id, urgency: urgency)
        var before = 0
        for (other, otherUrgency) in urgencies
        where other != id && comesBefore(Row(id: other, urgency: otherUrgency), row) {
            before += 1
        }
        return (before, cases.count)
    }

    /// Where `row` goes in the sorted rows (binary search with the queue's own order).
    private func insertionIndex(for row: Row) -> Int {
        var low = 0
        var high = rows.count
        while low < high {
            let middle = (low + high) / 2
            if comesBefore(rows[middle], row) { low = middle + 1 } else { high = middle }
        }
        return low
    }

    /// The queue's order: most urgent first, then longest waiting, then by number.
    private func comesBefore(_ a: Row, _ b: Row) -> Bool {
        if a.urgency.total != b.urgency.total { return a.urgency.total > b.urgency.total }
        let ra = cases[a.id]?.receivedAt ?? now
        let rb = cases[b.id]?.receivedAt ?? now
        if ra != rb { return ra < rb }
        return a.id < b.id
    }

    /// Whether a case belongs in the rows under the search text and quick filters in force.
    private func passes(_ c: Case, _ urgency: Urgency, needle: SearchWords, _ context: DeskContext) -> Bool {
        if !needle.isEmpty, !needle.matches(searchable: searchText[c.id] ?? "") { return false }
        return quickFilters.allSatisfy { passes(c, urgency, $0, context) }
    }

    /// Takes a case off the desk (an undone registration).
    public mutating func remove(_ id: CaseID, context: DeskContext) {
        upsert(contentsOf: [], removing: [id], context: context)
    }

    private mutating func index(_ c: Case, context: DeskContext) {
        urgencies[c.id] = context.urgency(of: c, at: now)
        tally(c)
        searchText[c.id] = Self.searchable(c)
    }

    /// What the queue's search looks in: number, names of everyone on the case, BSN, gemeente,
    /// wijkteam and reason.
    static func searchable(_ c: Case) -> String {
        let people = c.persons.flatMap { [$0.name, $0.bsn?.description ?? ""] }
        return Vocabulary.searchable(
            ([c.id.description] + people + [c.gemeente, c.wijkteam ?? "", c.reason]).joined(separator: "\u{1F}"))
    }

    /// Applies the search text and quick filters, sorts, and keeps the selection on the same case.
    public mutating func refilter(context: DeskContext) {
        if quickFilters.contains(.known) { knownNames.make(from: cases.values, closedCases.values) }
        let keep = selectedID
        let needle = SearchWords(filterText)
        if let made = rowsMadeWith, made.quick == quickFilters, !quickFilters.contains(.closed),
            !quickFilters.contains(.known),
            !made.needle.isEmpty || rows.count == cases.count, needle.narrows(made.needle)
        {
            // Typing on: every row that matches now matched before, and the order stays.
            rows = rows.filter { needle.matches(searchable: searchText[$0.id] ?? "") }
        } else {
            rows = filteredAndSorted(needle: needle, context: context)
        }
        rowsMadeWith = RowsMadeWith(needle: needle, quick: quickFilters)
        if let keep, let index = rows.firstIndex(where: { $0.id == keep }) {
            selection = index
        } else {
            selection = min(selection, max(0, rows.count - 1))
        }
    }

    private func filteredAndSorted(needle: SearchWords, context: DeskContext) -> [Row] {
        if quickFilters.contains(.known) {
            // Open cases first (most urgent first), then closed ones, most recent first.
            let query = PersonQuery(filterText)
            guard !query.isEmpty else { return [] }
            var open: [Row] = []
            var closed: [Row] = []
            for id in knownNames.cases(matching: query) ?? [] {
                if cases[id] != nil, let urgency = urgencies[id] {
                    open.append(Row(id: id, urgency: urgency))
                } else if closedCases[id] != nil {
                    closed.append(Row(id: id, urgency: Urgency.none))
                }
            }
            open.sort(by: comesBefore)
            closed.sort { $0.id > $1.id }
            return open + closed
        }
        if quickFilters.contains(.closed) {
            // Closed cases count nothing: the most recently registered first.
            return closedCases.values.filter { c in
                needle.matches(searchable: Self.searchable(c))
            }.sorted { $0.id > $1.id }.map { Row(id: $0.id, urgency: Urgency.none) }
        }
        let agenda = quickFilters.contains(.agenda) ? context.agenda([], at: now) : nil
        var result: [Row] = []
        result.reserveCapacity(cases.count)
        for (id, c) in cases {
            guard let urgency = urgencies[id] else { continue }
            if !needle.isEmpty, !needle.matches(searchable: searchText[id] ?? "") { continue }
            if !quickFilters.allSatisfy({ passes(c, urgency, $0, context) }) { continue }
            if let agenda, !agenda.contains(c) { continue }
            result.append(Row(id: id, urgency: urgency))
        }
        result.sort(by: comesBefore)
        return result
    }

    private func passes(_ c: Case, _ urgency: Urgency, _ filter: QuickFilter, _ context: DeskContext) -> Bool {
        switch filter {
        case .overdue: return urgency.isOverdue
        case .zsm: return c.hasOpenZSMRequest || c.source == .omZSM
        case .mine: return c.advisor == context.advisor
        case .gemeente(let name): return c.gemeente == name
        case .agenda: return true  // checked against the agenda's cut-off in filteredAndSorted
        case .closed: return false  // closed cases are listed apart, in filteredAndSorted
        case .stagnating: return urgency.parts.contains { if case .stagnating = $0.part { true } else { false } }
        case .known: return false  // listed apart, in filteredAndSorted
        }
    }
}

/// The access log's entries about one case, newest last, as the detail shows them.
public struct CaseAccess: Hashable, Sendable {
    public var caseID: CaseID
    public var entries: [AccessEntry]
    /// How many there were in all (the detail shows the newest).
    public var total: Int
}
