import Foundation

/// A contact person to link to a case, as typed: the case number, the contact (its number or part
/// of its name) and the role.
public struct LinkDraft: Hashable, Sendable {
    public var caseID = ""
    public var contact = ""
    public var role = ""

    public init() {}

    /// `caseExists` says whether a case number is known (the desk knows its open cases, the command line the book).
    public func validate(caseExists: (CaseID) -> Bool, directory: PartnerDirectory) -> Result<
        CaseLink, ValidationErrors
    > {
        var errors: [ValidationError] = []
        var id: CaseID?
        do {
            let parsed = try CaseID(caseID)
            if !caseExists(parsed) {
                errors.append(ValidationError(.unknownCase, field: "id", value: caseID))
            } else {
                id = parsed
            }
        } catch { errors.append(error) }
        var found: ContactID?
        do { found = try Self.contact(contact, in: directory) } catch { errors.append(error) }
        var roleValue: CaseContactRole?
        do { roleValue = try CaseContactRole(parsing: role) } catch { errors.append(error) }
        guard errors.isEmpty, let id, let found, let roleValue else { return .failure(ValidationErrors(errors)) }
        return .success(CaseLink(caseID: id, contact: found, role: roleValue))
    }

    /// The contact `text` names: a `CP-` number, a whole name, or the only name containing it.
    public static func contact(_ text: String, in directory: PartnerDirectory) throws(ValidationError) -> ContactID {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty else { throw ValidationError(.required, field: "contact") }
        if trimmed.uppercased().hasPrefix("CP"), let id = try? ContactID(trimmed) {
            guard directory.contacts[id] != nil else {
                throw ValidationError(.unknownContact, field: "contact", value: text)
            }
            return id
        }
        let key = Vocabulary.key(trimmed)
        if let exact = directory.contacts.values.filter({ Vocabulary.key($0.name) == key }).min(by: { $0.id < $1.id }),
            directory.contacts.values.filter({ Vocabulary.key($0.name) == key }).count == 1
        {
            return exact.id
        }
        let matches = directory.search(trimmed).compactMap(\.contact)
        guard !matches.isEmpty else { throw ValidationError(.unknownContact, field: "contact", value: text) }
        guard matches.count == 1 else {
            let names = matches.prefix(5).map { c in
                "\(c.name) (\(directory.organisations[c.organisation]?.name ?? ""), \(c.id))"
            }
            throw ValidationError(
                .ambiguousContact, field: "contact", value: text,
                detail: names.joined(separator: ", ") + (matches.count > 5 ? ", …" : ""))
        }
        return matches[0].id
    }
}
