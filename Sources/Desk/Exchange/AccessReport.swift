import CaseModel
import CaseStore
import Foundation
import Screen

/// The access log as an FG reads it: a selection of its entries, as a table or as CSV.
public enum AccessReport {
    /// Which entries: about one case, by one advisor, between two days (inclusive, in the region's time).
    public struct Selection: Equatable, Sendable {
        public var caseID: String?
        public var advisor: String?
        public var from: CalendarDate?
        public var to: CalendarDate?

        public init(caseID: String? = nil, advisor: String? = nil, from: CalendarDate? = nil, to: CalendarDate? = nil) {
            self.caseID = caseID
            self.advisor = advisor
            self.from = from
            self.to = to
        }

        public func holds(_ entry: AccessEntry, timeZone: TimeZone) -> Bool {
            if let caseID, !entry.cases.contains(caseID) { return false }
            if let advisor, entry.who.advisor.lowercased() != advisor.lowercased() { return false }
            let day = CalendarDate(entry.at, in: timeZone)
            if let from, day < from { return false }
            if let to, day > to { return false }
            return true
        }
    }

    /// The header and one row per entry: when, advisor (and login), action, cases, from where, detail.
    public static func rows(_ entries: [AccessEntry], context: DeskContext) -> (header: [String], rows: [[String]]) {
        let text = context.text
        let header = [
            text(.auditMoment), text(.auditAdvisor), text(.auditLogin), text(.auditAction), text(.auditCase),
            text(.auditWhere), text(.auditDetail),
        ]
        let rows = entries.map { entry in
            [
                text.moment(entry.at, in: context.timeZone), entry.who.advisor, entry.who.login,
                text.label("access", entry.action.rawValue), entry.cases.joined(separator: " "),
                entry.who.host + " " + entry.who.terminal, detail(entry, context: context),
            ]
        }
        return (header, rows)
    }

    /// What an entry adds, in this language: the code of what was done, how many cases, a query's shape.
    public static func detail(_ entry: AccessEntry, context: DeskContext) -> String {
        var parts: [String] = []
        if !entry.what.isEmpty { parts.append(entry.what) }
        if let count = entry.count { parts.append(context.text(.accessCount, count)) }
        if let query = entry.query {
            let kinds = query.kinds.map { context.text.label("queryKind", $0.rawValue) }.joined(separator: " ")
            parts.append(context.text(.accessQueryShape, query.words, query.characters, kinds))
        }
        return parts.joined(separator: "; ")
    }

    /// The entries as columns padded to their widths (outside text made safe).
    public static func table(_ entries: [AccessEntry], context: DeskContext) -> [String] {
        let (header, rows) = self.rows(entries, context: context)
        let all = ([header] + rows).map { $0.map(DisplayWidth.sanitized) }
        var widths = [Int](repeating: 0, count: header.count)
        for row in all { for (i, cell) in row.enumerated() { widths[i] = max(widths[i], DisplayWidth.of(cell)) } }
        return all.map { row in
            row.enumerated().map { i, cell in i == row.count - 1 ? cell : DisplayWidth.padded(cell, to: widths[i]) }
                .joined(separator: "  ").trimmingCharacters(in: .whitespaces)
        }
    }

    /// The entries as CSV for Dutch spreadsheets (`;`, byte-order mark, CRLF).
    public static func csv(_ entries: [AccessEntry], context: DeskContext) -> String {
        let (header, rows) = self.rows(entries, context: context)
        return CSV.document(([header] + rows).map { $0.map { DisplayWidth.sanitized($0) } })
    }
}
