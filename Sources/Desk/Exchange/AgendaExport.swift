import CaseModel
import Foundation
import Screen

/// The triage agenda as Markdown (to read and print) or CSV (for a spreadsheet), in queue order.
public enum AgendaExport {
    static func rows(_ agenda: TriageAgenda, context: DeskContext) -> (header: [String], rows: [[String]]) {
        let t = context.text
        let header = [
            t(.colId), t(.colName), t(.detailGemeente), t(.detailWijkteam), t(.colSource), t(.detailReceived),
            t(.detailReason), t(.detailRisks), t(.agendaUrgency),
        ]
        let ordered = agenda.cases.map { ($0, context.urgency(of: $0)) }.sorted {
            $0.1.total != $1.1.total ? $0.1.total > $1.1.total : $0.0.id < $1.0.id
        }
        let rows = ordered.map { c, urgency in
            [
                c.id.description, c.primaryPerson.name, c.gemeente, c.wijkteam ?? "", t.label(c.source),
                t.moment(c.receivedAt, in: context.timeZone), c.reason,
                c.riskSignals.map { t.label($0) }.joined(separator: ", "),
                String(urgency.total),
            ]
        }
        return (header, rows)
    }

    public static func title(_ agenda: TriageAgenda, context: DeskContext) -> String {
        context.text(
            .agendaTitle, context.text.day(agenda.meeting), context.text.moment(agenda.cutoff, in: context.timeZone))
    }

    /// A Markdown document: title, count, and a table. Cell text is text: every character Markdown
    /// would read as markup (emphasis, links, HTML, headings, entities, pipes) is escaped, and there
    /// are no line breaks or control characters.
    public static func markdown(_ agenda: TriageAgenda, context: DeskContext) -> String {
        let (header, rows) = self.rows(agenda, context: context)
        func cell(_ text: String) -> String { escapedMarkdown(DisplayWidth.sanitized(text)) }
        var lines = ["# " + cell(title(agenda, context: context)), "", context.text(.agendaCount, rows.count), ""]
        lines.append("| " + header.map(cell).joined(separator: " | ") + " |")
        lines.append("|" + String(repeating: " --- |", count: header.count))
        for row in rows { lines.append("| " + row.map(cell).joined(separator: " | ") + " |") }
        return lines.joined(separator: "\n") + "\n"
    }

    /// CSV as Dutch spreadsheets open it: UTF-8 with a byte-order mark, semicolons, fields quoted
    /// when they hold a semicolon, quote or line break (RFC 4180 quoting).
    public static func csv(_ agenda: TriageAgenda, context: DeskContext) -> String {
        let (header, rows) = self.rows(agenda, context: context)
        return CSV.document(([header] + rows).map { $0.map { DisplayWidth.sanitized($0) } })
    }

    /// `text` as text to any Markdown reader: the punctuation every dialect lets a backslash escape
    /// is escaped so; `<`, `>`, `&` and `~`, which some dialects do not, become character references.
    static func escapedMarkdown(_ text: String) -> String {
        var out = ""
        for ch in text {
            switch ch {
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "&": out += "&amp;"
            case "~": out += "&#126;"
            default:
                if "\\`*_{}[]()#+-.!|".contains(ch) { out.append("\\") }
                out.append(ch)
            }
        }
        return out
    }
}
