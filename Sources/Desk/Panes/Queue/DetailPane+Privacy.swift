import CaseModel
import Foundation
import Screen

// The case detail's record of lawful processing: its ground and sharings, and who viewed it.
extension DetailPane {
    /// The ground, informing and confidentiality, and every sharing ("gedeeld met"); a case
    /// without a ground and a sharing outside the covenant in the warning colour.
    static func lawfulLines(_ c: Case, context: DeskContext, width: Int, into out: inout [Line]) {
        let t = context.text
        out.append(Line(text: ""))
        out.append(Line(text: t(.detailLawful), style: Theme.section))
        func field(_ key: TextKey, _ value: String, _ style: Style = .plain) {
            for (index, part) in TextWrap.lines(value, width: max(10, width - 23)).enumerated() {
                out.append(Line(text: part, style: style, label: index == 0 ? t(key) : ""))
            }
        }
        if let ground = c.lawful?.ground {
            field(.detailGround, t.label(ground))
        } else {
            field(.detailGround, t(.detailNoGround), Theme.warning)
        }
        if let exception = c.lawful?.exception, !exception.isEmpty { field(.detailException, exception) }
        field(.detailInforming, t.describe(c.lawful?.informing))
        field(.detailConfidentiality, t.label(c.lawful?.confidentiality ?? .normaal))
        if c.sharings.isEmpty {
            field(.detailSharedWith, t(.detailSharedNone))
            return
        }
        for (index, sharing) in c.sharings.enumerated() {
            let text = t(
                .detailSharing, t.moment(sharing.at, in: context.timeZone), sharing.recipient,
                sharing.categories.map { t.label($0) }.joined(separator: ", "), t.label(sharing.ground), sharing.by)
            let style = sharing.covenant ? Style.plain : Theme.warning
            for (line, part) in TextWrap.lines(text, width: max(10, width - 23)).enumerated() {
                out.append(Line(text: part, style: style, label: index == 0 && line == 0 ? t(.detailSharedWith) : ""))
            }
            if !sharing.covenant {
                out.append(Line(text: t(.detailSharingNoCovenant, sharing.reason), style: Theme.warning, label: ""))
            } else if !sharing.reason.isEmpty {
                out.append(Line(text: t(.detailSharingReason, sharing.reason), label: ""))
            }
        }
    }

    /// "Wie heeft dit dossier bekeken": the newest entries of the access log about the case.
    static func accessLines(_ access: CaseAccess, context: DeskContext, width: Int, into out: inout [Line]) {
        let t = context.text
        out.append(Line(text: ""))
        out.append(Line(text: t(.detailAccess), style: Theme.section))
        for entry in access.entries.reversed() {
            let text =
                "\(t.moment(entry.at, in: context.timeZone))  \(entry.who.advisor): "
                + "\(t.label("access", entry.action.rawValue)) (\(entry.who.host) \(entry.who.terminal))"
            for (index, part) in TextWrap.lines(text, width: max(10, width - 2)).enumerated() {
                out.append(Line(text: (index == 0 ? "  " : "      ") + part))
            }
        }
        if access.total > access.entries.count {
            out.append(Line(text: "  " + t(.detailAccessMore, access.total - access.entries.count, access.caseID)))
        }
    }
}
