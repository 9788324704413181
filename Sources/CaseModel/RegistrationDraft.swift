import Foundation

/// A registration as typed into the form or given on the command line: raw text, not yet checked.
///
/// `validate` turns it into a `CaseRegistered` event or lists every field that is wrong, so the
/// desk can show all errors inline at once and the command line can name the first.
public struct RegistrationDraft: Hashable, Sendable {
    /// The ground, the informing and the confidentiality, when they are known at registration
    /// (recorded in the same commit; empty: recorded later, and the case counts as without one).
    public var lawful = LawfulBasisDraft()
    public var name = ""
    public var birthDate = ""
    public var bsn = ""
    public var street = ""
    public var postcode = ""
    public var place = ""
    public var gemeente = ""
    public var wijkteam = ""
    public var source = ""
    public var referrerOrganisation = ""
    public var referrerContact = ""
    public var reason = ""
    public var goal = ""
    public var riskSignals: [String] = []

    public init() {}

    /// The longest text a field takes; a pasted document is a mistake, not a name.
    public static let maximumLength = 2_000

    /// Checks every field; returns the event to record, or all the errors found.
    public func validate(
        id: CaseID, region: Region, cadence: Instrument.Cadence, calendar: WorkingDayCalendar,
        now: Date, timeZone: TimeZone, advisor: String?
    ) -> Result<CaseRegistered, ValidationErrors> {
        var errors: [ValidationError] = []
        func check<T>(_ body: () throws(ValidationError) -> T) -> T? {
            do { return try body() } catch {
                errors.append(error)
                return nil
            }
        }
        func trimmed(_ s: String) -> String { s.trimmingCharacters(in: .whitespacesAndNewlines) }
        let today = CalendarDate(now, in: timeZone)

        for (field, value) in [
            ("name", name), ("reason", reason), ("goal", goal), ("street", street),
            ("referrer-organisation", referrerOrganisation), ("referrer-contact", referrerContact),
        ]
        where value.count > Self.maximumLength {
            errors.append(ValidationError(.tooLong, field: field, detail: String(Self.maximumLength)))
        }
        if trimmed(name).isEmpty { errors.append(ValidationError(.required, field: "name")) }
        if trimmed(reason).isEmpty { errors.append(ValidationError(.required, field: "reason")) }

        var birth: CalendarDate?
        if !trimmed(birthDate).isEmpty {
            birth = check { () throws(ValidationError) -> CalendarDate in
                guard let date = CalendarDate(iso: trimmed(birthDate)) ?? CalendarDate(dutch: trimmed(birthDate)) else {
                    throw ValidationError(.dateFormat, field: "birthdate", value: birthDate)
                }
                guard date <= today else { throw ValidationError(.dateInFuture, field: "birthdate", value: birthDate) }
                guard date.age(on: today) <= 125 else {
                    throw ValidationError(.dateTooOld, field: "birthdate", value: birthDate)
                }
                return date
            }
        }
        let bsnValue: BSN? = trimmed(bsn).isEmpty ? nil : check { () throws(ValidationError) in try BSN(bsn) }
        let postcodeValue: Postcode? =
            trimmed(postcode).isEmpty ? nil : check { () throws(ValidationError) in try Postcode(postcode) }
        let gemeenteValue = check { () throws(ValidationError) in try region.gemeente(named: gemeente) }
        var wijkteamValue: String?
        if let gemeenteValue, !trimmed(wijkteam).isEmpty {
            wijkteamValue = check { () throws(ValidationError) in
                try region.wijkteam(named: wijkteam, in: gemeenteValue)
            }
        }
        let sourceValue: Source?
        if trimmed(source).isEmpty {
            errors.append(ValidationError(.required, field: "source"))
            sourceValue = nil
        } else {
            sourceValue = check { () throws(ValidationError) in try Source(parsing: source) }
        }
        var signals: [RiskSignal] = []
        for text in riskSignals where !trimmed(text).isEmpty {
            if let signal = check({ () throws(ValidationError) in try RiskSignal(parsing: text) }),
                !signals.contains(signal)
            {
                signals.append(signal)
            }
        }

        guard errors.isEmpty, let gemeenteValue, let sourceValue else { return .failure(ValidationErrors(errors)) }

        let address: Address? =
            (trimmed(street).isEmpty && postcodeValue == nil && trimmed(place).isEmpty)
            ? nil : Address(street: trimmed(street), postcode: postcodeValue, place: trimmed(place))
        let referrer: Referrer? =
            (trimmed(referrerOrganisation).isEmpty && trimmed(referrerContact).isEmpty)
            ? nil : Referrer(organisation: trimmed(referrerOrganisation), contact: trimmed(referrerContact))
        let deadlines = cadence.initialDeadlines(
            source: sourceValue, receivedAt: now, calendar: calendar, timeZone: timeZone)
        return .success(
            CaseRegistered(
                id: id,
                person: Person(name: trimmed(name), birthDate: birth, bsn: bsnValue, address: address),
                gemeente: gemeenteValue.name, wijkteam: wijkteamValue, source: sourceValue, referrer: referrer,
                reason: trimmed(reason), goal: trimmed(goal), receivedAt: now, riskSignals: signals.sorted(),
                advisor: advisor, deadlines: deadlines))
    }
}

/// All that is wrong with one input, in field order.
public struct ValidationErrors: Error, Hashable, Sendable {
    public let errors: [ValidationError]

    public init(_ errors: [ValidationError]) { self.errors = errors }

    public func first(for field: String) -> ValidationError? { errors.first { $0.field == field } }
}

extension CalendarDate {
    /// Parses the Dutch way of writing a date: `24-11-2026` or `24/11/2026`.
    public init?(dutch text: String) {
        let parts = text.split(whereSeparator: { $0 == "-" || $0 == "/" }).map(String.init)
        guard parts.count == 3, parts[2].count == 4, (1...2).contains(parts[0].count), (1...2).contains(parts[1].count),
            let d = Int(parts[0]), let m = Int(parts[1]), let y = Int(parts[2])
        else { return nil }
        self.init(year: y, month: m, day: d)
    }
}
