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
                entry[entry.index(after: open)...].dropLast().allSatisfy({ $0.isLetter })
            {
                kind = String(entry[entry.index(after: open)...].dropLast())
                entry = entry[..<open].trimmingCharacters(in: .whitespaces)
            } else if let colon = entry.firstIndex(of: ":"),
                ReachKind.words[Vocabulary.key(String(entry[..<colon]))] != nil
            {
                kind = String(entry[..<colon])
                entry = entry[entry.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            }
            return (entry, kind)
        }
    }

    /// Every number in `text`, in order, or every reason one is refused.
    public static func phones(_ text: String) -> Result<[ContactPhone], ValidationErrors> {
        parsed(text, field: "phone") { value, kind throws(ValidationError) in
            let number = try PhoneNumber(value)
            return (ContactPhone(number, kind: kind), number.e164)
        }.map { $0.map(\.entry) }
    }

    /// Every address in `text`, in order, or every reason one is refused.
    public static func emails(_ text: String) -> Result<[ContactEmail], ValidationErrors> {
        parsed(text, field: "email") { value, kind throws(ValidationError) in
            let address = try EmailAddress(value)
            return (ContactEmail(address, kind: kind ?? .werk), address.value)
        }.map { $0.map(\.entry) }
    }

    /// The entries of `text` checked by `make` (which gets the value and the kind named, if any),
    /// with whether a kind was named; a value given twice counts once, its last writing winning.
    static func parsed<T>(
        _ text: String, field: String, _ make: (String, ReachKind?) throws(ValidationError) -> (T, key: String)
    )
        -> Result<[(entry: T, key: String, named: Bool)], ValidationErrors>
    {
        var found: [(entry: T, key: String, named: Bool)] = []
        var errors: [ValidationError] = []
        for (value, kind) in entries(text) {
            do {
                let named = try kind.map { k throws(ValidationError) in try ReachKind(parsing: k) }
                let (entry, key) = try make(value, named)
                if let index = found.firstIndex(where: { $0.key == key }) {
                    found[index] = (entry, key, named != nil)
                } else {
                    found.append((entry, key, named != nil))
                }
            } catch {
                errors.append(
                    ValidationError(
                        error.code, field: field, value: error.field == field ? value : error.value,
                        detail: error.detail))
            }
        }
        return errors.isEmpty ? .success(found) : .failure(ValidationErrors(errors))
    }

    /// The numbers in `text` over the ones known: given first, then the known the text did not
    /// mention; a given number that names no kind keeps the kind it is known by.
    static func phones(_ text: String, over known: [ContactPhone]) -> Result<[ContactPhone], ValidationErrors> {
        parsed(text, field: "phone") { value, kind throws(ValidationError) in
            let number = try PhoneNumber(value)
            return (ContactPhone(number, kind: kind), number.e164)
        }.map { given in
            let kept = given.map { item in
                item.named ? item.entry : known.first { $0.number == item.entry.number } ?? item.entry
            }
            return merged(kept, over: known) { $0.number == $1.number }
        }
    }

    /// The addresses in `text` over the ones known, as `phones(_:over:)` does it.
    static func emails(_ text: String, over known: [ContactEmail]) -> Result<[ContactEmail], ValidationErrors> {
        parsed(text, field: "email") { value, kind throws(ValidationError) in
            let address = try EmailAddress(value)
            return (ContactEmail(address, kind: kind ?? .werk), address.value)
        }.map { given in
            let kept = given.map { item in
                item.named ? item.entry : known.first { $0.address == item.entry.address } ?? item.entry
            }
            return merged(kept, over: known) { $0.address == $1.address }
        }
    }

    /// The numbers as one line, Dutch writing, a kind only where it is not the obvious one.
    public static func text(_ phones: [ContactPhone]) -> String {
        phones.map { $0.number.national + ($0.kind == ReachKind.guess($0.number) ? "" : " (\($0.kind.rawValue))") }
            .joined(separator: ", ")
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
