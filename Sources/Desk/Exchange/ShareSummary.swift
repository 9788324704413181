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

    public static func markdown(_ c: Case, sharing: Sharing, context: DeskContext) -> String {
        let t = context.text
        let chosen = Set(sharing.categories)
        func md(_ text: String) -> String { AgendaExport.escapedMarkdown(DisplayWidth.sanitized(text)) }
        var out: [String] = []
        out.append("# " + md(t(.shareTitle, c.id, sharing.recipient)))
        out.append("")
        out.append(
            md(
                t(
                    .shareIntro, CalendarDate(sharing.at, in: context.timeZone).dutch, sharing.by,
                    t.label(sharing.ground))))
        out.append(md(t(.shareCategories, sharing.categories.map { t.label($0) }.joined(separator: ", "))))
        out.append(md(t(.shareConfidential, t.label(c.lawful?.confidentiality ?? .normaal))))
        out.append("")
        out.append("## " + md(t(.shareCase)))
        out.append("")
        func item(_ label: String, _ value: String) { out.append("- **\(md(label))**: \(md(value))") }
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
            out.append("")
            out.append("## " + md(t(.sharePerson)))
            out.append("")
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
                out.append("- " + md(parts.joined(separator: ", ")))
            }
        }
        if chosen.contains(.children), !children.isEmpty || c.riskSignals.contains(.kinderen) {
            out.append("")
            out.append("## " + md(t(.shareChildren)))
            out.append("")
            if c.riskSignals.contains(.kinderen) { out.append("- " + md(t.label(RiskSignal.kinderen))) }
            if chosen.contains(.identifying) {
                for child in children {
                    out.append(
                        "- " + md(([child.name] + [child.birthDate?.dutch].compactMap { $0 }).joined(separator: ", ")))
                }
            } else if !children.isEmpty {
                let ages = children.compactMap { $0.birthDate?.age(on: context.today) }.sorted()
                out.append(
                    "- "
                        + md(
                            t(
                                .shareChildrenCount, children.count,
                                ages.map { t(.shareAge, $0) }.joined(separator: ", "))))
            }
        }
        if chosen.contains(.special) {
            out.append("")
            out.append("## " + md(t(.shareSpecial)))
            out.append("")
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
            out.append("")
            out.append("## " + md(t(.shareCriminal)))
            out.append("")
            if criminalSources.contains(c.source) { item(t(.shareSource), t.label(c.source)) }
            let signals = c.riskSignals.filter { criminalSignals.contains($0) }
            item(
                t(.shareSignals), signals.isEmpty ? t(.shareNone) : signals.map { t.label($0) }.joined(separator: ", "))
        }
        let left = DataCategory.allCases.filter { !chosen.contains($0) }
        out.append("")
        out.append(
            "_" + md(left.isEmpty ? t(.shareLeftNone) : t(.shareLeft, left.map { t.label($0) }.joined(separator: ", ")))
                + "_")
        return out.joined(separator: "\n") + "\n"
    }
}
