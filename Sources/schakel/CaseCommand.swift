import ArgumentParser
import CaseModel
import CaseStore
import Desk
import Foundation
import Screen
import Workplace

/// `schakel case add|list|show`.
struct CaseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "case", abstract: "Register, list and show cases.",
        subcommands: [Add.self, List.self, Show.self, Correct.self, Reopen.self])

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Register a case; prints its number once it is safely on disk.")

        @OptionGroup var global: GlobalOptions
        @Option(help: "Name of the person concerned (or in --personal).") var name: String?
        @Option(help: "BSN (must pass the 11-test).") var bsn: String?
        @Option(help: "Date of birth, YYYY-MM-DD.") var birthdate: String?
        @Option(help: "Street and house number.") var street: String?
        @Option(help: "Postcode, 1234 AB.") var postcode: String?
        @Option(help: "Town (woonplaats).") var place: String?
        @Option(help: "Gemeente of the region (from the consultation with --from-consult).") var gemeente: String?
        @Option(help: "Wijkteam within the gemeente.") var wijkteam: String?
        @Option(
            help:
                "Source: wijkteam, politie, om-zsm, veilig-thuis, reclassering, woningcorporatie, gemeente, ggd, overig."
        )
        var source: String?
        @Option(help: "Referring organisation.") var referrer: String?
        @Option(help: "Contact person at the referrer.") var contact: String?
        @Option(help: "Reason (aanleiding); with --from-consult the consultation's question and sketch.") var reason:
            String?
        @Option(
            name: .customLong("from-consult"),
            help:
                "Register the situation of this consultation (CO-number) and the open consultations on its thread; they stay in the case's history."
        )
        var fromConsult: String?
        @Option(help: "Goal.") var goal: String?
        @Option(
            help:
                "Risk signal (repeat, or separate with commas): geweld, wapens, kinderen, huiselijk-geweld, radicalisering, verward-gedrag, mensenhandel, ondermijning."
        )
        var risk: [String] = []
        @Option(help: "The legal ground: a, c, d or e (AVG art. 6(1)); also later with 'schakel ground'.") var ground:
            String?
        @Option(help: "Whether the person was informed: ja or nee.") var informed: String?
        @Option(name: .customLong("not-informed-because"), help: "Why the person was not informed.") var because:
            String?
        @Option(help: "normaal, vertrouwelijk or strikt-vertrouwelijk.") var confidentiality: String?
        @Option(
            help: ArgumentHelp(
                "Personal data from a file, or - for standard input, instead of the command line (where other users can read it in /proc): a JSON object with name, bsn, birthdate, street, postcode, place, contact, reason, goal.",
                valueName: "file"))
        var personal: String?
        @Flag(help: "Print the case as JSON instead of its number.") var json = false
        @Flag(
            name: .customLong("known-ok"),
            help: "Register even though the person is on a case already (same BSN, or name and date of birth).")
        var knownOK = false

        func run() throws {
            try reporting {
                let invocation = try Invocation(global)
                let context = invocation.context
                let origin = try fromConsult.map { text in
                    try parsed("from-consult", context) { () throws(CaseModel.ValidationError) in
                        try ConsultationID(text)
                    }
                }
                let given = try PersonalData.merge(
                    personal,
                    [
                        "name": name, "bsn": bsn, "birthdate": birthdate, "street": street, "postcode": postcode,
                        "place": place, "contact": contact, "reason": reason, "goal": goal,
                    ])
                guard let personName = given["name"], !personName.isEmpty else { throw Failure(tr(.cliNameNeeded)) }
                var draft = RegistrationDraft()
                draft.name = personName
                draft.bsn = given["bsn"] ?? ""
                draft.birthDate = given["birthdate"] ?? ""
                draft.street = given["street"] ?? ""
                draft.postcode = given["postcode"] ?? ""
                draft.place = given["place"] ?? ""
                if let gemeente { draft.gemeente = gemeente }
                if let wijkteam { draft.wijkteam = wijkteam }
                if let source { draft.source = source }
                if let referrer { draft.referrerOrganisation = referrer }
                if let contact = given["contact"] { draft.referrerContact = contact }
                if let reason = given["reason"] { draft.reason = reason }
                draft.goal = given["goal"] ?? ""
                draft.riskSignals = risk.flatMap { $0.split(separator: ",").map(String.init) }
                draft.lawful.ground = ground ?? ""
                draft.lawful.informed = informed ?? ""
                draft.lawful.notInformedReason = because ?? ""
                draft.lawful.confidentiality = confidentiality ?? ""
                let stored = try Self.register(draft, from: origin, knownAccepted: knownOK, invocation)
                if json {
                    let data = try CaseReport.json(
                        stored, urgency: context.urgency(of: stored), timeline: nil, context: context)
                    printJSON(data)
                } else {
                    say(stored.id.description)
                }
            }
        }

        /// The draft's fields named as their options where the two differ.
        static let options = ["notInformedReason": "not-informed-because"]

        /// Registers `given` through the use case, as the desk does. With `origin` (a consultation),
        /// the draft starts from that consultation (what `given` says wins) and registers its open
        /// thread, fixed here as the desk fixes it when its form opens.
        static func register(
            _ given: RegistrationDraft, from origin: ConsultationID?, knownAccepted: Bool,
            _ invocation: Invocation
        ) throws -> Case {
            let context = invocation.context
            // Checked before the store is touched, so bad input never creates or locks anything.
            if case .failure(let failure) = given.validate(
                id: CaseID(year: context.today.year, sequence: 1), region: context.region,
                cadence: context.cadence, calendar: context.calendar, now: context.clock.now,
                timeZone: context.timeZone, advisor: context.advisor), origin == nil
            {
                throw Failure(schakel.describe(failure, context, options: Self.options))
            }
            if case .failure(let failure) = given.lawful.basis(
                over: nil, today: context.today, advisor: context.advisor)
            {
                throw Failure(schakel.describe(failure, context, options: Self.options))
            }
            // Only the numbering (and the consultations) are needed to register; to ask whether the
            // person is known already (by BSN, or name and date of birth), every case is.
            let identifying =
                !given.bsn.trimmingCharacters(in: .whitespaces).isEmpty
                || !given.birthDate.trimmingCharacters(in: .whitespaces).isEmpty
            let store = try invocation.openStore(
                readOnly: false, scope: identifying && !knownAccepted ? .everything : .cases([]))
            defer { store.close() }
            var draft = given
            var thread: [ConsultationID] = []
            if let origin {
                guard let consultation = store.consultations[origin] else {
                    throw Failure(tr(.cliNoConsultation, origin, invocation.storeName))
                }
                if let promoted = store.consultations.promotedTo[origin] {
                    throw Failure(
                        "--from-consult: "
                            + context.text.message(
                                for: CaseModel.ValidationError(
                                    .alreadyRegistered, field: "consult",
                                    detail: promoted.description)))
                }
                draft = RegistrationDraft(from: consultation).overridden(by: given)
                thread = store.consultations.openThread(of: consultation).map(\.id)
            }
            do throws(WorkError) {
                return try Workplace(store: store, rules: context.rules).register(
                    draft, promoting: thread, knownAccepted: knownAccepted
                ).registered
            } catch {
                switch error {
                case .invalid(let failure): throw Failure(schakel.describe(failure, context, options: Self.options))
                case .store(let refusal): throw Failure(storeMessage(refusal))
                case .unknownCase(let id): throw Failure(tr(.cliCaseUnreadable, id))
                case .alreadyKnown(let known):
                    var seen: Set<CaseID> = []
                    let cases = known.filter { seen.insert($0.caseID).inserted }.map {
                        "\($0.caseID) (\(context.text.label($0.status)))"
                    }
                    throw Failure(context.text(.cliKnown, draft.name, cases.joined(separator: ", ")))
                }
            }
        }

        /// The validation errors as one line: `--bsn: geen geldig BSN (11-proef) (123); --gemeente: ...`.
        static func describe(_ failure: ValidationErrors, _ context: DeskContext) -> String {
            schakel.describe(
                failure, context, options: ["referrer-organisation": "referrer", "referrer-contact": "contact"])
        }
    }

    struct Correct: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Correct fields of a registration (checked as registering is); the timeline keeps old and new, who, when and why."
        )

        @OptionGroup var global: GlobalOptions
        @Argument(help: "The case number.") var id: String
        @Option(help: "Why (required).") var why: String
        @Option(help: "Name.") var name: String?
        @Option(help: "BSN (\"\" clears it).") var bsn: String?
        @Option(help: "Date of birth.") var birthdate: String?
        @Option(help: "Street and house number.") var street: String?
        @Option(help: "Postcode.") var postcode: String?
        @Option(help: "Town.") var place: String?
        @Option(help: "Gemeente.") var gemeente: String?
        @Option(help: "Wijkteam.") var wijkteam: String?
        @Option(help: "Source.") var source: String?
        @Option(help: "Referring organisation.") var referrer: String?
        @Option(help: "Contact at the referrer.") var contact: String?
        @Option(help: "Reason (aanleiding).") var reason: String?
        @Option(help: "Goal.") var goal: String?
        @Option(help: "Risk signals, separated by commas (the whole list).") var risk: String?
        @Option(help: PersonalData.help("name, bsn, birthdate, street, postcode, place, contact, reason, goal"))
        var personal: String?

        func run() throws {
            try reporting {
                // Read before the store is opened: a mistake in the file changes nothing.
                let personalFields = try PersonalData.merge(
                    personal,
                    [
                        "name": name, "bsn": bsn, "birthdate": birthdate, "street": street, "postcode": postcode,
                        "place": place, "contact": contact, "reason": reason, "goal": goal,
                    ])
                let (c, _) = try changeCase(global, id: id, needsInstrument: false) { id in
                    var draft = CorrectionDraft()
                    let given: [(String, String?)] = [
                        ("name", personalFields["name"]), ("bsn", personalFields["bsn"]),
                        ("birthdate", personalFields["birthdate"]), ("street", personalFields["street"]),
                        ("postcode", personalFields["postcode"]), ("place", personalFields["place"]),
                        ("gemeente", gemeente), ("wijkteam", wijkteam), ("source", source),
                        ("referrer-organisation", referrer), ("referrer-contact", personalFields["contact"]),
                        ("reason", personalFields["reason"]), ("goal", personalFields["goal"]), ("risk", risk),
                    ]
                    for case (let field, let value?) in given { draft.values[field] = value }
                    draft.reason = why
                    return .correct(id, draft)
                }
                say(c.id.description)
            }
        }
    }

    struct Reopen: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Open a closed case again (heropend), with the reason; it comes back to screening.")

        @OptionGroup var global: GlobalOptions
        @Argument(help: "The case number.") var id: String
        @Option(help: "Why (required).") var why: String

        func run() throws {
            try reporting {
                let (c, _) = try changeCase(global, id: id, needsInstrument: false) { id in
                    var draft = ReopenDraft()
                    draft.reason = why
                    return .reopen(id, draft)
                }
                say("\(c.id): \(c.status.rawValue)")
            }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the open cases, most urgent first.")

        @OptionGroup var global: GlobalOptions
        @Option(help: "Only cases whose name, number, BSN, gemeente, wijkteam or reason contains this.") var filter:
            String?
        @Flag(help: "The closed cases instead of the open ones, most recent first.") var closed = false
        @Option(help: PersonalData.help("filter (the words of --filter), or name and bsn")) var personal: String?
        @Flag(help: "Print JSON.") var json = false

        func run() throws {
            try reporting {
                let invocation = try Invocation(global)
                let fromFile = try PersonalData.merge(
                    personal, ["filter": filter], allowed: ["filter", "name", "bsn"])
                let words = ["filter", "name", "bsn"].compactMap { fromFile[$0] }.filter { !$0.isEmpty }
                let query = words.isEmpty ? nil : words.joined(separator: " ")
                // The queue needs only the open cases: the closed history is not read.
                let store = try invocation.openStore(readOnly: true, scope: closed ? .everything : .open)
                defer { store.close() }
                let rows = CaseReport.queue(
                    Array(store.book.cases.values), filter: query ?? "", closed: closed, context: invocation.context)
                try invocation.log(
                    store, query == nil ? .list : .search, what: json ? "case-list-json" : "case-list",
                    count: rows.count,
                    query: query)
                if json {
                    let data = try CaseReport.json(rows.map { ($0.0, $0.1, nil) }, context: invocation.context)
                    printJSON(data)
                } else {
                    CaseReport.table(rows, context: invocation.context).forEach(say)
                }
            }
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show one case with its urgency and timeline.")

        @OptionGroup var global: GlobalOptions
        @Argument(help: "The case number, e.g. 2026-0042.") var id: String
        @Flag(help: "Print JSON.") var json = false

        func run() throws {
            try reporting {
                let invocation = try Invocation(global)
                let context = invocation.context
                let caseID = try parsed(nil, context) { () throws(CaseModel.ValidationError) in try CaseID(id) }
                let store = try invocation.openStore(readOnly: true, scope: .cases([caseID]))
                defer { store.close() }
                guard let found = store.book[caseID] else {
                    throw Failure(tr(.cliNoCase, caseID, invocation.storeName))
                }
                let timeline: [Case.TimelineEntry]
                do throws(StoreError) { timeline = try store.timeline(of: caseID) } catch {
                    throw Failure(storeMessage(error))
                }
                try invocation.log(
                    store, .view, cases: [caseID.description], what: json ? "case-show-json" : "case-show")
                if json {
                    let data = try CaseReport.json(
                        found, urgency: context.urgency(of: found), timeline: timeline, context: context)
                    printJSON(data)
                } else {
                    CaseReport.lines(
                        found, timeline: timeline, context: context, partners: store.partners,
                        consultations: store.consultations
                    ).forEach(say)
                }
            }
        }
    }
}

/// `schakel known WORDS...`: is this person known? Every case, open and closed, by BSN, name in
/// any word order, date of birth or postcode.
struct Known: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract:
            "Is this person known? Search every case, open and closed, by BSN, name (any word order), date of birth or postcode."
    )

    @OptionGroup var global: GlobalOptions
    @Argument(help: "A BSN, name words, a date of birth (DD-MM-YYYY) or a postcode, in any combination.") var words:
        [String] = []
    @Option(help: PersonalData.help("name, bsn, birthdate, postcode")) var personal: String?
    @Flag(help: "Print JSON.") var json = false

    func run() throws {
        try reporting {
            let invocation = try Invocation(global)
            let context = invocation.context
            let fromFile = try PersonalData.merge(personal, [:], allowed: ["name", "bsn", "birthdate", "postcode"])
            let words = words + ["name", "bsn", "birthdate", "postcode"].compactMap { fromFile[$0] }
            let query = PersonQuery(words.joined(separator: " "))
            guard !query.isEmpty else {
                throw Failure(
                    "--words: " + context.text.message(for: CaseModel.ValidationError(.required, field: "words")))
            }
            let store = try invocation.openStore(readOnly: true)
            defer { store.close() }
            let found = store.book.known(query)
            try invocation.log(
                store, .search, cases: found.map(\.caseID.description), what: "known", count: found.count,
                query: words.joined(separator: " "))
            if json {
                let rows: [[String: String]] = found.map { k in
                    [
                        "case": k.caseID.description, "status": k.status.rawValue, "name": k.person.name,
                        "birthDate": k.person.birthDate?.description ?? "", "bsn": k.person.bsn?.description ?? "",
                    ]
                }
                let data = try JSONSerialization.data(withJSONObject: rows, options: [.prettyPrinted, .sortedKeys])
                printJSON(data)
                return
            }
            guard !found.isEmpty else {
                say(context.text(.knownNone, words.joined(separator: " ")))
                return
            }
            for k in found {
                let born = k.person.birthDate.map { "  " + $0.dutch } ?? ""
                say("\(k.caseID)  \(DisplayWidth.padded(context.text.label(k.status), to: 14))\(k.person.name)\(born)")
            }
        }
    }
}

/// Personal data given in a file or on standard input instead of the command line: what a
/// command's arguments hold, any other user of the machine can read (`ps`, /proc/PID/cmdline).
enum PersonalData {
    static let keys: Set<String> = [
        "name", "bsn", "birthdate", "street", "postcode", "place", "contact", "reason", "goal",
    ]

    /// What `path` holds (nil: no file) together with what the command line gave: a field comes
    /// from one place, both the command line and the file is a mistake.
    static func merge(_ path: String?, _ arguments: [String: String?], allowed: Set<String> = keys) throws
        -> [String: String]
    {
        var given = try path.map { try read($0, allowed: allowed) } ?? [:]
        for (key, value) in arguments {
            guard let value else { continue }
            guard given[key] == nil else { throw Failure(tr(.cliPersonalTwice, key)) }
            given[key] = value
        }
        return given
    }

    /// The help of `--personal` for a command whose personal fields are `fields`.
    static func help(_ fields: String) -> ArgumentHelp {
        ArgumentHelp(
            "Personal data from a file, or - for standard input, instead of the command line (where other users can read it in /proc): a JSON object with \(fields).",
            valueName: "file")
    }

    /// The fields of the JSON object in `path` (`-`: standard input); unknown keys and values that
    /// are not text are refused by name.
    static func read(_ path: String, allowed: Set<String> = keys) throws -> [String: String] {
        let data: Data
        if path == "-" {
            data = FileHandle.standardInput.readDataToEndOfFile()
        } else {
            let expanded = (path as NSString).expandingTildeInPath
            try refuseLarger(expanded, than: 1)
            guard let contents = FileManager.default.contents(atPath: expanded) else {
                throw Failure(tr(.cliCannotReadMissing, expanded))
            }
            data = contents
        }
        guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw Failure(tr(.cliPersonalNotObject, path == "-" ? tr(.cliStandardInput) : path))
        }
        var fields: [String: String] = [:]
        for (key, value) in object {
            guard allowed.contains(key) else {
                throw Failure(tr(.cliPersonalUnknownKey, key, allowed.sorted().joined(separator: ", ")))
            }
            guard let text = value as? String else { throw Failure(tr(.cliPersonalNotText, key)) }
            fields[key] = text
        }
        return fields
    }
}
