import CaseModel
import Foundation
import Screen

/// Partners and consultations as text tables and JSON, for the command line.
public enum PartnerReport {
    private static func cell(_ text: String, _ width: Int) -> String {
        DisplayWidth.padded(DisplayWidth.truncated(text, to: width), to: width)
    }
    private static func trimmed(_ line: String) -> String {
        String(line.reversed().drop(while: { $0 == " " }).reversed())
    }

    /// One line per contact (and per organisation without contacts).
    public static func table(_ entries: [PartnerDirectory.Entry], directory: PartnerDirectory, context: DeskContext)
        -> [String]
    {
        let t = context.text
        var out = [
            [
                cell(t(.colId), 6), cell(t(.partnerName), 22), cell(t(.colRole), 16), cell(t(.colOrganisation), 30),
                cell(t(.colPhone), 12), cell(t(.colEmail), 28), t(.colLastContact),
            ].joined(separator: " ")
        ]
        for entry in entries {
            let organisation = "\(entry.organisation.name) (\(t.label(entry.organisation.type)))"
            guard let c = entry.contact else {
                out.append(
                    trimmed(
                        [
                            cell(entry.organisation.id.description, 6), cell(t(.partnersNoContact), 22), cell("", 16),
                            cell(organisation, 30),
                        ].joined(separator: " ")))
                continue
            }
            out.append(
                trimmed(
                    [
                        cell(c.id.description, 6), cell(c.name, 22), cell(c.role, 16), cell(organisation, 30),
                        cell(c.phone?.national ?? "", 12), cell(c.email?.value ?? "", 28),
                        directory.lastReached[c.id]?.dutch ?? "",
                    ].joined(separator: " ")))
        }
        return out
    }

    public static func json(_ entries: [PartnerDirectory.Entry], directory: PartnerDirectory) throws -> Data {
        struct Row: Encodable {
            var organisation: Organisation
            var contact: Contact?
            var lastContact: CalendarDate?
            var cases: [CaseLink]
        }
        let rows = entries.map { entry in
            Row(
                organisation: entry.organisation, contact: entry.contact,
                lastContact: entry.contact.flatMap { directory.lastReached[$0.id] },
                cases: entry.contact.map { directory.links(of: $0.id) } ?? [])
        }
        return try encoder.encode(rows)
    }

    /// Newest first, each with its follow-up, thread and the suggestion to register if there is one.
    public static func consultations(_ list: [Consultation], log: ConsultationLog, context: DeskContext) -> [String] {
        let t = context.text
        let rule = context.settings.threadRule
        var out = [
            [
                cell(t(.colId), 6), cell(t(.colWhen), 16), cell(t(.colWijkteam), 22), cell(t(.colQuestion), 34),
                cell(t(.colFollowUp), 20), t(.colThread),
            ].joined(separator: " ")
        ]
        for c in list {
            var line = [
                cell(c.id.description, 6), cell(t.moment(c.at, in: context.timeZone), 16), cell(c.wijkteam, 22),
                cell(c.question, 34), cell(t.label(c.followUp), 20), c.thread ?? "",
            ].joined(separator: " ")
            if let promoted = log.promotedTo[c.id] {
                line += "  → " + t(.consultsRegistered, promoted)
            } else if let suggestion = log.suggestion(for: c, now: context.clock.now, rule: rule) {
                line += "  ⚑ " + t.describe(suggestion, rule: rule)
            }
            out.append(trimmed(line))
        }
        return out
    }

    /// "Wijkteam Noord 5 → 2 · Wijkteam Oost 3 → 0".
    public static func figures(_ log: ConsultationLog) -> String {
        log.figuresPerWijkteam().map { "\($0.wijkteam) \($0.consultations) → \($0.registered)" }.joined(
            separator: " · ")
    }

    public static func json(_ list: [Consultation], log: ConsultationLog) throws -> Data {
        struct Row: Encodable {
            var consultation: Consultation
            var registeredAs: CaseID?
        }
        return try encoder.encode(list.map { Row(consultation: $0, registeredAs: log.promotedTo[$0.id]) })
    }

    private static var encoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return encoder
    }
}
