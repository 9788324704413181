import Foundation

/// The region a ZVH serves: its name, its gemeenten and their sociale wijkteams.
public struct Region: Codable, Hashable, Sendable {
    public struct Gemeente: Codable, Hashable, Sendable {
        public var name: String
        public var wijkteams: [String]

        public init(name: String, wijkteams: [String]) {
            self.name = name
            self.wijkteams = wijkteams
        }
    }

    /// The ZVH's name as shown in the header, e.g. "Zorg- en Veiligheidshuis Fryslân".
    public var zvhName: String
    public var gemeenten: [Gemeente]
    public var holidays: HolidayRules

    public init(zvhName: String, gemeenten: [Gemeente], holidays: HolidayRules = .standard) {
        self.zvhName = zvhName
        self.gemeenten = gemeenten
        self.holidays = holidays
    }

    /// The gemeente `text` names, ignoring case, diacritics and dashes.
    public func gemeente(named text: String) throws(ValidationError) -> Gemeente {
        let key = Vocabulary.key(text)
        guard !key.isEmpty else { throw ValidationError(.required, field: "gemeente") }
        guard let found = gemeenten.first(where: { Vocabulary.key($0.name) == key }) else {
            throw ValidationError(
                .unknownGemeente, field: "gemeente", value: text,
                detail: gemeenten.map(\.name).joined(separator: ", "))
        }
        return found
    }

    /// The wijkteam of `gemeente` that `text` names; also accepts the name without its team word
    /// ("Noord" for "Wijkteam Noord", "Sneek" for "Gebiedsteam Sneek").
    public func wijkteam(named text: String, in gemeente: Gemeente) throws(ValidationError) -> String {
        let key = Vocabulary.key(text)
        let teamWords = ["sociaalwijkteam", "wijkteam", "gebiedsteam", "sociaalteam"]
        let found = gemeente.wijkteams.first {
            let candidate = Vocabulary.key($0)
            if candidate == key { return true }
            return teamWords.contains { candidate.hasPrefix($0) && String(candidate.dropFirst($0.count)) == key }
        }
        guard let found, !key.isEmpty else {
            throw ValidationError(
                .unknownWijkteam, field: "wijkteam", value: text,
                detail: gemeente.wijkteams.joined(separator: ", "))
        }
        return found
    }
}
