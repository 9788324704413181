import CaseModel
import Foundation
import TestSupport
import Testing

@testable import Desk

@Suite("iCalendar content lines: folding, escaping, dates")
struct ICalendarTests {
    /// Undoes what RFC 5545 makes a reader undo: folding (CRLF and one space), then TEXT escapes,
    /// scalar by scalar (as a reader of octets does).
    static func unfolded(_ line: String) -> [Unicode.Scalar] {
        var out: [Unicode.Scalar] = []
        let scalars = Array(line.unicodeScalars)
        var index = 0
        while index < scalars.count {
            if scalars[index] == "\r", index + 1 < scalars.count, scalars[index + 1] == "\n" {
                index += index + 2 < scalars.count && scalars[index + 2] == " " ? 3 : 2
                continue
            }
            out.append(scalars[index])
            index += 1
        }
        return out
    }

    static func unescaped(_ value: some Sequence<Unicode.Scalar>) -> String {
        var out = String.UnicodeScalarView()
        var escaping = false
        for scalar in value {
            if escaping {
                out.append(scalar == "n" || scalar == "N" ? "\n" : scalar)
                escaping = false
            } else if scalar == "\\" {
                escaping = true
            } else {
                out.append(scalar)
            }
        }
        return String(out)
    }

    @Test("A long line is cut at 75 octets or fewer, never inside a character, and unfolds to what it was")
    func folding() throws {
        // One, two, three and four octets, a combining mark and a joiner.
        let alphabet: [Unicode.Scalar] = ["a", " ", ",", ";", "\\", "é", "ß", "€", "漢", "😀", "\u{301}", "\u{200D}"]
        var random = SeededRandom(seed: 15)
        for _ in 0..<2_000 {
            let length = Int.random(in: 0...400, using: &random)
            var text = String.UnicodeScalarView()
            for _ in 0..<length { text.append(alphabet.randomElement(using: &random) ?? "a") }
            let value = String(text)
            let line = ICalendar.line("DESCRIPTION", ICalendar.text(value))
            #expect(line.hasSuffix("\r\n"))
            let bytes = Array(line.utf8)
            var start = 0
            var physical = 0
            for index in bytes.indices where index > 0 && bytes[index - 1] == 13 && bytes[index] == 10 {
                let piece = Array(bytes[start..<(index - 1)])
                #expect(piece.count <= 75)
                #expect(String(validating: piece, as: UTF8.self) != nil, "a character was split")
                if physical > 0 { #expect(piece.first == 32) }
                physical += 1
                start = index + 1
            }
            #expect(start == bytes.count)
            let content = Self.unfolded(line)
            let name = Array("DESCRIPTION:".unicodeScalars)
            #expect(Array(content.prefix(name.count)) == name)
            #expect(Array(Self.unescaped(content.dropFirst(name.count)).unicodeScalars) == Array(value.unicodeScalars))
        }
    }

    @Test("TEXT values escape backslash, semicolon, comma and line breaks; outside text loses its controls")
    func escaping() {
        #expect(ICalendar.text("a,b;c\\d", "tweede regel") == "a\\,b\\;c\\\\d\\ntweede regel")
        #expect(ICalendar.escaped("een\ntwee\r\ndrie\rvier") == "een\\ntwee\\ndrie\\nvier")
        // A comma or backslash with a combining mark on it is escaped all the same.
        #expect(ICalendar.escaped(",\u{301}\\\u{301}") == "\\,\u{301}\\\\\u{301}")
        let hostile = ICalendar.text("x\u{1B}[2J\u{202E}y\nz")
        #expect(!hostile.unicodeScalars.contains { $0.value < 0x20 || $0 == "\u{202E}" })
        #expect(hostile.hasPrefix("x"))
        #expect(ICalendar.uidPart("2f1c-ab.9 ;\r\n\u{1B}é") == "2f1c-ab.9")
    }

    @Test("Days and UTC moments in the basic forms, as Foundation writes them")
    func dates() throws {
        var random = SeededRandom(seed: 5545)
        let formatter = ISO8601DateFormatter()
        for _ in 0..<2_000 {
            let at = Date(timeIntervalSince1970: Double(Int.random(in: 0...4_000_000_000, using: &random)))
            let expected = formatter.string(from: at).replacingOccurrences(of: "-", with: "")
                .replacingOccurrences(of: ":", with: "")
            #expect(ICalendar.moment(at) == expected)
        }
        #expect(ICalendar.date(try #require(CalendarDate(year: 2027, month: 1, day: 5))) == "20270105")
    }

    @Test("Events: a met review is cancelled while its day is to come, a lapsed task too; a closed case's open task is")
    func events() throws {
        let context = try DeskFixtures.context()
        let today = context.today
        var open = try #require(DeskFixtures.cases().first)
        open.status = .procesregie
        open.advisor = "Anna Bakker"
        open.deadlines = [
            Deadline(kind: .review, due: .day(today.adding(days: 7)), met: true),
            Deadline(kind: .review, due: .day(today.adding(days: 30))),
            Deadline(kind: .task, due: .day(today.adding(days: 3)), lapsed: true, label: "x", number: 1),
            Deadline(kind: .task, due: .day(today.adding(days: -3)), met: true, label: "x", number: 2),
            Deadline(kind: .task, due: .day(today.adding(days: 100)), label: "x", number: 3),
        ]
        var closed = open
        closed.id = CaseID(year: open.id.year, sequence: open.id.sequence + 1)
        closed.status = .afgesloten
        closed.advisor = "Bert Kramer"
        closed.deadlines = [Deadline(kind: .task, due: .day(today.adding(days: 1)), label: "x", number: 1)]
        let selection = CalendarExport.Selection(from: today, to: today.adding(days: 90))
        let events = CalendarExport.events(
            [open, closed], selection: selection, context: context, identity: "abc", position: 9)
        let cases = events.filter { $0.caseID != nil }.map {
            "\($0.uid) \($0.day.dayNumber - today.dayNumber) \($0.cancelled)"
        }
        #expect(
            Set(cases) == [
                "\(open.id)-review@abc 30 false", "\(open.id)-task-1@abc 3 true", "\(closed.id)-task-1@abc 1 true",
            ])
        let anna = CalendarExport.events(
            [open, closed],
            selection: CalendarExport.Selection(from: today, to: today.adding(days: 90), advisor: "ANNA bakker"),
            context: context, identity: "abc", position: 9)
        #expect(Set(anna.compactMap(\.caseID)) == [open.id])
    }
}
