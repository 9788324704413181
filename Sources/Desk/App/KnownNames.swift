import CaseModel

/// The name words of the persons on each case (`PersonQuery.words`), for "is this person known?".
/// Derived from the cases, so two states are equal whatever this holds.
struct KnownNames: Equatable, Sendable {
    private var byCase: [CaseID: [[String]]]?

    static func == (a: Self, b: Self) -> Bool { true }

    /// Made once, at the first search over the cases.
    mutating func make(from open: some Sequence<Case>, _ closed: some Sequence<Case>) {
        guard byCase == nil else { return }
        var made: [CaseID: [[String]]] = [:]
        for c in open { made[c.id] = c.persons.map { PersonQuery.words(of: $0.name) } }
        for c in closed { made[c.id] = c.persons.map { PersonQuery.words(of: $0.name) } }
        byCase = made
    }

    /// A case as it is now (once made: kept up to date).
    mutating func note(_ c: Case) {
        if byCase != nil { byCase?[c.id] = c.persons.map { PersonQuery.words(of: $0.name) } }
    }

    mutating func forget(_ id: CaseID) { byCase?[id] = nil }

    /// Whether a person on `c` is the one `query` asks for.
    func matches(_ c: Case, _ query: PersonQuery) -> Bool {
        let words = byCase?[c.id]
        return c.persons.indices.contains { index in
            let person = c.persons[index]
            guard let words, words.indices.contains(index) else { return query.matches(person) }
            return query.matches(person, nameWords: words[index])
        }
    }
}
