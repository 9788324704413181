import Foundation

/// A consultation as typed during a phone call: raw text, not yet checked.
public struct ConsultationDraft: Hashable, Sendable {
    /// Empty means now; also `10:15` (today), `24-11-2026 10:15`, `2026-11-24 10:15`.
    public var when = ""
    public var gemeente = ""
    public var wijkteam = ""
    public var member = ""
    public var question = ""
    public var sketch = ""
    public var advice = ""
    /// Minutes, or empty.
    public var duration = ""
    public var followUp = ""
    public var thread = ""
    /// `j`/`n` (or yes/no).
    public var safetySignal = ""

    public init() {}

    /// What in the free text looks like it identifies someone; the form asks before saving it.
    public func findings(_ privacy: PrivacyGuard) -> [PrivacyGuard.Finding] {
        var all: [PrivacyGuard.Finding] = []
        for text in [question, sketch, advice, thread] {
            for finding in privacy.findings(in: text) where !all.contains(finding) { all.append(finding) }
        }
        return all
    }

    /// Checks every field; returns the consultation to record or every error found. `accepted` are
    /// the privacy findings the advisor was shown and chose to keep.
    public func validate(
        id: ConsultationID, region: Region, now: Date, timeZone: TimeZone, advisor: String?,
        accepted: [PrivacyGuard.Finding] = []
    ) -> Result<Consultation, ValidationErrors> {
        var errors: [ValidationError] = []
        func trimmed(_ s: String) -> String { s.trimmingCharacters(in: .whitespacesAndNewlines) }
        for (field, value) in [
            ("question", question), ("sketch", sketch), ("advice", advice), ("member", member), ("thread", thread),
        ]
        where value.count > RegistrationDraft.maximumLength {
            errors.append(ValidationError(.tooLong, field: field, detail: String(RegistrationDraft.maximumLength)))
        }
        if trimmed(question).isEmpty { errors.append(ValidationError(.required, field: "question")) }
        var at: Date?
        do { at = try Self.moment(when, now: now, timeZone: timeZone) } catch { errors.append(error) }
        var place: (gemeente: String, wijkteam: String)?
        do { place = try region.locateWijkteam(trimmed(wijkteam), gemeente: trimmed(gemeente)) } catch {
            errors.append(error)
        }
        var minutes: Int?
        if !trimmed(duration).isEmpty {
            if let n = Int(
                trimmed(duration).replacingOccurrences(of: "min", with: "").trimmingCharacters(in: .whitespaces)),
                (1...600).contains(n)
            {
                minutes = n
            } else {
                errors.append(ValidationError(.durationRange, field: "duration", value: duration, detail: "1–600"))
            }
        }
        var follow: FollowUp?
        do { follow = try FollowUp(parsing: followUp) } catch { errors.append(error) }
        var safety: Bool?
        do { safety = try Self.yesNo(safetySignal, field: "safety") } catch { errors.append(error) }
        guard errors.isEmpty, let at, let place, let follow, let safety else {
            return .failure(ValidationErrors(errors))
        }
        return .success(
            Consultation(
                id: id, at: at, gemeente: place.gemeente, wijkteam: place.wijkteam, member: trimmed(member),
                question: trimmed(question), sketch: trimmed(sketch), advice: trimmed(advice), durationMinutes: minutes,
                followUp: follow, thread: trimmed(thread).isEmpty ? nil : trimmed(thread), safetySignal: safety,
                advisor: advisor,
                acceptedFindings: accepted.map(\.kind.rawValue).reduce(into: []) {
                    if !$0.contains($1) { $0.append($1) }
                }))
    }

    static func yesNo(_ text: String, field: String) throws(ValidationError) -> Bool {
        switch Vocabulary.key(text) {
        case "", "n", "nee", "no", "false": return false
        case "j", "ja", "y", "yes", "true": return true
        default: throw ValidationError(.yesNoFormat, field: field, value: text)
        }
    }

    /// The moment a consultation took place: now, a time today, or a date with a time. Not later than now.
    static func moment(_ text: String, now: Date, timeZone: TimeZone) throws(ValidationError) -> Date {
        let text = text.trimmingCharacters(in: .whitespaces)
        if text.isEmpty || Vocabulary.key(text) == "nu" || Vocabulary.key(text) == "now" { return now }
        let parts = text.split(separator: " ").map(String.init)
        var day = CalendarDate(now, in: timeZone)
        var clock: String?
        switch parts.count {
        case 1 where parts[0].contains(":"): clock = parts[0]
        case 1, 2:
            guard let date = CalendarDate(iso: parts[0]) ?? CalendarDate(dutch: parts[0]) else {
                throw ValidationError(.dateTimeFormat, field: "when", value: text)
            }
            day = date
            clock = parts.count == 2 ? parts[1] : "12:00"
        default: throw ValidationError(.dateTimeFormat, field: "when", value: text)
        }
        let hm = (clock ?? "").split(separator: ":").compactMap { Int($0) }
        guard hm.count == 2, (0...23).contains(hm[0]), (0...59).contains(hm[1]) else {
            throw ValidationError(.dateTimeFormat, field: "when", value: text)
        }
        let moment = day.start(in: timeZone).addingTimeInterval(Double(hm[0] * 3600 + hm[1] * 60))
        guard moment <= now.addingTimeInterval(300) else {
            throw ValidationError(.dateInFuture, field: "when", value: text)
        }
        return moment
    }
}

extension Region {
    /// The wijkteam `text` names and its gemeente. With `gemeente` empty the whole region is
    /// searched, so "Joure" is enough when only one gemeente has such a team.
    public func locateWijkteam(_ text: String, gemeente: String) throws(ValidationError) -> (
        gemeente: String, wijkteam: String
    ) {
        if !Vocabulary.key(gemeente).isEmpty {
            let g = try self.gemeente(named: gemeente)
            return (g.name, try wijkteam(named: text, in: g))
        }
        guard !Vocabulary.key(text).isEmpty else { throw ValidationError(.required, field: "wijkteam") }
        var found: [(String, String)] = []
        for g in gemeenten {
            if let team = try? wijkteam(named: text, in: g) { found.append((g.name, team)) }
        }
        if found.count == 1 { return found[0] }
        if found.isEmpty {
            // A gemeente with a single team may be named instead of its team.
            if let g = try? self.gemeente(named: text), g.wijkteams.count == 1 { return (g.name, g.wijkteams[0]) }
            // The start of one team's name, as typed during a call ("wijkteam oo"), is that team.
            let key = Vocabulary.key(text)
            let starting = gemeenten.flatMap { g in
                g.wijkteams.filter { Vocabulary.key($0).hasPrefix(key) }.map { (g.name, $0) }
            }
            if starting.count == 1 { return starting[0] }
            throw ValidationError(
                .unknownWijkteam, field: "wijkteam", value: text,
                detail: gemeenten.flatMap(\.wijkteams).joined(separator: ", "))
        }
        throw ValidationError(
            .ambiguousWijkteam, field: "wijkteam", value: text,
            detail: found.map { "\($0.1) (\($0.0))" }.joined(separator: ", "))
    }
}

extension RegistrationDraft {
    /// A registration begun from a consultation: where it came from and what was asked are known;
    /// who it is about is asked now, since the consultation held no names.
    public init(from consultation: Consultation) {
        self.init()
        gemeente = consultation.gemeente
        wijkteam = consultation.wijkteam
        source = Source.wijkteam.rawValue
        referrerOrganisation = consultation.wijkteam
        referrerContact = consultation.member
        reason = [consultation.question, consultation.sketch].filter { !$0.isEmpty }.joined(separator: " — ")
    }

    /// This draft with every field `other` fills in taken from `other` (what was typed or given on
    /// the command line wins over what a consultation brought).
    public func overridden(by other: RegistrationDraft) -> RegistrationDraft {
        var merged = self
        let fields: [WritableKeyPath<RegistrationDraft, String>] = [
            \.name, \.birthDate, \.bsn, \.street, \.postcode, \.place, \.gemeente,
            \.wijkteam, \.source, \.referrerOrganisation, \.referrerContact,
            \.reason, \.goal,
        ]
        for field in fields where !other[keyPath: field].trimmingCharacters(in: .whitespaces).isEmpty {
            merged[keyPath: field] = other[keyPath: field]
        }
        if !other.riskSignals.isEmpty { merged.riskSignals = other.riskSignals }
        return merged
    }
}
