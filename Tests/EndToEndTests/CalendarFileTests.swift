import Foundation
import TestSupport
import Testing

/// `schakel calendar` as a calendar reads it: Python's icalendar parses every file, and what it
/// reads is held against the store's own cases (`case show --json`) and agenda.
@Suite("The calendar file (iCalendar, RFC 5545)")
struct CalendarFileTests {
    /// A store with two procesregie cases (tasks, a review), each with an advisor, and a new one.
    static func store(_ dir: TemporaryDirectory) throws {
        func run(_ arguments: [String]) throws {
            let result = try Schakel.run(arguments + ["--store", dir.store])
            #expect(result.status == 0, "\(arguments): \(result.stderr)")
        }
        let people = [
            ("Pier Postma", "111222333", "Anna Bakker", ["GGZ|Intake|5", "Politie|Huisbezoek|2026-12-15"]),
            ("Sietske Visser", "123456782", "Bert Kramer", ["Wijkteam|Gesprek met Sietske|10"]),
        ]
        for (index, (name, bsn, advisor, tasks)) in people.enumerated() {
            let id = "2026-000\(index + 1)"
            try run([
                "case", "add", "--name", name, "--bsn", bsn, "--gemeente", "Leeuwarden", "--wijkteam", "noord",
                "--source", "wijkteam", "--reason", "Zorgen en overlast",
            ])
            try run(["triage", id, "--criterion", "1=ja", "--criterion", "2=ja", "--criterion", "3=ja"])
            try run(
                ["decide", id, "--outcome", "procesregie", "--rationale", "Drie criteria"]
                    + tasks.flatMap { ["--task", $0] })
            try run(["assign", id, "--to", advisor])
        }
        // Registered on Monday morning, before the cut-off: on the agenda of today's meeting.
        let monday = try Schakel.run(
            [
                "case", "add", "--name", "Jan Jansen", "--gemeente", "Harlingen", "--source", "politie", "--reason",
                "Overlast", "--store", dir.store,
            ], environment: ["SCHAKEL_NOW": "2026-11-23T08:00:00Z"])
        #expect(monday.status == 0, "\(monday.stderr)")
    }

    /// The calendar as icalendar reads it.
    struct Parsed: Decodable {
        struct Event: Decodable, Hashable {
            var uid: String
            var stamp: Bool
            var start: String
            var end: String
            var allDay: Bool
            var summary: String
            var description: String?
            var status: String
            var sequence: Int
        }
        var prodid: String
        var version: String
        var events: [Event]
        /// The longest physical line, in octets (without CRLF), and line feeds without a CR.
        var longest: Int
        var bareLF: Int

        func event(_ uid: String) -> Event? { events.first { $0.uid.hasPrefix(uid + "@") } }
    }

    static func parse(_ path: String) throws -> Parsed {
        let script = """
            import icalendar, json, sys
            raw = open(sys.argv[1], "rb").read()
            lines = raw.split(b"\\r\\n")
            for line in lines: line.decode("utf-8")  # every physical line is whole UTF-8
            cal = icalendar.Calendar.from_ical(raw)
            out = {"prodid": str(cal["PRODID"]), "version": str(cal["VERSION"]), "events": [],
                   "longest": max(len(l) for l in lines), "bareLF": raw.replace(b"\\r\\n", b"").count(b"\\n")}
            for e in cal.walk("VEVENT"):
                start, end = e.decoded("DTSTART"), e.decoded("DTEND")
                out["events"].append({"uid": str(e["UID"]), "stamp": "DTSTAMP" in e, "start": start.isoformat(),
                    "end": end.isoformat(), "allDay": type(start).__name__ == "date", "summary": str(e["SUMMARY"]),
                    "description": str(e["DESCRIPTION"]) if "DESCRIPTION" in e else None,
                    "status": str(e["STATUS"]), "sequence": int(e["SEQUENCE"])})
            print(json.dumps(out))
            """
        let result = try Spawn.run("/usr/bin/python3", ["-c", script, path], environment: ["PATH": "/usr/bin:/bin"])
        #expect(result.status == 0, "\(result.stderr)")
        return try JSONDecoder().decode(Parsed.self, from: Data(result.stdout.utf8))
    }

    /// Runs `calendar` into `file` and parses it.
    static func export(_ dir: TemporaryDirectory, _ file: String, _ options: [String] = []) throws -> Parsed {
        let path = dir.path + "/" + file
        let result = try Schakel.run(["calendar", "--store", dir.store, "--out", path] + options)
        #expect(result.status == 0, "\(result.stderr)")
        return try parse(path)
    }

    /// A case's deadlines as `case show --json` has them.
    static func deadlines(_ dir: TemporaryDirectory, _ id: String) throws -> [[String: Any]] {
        let shown = try Schakel.run(["case", "show", id, "--json", "--store", dir.store]).stdout
        let object = try #require(try JSONSerialization.jsonObject(with: Data(shown.utf8)) as? [String: Any])
        return try #require(object["deadlines"] as? [[String: Any]])
    }

    @Test("Every open review and task of the store is an all-day event on its day; the required properties are there")
    func required() throws {
        let dir = TemporaryDirectory()
        try Self.store(dir)
        let calendar = try Self.export(dir, "termijnen.ics")
        #expect(calendar.version == "2.0")
        #expect(calendar.prodid.hasPrefix("-//Schakel//Schakel "))
        #expect(calendar.longest <= 75)
        #expect(calendar.bareLF == 0)
        #expect(calendar.events.allSatisfy { $0.stamp && $0.allDay && !$0.uid.isEmpty })
        // DTEND is the next day (an all-day event), and no UID comes twice.
        let iso = ISO8601DateFormatter()
        iso.formatOptions = [.withFullDate]
        for event in calendar.events {
            let start = try #require(iso.date(from: event.start))
            #expect(iso.date(from: event.end) == start.addingTimeInterval(86_400), "\(event)")
        }
        #expect(Set(calendar.events.map(\.uid)).count == calendar.events.count)
        // What the store holds, by `case show`: each open review and task, on its day, by number and kind.
        var expected: Set<String> = []
        for id in ["2026-0001", "2026-0002", "2026-0003"] {
            for deadline in try Self.deadlines(dir, id) where deadline["met"] == nil {
                let day = try #require(deadline["day"] as? String)
                switch deadline["kind"] as? String {
                case "review": expected.insert("\(id)-review \(day) Evaluatie \(id)")
                case "task":
                    let number = try #require(deadline["number"] as? Int)
                    expected.insert("\(id)-task-\(number) \(day) Taak T\(number) \(id)")
                default: continue
                }
            }
        }
        #expect(expected.count == 5)  // 2 reviews, 3 tasks
        let cases = calendar.events.filter { !$0.uid.hasPrefix("triage-") }
        #expect(
            Set(cases.map { "\($0.uid.prefix { $0 != "@" }) \($0.start) \($0.summary)" }) == expected)
        #expect(cases.allSatisfy { $0.status == "CONFIRMED" && $0.description == nil })
        // Every Tuesday from today through today + 90 is a triage meeting; the first says how many
        // cases the agenda has.
        let meetings = calendar.events.filter { $0.uid.hasPrefix("triage-") }
        var gregorian = Calendar(identifier: .gregorian)
        gregorian.timeZone = try #require(TimeZone(identifier: "Europe/Amsterdam"))
        let today = try #require(iso.date(from: "2026-11-24"))  // SCHAKEL_NOW's day
        let tuesdays = (0...90).compactMap { offset -> String? in
            let day = today.addingTimeInterval(Double(offset) * 86_400 + 43_200)
            return gregorian.component(.weekday, from: day) == 3 ? iso.string(from: day) : nil
        }
        #expect(meetings.map(\.start) == tuesdays)
        #expect(meetings.allSatisfy { $0.status == "CONFIRMED" })
        let agenda = try Schakel.run(["agenda", "--store", dir.store, "--format", "csv"]).stdout
        let onAgenda = agenda.split(whereSeparator: \.isNewline).count - 1
        #expect(onAgenda == 1)
        #expect(meetings.first?.start == "2026-11-24")
        #expect(meetings.first?.summary == "Triage-overleg (\(onAgenda) \(onAgenda == 1 ? "casus" : "casussen"))")
        #expect(meetings.dropFirst().allSatisfy { $0.summary == "Triage-overleg" })
        // Standard output holds the same file; English with --lang en.
        let printed = try Schakel.run(["calendar", "--store", dir.store])
        #expect(printed.stdout == (try String(contentsOfFile: dir.path + "/termijnen.ics", encoding: .utf8)))
        let english = try Schakel.run(["calendar", "--store", dir.store, "--lang", "en"]).stdout
        #expect(english.contains("SUMMARY:Review 2026-0001\r\n"))
        #expect(english.contains("SUMMARY:Task T1 2026-0002\r\n"))
    }

    @Test("Exported again after a review and a task moved and a task was done: the same UIDs, the new days, cancelled")
    func stableUIDs() throws {
        let dir = TemporaryDirectory()
        try Self.store(dir)
        let before = try Self.export(dir, "eerst.ics")
        let store = ["--store", dir.store]
        #expect(
            try Schakel.run(["review", "2026-0001", "--note", "Loopt", "--next", "2027-01-19"] + store).status == 0)
        #expect(
            try Schakel.run(["task", "move", "2026-0001", "T2", "--due", "2027-01-12", "--reason", "Later"] + store)
                .status == 0)
        #expect(try Schakel.run(["task", "done", "2026-0002", "T1"] + store).status == 0)
        let after = try Self.export(dir, "daarna.ics")
        #expect(Set(after.events.map(\.uid)) == Set(before.events.map(\.uid)))
        let review = try #require(after.event("2026-0001-review"))
        #expect(review.start == "2027-01-19")
        #expect(before.event("2026-0001-review")?.start != review.start)
        #expect(review.sequence > (before.event("2026-0001-review")?.sequence ?? .max))
        #expect(after.event("2026-0001-task-2")?.start == "2027-01-12")
        let done = try #require(after.event("2026-0002-task-1"))
        #expect(done.status == "CANCELLED")
        #expect(done.start == before.event("2026-0002-task-1")?.start)
        // An event that did not move keeps its day and text; only its case's revision grew.
        let unmoved = try #require(after.event("2026-0002-review"))
        var earlier = try #require(before.event("2026-0002-review"))
        #expect(unmoved.sequence > earlier.sequence)
        earlier.sequence = unmoved.sequence
        #expect(unmoved == earlier)
        // A handback ends the reviews: the review is cancelled, the check comes in.
        #expect(
            try Schakel.run(
                [
                    "handback", "2026-0001", "--to", "J. Jansen", "--conditions", "Zorg geborgd", "--open-tasks",
                    "afsluiten",
                ]
                    + store
            ).status == 0)
        let handedBack = try Self.export(dir, "teruggelegd.ics", ["--to", "2027-03-31"])
        #expect(handedBack.event("2026-0001-review")?.status == "CANCELLED")
        #expect(handedBack.event("2026-0001-task-1")?.status == "CANCELLED")
        let check = try #require(
            try Self.deadlines(dir, "2026-0001").first { $0["kind"] as? String == "check" }?["day"] as? String)
        #expect(handedBack.event("2026-0001-check")?.start == check)
        #expect(handedBack.event("2026-0001-check")?.summary == "Terugleg-check 2026-0001")
    }

    @Test("Without --with-names no name, BSN or task text is in the file; with it, they are; both are logged")
    func personalData() throws {
        let dir = TemporaryDirectory()
        try Self.store(dir)
        let plain = dir.path + "/zonder.ics"
        #expect(try Schakel.run(["calendar", "--store", dir.store, "--out", plain]).status == 0)
        let text = try String(contentsOfFile: plain, encoding: .utf8)
        for secret in ["Pier", "Postma", "Sietske", "Visser", "Jansen", "111222333", "123456782", "Intake", "Gesprek"] {
            #expect(!text.contains(secret), "\(secret)")
        }
        let named = try Self.export(dir, "met-namen.ics", ["--with-names"])
        #expect(named.event("2026-0001-review")?.summary == "Evaluatie 2026-0001 – Pier Postma")
        #expect(named.event("2026-0002-task-1")?.description == "Wijkteam: Gesprek met Sietske")
        let mode = try FileManager.default.attributesOfItem(atPath: dir.path + "/met-namen.ics")[.posixPermissions]
        #expect((mode as? NSNumber)?.intValue == 0o600)
        let audit = try Schakel.run(["audit", "--store", dir.store, "--format", "csv"]).stdout
        let exports = audit.split(whereSeparator: \.isNewline).filter { $0.contains("calendar") }
        #expect(exports.count == 2)
        #expect(exports.contains { $0.contains("calendar-with-names") && $0.contains("2026-0001") })
    }

    @Test("Folded at 75 octets between characters, escaped, and read back as written")
    func foldingAndEscaping() throws {
        let dir = TemporaryDirectory()
        let store = ["--store", dir.store]
        let name = "Ærøskøbing-Ŝœ́ŗëñ Þórðardóttir-Włodzimierzówna"
        let task =
            "Veilig Thuis|Gesprek; met \\ \"vader\", moeder en 🧑‍🧑‍🧒 kinderen — één keer per week, tot en met januari|5"
        #expect(
            try Schakel.run(
                [
                    "case", "add", "--name", name, "--gemeente", "Leeuwarden", "--source", "wijkteam", "--reason",
                    "Zorgen",
                ] + store
            ).status == 0)
        #expect(
            try Schakel.run(
                ["triage", "2026-0001", "--criterion", "1=ja", "--criterion", "2=ja", "--criterion", "3=ja"] + store
            ).status == 0)
        let decided = try Schakel.run(
            ["decide", "2026-0001", "--outcome", "procesregie", "--rationale", "x", "--task", task] + store)
        #expect(decided.status == 0, "\(decided.stderr)")
        let calendar = try Self.export(dir, "lang.ics", ["--with-names"])
        #expect(calendar.longest <= 75)
        let label = try #require(
            try Self.deadlines(dir, "2026-0001").first { $0["kind"] as? String == "task" }?["label"])
        #expect(calendar.event("2026-0001-task-1")?.description == label as? String)
        #expect(calendar.event("2026-0001-task-1")?.summary == "Taak T1 2026-0001 – \(name)")
        let raw = try String(contentsOfFile: dir.path + "/lang.ics", encoding: .utf8)
        #expect(raw.contains("\\;"))
        #expect(raw.contains("\\,"))
        #expect(raw.contains("\\\\"))
        #expect(raw.contains("\r\n "))  // it was folded
    }

    @Test("--for, --mine, --from and --to choose the cases and the days")
    func selection() throws {
        let dir = TemporaryDirectory()
        try Self.store(dir)
        let anna = try Self.export(dir, "anna.ics", ["--for", "anna bakker"])
        let annasCases = Set(anna.events.compactMap { $0.uid.hasPrefix("2026-") ? String($0.uid.prefix(9)) : nil })
        #expect(annasCases == ["2026-0001"])
        let mine = try Self.export(dir, "mijn.ics", ["--mine", "--advisor", "Bert Kramer"])
        #expect(
            Set(mine.events.compactMap { $0.uid.hasPrefix("2026-") ? String($0.uid.prefix(9)) : nil }) == ["2026-0002"])
        let nobody = try Self.export(dir, "niemand.ics", ["--for", "Iemand Anders"])
        #expect(nobody.events.allSatisfy { $0.uid.hasPrefix("triage-") })
        let december = try Self.export(dir, "december.ics", ["--from", "2026-12-01", "--to", "31-12-2026"])
        #expect(december.events.allSatisfy { ("2026-12-01"..."2026-12-31").contains($0.start) })
        #expect(
            december.events.filter { $0.uid.hasPrefix("triage-") }.map(\.start) == [
                "2026-12-01", "2026-12-08", "2026-12-15", "2026-12-22", "2026-12-29",
            ])
        // The task on 15 December is in it; those of the whole store that are not in December are not.
        let all = try Self.export(dir, "alles.ics", ["--to", "2027-02-28"])
        let inDecember = all.events.filter { ("2026-12-01"..."2026-12-31").contains($0.start) }
        #expect(Set(december.events.map(\.uid)) == Set(inDecember.map(\.uid)))
        #expect(december.event("2026-0001-task-2")?.start == "2026-12-15")
    }

    @Test(
        "Bad input is one clear line and no file",
        arguments: [
            (["--from", "2026-13-01"], "schakel: --from: geen datum; schrijf jjjj-mm-dd (2026-13-01)\n"),
            (["--to", "morgen"], "schakel: --to: geen datum; schrijf jjjj-mm-dd (morgen)\n"),
            (
                ["--from", "2027-01-10", "--to", "2027-01-01"],
                "schakel: --from (2027-01-10) ligt na --to (2027-01-01)\n"
            ),
            (
                ["--from", "2026-01-01", "--to", "2029-01-01"],
                "schakel: van --from tot en met --to zijn hoogstens 732 dagen, niet 1097\n"
            ),
            (["--for", "Anna", "--mine"], "schakel: --for en --mine gaan niet samen: kies er een\n"),
            (["--for", " "], "schakel: --for: geef de naam van de adviseur\n"),
            (["--from", "x", "--lang", "en"], "schakel: --from: not a date; write yyyy-mm-dd (x)\n"),
        ])
    func badInput(arguments: [String], message: String) throws {
        let dir = TemporaryDirectory()
        #expect(
            try Schakel.run([
                "case", "add", "--store", dir.store, "--name", "A", "--gemeente", "Harlingen",
                "--source", "politie", "--reason", "x",
            ]).status == 0)
        let result = try Schakel.run(["calendar", "--store", dir.store, "--out", dir.path + "/x.ics"] + arguments)
        #expect(result.status == 1)
        #expect(result.stderr == message)
        #expect(!FileManager.default.fileExists(atPath: dir.path + "/x.ics"))
    }
}
