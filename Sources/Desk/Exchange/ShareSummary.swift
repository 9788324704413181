import CaseModel
import Foundation
import Screen

/// A case summary for a partner, holding only the categories of data chosen for the sharing.
///
/// Made from the case's structured fields alone: the free texts (reason, goal, notes, tasks) may
/// hold anything, of any category, so no summary carries them. What was not chosen is named at
/// the end, so the reader knows it was left out, not missing.
public enum ShareSummary {
    /// Risk signals that are special-category data (health), and those that are criminal data.
    static let specialSignals: Set<RiskSignal> = [.verwardGedrag]
    static let criminalSignals: Set<RiskSignal> = [
        .geweld, .wapens, .huiselijkGeweld, .radicalisering, .mensenhandel, .ondermijning,
    ]
    /// Sources that are the justice chain: that they registered the case is criminal data.
    static let criminalSources: Set<Source> = [.politie, .omZSM, .reclassering]

    /// One part of a summary, as both renderings (Markdown, the PDF's document) know it.
    enum Block: Equatable {
        case title(String)
        case paragraph(String)
        case section(String)
        /// A list item: a bold label and its value, or a value alone.
        case item(label: String?, String)
        /// What was left out, set apart (italic).
        case note(String)
    }

    public static func markdown(_ c: Case, sharing: Sharing, context: DeskContext) -> String {
        markdown(document(c, sharing: sharing, context: context))
    }

    /// The same summary as an OpenDocument text in one XML file (Flat ODT), for a converter to make
    /// a PDF of.
    public static func flatODT(_ c: Case, sharing: Sharing, context: DeskContext) -> String {
        flatODT(
            document(c, sharing: sharing, context: context), title: context.text(.shareTitle, c.id, sharing.recipient))
    }

    static func markdown(_ blocks: [Block]) -> String {
        func md(_ text: String) -> String { AgendaExport.escapedMarkdown(DisplayWidth.sanitized(text)) }
        var out: [String] = []
        for (index, block) in blocks.enumerated() {
            let previous = index > 0 ? blocks[index - 1] : nil
            switch block {
            case .title(let text): out.append("# " + md(text))
            case .paragraph(let text):
                if case .title = previous { out.append("") }
                out.append(md(text))
            case .section(let text): out += ["", "## " + md(text), ""]
            case .item(let label, let value):
                out.append("- " + (label.map { "**\(md($0))**: " } ?? "") + md(value))
            case .note(let text): out += ["", "_" + md(text) + "_"]
            }
        }
        return out.joined(separator: "\n") + "\n"
    }

    static func flatODT(_ blocks: [Block], title: String) -> String {
        func xml(_ text: String) -> String {
            var out = ""
            for character in DisplayWidth.sanitized(text) {
                switch character {
                case "&": out += "&amp;"
                case "<": out += "&lt;"
                case ">": out += "&gt;"
                case "\"": out += "&quot;"
                default: out.append(character)
                }
            }
            return out
        }
        var body: [String] = []
        var inList = false
        for block in blocks {
            if case .item = block {
                if !inList { body.append("<text:list>") }
                inList = true
            } else if inList {
                body.append("</text:list>")
                inList = false
            }
            switch block {
            case .title(let text): body.append("<text:h text:outline-level=\"1\">\(xml(text))</text:h>")
            case .paragraph(let text): body.append("<text:p>\(xml(text))</text:p>")
            case .section(let text): body.append("<text:h text:outline-level=\"2\">\(xml(text))</text:h>")
            case .item(let label, let value):
                let bold = label.map { "<text:span text:style-name=\"Label\">\(xml($0))</text:span>: " } ?? ""
                body.append("<text:list-item><text:p>\(bold)\(xml(value))</text:p></text:list-item>")
            case .note(let text): body.append("<text:p text:style-name=\"Note\">\(xml(text))</text:p>")
            }
        }
        if inList { body.append("</text:list>") }
        return """
            <?xml version="1.0" encoding="UTF-8"?>
            <office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" \
            xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" \
            xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" \
            xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" \
            xmlns:dc="http://purl.org/dc/elements/1.1/" \
            office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.text">
            <office:meta><dc:title>\(xml(title))</dc:title></office:meta>
            <office:automatic-styles>
            <style:style style:name="Label" style:family="text"><style:text-properties fo:font-weight="bold"/></style:style>
            <style:style style:name="Note" style:family="paragraph"><style:text-properties fo:font-style="italic"/></style:style>
            </office:automatic-styles>
            <office:body><office:text>
            \(body.joined(separator: "\n"))
            </office:text></office:body></office:document>

            """
    }

    static func document(_ c: Case, sharing: Sharing, context: DeskContext) -> [Block] {
        let t = context.text
        let chosen = Set(sharing.categories)
        var out: [Block] = []
        out.append(.title(t(.shareTitle, c.id, sharing.recipient)))
        out.append(
            .paragraph(
                t(
                    .shareIntro, CalendarDate(sharing.at, in: context.timeZone).dutch, sharing.by,
                    t.label(sharing.ground))))
        out.append(.paragraph(t(.shareCategories, sharing.categories.map { t.label($0) }.joined(separator: ", "))))
        out.append(.paragraph(t(.shareConfidential, t.label(c.lawful?.confidentiality ?? .normaal))))
        out.append(.section(t(.shareCase)))
        func item(_ label: String, _ value: String) { out.append(.item(label: label, value)) }
        item(t(.colId), c.id.description)
        item(t(.colGemeente), c.gemeente + (c.wijkteam.map { " / " + $0 } ?? ""))
        item(t(.colStatus), t.label(c.status))
        if let phase = c.avePhase { item(t(.colAve), String(phase.rawValue)) }
        item(t(.shareReceived), CalendarDate(c.receivedAt, in: context.timeZone).dutch)
        // Who holds the regie is typed text too (a GGZ or an OM officer says which care or which
        // chain is involved): the advisor tells the partner what they need in their own words.
        let adults = c.persons.filter { $0.role != .kind }
        let children = c.persons.filter { $0.role == .kind }
        if chosen.contains(.identifying) {
            out.append(.section(t(.sharePerson)))
            for (index, person) in adults.enumerated() {
                var parts = [person.name]
                if index > 0 { parts.append(t.label("personRole", person.role.rawValue)) }
                if let born = person.birthDate { parts.append(born.dutch) }
                if let bsn = person.bsn { parts.append("BSN " + bsn.description) }
                if let address = person.address {
                    parts.append(
                        [address.street, address.postcode?.description ?? "", address.place].filter { !$0.isEmpty }
                            .joined(separator: " "))
                }
                out.append(.item(label: nil, parts.joined(separator: ", ")))
            }
        }
        if chosen.contains(.children), !children.isEmpty || c.riskSignals.contains(.kinderen) {
            out.append(.section(t(.shareChildren)))
            if c.riskSignals.contains(.kinderen) { out.append(.item(label: nil, t.label(RiskSignal.kinderen))) }
            if chosen.contains(.identifying) {
                for child in children {
                    out.append(
                        .item(
                            label: nil,
                            ([child.name] + [child.birthDate?.dutch].compactMap { $0 }).joined(separator: ", ")))
                }
            } else if !children.isEmpty {
                let ages = children.compactMap { $0.birthDate?.age(on: context.today) }.sorted()
                out.append(
                    .item(
                        label: nil,
                        t(.shareChildrenCount, children.count, ages.map { t(.shareAge, $0) }.joined(separator: ", "))))
            }
        }
        if chosen.contains(.special) {
            out.append(.section(t(.shareSpecial)))
            let signals = c.riskSignals.filter { specialSignals.contains($0) }
            item(
                t(.shareSignals), signals.isEmpty ? t(.shareNone) : signals.map { t.label($0) }.joined(separator: ", "))
            if let triage = c.triage, !triage.zrmScores.isEmpty {
                item(
                    t(.shareZrm),
                    triage.zrmScores.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", "))
            }
        }
        if chosen.contains(.criminal) {
            out.append(.section(t(.shareCriminal)))
            if criminalSources.contains(c.source) { item(t(.shareSource), t.label(c.source)) }
            let signals = c.riskSignals.filter { criminalSignals.contains($0) }
            item(
                t(.shareSignals), signals.isEmpty ? t(.shareNone) : signals.map { t.label($0) }.joined(separator: ", "))
        }
        let left = DataCategory.allCases.filter { !chosen.contains($0) }
        out.append(
            .note(left.isEmpty ? t(.shareLeftNone) : t(.shareLeft, left.map { t.label($0) }.joined(separator: ", "))))
        return out
    }
}
