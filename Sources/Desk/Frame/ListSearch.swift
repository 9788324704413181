/// A list's search, the same in the Wachtrij, Partners and Consulten.
enum ListSearch {
    /// What a command did to the search: changed the query, nothing, or (Esc on an empty search
    /// not being typed) asked to go back to the Wachtrij.
    enum SearchOutcome { case changed, same, leave }

    /// A list's search, the same in Partners and Consulten as in the Wachtrij: `/` starts a new one,
    /// typing narrows, Enter keeps it, Esc while typing clears it; Esc after that clears it too,
    /// and on an empty search goes back to the Wachtrij.
    static func apply(_ query: inout String, editing: inout Bool, _ command: Command) -> SearchOutcome {
        switch command {
        case .startFilter:
            // `/` starts a new search, as in the Wachtrij.
            editing = true
            if !query.isEmpty {
                query = ""
                return .changed
            }
        case .acceptFilter:
            editing = false
        case .insert(let character):
            guard editing, query.count < 100 else { return .same }
            query.append(character)
            return .changed
        case .erase:
            guard editing, !query.isEmpty else { return .same }
            query.removeLast()
            return .changed
        case .cancelFilter:
            let wasEditing = editing
            editing = false
            if query.isEmpty { return wasEditing ? .same : .leave }
            query = ""
            return .changed
        default:
            break
        }
        return .same
    }
}
