import Foundation

/// A contact's phone numbers and email addresses as one line of text, the way the partner form,
/// `partner add` and a CSV column carry them: entries separated by commas, each with its kind in
/// brackets when it is not the obvious one (`058-2991234, 06-12345678 (werk)`, `a@b.nl, c@d.nl (thuis)`).
public enum ContactReach {
    /// The entries of `text` (commas or semicolons between them; phone numbers hold neither),
    /// each with the kind it names, if any: `06-12345678 (mobiel)` or `mobiel: 06-12345678`.
    static func entries(_ text: String) -> [(value: String, kind: String?)] {
        text.split(whereSeparator: { $0 == "," || $0 == ";" }).compactMap { raw in
            var entry = raw.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !entry.isEmpty else { return nil }
            var kind: String?
            if entry.hasSuffix(")"), let open = entry.lastIndex(of: "("),
               entry[entry.index(after: open)...].dropLast().allSatisfy({ $0.isLetter }) {
                kind = String(entry[entry.index(after: open)...].dropLast())
                entry = entry[..<open].trimmingCharacters(in: .whitespaces)
            } else if let colon = entry.firstIndex(of: ":"), ReachKind.words[Vocabulary.key(String(entry[..<colon]))] != nil {
                kind = String(entry[..<colon])
                entry = entry[entry.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            }
            return (entry, kind)
        }
    }

    /// Every number in `text`, in order, or every reason one is refused.
    public static func phones(_ text: String) -> Result<[ContactPhone], ValidationErrors> {
        var phones: [ContactPhone] = [], errors: [ValidationError] = []
        for (value, kind) in entries(text) {
            do {
                let number = try PhoneNumber(value)
                let phone = ContactPhone(number, kind: try kind.map { k throws(ValidationError) in try ReachKind(parsing: k) })
                if let index = phones.firstIndex(where: { $0.number == number }) { phones[index] = phone } else { phones.append(phone) }
            } catch {
                errors.append(ValidationError(error.code, field: "phone", value: error.field == "phone" ? value : error.value, detail: error.detail))
            }
        }
        return errors.isEmpty ? .success(phones) : .failure(ValidationErrors(errors))
    }

    /// Every address in `text`, in order, or every reason one is refused.
    public static func emails(_ text: String) -> Result<[ContactEmail], ValidationErrors> {
        var emails: [ContactEmail] = [], errors: [ValidationError] = []
        for (value, kind) in entries(text) {
            do {
                let address = try EmailAddress(value)
                let email = ContactEmail(address, kind: try kind.map { k throws(ValidationError) in try ReachKind(parsing: k) } ?? .werk)
                if let index = emails.firstIndex(where: { $0.address == address }) { emails[index] = email } else { emails.append(email) }
            } catch {
                errors.append(ValidationError(error.code, field: "email", value: error.field == "email" ? value : error.value, detail: error.detail))
            }
        }
        return errors.isEmpty ? .success(emails) : .failure(ValidationErrors(errors))
    }

    /// The numbers as one line, Dutch writing, a kind only where it is not the obvious one.
    public static func text(_ phones: [ContactPhone]) -> String {
        phones.map { $0.number.national + ($0.kind == ReachKind.guess($0.number) ? "" : " (\($0.kind.rawValue))") }.joined(separator: ", ")
    }

    /// The addresses as one line, a kind only where it is not werk.
    public static func text(_ emails: [ContactEmail]) -> String {
        emails.map { $0.address.value + ($0.kind == .werk ? "" : " (\($0.kind.rawValue))") }.joined(separator: ", ")
    }

    /// What an update found by name keeps: the given entries first (the first is the preferred
    /// one), then every known entry the input did not mention. Nothing is erased.
    static func merged<T>(_ given: [T], over known: [T], same: (T, T) -> Bool) -> [T] {
        given + known.filter { old in !given.contains { same($0, old) } }
    }
}
