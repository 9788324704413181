import Foundation

/// Someone of the family or household was added to a case.
public struct PersonAdded: Codable, Hashable, Sendable {
    public var caseID: CaseID
    public var person: Person

    public init(caseID: CaseID, person: Person) {
        self.caseID = caseID
        self.person = person
    }
}

/// Someone who is not the person the case is about was taken off it (known by name on the case).
public struct PersonRemoved: Codable, Hashable, Sendable {
    public var caseID: CaseID
    public var name: String

    public init(caseID: CaseID, name: String) {
        self.caseID = caseID
        self.name = name
    }
}

/// A household member as typed: added (name, role, date of birth, BSN, checked as registering
/// checks a person) or removed (by name).
public struct PersonDraft: Hashable, Sendable {
    public var remove = false
    public var name = ""
    public var role = ""
    public var birthDate = ""
    public var bsn = ""

    public init() {}

    public func validate(_ c: Case, today: CalendarDate) -> Result<CaseEvent, ValidationErrors> {
        func trimmed(_ s: String) -> String { s.trimmingCharacters(in: .whitespacesAndNewlines) }
        var errors: [ValidationError] = []
        if let refusal = CaseStep.household.refusal(for: c) { errors.append(refusal) }
        let key = Vocabulary.key(trimmed(name))
        if key.isEmpty { errors.append(ValidationError(.required, field: "name")) }
        if trimmed(name).count > RegistrationDraft.maximumLength {
            errors.append(ValidationError(.tooLong, field: "name", detail: String(RegistrationDraft.maximumLength)))
        }
        let onCase = c.persons.firstIndex { Vocabulary.key($0.name) == key }
        if remove {
            if !key.isEmpty {
                if onCase == nil {
                    errors.append(
                        ValidationError(
                            .unknownPerson, field: "name", value: trimmed(name),
                            detail: c.persons.dropFirst().map(\.name).joined(separator: ", ")))
                } else if onCase == 0 {
                    errors.append(ValidationError(.mainPerson, field: "name", value: trimmed(name)))
                }
            }
            guard errors.isEmpty, let index = onCase else { return .failure(ValidationErrors(errors)) }
            return .success(.personRemoved(PersonRemoved(caseID: c.id, name: c.persons[index].name)))
        }
        if onCase != nil { errors.append(ValidationError(.personTwice, field: "name", value: trimmed(name))) }
        var personRole: PersonRole?
        if trimmed(role).isEmpty {
            errors.append(
                ValidationError(
                    .required, field: "role",
                    detail: PersonRole.allCases.dropFirst().map(\.rawValue).joined(separator: ", ")))
        } else {
            do { personRole = try PersonRole(parsing: role) } catch { errors.append(error) }
        }
        var birth: CalendarDate?
        if !trimmed(birthDate).isEmpty {
            if let date = CalendarDate(iso: trimmed(birthDate)) ?? CalendarDate(dutch: trimmed(birthDate)) {
                if date > today {
                    errors.append(ValidationError(.dateInFuture, field: "birthdate", value: birthDate))
                } else {
                    birth = date
                }
            } else {
                errors.append(ValidationError(.dateFormat, field: "birthdate", value: birthDate))
            }
        }
        var number: BSN?
        if !trimmed(bsn).isEmpty { do { number = try BSN(bsn) } catch { errors.append(error) } }
        guard errors.isEmpty, let personRole else { return .failure(ValidationErrors(errors)) }
        return .success(
            .personAdded(
                PersonAdded(
                    caseID: c.id,
                    person: Person(
                        name: trimmed(name), birthDate: birth, bsn: number,
                        address: c.primaryPerson.address, role: personRole))))
    }
}
