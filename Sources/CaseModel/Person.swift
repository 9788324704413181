import Foundation

/// A person a case is about.
public struct Person: Codable, Hashable, Sendable {
    public var name: String
    public var birthDate: CalendarDate?
    public var bsn: BSN?
    public var address: Address?

    public init(name: String, birthDate: CalendarDate? = nil, bsn: BSN? = nil, address: Address? = nil) {
        self.name = name
        self.birthDate = birthDate
        self.bsn = bsn
        self.address = address
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
