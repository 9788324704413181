import Foundation

/// A closed case's personal data removed at the end of its retention period. What reports count
/// stays (gemeente, wijkteam, source, status, AVE phase, dates, who held which responsibility, the
/// deadlines and the ground); names, BSNs, dates of birth, addresses and every free text go.
public struct CasePurged: Codable, Hashable, Sendable {
    public var caseID: CaseID
    /// The retention period that ran out, in months.
    public var months: Int

    public init(caseID: CaseID, months: Int) {
        self.caseID = caseID
        self.months = months
    }
}

/// A closed case whose retention period has run out.
public struct PurgeDue: Hashable, Sendable {
    public var caseID: CaseID
    /// The case's last change (a closed file kept up to date counts from its last note).
    public var lastChange: CalendarDate
    /// The last day its personal data were to be kept.
    public var keptUntil: CalendarDate
}

public enum Retention {
    /// The closed, not yet purged cases whose last change lies more than `months` before `today`.
    public static func due(_ book: CaseBook, months: Int, today: CalendarDate, timeZone: TimeZone) -> [PurgeDue] {
        book.cases.values.compactMap { c in
            guard !c.status.isOpen, c.purgedAt == nil else { return nil }
            let last = CalendarDate(c.lastActivityAt, in: timeZone)
            let until = last.adding(months: months)
            return until < today ? PurgeDue(caseID: c.id, lastChange: last, keptUntil: until) : nil
        }.sorted { $0.caseID < $1.caseID }
    }

    /// The consultations, not yet purged, held more than `months` before `today`. A consultation
    /// registered as a case is part of that case's file: it goes only once the case is purged.
    /// `purging`: cases being purged in the same step (their consultations may go with them).
    public static func due(
        _ log: ConsultationLog, cases book: CaseBook, months: Int, today: CalendarDate, timeZone: TimeZone,
        purging: Set<CaseID> = []
    ) -> [ConsultationPurgeDue] {
        log.consultations.values.compactMap { c in
            guard c.purgedAt == nil else { return nil }
            if let caseID = log.promotedTo[c.id], book[caseID]?.purgedAt == nil, !purging.contains(caseID) {
                return nil
            }
            let held = CalendarDate(c.at, in: timeZone)
            let until = held.adding(months: months)
            return until < today ? ConsultationPurgeDue(id: c.id, heldOn: held, keptUntil: until) : nil
        }.sorted { $0.id < $1.id }
    }
}

/// A consultation whose retention period has run out.
public struct ConsultationPurgeDue: Hashable, Sendable {
    public var id: ConsultationID
    public var heldOn: CalendarDate
    public var keptUntil: CalendarDate
}

/// Takes a case's personal data out of its events and out of the case itself.
///
/// The events of a purged case stay in the log (a replay must give the same history, numbers and
/// counts), each with its personal data removed: people become "Persoon 1", "Persoon 2" in the
/// order they first appear (the same person the same placeholder in every event, so a removal
/// from the household still finds whom it removes), free text becomes empty. One redactor per case
/// goes through its events in order.
public struct Redactor: Sendable {
    private var names: [String: String] = [:]

    public init() {}

    mutating func name(_ name: String) -> String {
        let key = Vocabulary.key(name)
        guard !key.isEmpty else { return "" }
        if let placeholder = names[key] { return placeholder }
        let placeholder = "Persoon \(names.count + 1)"
        names[key] = placeholder
        return placeholder
    }

    mutating func person(_ p: Person) -> Person {
        var out = p
        out.name = name(p.name)
        out.bsn = nil
        out.birthDate = nil
        out.address = p.address.map { Address(street: "", postcode: nil, place: $0.place) }
        return out
    }

    private func referrer(_ r: Referrer?) -> Referrer? {
        r.map { Referrer(organisation: $0.organisation, contact: "") }
    }

    /// The event without the case's personal data (events of other cases are never given here).
    public mutating func event(_ event: CaseEvent) -> CaseEvent {
        switch event {
        case .registered(var e):
            e.person = person(e.person)
            e.referrer = referrer(e.referrer)
            e.reason = ""
            e.goal = ""
            return .registered(e)
        case .noteAdded(var e):
            e.text = ""
            e.with = ""
            return .noteAdded(e)
        case .triageRecorded(var e):
            e.criteria = e.criteria.map { CriterionAnswer(number: $0.number, answer: $0.answer, note: "") }
            return .triageRecorded(e)
        case .decisionRecorded(var e):
            e.rationale = ""
            e.deviationReason = e.deviationReason.map { _ in "" }
            e.tasks = e.tasks.map { PlanTask(partner: $0.partner, task: "", due: $0.due) }
            return .decisionRecorded(e)
        case .reviewRecorded(var e):
            e.note = ""
            return .reviewRecorded(e)
        case .handedBack(var e):
            // The wijkteam's contact stays: a professional, and the holder of the case's regie.
            e.conditions = ""
            return .handedBack(e)
        case .handbackChecked(var e):
            e.note = ""
            return .handbackChecked(e)
        case .zsmAnswered(var e):
            e.context = ""
            e.advice = ""
            return .zsmAnswered(e)
        case .zsmDecisionRecorded(var e):
            e.decision = ""
            return .zsmDecisionRecorded(e)
        case .caseRestored(var e):
            e.before = e.before.map { redacted($0) }
            return .caseRestored(e)
        case .taskDone(var e):
            e.note = ""
            return .taskDone(e)
        case .taskRescheduled(var e):
            e.reason = ""
            return .taskRescheduled(e)
        case .taskAdded(var e):
            e.task = PlanTask(partner: e.task.partner, task: "", due: e.task.due)
            return .taskAdded(e)
        case .assigned(var e):
            e.reason = ""
            return .assigned(e)
        case .lawfulBasisRecorded(var e):
            if case .notInformed = e.basis.informing { e.basis.informing = .notInformed(reason: "") }
            return .lawfulBasisRecorded(e)
        case .shared(var e):
            e.sharing.reason = ""
            return .shared(e)
        case .corrected(var e):
            e.changes = e.changes.map { RegistrationCorrected.Change(field: $0.field, old: "", new: "") }
            e.person = person(e.person)
            e.referrer = referrer(e.referrer)
            e.caseReason = ""
            e.goal = ""
            e.reason = ""
            return .corrected(e)
        case .reopened(var e):
            e.reason = ""
            return .reopened(e)
        case .personAdded(var e):
            e.person = person(e.person)
            return .personAdded(e)
        case .personRemoved(var e):
            e.name = name(e.name)
            return .personRemoved(e)
        case .statusChanged, .deadlineMet, .purged:
            return event
        }
    }

    /// A case as it stands, without its personal data.
    mutating func redacted(_ c: Case) -> Case {
        var out = c
        out.persons = c.persons.map { person($0) }
        out.referrer = referrer(c.referrer)
        out.reason = ""
        out.goal = ""
        out.deadlines = c.deadlines.map { d in
            var kept = d
            kept.label = nil
            return kept
        }
        out.triage = c.triage.map { t in
            var kept = t
            kept.criteria = t.criteria.map { CriterionAnswer(number: $0.number, answer: $0.answer, note: "") }
            return kept
        }
        out.decision = c.decision.map { d in
            var kept = d
            kept.rationale = ""
            kept.deviationReason = d.deviationReason.map { _ in "" }
            kept.tasks = d.tasks.map { PlanTask(partner: $0.partner, task: "", due: $0.due) }
            return kept
        }
        if case .notInformed = c.lawful?.informing { out.lawful?.informing = .notInformed(reason: "") }
        out.sharings = c.sharings.map { s in
            var kept = s
            kept.reason = ""
            return kept
        }
        return out
    }

    /// The one form a purged case has, however it was reached (from its events as written, or from
    /// events already redacted): people numbered in the order the case lists them.
    public static func canonical(_ c: Case) -> Case {
        var fresh = Redactor()
        return fresh.redacted(c)
    }
}

extension Commit {
    /// The commit with the events of `cases` redacted, each case by its own redactor (kept across
    /// the log's commits, in order), and the records of `consultations` without their text.
    public func redacted(
        _ cases: Set<CaseID>, consultations: Set<ConsultationID> = [], redactors: inout [CaseID: Redactor]
    ) -> Commit {
        var copy = self
        copy.consultationEvents = consultationEvents.map { event in
            switch event {
            case .logged(let c) where consultations.contains(c.id): return .logged(c.redacted)
            case .corrected(let c) where consultations.contains(c.id): return .corrected(c.redacted)
            default: return event
            }
        }
        copy.events = events.map { event in
            guard cases.contains(event.caseID) else { return event }
            var redactor = redactors[event.caseID] ?? Redactor()
            let out = redactor.event(event)
            redactors[event.caseID] = redactor
            return out
        }
        return copy
    }
}
