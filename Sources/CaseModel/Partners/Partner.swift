import Foundation

/// The kinds of chain partner (ketenpartner) a ZVH works with (DOMAIN.md, "Partners").
public enum PartnerType: String, Codable, CaseIterable, Sendable {
    case gemeente
    case wijkteam
    case politie
    case om
    case reclassering
    case svg
    case legerDesHeils = "leger-des-heils"
    case rvdk
    case gi
    case dji
    case veiligThuis = "veilig-thuis"
    case ggz
    case ggd
    case verslavingszorg
    case slachtofferhulp
    case halt
    case woningcorporatie
    case riec
    case other = "overig"

    /// Parses a code or a usual way of writing the organisation kind, ignoring case and spaces.
    public init(parsing text: String) throws(ValidationError) {
        let key = Vocabulary.key(text)
        if let exact = PartnerType.allCases.first(where: { Vocabulary.key($0.rawValue) == key }) {
            self = exact
            return
        }
        let aliases: [String: PartnerType] = [
            "sociaalwijkteam": .wijkteam, "gebiedsteam": .wijkteam, "police": .politie,
            "openbaarministerie": .om, "reclasseringnederland": .reclassering, "rn": .reclassering,
            "verslavingsreclasseringggz": .svg, "legerdesheilsjr": .legerDesHeils, "ldh": .legerDesHeils,
            "raadvoordekinderbescherming": .rvdk, "gecertificeerdeinstelling": .gi,
            "dienstjustitieleinrichtingen": .dji, "vt": .veiligThuis, "slachtofferhulpnederland": .slachtofferhulp,
            "corporatie": .woningcorporatie, "other": .other, "anders": .other,
        ]
        guard let type = aliases[key] else {
            throw ValidationError(
                .unknownPartnerType, field: "type", value: text,
                detail: PartnerType.allCases.map(\.rawValue).joined(separator: ", "))
        }
        self = type
    }
}

/// How a contact person is involved in a case.
public enum CaseContactRole: String, Codable, CaseIterable, Sendable, Comparable {
    /// Who registered the case (melder, initiator).
    case melder
    case casusregisseur
    case procesregisseur
    case behandelaar
    case adviseur

    public init(parsing text: String) throws(ValidationError) {
        let key = Vocabulary.key(text)
        let aliases: [String: CaseContactRole] = [
            "initiator": .melder, "referrer": .melder, "aanmelder": .melder,
            "casemanager": .casusregisseur, "advisor": .adviseur,
        ]
        guard let role = CaseContactRole.allCases.first(where: { $0.rawValue == key }) ?? aliases[key] else {
            throw ValidationError(
                .unknownRole, field: "role", value: text,
                detail: CaseContactRole.allCases.map(\.rawValue).joined(separator: ", "))
        }
        self = role
    }

    public static func < (lhs: CaseContactRole, rhs: CaseContactRole) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

/// A number handed out by the store, shown with a prefix: `O-12` (organisation), `CP-34` (contact
/// person), `CO-56` (consultation). The phantom `Kind` keeps the three from being mixed up.
public struct RecordNumber<Kind: RecordKind>: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    public let value: Int

    public init(_ value: Int) { self.value = value }

    /// Parses `CP-34`, `cp34` or `34`.
    public init(_ text: String) throws(ValidationError) {
        var rest = Substring(text.trimmingCharacters(in: .whitespaces).uppercased())
        if rest.hasPrefix(Kind.prefix) { rest = rest.dropFirst(Kind.prefix.count) }
        if rest.hasPrefix("-") { rest = rest.dropFirst() }
        guard !rest.isEmpty, rest.count <= 9, rest.allSatisfy({ $0.isASCII && $0.isNumber }), let n = Int(rest), n > 0
        else {
            throw ValidationError(.recordNumberFormat, field: Kind.field, value: text, detail: Kind.prefix + "-12")
        }
        value = n
    }

    public var description: String { "\(Kind.prefix)-\(value)" }

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.value < rhs.value }

    public init(from decoder: Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        do { try self.init(text) } catch {
            throw DecodingError.dataCorrupted(
                .init(codingPath: decoder.codingPath, debugDescription: "invalid \(Kind.field) number \(text)"))
        }
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

public protocol RecordKind: Sendable {
    static var prefix: String { get }
    static var field: String { get }
}

public enum OrganisationKind: RecordKind {
    public static let prefix = "O"
    public static let field = "organisation"
}
public enum ContactKind: RecordKind {
    public static let prefix = "CP"
    public static let field = "contact"
}
public enum ConsultationKind: RecordKind {
    public static let prefix = "CO"
    public static let field = "consultation"
}

public typealias OrganisationID = RecordNumber<OrganisationKind>
public typealias ContactID = RecordNumber<ContactKind>
public typealias ConsultationID = RecordNumber<ConsultationKind>

/// A partner organisation: what it is, where it works, and whether it signed the region's privacy
/// covenant (which decides what it may receive).
public struct Organisation: Codable, Hashable, Sendable {
    public var id: OrganisationID
    public var type: PartnerType
    public var name: String
    public var gemeenten: [String]
    public var covenantSigned: Bool
    /// When the covenant was signed, if known.
    public var covenantDate: CalendarDate?

    public init(
        id: OrganisationID, type: PartnerType, name: String, gemeenten: [String],
        covenantSigned: Bool, covenantDate: CalendarDate?
    ) {
        self.id = id
        self.type = type
        self.name = name
        self.gemeenten = gemeenten
        self.covenantSigned = covenantSigned
        self.covenantDate = covenantDate
    }
}

/// A person at a partner organisation.
/// What a phone number or email address is for: the office (werk), a mobile, home, a fax, or else.
public enum ReachKind: String, Codable, Hashable, Sendable, CaseIterable {
    case werk, mobiel, thuis, fax, overig

    /// The words people and address books use (Dutch and English, vCard TYPE values).
    static let words: [String: ReachKind] = [
        "werk": .werk, "work": .werk, "kantoor": .werk, "office": .werk, "zakelijk": .werk, "business": .werk,
        "voice": .werk,
        "mobiel": .mobiel, "mobile": .mobiel, "cell": .mobiel, "gsm": .mobiel, "mob": .mobiel,
        "thuis": .thuis, "home": .thuis, "prive": .thuis, "privé": .thuis, "private": .thuis, "personal": .thuis,
        "fax": .fax, "telefax": .fax,
        "overig": .overig, "other": .overig, "anders": .overig,
    ]

    public init(parsing text: String) throws(ValidationError) {
        guard let kind = Self.words[Vocabulary.key(text)] ?? Self.words[text.lowercased()] else {
            throw ValidationError(
                .unknownReachKind, field: "kind", value: text,
                detail: Self.allCases.map(\.rawValue).joined(separator: ", "))
        }
        self = kind
    }

    /// The kind a number has when nobody says: a Dutch mobile number is mobiel, any other werk.
    public static func guess(_ number: PhoneNumber) -> ReachKind { number.e164.hasPrefix("+316") ? .mobiel : .werk }
}

/// One of a contact's phone numbers, with what it is for.
public struct ContactPhone: Codable, Hashable, Sendable {
    public var number: PhoneNumber
    public var kind: ReachKind

    public init(_ number: PhoneNumber, kind: ReachKind? = nil) {
        self.number = number
        self.kind = kind ?? ReachKind.guess(number)
    }
}

/// One of a contact's email addresses, with what it is for.
public struct ContactEmail: Codable, Hashable, Sendable {
    public var address: EmailAddress
    public var kind: ReachKind

    public init(_ address: EmailAddress, kind: ReachKind = .werk) {
        self.address = address
        self.kind = kind
    }
}

public struct Contact: Hashable, Sendable {
    public var id: ContactID
    public var organisation: OrganisationID
    public var name: String
    public var role: String
    /// Every number, the preferred one first.
    public var phones: [ContactPhone]
    /// Every address, the preferred one first.
    public var emails: [ContactEmail]
    /// When and how the person can be reached ("ma–do 9–17, niet op vrijdag").
    public var availability: String
    public var notes: String

    public init(
        id: ContactID, organisation: OrganisationID, name: String, role: String, phones: [ContactPhone],
        emails: [ContactEmail], availability: String, notes: String
    ) {
        self.id = id
        self.organisation = organisation
        self.name = name
        self.role = role
        self.phones = phones
        self.emails = emails
        self.availability = availability
        self.notes = notes
    }

    /// A contact with at most one number and one address.
    public init(
        id: ContactID, organisation: OrganisationID, name: String, role: String, phone: PhoneNumber?,
        email: EmailAddress?, availability: String, notes: String
    ) {
        self.init(
            id: id, organisation: organisation, name: name, role: role, phones: phone.map { [ContactPhone($0)] } ?? [],
            emails: email.map { [ContactEmail($0)] } ?? [], availability: availability, notes: notes)
    }

    /// The preferred number (the one to call).
    public var phone: PhoneNumber? { phones.first?.number }
    /// The preferred address.
    public var email: EmailAddress? { emails.first?.address }
}

extension Contact: Codable {
    private enum CodingKeys: String, CodingKey {
        case id, organisation, name, role, phones, emails, phone, email, availability, notes
    }

    /// Read as written since contacts hold several numbers, or as before (one `phone`, one `email`).
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(ContactID.self, forKey: .id)
        organisation = try c.decode(OrganisationID.self, forKey: .organisation)
        name = try c.decode(String.self, forKey: .name)
        role = try c.decode(String.self, forKey: .role)
        if let phones = try c.decodeIfPresent([ContactPhone].self, forKey: .phones) {
            self.phones = phones
        } else {
            phones = try c.decodeIfPresent(PhoneNumber.self, forKey: .phone).map { [ContactPhone($0)] } ?? []
        }
        if let emails = try c.decodeIfPresent([ContactEmail].self, forKey: .emails) {
            self.emails = emails
        } else {
            emails = try c.decodeIfPresent(EmailAddress.self, forKey: .email).map { [ContactEmail($0)] } ?? []
        }
        availability = try c.decode(String.self, forKey: .availability)
        notes = try c.decode(String.self, forKey: .notes)
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(organisation, forKey: .organisation)
        try c.encode(name, forKey: .name)
        try c.encode(role, forKey: .role)
        // One number of its obvious kind and one work address are written as before contacts held
        // more (`phone`, `email`), so a store's history and its exports read the same as they did.
        let simplePhones = phones.count <= 1 && phones.allSatisfy { $0.kind == ReachKind.guess($0.number) }
        let simpleEmails = emails.count <= 1 && emails.allSatisfy { $0.kind == .werk }
        if simplePhones && simpleEmails {
            try c.encodeIfPresent(phone, forKey: .phone)
            try c.encodeIfPresent(email, forKey: .email)
        } else {
            try c.encode(phones, forKey: .phones)
            try c.encode(emails, forKey: .emails)
        }
        try c.encode(availability, forKey: .availability)
        try c.encode(notes, forKey: .notes)
    }
}

/// A contact's part in a case.
public struct CaseLink: Codable, Hashable, Sendable {
    public var caseID: CaseID
    public var contact: ContactID
    public var role: CaseContactRole

    public init(caseID: CaseID, contact: ContactID, role: CaseContactRole) {
        self.caseID = caseID
        self.contact = contact
        self.role = role
    }
}
