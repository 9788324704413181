import Foundation

/// A registration's fields were corrected: what they are now, and for the timeline what each
/// changed field was and became (who and when are the commit's), and why.
public struct RegistrationCorrected: Codable, Hashable, Sendable {
    public struct Change: Codable, Hashable, Sendable {
        /// The field as the registration form names it (`birthdate`, `bsn`, `wijkteam`, ...).
        public var field: String
        public var old: String
        public var new: String

        public init(field: String, old: String, new: String) {
            self.field = field
            self.old = old
            self.new = new
        }
    }

    public var caseID: CaseID
    public var reason: String
    public var changes: [Change]
    /// The registration's fields after the correction (the unchanged ones as they were).
    public var person: Person
    public var gemeente: String
    public var wijkteam: String?
    public var source: Source
    public var referrer: Referrer?
    public var caseReason: String
    public var goal: String
    public var riskSignals: [RiskSignal]

    public init(
        caseID: CaseID, reason: String, changes: [Change], person: Person, gemeente: String, wijkteam: String?,
        source: Source,
        referrer: Referrer?, caseReason: String, goal: String, riskSignals: [RiskSignal]
    ) {
        self.caseID = caseID
        self.reason = reason
        self.changes = changes
        self.person = person
        self.gemeente = gemeente
        self.wijkteam = wijkteam
        self.source = source
        self.referrer = referrer
        self.caseReason = caseReason
        self.goal = goal
        self.riskSignals = riskSignals
    }
}

extension RegistrationDraft {
    /// The registration of `c` as it stands, as the form would show it.
    public init(case c: Case) {
        self.init()
        let p = c.primaryPerson
        name = p.name
        birthDate = p.birthDate?.description ?? ""
        bsn = p.bsn?.description ?? ""
        street = p.address?.street ?? ""
        postcode = p.address?.postcode?.description ?? ""
        place = p.address?.place ?? ""
        gemeente = c.gemeente
        wijkteam = c.wijkteam ?? ""
        source = c.source.rawValue
        referrerOrganisation = c.referrer?.organisation ?? ""
        referrerContact = c.referrer?.contact ?? ""
        reason = c.reason
        goal = c.goal
        riskSignals = c.riskSignals.map(\.rawValue)
    }
}

/// A correction as typed: the fields to change (by the form's names) with their new text, and why.
/// A field given empty is cleared (where the registration allows it); fields not given stay.
public struct CorrectionDraft: Hashable, Sendable {
    public static let fields = [
        "name", "birthdate", "bsn", "street", "postcode", "place", "gemeente", "wijkteam", "source",
        "referrer-organisation", "referrer-contact", "reason", "goal", "risk",
    ]

    public var values: [String: String] = [:]
    public var reason = ""

    public init() {}

    /// Checks the corrected registration as registering checks it; returns the event, or every reason.
    public func validate(
        _ c: Case, region: Region, cadence: Instrument.Cadence, calendar: WorkingDayCalendar, now: Date,
        timeZone: TimeZone
    ) -> Result<RegistrationCorrected, ValidationErrors> {
        func trimmed(_ s: String) -> String { s.trimmingCharacters(in: .whitespacesAndNewlines) }
        var errors: [ValidationError] = []
        if let refusal = CaseStep.correct.refusal(for: c) { errors.append(refusal) }
        for field in values.keys.sorted() where !Self.fields.contains(field) {
            errors.append(
                ValidationError(
                    .unknownField, field: "field", value: field, detail: Self.fields.joined(separator: ", ")))
        }
        if values.isEmpty {
            errors.append(ValidationError(.nothingToCorrect, field: "", detail: Self.fields.joined(separator: ", ")))
        }
        if trimmed(reason).isEmpty { errors.append(ValidationError(.required, field: "why")) }
        let before = RegistrationDraft(case: c)
        var draft = before
        let keys: [String: WritableKeyPath<RegistrationDraft, String>] = [
            "name": \.name, "birthdate": \.birthDate, "bsn": \.bsn, "street": \.street, "postcode": \.postcode,
            "place": \.place,
            "gemeente": \.gemeente, "wijkteam": \.wijkteam, "source": \.source,
            "referrer-organisation": \.referrerOrganisation,
            "referrer-contact": \.referrerContact, "reason": \.reason, "goal": \.goal,
        ]
        for (field, value) in values {
            if let key = keys[field] { draft[keyPath: key] = value }
            if field == "risk" {
                draft.riskSignals = value.split(separator: ",").map { trimmed(String($0)) }.filter { !$0.isEmpty }
            }
        }
        // The same checks as registering; the registration's own moment and deadlines are kept.
        let checked = draft.validate(
            id: c.id, region: region, cadence: cadence, calendar: calendar, now: now, timeZone: timeZone,
            advisor: c.advisor)
        var corrected: CaseRegistered?
        switch checked {
        case .success(let made): corrected = made
        case .failure(let failure): errors += failure.errors
        }
        guard errors.isEmpty, let corrected else { return .failure(ValidationErrors(errors)) }
        // What changed, as the form writes each field, old and new.
        let after = RegistrationDraft(case: Case(registration: corrected, at: c.receivedAt, reference: 0))
        var changes: [RegistrationCorrected.Change] = []
        for field in Self.fields {
            let old =
                field == "risk"
                ? before.riskSignals.joined(separator: ", ") : keys[field].map { before[keyPath: $0] } ?? ""
            let new =
                field == "risk"
                ? after.riskSignals.joined(separator: ", ") : keys[field].map { after[keyPath: $0] } ?? ""
            if old != new { changes.append(.init(field: field, old: old, new: new)) }
        }
        guard !changes.isEmpty else {
            return .failure(ValidationErrors([ValidationError(.nothingChanged, field: "field")]))
        }
        return .success(
            RegistrationCorrected(
                caseID: c.id, reason: trimmed(reason), changes: changes, person: corrected.person,
                gemeente: corrected.gemeente, wijkteam: corrected.wijkteam, source: corrected.source,
                referrer: corrected.referrer, caseReason: corrected.reason, goal: corrected.goal,
                riskSignals: corrected.riskSignals))
    }
}

/// A closed case was opened again (heropend), and why: it comes back to screening.
public struct CaseReopened: Codable, Hashable, Sendable {
    public var caseID: CaseID
    public var reason: String

    public init(caseID: CaseID, reason: String) {
        self.caseID = caseID
        self.reason = reason
    }
}

/// Reopening as typed: the reason.
public struct ReopenDraft: Hashable, Sendable {
    public var reason = ""

    public init() {}

    public func validate(_ c: Case) -> Result<CaseReopened, ValidationErrors> {
        var errors: [ValidationError] = []
        if let refusal = CaseStep.reopen.refusal(for: c) { errors.append(refusal) }
        let why = reason.trimmingCharacters(in: .whitespacesAndNewlines)
        if why.isEmpty { errors.append(ValidationError(.required, field: "why")) }
        guard errors.isEmpty else { return .failure(ValidationErrors(errors)) }
        return .success(CaseReopened(caseID: c.id, reason: why))
    }
}
