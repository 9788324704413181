import Foundation

/// What reading a partner file found: the changes from the good entries and why each bad one was refused.
public struct PartnerImport: Sendable {
    public struct Rejected: Hashable, Sendable {
        /// The line (CSV) or card number (vCard) the entry starts on.
        public var line: Int
        public var errors: [ValidationError]

        public init(line: Int, errors: [ValidationError]) {
            self.line = line
            self.errors = errors
        }
    }

    public var events: [PartnerEvent] = []
    /// Good entries (lines or cards).
    public var accepted = 0
    /// Good entries that change nothing in the directory.
    public var unchanged = 0
    public var rejected: [Rejected] = []
    /// Columns the file has that are not read.
    public var ignoredColumns: [String] = []
    /// What a good entry left out, and why (a card's number that is no phone number, an
    /// extension the directory cannot hold): the entry is kept without it.
    public var skipped: [Rejected] = []

    /// Checks each draft against the directory as it will be once the ones before it are in, so a
    /// file can bring a new organisation and its contacts together.
    /// `defaultType` is the kind given to new organisations whose entry names none.
    mutating func add(
        _ drafts: [(line: Int, draft: PartnerDraft)], to directory: PartnerDirectory, region: Region,
        today: CalendarDate,
        defaultType: PartnerType?
    ) {
        var scratch = directory
        for (line, given) in drafts {
            var draft = given
            if let defaultType, draft.type.trimmingCharacters(in: .whitespaces).isEmpty,
                scratch.organisation(named: draft.organisation) == nil
            {
                draft.type = defaultType.rawValue
            }
            switch draft.events(in: scratch, region: region, today: today) {
            case .failure(let errors):
                rejected.append(Rejected(line: line, errors: errors.errors))
            case .success(let events):
                do {
                    try scratch.apply(events, cases: CaseBook())
                    accepted += 1
                    if events.isEmpty { unchanged += 1 }
                    self.events += events
                } catch {
                    rejected.append(
                        Rejected(
                            line: line,
                            errors: [
                                ValidationError(.unknownOrganisation, field: "organisation", value: draft.organisation)
                            ]))
                }
            }
        }
    }
}

/// The partner directory as a CSV file (one line per contact, organisations without contacts on a
/// line of their own) and back.
public enum PartnerCSV {
    /// The columns in the order they are written, with the header names read (Dutch and English).
    static var columns: [(key: WritableKeyPath<PartnerDraft, String>, names: [String])] {
        [
            (\.organisation, ["organisatie", "organisation", "organization", "bedrijf", "company"]),
            (\.type, ["soort", "type", "partnertype"]),
            (\.gemeenten, ["gemeenten", "gemeente", "municipalities"]),
            (\.covenant, ["convenant", "covenant", "privacyconvenant"]),
            (\.covenantDate, ["convenantdatum", "covenantdate", "datumconvenant"]),
            (\.name, ["naam", "name", "contactpersoon", "contact"]),
            (\.role, ["functie", "rol", "role", "title"]),
            (\.phone, ["telefoon", "phone", "tel", "telefoonnummer"]),
            (\.email, ["email", "e-mail", "mail", "emailadres"]),
            (\.availability, ["bereikbaarheid", "bereikbaar", "availability"]),
            (\.notes, ["notities", "notes", "opmerkingen"]),
        ]
    }
    /// Further columns with numbers or addresses of a kind, as address books and spreadsheets name
    /// them ("Mobiel", "Telefoon werk", "E-mail privé", "E-mail 2"): every one is kept.
    static var reachColumns: [(key: WritableKeyPath<PartnerDraft, String>, kind: ReachKind?, names: [String])] {
        [
            (
                \.phone, .mobiel,
                ["mobiel", "mobile", "gsm", "mobiele telefoon", "telefoon mobiel", "mobile phone", "mobielnummer"]
            ),
            (
                \.phone, .werk,
                ["telefoon werk", "werktelefoon", "work phone", "business phone", "telefoon zakelijk", "zakelijk"]
            ),
            (\.phone, .thuis, ["telefoon thuis", "home phone", "telefoon privé", "privételefoon", "thuis"]),
            (\.phone, nil, ["telefoon 2", "phone 2", "telefoon 3", "phone 3", "other phone", "ander telefoonnummer"]),
            (\.email, .werk, ["email werk", "e-mail werk", "work email", "business email"]),
            (\.email, .thuis, ["email privé", "e-mail privé", "email thuis", "home email", "personal email"]),
            (\.email, nil, ["email 2", "e-mail 2", "email 3", "e-mail 3", "other email"]),
        ]
    }

    public static let header = [
        "organisatie", "soort", "gemeenten", "convenant", "convenantdatum", "naam", "functie",
        "telefoon", "email", "bereikbaarheid", "notities",
    ]

    public enum FileError: Error, Hashable, Sendable {
        case unreadable(CSV.ReadError)
        /// The header names no organisation column.
        case noOrganisationColumn(header: [String])
    }

    public static func read(
        _ bytes: [UInt8], into directory: PartnerDirectory, region: Region,
        today: CalendarDate, defaultType: PartnerType? = nil
    ) throws(FileError) -> PartnerImport {
        let rows: [CSV.Row]
        do {
            let text = try CSV.text(bytes)
            rows = try CSV.rows(text, delimiter: CSV.delimiter(of: text))
        } catch { throw .unreadable(error) }
        guard let head = rows.first else { throw .unreadable(.empty) }
        var mapping: [Int: (key: WritableKeyPath<PartnerDraft, String>, kind: ReachKind?, extra: Bool)] = [:]
        var result = PartnerImport()
        for (index, name) in head.fields.enumerated() {
            let key = Vocabulary.key(name)
            // A main column counts once (the first of its names); columns of a kind (Mobiel, E-mail
            // privé) add to the same list wherever they stand.
            if let column = columns.first(where: { $0.names.map(Vocabulary.key).contains(key) }),
                !mapping.values.contains(where: { $0.key == column.key && $0.kind == nil && !$0.extra })
            {
                mapping[index] = (column.key, nil, false)
            } else if let column = reachColumns.first(where: { $0.names.map(Vocabulary.key).contains(key) }) {
                mapping[index] = (column.key, column.kind, true)
            } else if !key.isEmpty {
                result.ignoredColumns.append(name)
            }
        }
        guard mapping.values.contains(where: { $0.key == \PartnerDraft.organisation }) else {
            throw .noOrganisationColumn(header: head.fields)
        }
        var drafts: [(Int, PartnerDraft)] = []
        for row in rows.dropFirst() where !CSV.isBlank(row) {
            var draft = PartnerDraft()
            for (index, value) in row.fields.enumerated() {
                guard let column = mapping[index] else { continue }
                let read = CSV.field(read: value)
                if column.key == \PartnerDraft.phone || column.key == \PartnerDraft.email {
                    // Several columns add to one list; a column's kind goes with entries that name none.
                    let entries = ContactReach.entries(read).map {
                        $0.value + " (" + ($0.kind ?? column.kind?.rawValue ?? "") + ")"
                    }
                    .map { $0.hasSuffix(" ()") ? String($0.dropLast(3)) : $0 }
                    draft[keyPath: column.key] = ([draft[keyPath: column.key]] + entries).filter { !$0.isEmpty }.joined(
                        separator: ", ")
                } else {
                    draft[keyPath: column.key] = read
                }
            }
            draft.covenantDate = Self.fullYear(draft.covenantDate, today: today)
            if row.fields.count > head.fields.count && row.fields[head.fields.count...].contains(where: { !$0.isEmpty })
            {
                result.rejected.append(
                    PartnerImport.Rejected(
                        line: row.line,
                        errors: [
                            ValidationError(
                                .csvColumns, field: "line", value: String(row.fields.count),
                                detail: String(head.fields.count))
                        ]))
                continue
            }
            drafts.append((row.line, draft))
        }
        result.add(drafts, to: directory, region: region, today: today, defaultType: defaultType)
        result.rejected.sort { $0.line < $1.line }
        return result
    }

    /// A date as a Dutch spreadsheet saves it again, with a two-digit year (`1-3-26`, `01/03/26`),
    /// given its century: a covenant date lies in the past, so a year after this one is of the
    /// previous century. Any other text is left as it is (and checked as typed).
    static func fullYear(_ text: String, today: CalendarDate) -> String {
        let parts = text.trimmingCharacters(in: .whitespaces).split(whereSeparator: { "-/.".contains($0) }).map(
            String.init)
        guard parts.count == 3, parts[2].count == 2,
            parts.allSatisfy({ $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }),
            (1...2).contains(parts[0].count), (1...2).contains(parts[1].count), let short = Int(parts[2])
        else { return text }
        let century = 2000 + short > today.year ? 1900 : 2000
        return "\(parts[0])-\(parts[1])-\(century + short)"
    }

    /// The whole directory, in the order of the organisations' and contacts' numbers (so reading it
    /// into an empty store gives the same numbers).
    public static func document(_ directory: PartnerDirectory) -> String {
        CSV.document([header] + drafts(directory).map { draft in columns.map { draft[keyPath: $0.key] } })
    }

    static func drafts(_ directory: PartnerDirectory) -> [PartnerDraft] {
        var drafts: [PartnerDraft] = []
        let contactsByOrganisation = Dictionary(grouping: directory.contacts.values, by: \.organisation)
        for organisation in directory.organisations.values.sorted(by: { $0.id < $1.id }) {
            let contacts = (contactsByOrganisation[organisation.id] ?? []).sorted { $0.id < $1.id }
            if contacts.isEmpty { drafts.append(PartnerDraft(organisation, nil)) }
            for contact in contacts { drafts.append(PartnerDraft(organisation, contact)) }
        }
        return drafts.map {
            var d = $0
            d.editingContact = nil
            d.editingOrganisation = nil
            return d
        }
    }
}
