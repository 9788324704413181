import CaseModel
import Foundation

/// The "new registration" form: what is typed so far, where the focus is, and what is wrong.
public struct RegistrationForm: Hashable, Sendable {
    public enum Field: String, CaseIterable, Sendable {
        case source
        case referrerOrganisation = "referrer-organisation"
        case referrerContact = "referrer-contact"
        case name, birthdate, bsn, street, postcode, place, gemeente, wijkteam, reason, goal, risk
        /// The legal ground, and whether the person was told: known at registration or recorded later (`l`).
        case ground, informed

        public enum Kind: Sendable { case text, choice, multi }

        public var kind: Kind {
            switch self {
            case .source, .gemeente, .wijkteam, .ground, .informed: return .choice
            case .risk: return .multi
            default: return .text
            }
        }

        public var isRequired: Bool { [.source, .name, .gemeente, .reason].contains(self) }

        public var title: TextKey {
            TextKey(rawValue: "form." + rawValue) ?? .formName
        }
    }

    public var texts: [Field: String] = [:]
    /// The chosen value of each choice field: a source code, a gemeente or wijkteam name.
    public var choices: [Field: String] = [:]
    public var risks: Set<RiskSignal> = []
    public var riskCursor = 0
    public var focus: Field = .source
    /// Where the text cursor stands in the focused text field, in characters.
    public var cursor = 0
    /// Where a selection in the focused text field began (Shift with ←, →, Home, End); nil: none.
    public var anchor: Int?
    /// What was typed to jump in a choice field.
    public var typeahead = ""
    public var touched: Set<Field> = []
    public var errors: [Field: ValidationError] = [:]

    /// The consultations this registration turns into a case (registered in the same commit).
    public var promoting: [ConsultationID] = []
    /// The person is on a case already, and the advisor has been told so: the next F2 registers anyway.
    public var knownWarned = false

    /// What the form held when it opened (empty, or what a consultation brought): what differs is input.
    public private(set) var opened = RegistrationDraft()

    public init() {}

    /// A form begun from what is known (a consultation); the focus goes to the person's name,
    /// which is what is asked now.
    public init(prefilled draft: RegistrationDraft, promoting: [ConsultationID]) {
        choices[.source] = draft.source
        choices[.gemeente] = draft.gemeente
        choices[.wijkteam] = draft.wijkteam
        texts[.referrerOrganisation] = draft.referrerOrganisation
        texts[.referrerContact] = draft.referrerContact
        texts[.reason] = draft.reason
        self.promoting = promoting
        focus = .name
        opened = self.draft
    }

    public func text(_ field: Field) -> String { texts[field] ?? "" }

    /// The registration the form describes, for validation.
    public var draft: RegistrationDraft {
        var d = RegistrationDraft()
        d.name = text(.name)
        d.birthDate = text(.birthdate)
        d.bsn = text(.bsn)
        d.street = text(.street)
        d.postcode = text(.postcode)
        d.place = text(.place)
        d.gemeente = choices[.gemeente] ?? ""
        d.wijkteam = choices[.wijkteam] ?? ""
        d.source = choices[.source] ?? ""
        d.referrerOrganisation = text(.referrerOrganisation)
        d.referrerContact = text(.referrerContact)
        d.reason = text(.reason)
        d.goal = text(.goal)
        d.riskSignals = risks.sorted().map(\.rawValue)
        d.lawful.ground = choices[.ground] ?? ""
        d.lawful.informed = choices[.informed] ?? ""
        return d
    }

    /// The options of a choice field, as (value, label) pairs; the first is "none" for optional ones.
    public func options(for field: Field, context: DeskContext) -> [(value: String, label: String)] {
        let none = (value: "", label: context.text(.formNone))
        switch field {
        case .source:
            return Source.allCases.map { ($0.rawValue, context.text.label($0)) }
        case .gemeente:
            return context.region.gemeenten.map { ($0.name, $0.name) }
        case .wijkteam:
            guard let name = choices[.gemeente], let gemeente = try? context.region.gemeente(named: name) else {
                return [none]
            }
            return [none] + gemeente.wijkteams.map { ($0, $0) }
        case .ground:
            return [none] + LegalGround.allCases.map { ($0.rawValue, context.text.label($0)) }
        case .informed:
            // Not informed needs its reason: that is recorded in the case's ground form (`l`).
            return [none, ("j", context.text.label(Answer.yes))]
        default:
            return []
        }
    }

    /// Maps validation errors (named by the draft's field names) onto the form's fields.
    public static func field(for error: ValidationError) -> Field? {
        switch error.field {
        case "birthdate": return .birthdate
        case "risk": return .risk
        default: return Field(rawValue: error.field)
        }
    }
}
