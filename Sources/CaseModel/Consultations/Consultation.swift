import Foundation

/// What was agreed at the end of a consultation.
public enum FollowUp: String, Codable, CaseIterable, Sendable {
    /// Nothing more: the advice is enough.
    case none = "geen"
    /// The wijkteam member will consult again.
    case again = "opnieuw"
    /// The situation is to be registered as a case.
    case registration = "aanmelding"

    public init(parsing text: String) throws(ValidationError) {
        let key = Vocabulary.key(text)
        let aliases: [String: FollowUp] = [
            "": .none, "g": .none, "n": .none, "nee": .none, "geen": .none, "none": .none,
            "o": .again, "opnieuw": .again, "again": .again, "nogmaals": .again,
            "a": .registration, "aanmelding": .registration, "aanmelden": .registration,
            "registration": .registration, "register": .registration,
        ]
        guard let value = aliases[key] else {
            throw ValidationError(
                .unknownFollowUp, field: "follow-up", value: text,
                detail: FollowUp.allCases.map(\.rawValue).joined(separator: ", "))
        }
        self = value
    }
}

/// An informal, low-threshold consultation (consult, sparren) with a wijkteam member: anonymous by
/// default, about a situation rather than a named person.
public struct Consultation: Codable, Hashable, Sendable {
    public var id: ConsultationID
    public var at: Date
    public var gemeente: String
    public var wijkteam: String
    /// The wijkteam member who asked (a professional, not the person the consultation is about).
    public var member: String
    public var question: String
    /// The situation, described without identifying anyone.
    public var sketch: String
    public var advice: String
    public var durationMinutes: Int?
    public var followUp: FollowUp
    /// A pseudonymous label the wijkteam member gives the situation ("gezin Noord-3"), so repeated
    /// consultations on it can be seen together.
    public var thread: String?
    /// The member is worried about someone's safety.
    public var safetySignal: Bool
    public var advisor: String?
    /// What looked identifying in the text and was kept after the advisor was asked.
    public var acceptedFindings: [String]
    /// When its text was removed at the end of the retention period (nil: not purged).
    public var purgedAt: Date?

    public init(
        id: ConsultationID, at: Date, gemeente: String, wijkteam: String, member: String, question: String,
        sketch: String, advice: String, durationMinutes: Int?, followUp: FollowUp, thread: String?,
        safetySignal: Bool, advisor: String?, acceptedFindings: [String], purgedAt: Date? = nil
    ) {
        self.id = id
        self.at = at
        self.gemeente = gemeente
        self.wijkteam = wijkteam
        self.member = member
        self.question = question
        self.sketch = sketch
        self.advice = advice
        self.durationMinutes = durationMinutes
        self.followUp = followUp
        self.thread = thread
        self.safetySignal = safetySignal
        self.advisor = advisor
        self.acceptedFindings = acceptedFindings
        self.purgedAt = purgedAt
    }

    /// The consultation without what a person could be recognised by: the member who asked, the
    /// thread's label and every free text go; when, where (gemeente, wijkteam), how long, the
    /// follow-up, the safety signal and the advisor stay, for the figures.
    public var redacted: Consultation {
        var out = self
        out.member = ""
        out.question = ""
        out.sketch = ""
        out.advice = ""
        out.thread = nil
        out.acceptedFindings = []
        return out
    }

    /// What a search in Consulten looks in (`Vocabulary.searchable`): number, gemeente, wijkteam,
    /// member, thread label, question, sketch, advice and advisor.
    public var searchText: String {
        Vocabulary.searchable(
            [id.description, gemeente, wijkteam, member, thread ?? "", question, sketch, advice, advisor ?? ""]
                .joined(separator: "\u{1F}"))
    }

    /// Two labels name the same thread when they match ignoring case, spaces and dashes, within one wijkteam.
    public var threadKey: String? { Self.threadKey(wijkteam: wijkteam, thread: thread) }

    public static func threadKey(wijkteam: String, thread: String?) -> String? {
        guard let thread else { return nil }
        let label = Vocabulary.key(thread)
        guard !label.isEmpty else { return nil }
        return Vocabulary.key(wijkteam) + "|" + label
    }
}

/// Something that happened in the consultation log.
public enum ConsultationEvent: Hashable, Sendable {
    case logged(Consultation)
    /// A consultation was corrected: the whole record as it now is (same number and moment of logging).
    case corrected(Consultation)
    /// The consultations were registered formally as the case (in the same commit as its `CaseRegistered`).
    case promoted(ConsultationPromoted)
    /// Consultations past their retention period lost their text (`Consultation.redacted`).
    case purged(ConsultationsPurged)

    public var typeName: String {
        switch self {
        case .logged: return "ConsultationLogged"
        case .corrected: return "ConsultationCorrected"
        case .promoted: return "ConsultationPromoted"
        case .purged: return "ConsultationsPurged"
        }
    }

    public var caseID: CaseID? {
        if case .promoted(let e) = self { return e.caseID }
        return nil
    }
}

/// Consultations whose retention period ran out, their text removed.
public struct ConsultationsPurged: Codable, Hashable, Sendable {
    public var consultations: [ConsultationID]
    /// The retention period that ran out, in months.
    public var months: Int

    public init(consultations: [ConsultationID], months: Int) {
        self.consultations = consultations
        self.months = months
    }
}

public struct ConsultationPromoted: Codable, Hashable, Sendable {
    public var consultations: [ConsultationID]
    public var caseID: CaseID

    public init(consultations: [ConsultationID], caseID: CaseID) {
        self.consultations = consultations
        self.caseID = caseID
    }
}

extension ConsultationEvent: Codable {
    private enum CodingKeys: String, CodingKey { case type, data }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let type = try c.decode(String.self, forKey: .type)
        switch type {
        case "ConsultationLogged": self = .logged(try c.decode(Consultation.self, forKey: .data))
        case "ConsultationCorrected": self = .corrected(try c.decode(Consultation.self, forKey: .data))
        case "ConsultationPromoted": self = .promoted(try c.decode(ConsultationPromoted.self, forKey: .data))
        case "ConsultationsPurged": self = .purged(try c.decode(ConsultationsPurged.self, forKey: .data))
        default:
            throw DecodingError.dataCorruptedError(
                forKey: .type, in: c, debugDescription: "unknown consultation event type \(type)")
        }
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(typeName, forKey: .type)
        switch self {
        case .logged(let e), .corrected(let e): try c.encode(e, forKey: .data)
        case .promoted(let e): try c.encode(e, forKey: .data)
        case .purged(let e): try c.encode(e, forKey: .data)
        }
    }
}
