import CaseModel
import Foundation

/// The cases' review dates, handback checks and plan tasks, and the weekly triage meetings, as an
/// iCalendar file (`schakel calendar`): all-day events a calendar can import again and again.
///
/// Each event's UID is made of the store's identity and what the event is about (the case and
/// the kind; a task's number; a meeting's day), never of its place in the file or the moment of
/// export, so importing the file again updates the events it had. A case has at most one open
/// review and one open check: when the review moves, or the next one is planned, the same event
/// moves. What no longer has to happen (met early, lapsed at a handback, the case closed) is
/// written as cancelled while its day is still to come, so a calendar that had it drops it
/// (see DECISIONS.md 148).
public enum CalendarExport {
    public struct Selection: Sendable {
        public var from: CalendarDate
        public var to: CalendarDate
        /// Only the cases of this responsible advisor (compared as the access report compares
        /// advisors: letter case aside).
        public var advisor: String?
        /// Persons' names in the summaries and tasks' labels in the descriptions.
        public var withNames: Bool

        public init(from: CalendarDate, to: CalendarDate, advisor: String? = nil, withNames: Bool = false) {
            self.from = from
            self.to = to
            self.advisor = advisor
            self.withNames = withNames
        }

        func holds(_ c: Case) -> Bool {
            guard let advisor else { return true }
            return c.advisor?.lowercased() == advisor.lowercased()
        }
    }

    public struct Event: Hashable, Sendable {
        public enum Kind: Hashable, Sendable {
            case review, check
            case task(Int)
            case meeting
        }

        public var uid: String
        public var day: CalendarDate
        public var kind: Kind
        public var caseID: CaseID?
        public var cancelled: Bool
        public var summary: String
        public var description: String?
        /// Grows with every change of the case (the case's last commit), so a calendar takes the
        /// newer version of an event it already has.
        public var sequence: Int
        public var lastModified: Date?
    }

    /// The events of `cases` and the triage meetings between the selection's days, by day and UID.
    /// `identity` names the store; `position` is the store's last commit (the next meeting's
    /// count changes with it).
    public static func events(
        _ cases: some Sequence<Case>, selection: Selection, context: DeskContext, identity: String, position: UInt64
    ) -> [Event] {
        let domain = ICalendar.uidPart(identity).isEmpty ? "schakel" : ICalendar.uidPart(identity)
        let today = context.today
        let range = selection.from...selection.to
        let t = context.text
        var events: [Event] = []
        var all: [Case] = []
        for c in cases {
            all.append(c)
            guard selection.holds(c) else { continue }
            func add(_ kind: Event.Kind, _ deadline: Deadline, summary: String) {
                let day = deadline.day(in: context.timeZone)
                let open = !deadline.met && c.status.isOpen
                guard range.contains(day), open || day >= today else { return }
                var summary = summary
                var description: String?
                if selection.withNames {
                    if !c.primaryPerson.name.isEmpty { summary += " – " + c.primaryPerson.name }
                    description = deadline.label
                }
                let suffix: String
                switch kind {
                case .review: suffix = "review"
                case .check: suffix = "check"
                case .task(let n): suffix = "task-\(n)"
                case .meeting: suffix = "meeting"
                }
                events.append(
                    Event(
                        uid: "\(c.id)-\(suffix)@\(domain)", day: day, kind: kind, caseID: c.id, cancelled: !open,
                        summary: summary, description: description,
                        sequence: Int(min(c.history.last ?? 0, UInt64(Int32.max))), lastModified: c.lastActivityAt))
            }
            // One event for the review and one for the check: the open one, else the last one.
            for (kind, key) in [(Deadline.Kind.review, TextKey.calendarReview), (.check, .calendarCheck)] {
                let ofKind = c.deadlines.filter { $0.kind == kind }
                guard let deadline = ofKind.last(where: { !$0.met }) ?? ofKind.last else { continue }
                add(kind == .review ? .review : .check, deadline, summary: t(key, c.id))
            }
            for deadline in c.deadlines where deadline.kind == .task {
                guard let number = deadline.number else { continue }
                add(.task(number), deadline, summary: t(.calendarTask, number, c.id))
            }
        }
        let cadence = context.cadence
        let next = context.agenda(all)
        var day = selection.from
        while day <= selection.to {
            if day.weekday == cadence.triageWeekday {
                let isNext = day == next.meeting
                events.append(
                    Event(
                        uid: "triage-\(ICalendar.date(day))@\(domain)", day: day, kind: .meeting, caseID: nil,
                        cancelled: false,
                        summary: isNext ? t(.calendarMeetingCount, next.cases.count) : t(.calendarMeeting),
                        description: nil, sequence: isNext ? Int(min(position, UInt64(Int32.max))) : 0,
                        lastModified: nil))
            }
            day = day.adding(days: 1)
        }
        return events.sorted { ($0.day, $0.uid) < ($1.day, $1.uid) }
    }

    /// The whole file: a VCALENDAR with one VEVENT per event, each a whole day (DTEND the next
    /// day, as RFC 5545 has it), transparent (a reminder, not a busy day) and private.
    public static func document(_ events: [Event], context: DeskContext, product: String, now: Date) -> String {
        var out = ICalendar.line("BEGIN", "VCALENDAR")
        out += ICalendar.line("VERSION", "2.0")
        out += ICalendar.line("PRODID", "-//Schakel//\(ICalendar.text(product))//NL")
        out += ICalendar.line("CALSCALE", "GREGORIAN")
        out += ICalendar.line("X-WR-CALNAME", ICalendar.text(context.text(.calendarTitle)))
        let stamp = ICalendar.moment(now)
        for event in events {
            out += ICalendar.line("BEGIN", "VEVENT")
            out += ICalendar.line("UID", event.uid)
            out += ICalendar.line("DTSTAMP", stamp)
            out += ICalendar.line("DTSTART", ICalendar.date(event.day), parameters: ["VALUE=DATE"])
            out += ICalendar.line("DTEND", ICalendar.date(event.day.adding(days: 1)), parameters: ["VALUE=DATE"])
            out += ICalendar.line("SUMMARY", ICalendar.text(event.summary))
            if let description = event.description { out += ICalendar.line("DESCRIPTION", ICalendar.text(description)) }
            out += ICalendar.line("STATUS", event.cancelled ? "CANCELLED" : "CONFIRMED")
            out += ICalendar.line("SEQUENCE", String(event.sequence))
            if let modified = event.lastModified { out += ICalendar.line("LAST-MODIFIED", ICalendar.moment(modified)) }
            out += ICalendar.line("TRANSP", "TRANSPARENT")
            out += ICalendar.line("CLASS", "PRIVATE")
            out += ICalendar.line("END", "VEVENT")
        }
        return out + ICalendar.line("END", "VCALENDAR")
    }
}
