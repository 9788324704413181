import CaseModel

/// What "is this person known?" compares of each person on each case: the name's words
/// (`PersonQuery.words`), BSN, date of birth and postcode, kept apart from the cases so a search
/// over 100,000 of them reads this small index, never the cases themselves (copying a case out of
/// the dictionary for every one of them was most of a key's cost). Derived from the cases, so two
/// states are equal whatever this holds.
struct KnownNames: Equatable, Sendable {
    struct Entry: Sendable {
        var words: [String]
        var bsn: BSN?
        var birthDate: CalendarDate?
        var postcode: Postcode?

        init(_ person: Person) {
            words = PersonQuery.words(of: person.name)
            bsn = person.bsn
            birthDate = person.birthDate
            postcode = person.address?.postcode
        }

        func matches(_ query: PersonQuery) -> Bool {
            query.matches(bsn: bsn, birthDate: birthDate, postcode: postcode, nameWords: words)
        }
    }

    private var byCase: [CaseID: [Entry]]?

    static func == (a: Self, b: Self) -> Bool { true }

    /// Made once, at the first search over the cases.
    mutating func make(from open: some Sequence<Case>, _ closed: some Sequence<Case>) {
        guard byCase == nil else { return }
        var made: [CaseID: [Entry]] = [:]
        for c in open { made[c.id] = c.persons.map(Entry.init) }
        for c in closed { made[c.id] = c.persons.map(Entry.init) }
        byCase = made
    }

    /// A case as it is now (once made: kept up to date).
    mutating func note(_ c: Case) {
        if byCase != nil { byCase?[c.id] = c.persons.map(Entry.init) }
    }

    mutating func forget(_ id: CaseID) { byCase?[id] = nil }

    /// The cases with a person `query` asks for, in no particular order; nil until made.
    func cases(matching query: PersonQuery) -> [CaseID]? {
        guard let byCase else { return nil }
        var found: [CaseID] = []
        for (id, persons) in byCase where persons.contains(where: { $0.matches(query) }) { found.append(id) }
        return found
    }
}
