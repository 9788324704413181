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
    /// Every name word of every person with its case, sorted by the word's bytes: the cases whose
    /// names have a word beginning with what is typed are one range, found by halving (DECISIONS 151).
    private var words: [(word: String, id: CaseID)] = []
    private var byBSN: [BSN: [CaseID]] = [:]
    private var byBirthDate: [CalendarDate: [CaseID]] = [:]
    private var byPostcode: [Postcode: [CaseID]] = [:]
    /// Cases changed or gone since the sorted index was made: the index's word for them is not
    /// believed, their entries are read instead. Made again when this grows large.
    private var changed: Set<CaseID> = []
    static let remakeAfter = 2_000

    static func == (a: Self, b: Self) -> Bool { true }

    /// Made once, at the first search over the cases.
    mutating func make(from open: some Sequence<Case>, _ closed: some Sequence<Case>) {
        guard byCase == nil else { return }
        var made: [CaseID: [Entry]] = [:]
        for c in open { made[c.id] = c.persons.map(Entry.init) }
        for c in closed { made[c.id] = c.persons.map(Entry.init) }
        byCase = made
        index()
    }

    private mutating func index() {
        guard let byCase else { return }
        var words: [(word: String, id: CaseID)] = []
        words.reserveCapacity(byCase.count * 3)
        var bsn: [BSN: [CaseID]] = [:]
        var birth: [CalendarDate: [CaseID]] = [:]
        var postcode: [Postcode: [CaseID]] = [:]
        for (id, entries) in byCase {
            for entry in entries {
                for word in entry.words { words.append((word, id)) }
                if let b = entry.bsn { bsn[b, default: []].append(id) }
                if let d = entry.birthDate { birth[d, default: []].append(id) }
                if let p = entry.postcode { postcode[p, default: []].append(id) }
            }
        }
        words.sort { $0.word.utf8.lexicographicallyPrecedes($1.word.utf8) }
        (self.words, byBSN, byBirthDate, byPostcode, changed) = (words, bsn, birth, postcode, [])
    }

    /// A case as it is now (once made: kept up to date).
    mutating func note(_ c: Case) {
        guard byCase != nil else { return }
        byCase?[c.id] = c.persons.map(Entry.init)
        changed.insert(c.id)
        if changed.count > Self.remakeAfter { index() }
    }

    mutating func forget(_ id: CaseID) {
        guard byCase != nil else { return }
        byCase?[id] = nil
        changed.insert(id)
    }

    /// The cases with a person `query` asks for, in no particular order; nil until made.
    func cases(matching query: PersonQuery) -> [CaseID]? {
        guard let byCase else { return nil }
        // The cases the index names for the query's most telling part; each then asked whole.
        var candidates: [CaseID]?
        for part in query.parts {
            let named = cases(for: part)
            if candidates == nil || named.count < candidates?.count ?? 0 { candidates = named }
        }
        var found: [CaseID] = []
        var seen = Set<CaseID>()
        // A query of one part is answered by the index alone (one letter can name half the region);
        // with more, each candidate's people are asked whether one of them matches every part.
        let whole = query.parts.count == 1
        for id in candidates ?? [] where !changed.contains(id) && seen.insert(id).inserted {
            if whole || byCase[id]?.contains(where: { $0.matches(query) }) == true { found.append(id) }
        }
        for id in changed where byCase[id]?.contains(where: { $0.matches(query) }) == true { found.append(id) }
        return found
    }

    /// The cases the sorted index has for one part of a query (a case may come more than once).
    private func cases(for part: PersonQuery.Part) -> [CaseID] {
        switch part {
        case .bsn(let bsn): return byBSN[bsn] ?? []
        case .birthDate(let date): return byBirthDate[date] ?? []
        case .postcode(let postcode): return byPostcode[postcode] ?? []
        case .name(let prefix):
            let key = prefix.utf8
            // The words from the first not before `prefix`, for as long as they begin with it.
            let first = partition { !$0.utf8.lexicographicallyPrecedes(key) }
            let end = partition { !$0.utf8.lexicographicallyPrecedes(key) && !$0.utf8.starts(with: key) }
            return words[first..<max(first, end)].map(\.id)
        }
    }

    /// The first index whose word holds `after` (which holds for the rest once it holds).
    private func partition(_ after: (String) -> Bool) -> Int {
        var low = 0
        var high = words.count
        while low < high {
            let middle = (low + high) / 2
            if after(words[middle].word) { high = middle } else { low = middle + 1 }
        }
        return low
    }
}
