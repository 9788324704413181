import CaseModel
import CaseStore
import Foundation
import Screen
import Workplace

/// The desk's loop: one loop hears the terminal, the store and the clock. It waits on the
/// terminal's input and the store's change descriptor at once (`poll`); a key is mapped through the
/// keymap to a command and reduced; a colleague's commit is caught up and reduced the same way;
/// effects run against the store; then the frame is rendered, diffed, and only changed cells go
/// out. One thread owns the state and the terminal.
@MainActor
public final class DeskApp {
    public internal(set) var state: AppState
    let store: CaseStore
    private let terminal: TerminalBackend
    let context: DeskContext
    private var previous: ScreenBuffer?
    private var lastScoredMinute: Int
    /// This session's commits, newest last, with the cases as they were before each: what `u` restores.
    private var undoStack: [(sequence: UInt64, before: [(CaseID, Case?)], events: [CaseEvent])] = []
    /// What undo took back, newest last: Ctrl-R writes it again (cleared by any new change).
    private var redoStack: [(caseID: CaseID, events: [CaseEvent])] = []
    var watch = StoreWatch()
    /// Every commit this session wrote (undo commits included): later commits that are not among
    /// them are a colleague's, and end what can be undone on the cases they touched.
    private var ownSequences = Set<UInt64>()
    /// The store position the state has taken in; colleagues' commits after it are still to show.
    private var shownPosition: UInt64
    /// The store could not be reached the last time the desk asked (a database server that went away).
    private var storeUnreachable = false
    /// A change was seen but could not be taken in: take it in at the next chance, change or not.
    private var catchUpPending = false
    /// When presence was last read without a change prompting it (a crashed colleague leaves none).
    private var presenceReadAt = 0
    /// The queue's search text as last seen, and the last one shown that is still to be noted in
    /// the access log: a search typed letter by letter is noted once, by its shape, when written.
    private var seenSearch = ""
    private var unloggedSearch: (text: String, known: Bool, count: Int)?
    /// When the access log was last written: views are noted at once and written in groups.
    private var accessWrittenAt = 0
    /// How long noted accesses may wait before they are written (and at the latest when the desk closes).
    static let accessFlushMilliseconds = 2_000
    /// How many of a case's access log entries its detail shows (the newest).
    static let accessShown = 8
    /// The Rapportage pane's reports made at one store position and day, by period and grouping.
    var reports: (made: String, byKey: [String: Report]) = ("", [:])
    /// The case whose file is open: its view is noted once, when it opens.
    private var viewedCase: CaseID?
    /// Whether the chain still has commits to verify (the scrub goes on while the desk is idle).
    var scrubbing = true
    var scrubbedTo: UInt64 = 0
    /// When the scrub's next slice may run: each slice is followed by four times its own length of
    /// rest, so verifying in the background takes at most a fifth of a core. Back to back, a
    /// region's 1.2 million commits kept 84 % of a core busy for minutes after opening.
    var nextScrubAt = 0
    /// The database's own check of the whole file, started once the chain has been verified.
    var storageCheck: StorageCheck?
    var storageCheckStarted = false

    public init(store: CaseStore, terminal: TerminalBackend, context: DeskContext) {
        self.store = store
        self.terminal = terminal
        self.context = context
        shownPosition = store.position
        let now = context.clock.now
        state = AppState(
            cases: Array(store.book.cases.values),
            nextCaseID: store.book.nextCaseID(year: CalendarDate(now, in: context.timeZone).year),
            size: terminal.size, isReadOnly: store.isReadOnly, now: now)
        lastScoredMinute = Int(now.timeIntervalSince1970 / 60)
        state.rescore(context: context)
        state.setPartners(store.partners)
        // The consultation log comes with the closed history (`takeHistory`), not before the first frame.
        if !store.isHistoryPending { state.setConsultations(store.consultations) }
        state.present = others(store.present())
        state.storePosition = store.position
        state.hasAccessLog = store.access != nil
        // The queue shows every open case by name: opening the desk is a list of them.
        store.access?.record(.list, what: "desk", count: state.rows.count)
        if let damage = store.damage {
            // Opened as far as it is intact: said for as long as the desk is open.
            state.storeDamage = context.text(.deskOpenedDamaged, damage.sequence, context.text.message(damage.error))
            scrubbing = false
            scrubbedTo = UInt64.max
        } else if let notice = store.notices.first {
            state.message = .init(text: context.text.describe(notice), isError: false)
        } else if let problem = context.instrumentProblem {
            state.message = .init(text: context.text(.instrumentKept, problem), isError: true)
        }
    }

    /// Runs until the person quits or `interrupted()` says a signal asked to stop; `interruptRequested()`
    /// says Ctrl-C came (quit, asking first when a form holds input).
    public func run(interrupted: () -> Bool, interruptRequested: () -> Bool = { false }) {
        draw()
        var backlog = false
        while !state.shouldQuit && !interrupted() {
            let woken =
                backlog
                ? Waiter.Ready()
                : Waiter.wait(
                    terminal: terminal.inputDescriptor, store: store.log.changeDescriptor,
                    timeoutMilliseconds: scrubWait(now: Waiter.milliseconds()))
            if woken.store {
                store.log.drainChangeDescriptor()
                watch.woken(now: Waiter.milliseconds())
            }
            backlog = false
            if interruptRequested() { interrupt() }
            // With no descriptor to wait on (a terminal in memory), the terminal waits itself.
            var next = terminal.nextEvent(
                timeoutMilliseconds: terminal.inputDescriptor == nil && !woken.store ? 100 : 0)
            var handled = 0
            // Typed ahead or pasted: take what is already waiting before drawing again.
            while let event = next, !state.shouldQuit {
                handle(event)
                handled += 1
                if handled >= 256 {
                    backlog = true
                    break
                }
                next = terminal.nextEvent(timeoutMilliseconds: 0)
            }
            if watch.isDue(now: Waiter.milliseconds()) { refreshFromStore() }
            if store.hasHistoryToHand { takeHistory(wait: false) }
            tick()
            draw()
            writeAccess(force: false)
            if !backlog && next == nil { scrubWhileIdle() }
        }
        writeAccess(force: true)
    }

    /// Writes the summary of a sharing just recorded (only its categories; see `ShareSummary`) as
    /// a private file in `SCHAKEL_SHARE_DIR`, else the directory the desk was started in, and says
    /// where. Noted in the access log as an export.
    private func writeSummary(_ c: Case, _ sharing: Sharing) -> Command {
        store.access?.record(.export, cases: [c.id.description], what: "share", count: 1)
        let folder =
            ProcessInfo.processInfo.environment["SCHAKEL_SHARE_DIR"].flatMap { $0.isEmpty ? nil : $0 }
            ?? FileManager.default.currentDirectoryPath
        let path = (folder as NSString).expandingTildeInPath + "/\(c.id)-deling-\(sharing.number).md"
        let text = ShareSummary.markdown(c, sharing: sharing, context: context)
        do throws(StoreError) { try PrivateFile.write(Array(text.utf8), to: path) } catch {
            return .failed(context.text(.actionSharedNoFile, c.id, sharing.recipient, context.text.message(error)))
        }
        // Where LibreOffice Writer is installed, a PDF beside it: a second or two, during which the
        // desk waits (at most half a minute; the command line waits longer).
        guard let converter = PDFExport.converter() else {
            return .said(context.text(.actionShared, c.id, sharing.recipient, path))
        }
        let pdf = String(path.dropLast(3)) + ".pdf"
        do throws(PDFExport.Failure) {
            try PDFExport.write(
                ShareSummary.flatODT(c, sharing: sharing, context: context), to: pdf, converter: converter, limit: 30)
        } catch {
            return .said(context.text(.actionSharedNoPDF, c.id, sharing.recipient, path))
        }
        return .said(context.text(.actionSharedPDF, c.id, sharing.recipient, path, pdf))
    }

    /// Notes the queue's search if it changed since it was last noted, and writes what was noted
    /// once it has waited long enough (or now, when `force`), after the frame is drawn, so a view
    /// never waits for the disk. What cannot be written stays noted and is tried again.
    public func writeAccess(force: Bool) {
        guard let access = store.access else { return }
        // Back in a list: the next time the case opens is a view of its own.
        if [.queue, .partners, .consultations].contains(state.mode) { viewedCase = nil }
        let query = state.filterText.trimmingCharacters(in: .whitespaces)
        if query != seenSearch {
            seenSearch = query
            if !query.isEmpty {
                unloggedSearch = (query, state.quickFilters.contains(.known), state.rows.count)
            }
        }
        let now = Waiter.milliseconds()
        guard access.unwritten > 0 || unloggedSearch != nil,
            force || now - accessWrittenAt >= Self.accessFlushMilliseconds
        else { return }
        accessWrittenAt = now
        if let search = unloggedSearch {
            access.record(
                .search, what: search.known ? "known" : "queue", count: search.count, query: QueryShape(search.text))
            unloggedSearch = nil
        }
        do throws(StoreError) { try access.flush() } catch {
            state.message = .init(text: context.text(.accessNotWritten, context.text.message(error)), isError: true)
        }
    }

    /// Takes in what others committed since the desk last looked (the tests call this directly).
    public func refreshFromStore() {
        watch.checked(now: Waiter.milliseconds())
        do {
            let changed = try store.log.hasChanged() || catchUpPending
            if storeUnreachable {
                storeUnreachable = false
                state.message = .init(text: context.text(.liveBack), isError: false)
            }
            let now = Waiter.milliseconds()
            guard changed || now - presenceReadAt > 30_000 else { return }
            presenceReadAt = now
            catchUpPending = true
            try store.catchUp()
            catchUpPending = false
            let names = others(store.present())
            if names != state.present { send(.presenceChanged(names)) }
            for command in try colleaguesCommits() { send(command) }
        } catch {
            storeUnreachable = true
            state.message = .init(text: context.text(.liveLost, context.text.message(error)), isError: true)
        }
    }

    /// The colleagues' commits the store applied that the state has not taken in yet: caught up
    /// here, or applied by the store while it rebased one of this desk's own changes.
    private func colleaguesCommits() throws(StoreError) -> [Command] {
        guard store.position > shownPosition else { return [] }
        let applied = store.position
        let commits = try store.commits(after: shownPosition).filter {
            $0.sequence <= applied && !ownSequences.contains($0.sequence)
        }
        shownPosition = applied
        return (commits.isEmpty ? [] : [.storeUpdated(update(from: commits))]) + [.storePositioned(applied)]
    }

    /// What the commits changed, as the store now holds it.
    private func update(from commits: [Commit]) -> StoreUpdate {
        var touched: [CaseID] = []
        var seen = Set<CaseID>()
        for commit in commits {
            for id in commit.events.map(\.caseID) + commit.partnerEvents.compactMap(\.caseID)
            where seen.insert(id).inserted {
                touched.append(id)
            }
        }
        return StoreUpdate(
            cases: touched.compactMap { store.book[$0] }, removed: touched.filter { store.book[$0] == nil },
            partners: commits.contains { !$0.partnerEvents.isEmpty } ? store.partners : nil,
            consultations: commits.contains { !$0.consultationEvents.isEmpty } ? store.consultations : nil,
            nextCaseID: store.book.nextCaseID(year: context.today.year), actors: commits.map(\.actor),
            changes: changes(in: commits))
    }

    /// What the open partner or consultation form was made on (its effect runs while it is open).
    private func formBasis() -> UInt64? {
        state.entry.map { min($0.basis, store.position) }
    }

    /// The last commit on each case among `commits`.
    private func changes(in commits: [Commit]) -> [CaseID: ColleagueChange] {
        var result: [CaseID: ColleagueChange] = [:]
        for commit in commits {
            let names = commit.events.map(\.typeName) + commit.partnerEvents.map(\.typeName)
            for id in commit.events.map(\.caseID) + commit.partnerEvents.compactMap(\.caseID) {
                result[id] = ColleagueChange(
                    sequence: commit.sequence, actor: commit.actor, at: commit.at, events: names)
            }
        }
        return result
    }

    /// gethostname() and Foundation's host name may differ in their domain part.
    private static func sameHost(_ a: String, _ b: String) -> Bool {
        a == b || a.split(separator: ".").first == b.split(separator: ".").first
    }

    /// The advisors in the presence list other than this process.
    private func others(_ present: [Presence]) -> [String] {
        var names: [String] = []
        let me = (host: ProcessInfo.processInfo.hostName, pid: getpid())
        for p in present where !(p.pid == me.pid && Self.sameHost(p.host, me.host)) && !names.contains(p.advisor) {
            names.append(p.advisor)
        }
        return names
    }

    /// Handles one input event (the tests drive the desk through this).
    public func handle(_ event: InputEvent) {
        switch event {
        case .resize(let width, let height):
            send(.resize(width: width, height: height))
            previous = nil
        case .key(let key):
            if let command = DeskKeymap.command(for: key, in: state, context: context) { send(command) }
        case .paste(let text):
            for command in DeskKeymap.commands(forPaste: text, in: state, context: context) { send(command) }
        case .mouse(let event):
            for command in DeskMouse.commands(for: event, in: state, context: context) { send(command) }
        }
    }

    /// Ctrl-C: quits, asking first when a form holds input.
    public func interrupt() { send(.interrupt) }

    /// Takes in the closed cases the store read on another thread since opening (`Scope.openFirst`),
    /// once they are there (or now, waiting for them, when `wait`).
    public func takeHistory(wait: Bool) {
        do throws(StoreError) {
            guard let closed = try store.takeHistory(wait: wait) else { return }
            state.adoptHistory(closed, context: context)
            state.setConsultations(store.consultations)
        } catch {
            state.message = .init(text: context.text.message(error), isError: true)
        }
    }

    /// Re-scores the queue when time has moved on (ZSM deadlines count in hours).
    private func tick() {
        let now = context.clock.now
        let minute = Int(now.timeIntervalSince1970 / 60)
        guard minute != lastScoredMinute else { return }
        lastScoredMinute = minute
        state.now = now
        state.rescore(context: context)
    }

    private func send(_ command: Command) {
        // Anything but moving through the open cases waits for the closed ones (at most the rest
        // of their reading, in the first seconds after opening).
        if store.hasHistoryToHand && !command.worksWithoutHistory { takeHistory(wait: true) }
        var queue = [command]
        while !queue.isEmpty {
            let next = queue.removeFirst()
            for effect in Reducer.reduce(&state, next, context: context) {
                queue += run(effect)
            }
        }
    }

    private func run(_ effect: Effect) -> [Command] {
        let results = perform(effect)
        // A change that was rebased took colleagues' commits in on the way: show them too.
        return ((try? colleaguesCommits()) ?? []) + results + [.storePositioned(store.position)]
    }

    private func perform(_ effect: Effect) -> [Command] {
        do throws(StoreError) {
            switch effect {
            case .register(let draft, let promoting, let knownAccepted):
                let made: Workplace.Registered
                do throws(WorkError) {
                    made = try Workplace(store: store, rules: context.rules).register(
                        draft, promoting: promoting, knownAccepted: knownAccepted)
                } catch {
                    return try refused(error)
                }
                // Undoing a promotion would leave its consultations pointing at a case that is gone.
                remember(made.written, undoable: promoting.isEmpty)
                let stored = made.registered
                let registered = Command.caseRegistered(stored, nextID: store.book.nextCaseID(year: context.today.year))
                return promoting.isEmpty ? [registered] : [.consultationsChanged(store.consultations), registered]
            case .loadTimeline(let id):
                // Opening a case's file is noted in the access log, once per visit (a save reloads it).
                if viewedCase != id {
                    viewedCase = id
                    store.access?.record(.view, cases: [id.description], what: "detail")
                }
                var loaded: [Command] = [.timelineLoaded(id, try store.timeline(of: id))]
                if let access = store.access {
                    let entries = try access.entries(about: id.description, limit: Self.accessShown + 1)
                    loaded.append(
                        .accessLoaded(
                            CaseAccess(
                                caseID: id, entries: Array(entries.suffix(Self.accessShown)),
                                total: entries.count > Self.accessShown
                                    ? try access.count(about: id.description) : entries.count)))
                }
                return loaded
            case .perform(let change, let basis):
                let rules = context.rules
                let written: CaseStore.Written
                do throws(WorkError) {
                    written = try Workplace(store: store, rules: rules).perform(change, basis: basis)
                } catch {
                    return try refused(error)
                }
                remember(written, undoable: true)
                guard let stored = store.book[change.caseID] else {
                    return [.failed(context.text(.errorStore, change.caseID))]
                }
                if case .triage(_, let decision) = change { return [.triageSaved(stored, decided: decision != nil)] }
                if case .share = change, let sharing = stored.sharings.last {
                    return [.caseChanged(stored), writeSummary(stored, sharing)]
                }
                return [.caseChanged(stored)]
            case .undoLast(let id, let confirmed):
                return [try undoLast(in: id, confirmed: confirmed)]
            case .redoLast:
                return [try redoLast()]
            case .recordPartners(let events, let message):
                let written = try store.commit(
                    [], partnerEvents: events, basis: formBasis(), at: context.clock.now, actor: context.advisor)
                ownSequences.insert(written.sequence)
                undoStack.removeAll()
                // The selection follows what was added or changed last (numbered as written).
                var organisation: OrganisationID?
                var contact: ContactID?
                for event in written.partnerEvents {
                    switch event {
                    case .organisationRecorded(let o):
                        organisation = o.id
                        contact = nil
                    case .contactRecorded(let c):
                        organisation = c.organisation
                        contact = c.id
                    default: break
                    }
                }
                return [.partnersChanged(store.partners, message: message, select: organisation, contact)]
            case .preparePrivacyGuard:
                return [.privacyGuardReady(PrivacyGuard(cases: store.book.cases.values))]
            case .loadAccessOverview:
                return [.accessOverviewLoaded(try AccessPane.overview(store, advisor: context.advisor))]
            case .loadAdvisorAccess(let advisor):
                // Reading what an advisor did is itself an access: to the log, about no case.
                store.access?.record(.report, what: "access-log-advisor:" + advisor)
                return [.advisorAccessLoaded(try AccessPane.entries(store, of: advisor))]
            case .makeReport(let period, let grouping):
                return [.reportReady(report(period, grouping))]
            case .recordConsultation(let event):
                let written = try store.commit(
                    [], consultationEvents: [event], basis: formBasis(), at: context.clock.now, actor: context.advisor)
                ownSequences.insert(written.sequence)
                undoStack.removeAll()
                switch written.consultationEvents.first ?? event {
                case .logged(let c): return [.consultationLogged(store.consultations, c.id, corrected: false)]
                case .corrected(let c): return [.consultationLogged(store.consultations, c.id, corrected: true)]
                case .promoted, .purged: return [.consultationsChanged(store.consultations)]
                }
            }
        } catch {
            let said = Command.failed(context.text.describe(error, timeZone: context.timeZone))
            // The advisor has now seen the colleague's change: a second F2 is made on it.
            if case .conflict = error { return [said, .formRebased(store.position)] }
            return [said]
        }
    }

    /// A use case's refusal as the status line says it; the store's own refusal is thrown on, so it
    /// is said as every store refusal is (a conflict also moves the form's basis on).
    private func refused(_ error: WorkError) throws(StoreError) -> [Command] {
        switch error {
        case .store(let refusal): throw refusal
        case .invalid(let errors):
            return [.failed(errors.errors.map { context.text.message(for: $0) }.joined(separator: "; "))]
        case .unknownCase(let id): return [.failed(context.text(.errorStore, id))]
        case .alreadyKnown(let known): return [.registrationKnown(known)]
        }
    }

    /// Commits `events` and remembers how the cases were, for undo. (`u` takes back case commands
    /// only; a partner or consultation change, or a registration from consultations, ends what can
    /// be undone, so `u` never skips over it to an older command.)
    @discardableResult
    private func commit(_ events: [CaseEvent], consultationEvents: [ConsultationEvent] = [], basis: UInt64? = nil)
        throws(StoreError) -> Commit
    {
        // `prior`: the cases as they were just before this commit, after any colleague's commit it
        // was rebased on, so undo never restores over a colleague's change.
        // A form's basis is what it was made on; colleagues' commits since then may contest it.
        let written = try store.write(
            events, [], consultationEvents, basis: basis.map { min($0, store.position) },
            at: context.clock.now, actor: context.advisor)
        // Undoing a promotion would leave its consultations pointing at a case that is gone.
        remember(written, undoable: consultationEvents.isEmpty)
        return written.commit
    }

    /// This session's own commit: not a colleague's, and (when `undoable`) the next one `u` takes back.
    private func remember(_ written: CaseStore.Written, undoable: Bool) {
        ownSequences.insert(written.commit.sequence)
        if undoable {
            undoStack.append((written.commit.sequence, written.prior, written.commit.events))
        } else {
            undoStack.removeAll()
        }
        redoStack.removeAll()
    }

    /// What a commit did, as the timeline says it ("afschalen naar …; taak T2 klaar").
    private func describe(_ events: [CaseEvent]) -> String {
        events.map { DetailPane.describe($0, context.text) }.joined(separator: "; ")
    }

    /// Takes back this session's last command (with `id`: its last command on that case) with
    /// compensating events, as one commit, and says what it took back. Allowed while no later
    /// commit of anyone touched the same cases. Unconfirmed, a change on a case not in view is
    /// asked about first.
    private func undoLast(in id: CaseID?, confirmed: Bool) throws(StoreError) -> Command {
        try store.catchUp()
        let index =
            id.map { wanted in undoStack.lastIndex { $0.before.contains { $0.0 == wanted } } } ?? undoStack.indices.last
        guard let index else {
            return .failed(id.map { context.text(.undoNothingHere, $0) } ?? context.text(.undoNothing))
        }
        let last = undoStack[index]
        // Anyone else's later commit that mentions the cases (a step, a linked contact, a
        // registered consultation) ends what can be undone: undo would erase it or leave it dangling.
        let ids = Set(last.before.map(\.0))
        for later in try store.commits(after: last.sequence) where !ownSequences.contains(later.sequence) {
            let mentioned =
                later.events.map(\.caseID) + later.partnerEvents.compactMap(\.caseID)
                + later.consultationEvents.compactMap { if case .promoted(let p) = $0 { p.caseID } else { nil } }
            if let id = mentioned.first(where: ids.contains) {
                return .failed(context.text(.undoTouchedByOthers, id, later.actor))
            }
        }
        if !confirmed, let first = last.before.first?.0 { return .confirmUndo(first, what: describe(last.events)) }
        let events = last.before.map {
            CaseEvent.caseRestored(CaseRestored(caseID: $0.0, undoneSequence: last.sequence, before: $0.1))
        }
        ownSequences.insert(try store.commit(events, at: context.clock.now, actor: context.advisor).sequence)
        undoStack.remove(at: index)
        if let caseID = last.before.first?.0 { redoStack.append((caseID, last.events)) }
        let restored = last.before.compactMap { store.book[$0.0] }
        let removed = last.before.map(\.0).filter { store.book[$0] == nil }
        return .undone(restored: restored, removed: removed, what: describe(last.events))
    }

    /// Writes again what undo took back last, checked like any change (a colleague's change since
    /// may refuse it). It can be undone again.
    private func redoLast() throws(StoreError) -> Command {
        guard let last = redoStack.popLast() else { return .failed(context.text(.redoNothing)) }
        let kept = redoStack
        let written = try store.write(last.events, [], [], basis: nil, at: context.clock.now, actor: context.advisor)
        remember(written, undoable: true)
        redoStack = kept
        let changed = last.events.map(\.caseID).compactMap { store.book[$0] }
        return .redone(changed, message: context.text(.redoDone, last.caseID, describe(last.events)))
    }

    /// Renders the state and sends only what changed to the terminal.
    public func draw() {
        let frame = DeskView.render(state, context: context)
        terminal.apply(FrameUpdate.diff(from: previous, to: frame.buffer, cursor: frame.cursor))
        previous = frame.buffer
    }
}
