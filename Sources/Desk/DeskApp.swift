import CaseModel
import CaseStore
import Foundation
import Screen

/// The desk's loop: read an event, map it through the keymap to a command, reduce, run the effects
/// against the store, render, diff, and apply only the changed cells. One thread; nothing else
/// touches the terminal.
@MainActor
public final class DeskApp {
    public private(set) var state: AppState
    private let store: CaseStore
    private let terminal: TerminalBackend
    private let context: DeskContext
    private var previous: ScreenBuffer?
    private var lastScoredMinute: Int
    /// This session's commits, newest last, with the cases as they were before each: what `u` restores.
    private var undoStack: [(sequence: UInt64, before: [(CaseID, Case?)])] = []
    /// The newest commit this session made (undo commits included): undo is safe only while it is
    /// also the store's newest.
    private var lastOwnSequence: UInt64?

    public init(store: CaseStore, terminal: TerminalBackend, context: DeskContext) {
        self.store = store
        self.terminal = terminal
        self.context = context
        let now = context.clock.now
        state = AppState(cases: Array(store.book.cases.values),
                         nextCaseID: store.book.nextCaseID(year: CalendarDate(now, in: context.timeZone).year),
                         size: terminal.size, isReadOnly: store.isReadOnly, now: now)
        lastScoredMinute = Int(now.timeIntervalSince1970 / 60)
        state.rescore(context: context)
        state.setPartners(store.partners)
        state.setConsultations(store.consultations)
        if let notice = store.notices.first {
            state.message = .init(text: context.text.describe(notice), isError: false)
        } else if let problem = context.instrumentProblem {
            state.message = .init(text: context.text(.instrumentKept, problem), isError: true)
        }
    }

    /// Runs until the person quits or `interrupted()` says a signal asked to stop.
    public func run(interrupted: () -> Bool) {
        draw()
        while !state.shouldQuit && !interrupted() {
            if let event = terminal.nextEvent(timeoutMilliseconds: 1_000) {
                handle(event)
                // Typed ahead or pasted: take what is already waiting before drawing again.
                var waiting = 0
                while waiting < 256, !state.shouldQuit, let next = terminal.nextEvent(timeoutMilliseconds: 0) {
                    handle(next)
                    waiting += 1
                }
            } else {
                tick()
            }
            draw()
        }
    }

    /// Handles one input event (the tests drive the desk through this).
    public func handle(_ event: InputEvent) {
        switch event {
        case .resize(let width, let height):
            send(.resize(width: width, height: height))
            previous = nil
        case .key(let key):
            if let command = DeskKeymap.command(for: key, in: state) { send(command) }
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
        var queue = [command]
        while !queue.isEmpty {
            let next = queue.removeFirst()
            for effect in Reducer.reduce(&state, next, context: context) {
                queue += run(effect)
            }
        }
    }

    private func run(_ effect: Effect) -> [Command] {
        do {
            switch effect {
            case .register(let event, let promoting):
                let promoted: [ConsultationEvent] = promoting.isEmpty ? [] : [.promoted(ConsultationPromoted(consultations: promoting, caseID: event.id))]
                try commit([.registered(event)], consultationEvents: promoted)
                guard let stored = store.book[event.id] else { return [.failed(context.text(.errorStore, event.id))] }
                let registered = Command.caseRegistered(stored, nextID: store.book.nextCaseID(year: context.today.year))
                return promoting.isEmpty ? [registered] : [.consultationsChanged(store.consultations), registered]
            case .loadTimeline(let id):
                return [.timelineLoaded(id, try store.timeline(of: id))]
            case .recordTriage(let triage, let decision):
                try commit([.triageRecorded(triage)] + (decision.map { [.decisionRecorded($0)] } ?? []))
                guard let stored = store.book[triage.caseID] else { return [.failed(context.text(.errorStore, triage.caseID))] }
                return [.triageSaved(stored, decided: decision != nil)]
            case .commit(let id, let events):
                try commit(events)
                guard let stored = store.book[id] else { return [.failed(context.text(.errorStore, id))] }
                return [.caseChanged(stored)]
            case .undoLast:
                return [try undoLast()]
            case .recordPartners(let events, let message):
                try store.commit([], partnerEvents: events, at: context.clock.now, actor: context.advisor)
                undoStack.removeAll()
                // The selection follows what was added or changed last.
                var organisation: OrganisationID?
                var contact: ContactID?
                for event in events {
                    switch event {
                    case .organisationRecorded(let o): organisation = o.id; contact = nil
                    case .contactRecorded(let c): organisation = c.organisation; contact = c.id
                    default: break
                    }
                }
                return [.partnersChanged(store.partners, message: message, select: organisation, contact)]
            case .preparePrivacyGuard:
                return [.privacyGuardReady(PrivacyGuard(knownNames: store.book.cases.values.lazy.flatMap { $0.persons.map(\.name) }))]
            case .recordConsultation(let event):
                try store.commit([], consultationEvents: [event], at: context.clock.now, actor: context.advisor)
                undoStack.removeAll()
                switch event {
                case .logged(let c): return [.consultationLogged(store.consultations, c.id, corrected: false)]
                case .corrected(let c): return [.consultationLogged(store.consultations, c.id, corrected: true)]
                case .promoted: return [.consultationsChanged(store.consultations)]
                }
            }
        } catch {
            return [.failed(context.text(.errorStore, error.message))]
        }
    }

    /// Commits `events` and remembers how the cases were, for undo. (`u` takes back case commands
    /// only; a partner or consultation change, or a registration from consultations, ends what can
    /// be undone, so `u` never skips over it to an older command.)
    private func commit(_ events: [CaseEvent], consultationEvents: [ConsultationEvent] = []) throws(StoreError) {
        var ids: [CaseID] = []
        for event in events where !ids.contains(event.caseID) { ids.append(event.caseID) }
        let before = ids.map { ($0, store.book[$0]) }
        let stored = try store.commit(events, consultationEvents: consultationEvents, at: context.clock.now, actor: context.advisor)
        // Undoing a promotion would leave its consultations pointing at a case that is gone.
        if consultationEvents.isEmpty { undoStack.append((stored.sequence, before)) } else { undoStack.removeAll() }
        lastOwnSequence = stored.sequence
    }

    /// Takes back this session's last command with compensating events, as one commit.
    private func undoLast() throws(StoreError) -> Command {
        guard let last = undoStack.last else { return .failed(context.text(.undoNothing)) }
        guard store.book.lastSequence == lastOwnSequence else { return .failed(context.text(.undoNotLast)) }
        let events = last.before.map { CaseEvent.caseRestored(CaseRestored(caseID: $0.0, undoneSequence: last.sequence, before: $0.1)) }
        lastOwnSequence = try store.commit(events, at: context.clock.now, actor: context.advisor).sequence
        undoStack.removeLast()
        let restored = last.before.compactMap { store.book[$0.0] }
        let removed = last.before.map(\.0).filter { store.book[$0] == nil }
        return .undone(restored: restored, removed: removed)
    }

    /// Renders the state and sends only what changed to the terminal.
    public func draw() {
        let frame = DeskView.render(state, context: context)
        terminal.apply(FrameUpdate.diff(from: previous, to: frame.buffer, cursor: frame.cursor))
        previous = frame.buffer
    }
}
