import Foundation

/// Something that happened in the partner directory.
public enum PartnerEvent: Hashable, Sendable {
    /// An organisation was added, or its details changed (the whole record, as it now is).
    case organisationRecorded(Organisation)
    /// A contact person was added, or their details changed (the whole record, as it now is).
    case contactRecorded(Contact)
    /// A contact person left the directory; their links to cases go with them.
    case contactRemoved(ContactID)
    case caseLinked(CaseLink)
    case caseUnlinked(CaseLink)
    /// The advisor spoke to the contact on this day.
    case contactReached(ContactReached)

    public var typeName: String {
        switch self {
        case .organisationRecorded: return "OrganisationRecorded"
        case .contactRecorded: return "ContactRecorded"
        case .contactRemoved: return "ContactRemoved"
        case .caseLinked: return "CaseContactLinked"
        case .caseUnlinked: return "CaseContactUnlinked"
        case .contactReached: return "ContactReached"
        }
    }

    /// The case the event concerns, if any (it then belongs in that case's history).
    public var caseID: CaseID? {
        switch self {
        case .caseLinked(let link), .caseUnlinked(let link): return link.caseID
        default: return nil
        }
    }
}

public struct ContactReached: Codable, Hashable, Sendable {
    public var contact: ContactID
    public var on: CalendarDate

    public init(contact: ContactID, on: CalendarDate) {
        self.contact = contact
        self.on = on
    }
}

private struct ContactRemovedData: Codable { var contact: ContactID }

extension PartnerEvent: Codable {
    private enum CodingKeys: String, CodingKey { case type, data }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let type = try c.decode(String.self, forKey: .type)
        switch type {
        case "OrganisationRecorded": self = .organisationRecorded(try c.decode(Organisation.self, forKey: .data))
        case "ContactRecorded": self = .contactRecorded(try c.decode(Contact.self, forKey: .data))
        case "ContactRemoved": self = .contactRemoved(try c.decode(ContactRemovedData.self, forKey: .data).contact)
        case "CaseContactLinked": self = .caseLinked(try c.decode(CaseLink.self, forKey: .data))
        case "CaseContactUnlinked": self = .caseUnlinked(try c.decode(CaseLink.self, forKey: .data))
        case "ContactReached": self = .contactReached(try c.decode(ContactReached.self, forKey: .data))
        default:
            throw DecodingError.dataCorruptedError(
                forKey: .type, in: c, debugDescription: "unknown partner event type \(type)")
        }
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(typeName, forKey: .type)
        switch self {
        case .organisationRecorded(let e): try c.encode(e, forKey: .data)
        case .contactRecorded(let e): try c.encode(e, forKey: .data)
        case .contactRemoved(let id): try c.encode(ContactRemovedData(contact: id), forKey: .data)
        case .caseLinked(let e), .caseUnlinked(let e): try c.encode(e, forKey: .data)
        case .contactReached(let e): try c.encode(e, forKey: .data)
        }
    }
}
