import ArgumentParser
import CaseModel
import Desk
import Foundation

/// `schakel calendar`: review dates, handback checks, plan tasks and triage meetings as an
/// iCalendar (.ics) file, to import into a calendar again and again.
struct CalendarCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "calendar",
        abstract: "Review dates, handback checks, plan tasks and triage meetings as an iCalendar (.ics) file.",
        discussion: """
            Every event is a whole day and keeps its UID from one export to the next (store, case, \\
            kind, task number), so importing the file again updates the events instead of doubling \\
            them; what no longer has to happen is in it as cancelled. Without --with-names an event \\
            names the case number and kind only.
            """)

    /// The longest period one file covers.
    static let maximumDays = 732

    @OptionGroup var global: GlobalOptions
    @Option(name: .customLong("for"), help: "Only the cases of this responsible advisor (--advisor says who you are).")
    var responsible: String?
    @Flag(help: "Only your own cases (the advisor working: --advisor, $SCHAKEL_ADVISOR).") var mine = false
    @Option(help: "From this day (YYYY-MM-DD), inclusive (default: today).") var from: String?
    @Option(help: "Up to this day (YYYY-MM-DD), inclusive (default: 90 days after --from, so today + 90).") var to:
        String?
    @Flag(help: "Put the person's name in each case's events and the task's text in its description.")
    var withNames = false
    @Option(help: "Write to this file (0600) instead of standard output.") var out: String?

    func run() throws {
        try reporting {
            let invocation = try Invocation(global)
            let context = invocation.context
            func day(_ option: String, _ text: String?) throws -> CalendarDate? {
                guard let text else { return nil }
                let trimmed = text.trimmingCharacters(in: .whitespaces)
                guard let day = CalendarDate(iso: trimmed) ?? CalendarDate(dutch: trimmed) else {
                    throw Failure(tr(.cliBadDay, option, text))
                }
                return day
            }
            let from = try day("from", from) ?? context.today
            let to = try day("to", to) ?? from.adding(days: 90)
            guard from <= to else { throw Failure(tr(.cliDayOrder, from, to)) }
            let span = to.dayNumber - from.dayNumber + 1
            guard span <= Self.maximumDays else { throw Failure(tr(.cliCalendarSpan, Self.maximumDays, span)) }
            guard responsible == nil || !mine else { throw Failure(tr(.cliForOrMine)) }
            if let responsible, responsible.trimmingCharacters(in: .whitespaces).isEmpty {
                throw Failure(tr(.cliKeyNoName))
            }
            let selection = CalendarExport.Selection(
                from: from, to: to,
                advisor: mine ? context.advisor : responsible?.trimmingCharacters(in: .whitespaces),
                withNames: withNames)
            // Closed cases too: what they still had in the calendar is cancelled.
            let store = try invocation.openStore(readOnly: true)
            defer { store.close() }
            let events = CalendarExport.events(
                store.book.cases.values, selection: selection, context: context, identity: store.log.identity,
                position: store.position)
            let cases = Set(events.compactMap(\.caseID)).sorted()
            try invocation.log(
                store, .export, cases: cases.map(\.description),
                what: withNames ? "calendar-with-names" : "calendar", count: cases.count)
            let text = CalendarExport.document(
                events, context: context, product: "Schakel \(Schakel.version)", now: context.clock.now)
            guard let out else {
                FileHandle.standardOutput.write(Data(text.utf8))
                return
            }
            let path = try writePrivateFile(text, to: out)
            say(
                tr(
                    .cliCalendarWritten, events.count, events.filter(\.cancelled).count, context.text.day(from),
                    context.text.day(to), path))
        }
    }
}
