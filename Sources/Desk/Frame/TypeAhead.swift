import CaseModel

/// Typing on a choice, the same in every form (registration, Escalatie, the short forms): the
/// letters typed so far pick the first option whose label starts with them, or else one with a
/// word that starts with them ("noord" finds "Wijkteam Leeuwarden Noord"), case and diacritics
/// ignored. `leg` lands on Leger des Heils, not on the option of the last letter. A letter that
/// fits no option with what came before starts afresh with itself; one that fits nothing at all
/// changes nothing.
enum TypeAhead {
    /// The option `typed` + `character` picks, and what is typed from then on.
    static func pick(after typed: String, _ character: Character, labels: [String]) -> (index: Int, typed: String)? {
        let folded = labels.map(Vocabulary.searchable)
        for attempt in [typed + String(character), String(character)] {
            let key = Vocabulary.searchable(attempt)
            guard !key.isEmpty else { continue }
            if let index = folded.firstIndex(where: { $0.hasPrefix(key) }) { return (index, attempt) }
            if let index = folded.firstIndex(where: { label in
                label.split(whereSeparator: { !$0.isLetter && !$0.isNumber }).contains { $0.hasPrefix(key) }
            }) {
                return (index, attempt)
            }
        }
        return nil
    }
}
