import Foundation

/// How a person belongs to a case: the one it is about, or a member of their family or household.
public enum PersonRole: String, Codable, Hashable, Sendable, CaseIterable {
    case betrokkene, partner, kind, ouder, huisgenoot, familie

    static let words: [String: PersonRole] = [
        "betrokkene": .betrokkene, "concerned": .betrokkene, "partner": .partner, "echtgenoot": .partner,
        "echtgenote": .partner,
        "kind": .kind, "zoon": .kind, "dochter": .kind, "child": .kind, "ouder": .ouder, "moeder": .ouder,
        "vader": .ouder,
        "parent": .ouder, "huisgenoot": .huisgenoot, "housemate": .huisgenoot, "familie": .familie, "family": .familie,
    ]

    public init(parsing text: String) throws(ValidationError) {
        guard let role = Self.words[text.trimmingCharacters(in: .whitespaces).lowercased()] else {
            throw ValidationError(
                .unknownPersonRole, field: "role", value: text,
                detail: Self.allCases.map(\.rawValue).joined(separator: ", "))
        }
        self = role
    }
}

/// A person a case is about.
public struct Person: Codable, Hashable, Sendable {
    public var name: String
    public var birthDate: CalendarDate?
    public var bsn: BSN?
    public var address: Address?
    /// The person the case is about is the betrokkene; the others of a household say how they belong.
    public var role: PersonRole

    public init(
        name: String, birthDate: CalendarDate? = nil, bsn: BSN? = nil, address: Address? = nil,
        role: PersonRole = .betrokkene
    ) {
        self.name = name
        self.birthDate = birthDate
        self.bsn = bsn
        self.address = address
        self.role = role
    }

    private enum CodingKeys: String, CodingKey { case name, birthDate, bsn, address, role }

    /// A person written before households had no role: the one the case is about.
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decode(String.self, forKey: .name)
        birthDate = try c.decodeIfPresent(CalendarDate.self, forKey: .birthDate)
        bsn = try c.decodeIfPresent(BSN.self, forKey: .bsn)
        address = try c.decodeIfPresent(Address.self, forKey: .address)
        role = try c.decodeIfPresent(PersonRole.self, forKey: .role) ?? .betrokkene
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(name, forKey: .name)
        try c.encodeIfPresent(birthDate, forKey: .birthDate)
        try c.encodeIfPresent(bsn, forKey: .bsn)
        try c.encodeIfPresent(address, forKey: .address)
        if role != .betrokkene { try c.encode(role, forKey: .role) }
    }
}

/// A Dutch address; the gemeente is kept on the case, where it decides who is involved.
public struct Address: Codable, Hashable, Sendable {
    public var street: String
    public var postcode: Postcode?
    public var place: String

    public init(street: String, postcode: Postcode?, place: String) {
        self.street = street
        self.postcode = postcode
        self.place = place
    }
}

/// Who referred a case: the organisation and the person to call back.
public struct Referrer: Codable, Hashable, Sendable {
    public var organisation: String
    public var contact: String

    public init(organisation: String, contact: String) {
        self.organisation = organisation
        self.contact = contact
    }
}

/// Who holds one of the four AVE responsibilities for a case.
public struct ResponsibilityHolder: Codable, Hashable, Sendable {
    public var organisation: String
    public var person: String

    public init(organisation: String, person: String = "") {
        self.organisation = organisation
        self.person = person
    }
}
