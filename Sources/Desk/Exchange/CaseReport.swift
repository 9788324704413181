import CaseModel
import Foundation
import Screen

/// The command line's views of cases: the same words and order as the desk, as plain text or JSON.
public enum CaseReport {
    /// The case detail as lines of text (what the desk's detail pane shows).
    public static func lines(
        _ c: Case, timeline: [Case.TimelineEntry], context: DeskContext, width: Int = 100,
        partners: PartnerDirectory = PartnerDirectory(), consultations: ConsultationLog = ConsultationLog()
    ) -> [String] {
        return DetailPane.lines(
            c, urgency: context.urgency(of: c), timeline: timeline, context: context, width: width,
            partners: partners, consultations: consultations
        ).map { line in
            let text = line.label.map { DisplayWidth.padded($0, to: 22) + line.text } ?? line.text
            return trimmedTrailingSpaces(text)
        }
    }

    /// The open cases as the queue orders them, filtered like the desk's search.
    public static func queue(_ cases: [Case], filter: String, closed: Bool = false, context: DeskContext) -> [(
        Case, Urgency
    )] {
        var state = AppState(
            cases: cases, nextCaseID: CaseID(year: context.today.year, sequence: 1),
            size: (120, 40), now: context.clock.now)
        state.filterText = filter
        if closed { state.quickFilters = [.closed] }
        state.rescore(context: context)
        return state.rows.compactMap { row in state.anyCase(row.id).map { ($0, row.urgency) } }
    }

    /// One line per case, in columns, for `schakel case list`.
    public static func table(_ rows: [(Case, Urgency)], context: DeskContext) -> [String] {
        let t = context.text
        func cell(_ text: String, _ width: Int, right: Bool = false) -> String {
            DisplayWidth.padded(text, to: width, alignRight: right)
        }
        var out = [
            [
                cell(t(.colId), 10), cell(t(.colName), 24), cell(t(.colGemeente), 34), cell(t(.colSource), 12),
                cell(t(.colStatus), 14), cell(t(.colDeadline), 8, right: true),
            ].joined(separator: " ")
        ]
        for (c, urgency) in rows {
            let name = c.primaryPerson.name + (c.persons.count > 1 ? " +\(c.persons.count - 1)" : "")
            out.append(
                [
                    cell(c.id.description, 10), cell(name, 24),
                    cell([c.gemeente, c.wijkteam].compactMap { $0 }.joined(separator: " / "), 34),
                    cell(t.label(c.source), 12), cell(t.label(c.status), 14),
                    cell(QueuePane.deadlineText(urgency, t).0, 8, right: true),
                ].joined(separator: " "))
        }
        return out.map(trimmedTrailingSpaces)
    }

    /// A case as a JSON document (for `--json`): its state, its urgency parts, and its timeline.
    public static func json(_ cases: [(Case, Urgency, [Case.TimelineEntry]?)], context: DeskContext) throws -> Data {
        try encoder.encode(cases.map { CaseDocument($0.0, urgency: $0.1, timeline: $0.2, context: context) })
    }

    /// One case as one JSON object (`case show --json`, `case add --json`).
    public static func json(_ c: Case, urgency: Urgency, timeline: [Case.TimelineEntry]?, context: DeskContext) throws
        -> Data
    {
        try encoder.encode(CaseDocument(c, urgency: urgency, timeline: timeline, context: context))
    }

    private static var encoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return encoder
    }
}

/// The JSON shape of a case on the command line. Codes stay codes (`om-zsm`, `nieuw`), so
/// scripts do not depend on the language.
struct CaseDocument: Encodable {
    struct Part: Encodable {
        var points: Int
        var reason: String
    }
    struct Entry: Encodable {
        var at: Date
        var actor: String
        var event: CaseEvent
    }

    var id: String
    var persons: [Person]
    var gemeente: String
    var wijkteam: String?
    var source: Source
    var referrer: Referrer?
    var reason: String
    var goal: String
    var receivedAt: Date
    var status: CaseStatus
    var avePhase: Int?
    var responsibilities: [String: ResponsibilityHolder]
    var riskSignals: [RiskSignal]
    var deadlines: [Deadline]
    var advisor: String?
    var lastActivityAt: Date
    var urgency: Int
    var urgencyParts: [Part]
    var timeline: [Entry]?
    /// The ground, informing and confidentiality (absent when none is recorded).
    var lawful: LawfulBasis?
    /// Every sharing with a partner ("gedeeld met").
    var sharings: [Sharing]

    init(_ c: Case, urgency: Urgency, timeline: [Case.TimelineEntry]?, context: DeskContext) {
        id = c.id.description
        persons = c.persons
        gemeente = c.gemeente
        wijkteam = c.wijkteam
        source = c.source
        referrer = c.referrer
        reason = c.reason
        goal = c.goal
        receivedAt = c.receivedAt
        status = c.status
        avePhase = c.avePhase?.rawValue
        responsibilities = Dictionary(uniqueKeysWithValues: c.responsibilities.map { ($0.key.rawValue, $0.value) })
        riskSignals = c.riskSignals
        deadlines = c.deadlines
        advisor = c.advisor
        lastActivityAt = c.lastActivityAt
        self.urgency = urgency.total
        urgencyParts = urgency.parts.map { Part(points: $0.points, reason: DetailPane.describe($0.part, context.text)) }
        self.timeline = timeline?.map { Entry(at: $0.at, actor: $0.actor, event: $0.event) }
        lawful = c.lawful
        sharings = c.sharings
    }
}

/// `text` without the spaces its last column was padded with.
private func trimmedTrailingSpaces(_ text: String) -> String {
    guard let last = text.lastIndex(where: { $0 != " " }) else { return "" }
    return String(text[...last])
}
