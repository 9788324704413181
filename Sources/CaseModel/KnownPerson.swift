import Foundation

/// "Is this person known?": a search over every person on every case, open and closed, by BSN,
/// by name in any word order, by date of birth, or by postcode, as ZSM and a new registration ask it.
///
/// Each word of the query is read as what it looks like (nine digits that pass the 11-test: a BSN;
/// a date; a Dutch postcode, also written with a space); the rest are name words. A person matches
/// when every part matches them, diacritics and case ignored.
public struct PersonQuery: Hashable, Sendable {
    public enum Part: Hashable, Sendable {
        case bsn(BSN)
        case birthDate(CalendarDate)
        case postcode(Postcode)
        case name(String)
    }

    public let parts: [Part]

    public init(_ text: String) {
        let words = text.split(whereSeparator: { $0.isWhitespace || $0 == "," }).map(String.init)
        var parts: [Part] = []
        var index = 0
        while index < words.count {
            let word = words[index]
            // "8911 AB": a postcode written in two words.
            if word.count == 4, word.allSatisfy(\.isNumber), index + 1 < words.count, words[index + 1].count == 2,
                let postcode = try? Postcode(word + words[index + 1])
            {
                parts.append(.postcode(postcode))
                index += 2
                continue
            }
            if word.count == 9, word.allSatisfy(\.isNumber), let bsn = try? BSN(word) {
                parts.append(.bsn(bsn))
            } else if let date = CalendarDate(iso: word) ?? CalendarDate(dutch: word) {
                parts.append(.birthDate(date))
            } else if let postcode = try? Postcode(word), word.count == 6 {
                parts.append(.postcode(postcode))
            } else {
                let key = Vocabulary.searchable(word)
                if !key.isEmpty { parts.append(.name(key)) }
            }
            index += 1
        }
        self.parts = parts
    }

    public var isEmpty: Bool { parts.isEmpty }

    /// The words of a name, diacritics, case and punctuation set aside.
    static func nameWords(_ name: String) -> [String] {
        Vocabulary.searchable(name).split(whereSeparator: { !$0.isLetter && !$0.isNumber }).map(String.init)
    }

    /// Whether two writings can name the same person: the same words in any order, or the one's
    /// words each found in the other, an initial standing for a word it begins (at least one
    /// whole word, the surname, in common).
    public static func sameName(_ a: String, _ b: String) -> Bool {
        let left = nameWords(a)
        let right = nameWords(b)
        guard !left.isEmpty, !right.isEmpty else { return false }
        if left.sorted() == right.sorted() { return true }
        return covered(left, by: right) || covered(right, by: left)
    }

    /// Every word of `short` found in `long` (an initial for a word it begins), at least one whole.
    private static func covered(_ short: [String], by long: [String]) -> Bool {
        guard short.count >= 2, short.count <= long.count else { return false }
        var unused = long
        var whole = 0
        for word in short {
            if let index = unused.firstIndex(of: word) {
                unused.remove(at: index)
                whole += 1
            } else if word.count == 1, let index = unused.firstIndex(where: { $0.hasPrefix(word) }) {
                unused.remove(at: index)
            } else {
                return false
            }
        }
        return whole >= 1
    }

    public func matches(_ p: Person) -> Bool {
        matches(p, nameWords: Self.words(of: p.name))
    }

    /// The words of a name as `matches` compares them: each part of a double surname a word of its
    /// own ("de Vries-Kuipers"), lowercased, diacritics set aside. Worked out once per person and
    /// kept, typing a name searches 100,000 cases without folding every name again for each key.
    public static func words(of name: String) -> [String] {
        Vocabulary.searchable(name).split(whereSeparator: { !$0.isLetter && !$0.isNumber }).map(String.init)
    }

    /// As `matches(_:)`, with the person's name already in `words(of:)`.
    public func matches(_ p: Person, nameWords name: [String]) -> Bool {
        matches(bsn: p.bsn, birthDate: p.birthDate, postcode: p.address?.postcode, nameWords: name)
    }

    /// As `matches(_:)`, given only what it compares (a search index keeps no more of a person).
    public func matches(bsn: BSN?, birthDate: CalendarDate?, postcode: Postcode?, nameWords name: [String]) -> Bool {
        guard !parts.isEmpty else { return false }
        return parts.allSatisfy { part in
            switch part {
            case .bsn(let wanted): return bsn == wanted
            case .birthDate(let date): return birthDate == date
            case .postcode(let wanted): return postcode == wanted
            // Both sides folded alike (`Vocabulary.searchable`), so a prefix is one of bytes.
            case .name(let word): return name.contains { $0.utf8.starts(with: word.utf8) }
            }
        }
    }

    /// What kind of query it was, without the person's data (for messages and, later, the access log).
    public var shape: [String] {
        parts.map { part in
            switch part {
            case .bsn: return "bsn"
            case .birthDate: return "birth-date"
            case .postcode: return "postcode"
            case .name: return "name"
            }
        }
    }
}

/// A person found on a case.
public struct KnownPerson: Hashable, Sendable {
    public var caseID: CaseID
    public var status: CaseStatus
    public var person: Person

    public init(caseID: CaseID, status: CaseStatus, person: Person) {
        self.caseID = caseID
        self.status = status
        self.person = person
    }
}

extension CaseBook {
    /// Everyone on a case, open or closed, who matches `query`: open cases first, newest first.
    public func known(_ query: PersonQuery) -> [KnownPerson] {
        var found: [KnownPerson] = []
        for c in cases.values {
            for person in c.persons where query.matches(person) {
                found.append(KnownPerson(caseID: c.id, status: c.status, person: person))
            }
        }
        return found.sorted { ($0.status.isOpen ? 0 : 1, $1.caseID) < ($1.status.isOpen ? 0 : 1, $0.caseID) }
    }

    /// The cases a new registration's person is already on: the same BSN, or the same name with the
    /// same date of birth, the name written any way people write it ("Smit, Wytske", "W. Smit",
    /// an extra space).
    public func alreadyKnown(_ person: Person) -> [KnownPerson] {
        var found: [KnownPerson] = []
        for c in cases.values {
            for other in c.persons {
                let sameBSN = person.bsn != nil && other.bsn == person.bsn
                let sameNameAndBirth =
                    person.birthDate != nil && other.birthDate == person.birthDate
                    && PersonQuery.sameName(other.name, person.name)
                if sameBSN || sameNameAndBirth {
                    found.append(KnownPerson(caseID: c.id, status: c.status, person: other))
                }
            }
        }
        return found.sorted { $0.caseID > $1.caseID }
    }
}
