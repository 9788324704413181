import CaseModel
import Foundation
import Screen

/// The Partners pane: a search line (`/`), and the matching contacts.
enum PartnersPane {
    static func render(_ state: AppState, _ context: DeskContext, in rect: Rect, into buffer: inout ScreenBuffer) -> (
        x: Int, y: Int
    )? {
        let t = context.text
        let cursor = ListTable.searchLine(
            query: state.partnerQuery, editing: state.isEditingFilter,
            summary: t(.partnersSummary, state.partnerRows.count, state.partners.entryCount),
            idle: t(.partnersSearch), context, in: rect, into: &buffer)
        let list = Rect(x: rect.x, y: rect.y + 2, width: rect.width, height: rect.height - 2)
        if state.partnerRows.isEmpty {
            let text = state.partners.isEmpty ? t(.partnersEmpty) : t(.partnersNoMatch, state.partnerQuery)
            for (index, line) in TextWrap.lines(text, width: max(10, rect.width - 4)).enumerated() {
                buffer.write("  " + line, x: list.x, y: list.y + index, style: .dim, clip: list)
            }
            return cursor
        }
        let wide = rect.width >= 110
        var spec: [(String, Int)] = [
            (t(.partnerName), -3), (t(.colRole), -2), (t(.colOrganisation), -3), (t(.colPhone), 12),
        ]
        if wide { spec += [(t(.colEmail), -3), (t(.colLastContact), 10)] }
        let columns = ListTable.columns(spec, width: rect.width)
        ListTable.render(
            columns, count: state.partnerRows.count,
            row: { index -> [(String, Style)] in
                let entry = state.partnerRows[index]
                let organisation = entry.organisation.name
                guard let c = entry.contact else {
                    return [
                        (t(.partnersNoContact), .dim), ("", .plain), (organisation, .plain), ("", .plain), ("", .plain),
                        ("", .plain),
                    ]
                }
                return [
                    (c.name, .bold), (c.role, .plain), (organisation, .plain), (c.phone?.national ?? "", .plain),
                    (c.email?.value ?? "", .plain), (state.partners.lastReached[c.id]?.dutch ?? "", .dim),
                ]
            }, selection: state.partnerSelection, scroll: state.partnerScroll, in: list, into: &buffer)
        return cursor
    }

    /// One contact (or organisation) with everything known, and the cases the contact is in.
    static func lines(
        _ organisationID: OrganisationID, _ contactID: ContactID?, _ state: AppState, _ context: DeskContext,
        width: Int
    ) -> [DetailPane.Line] {
        let t = context.text
        let directory = state.partners
        guard let organisation = directory.organisations[organisationID] else { return [] }
        var out: [DetailPane.Line] = []
        func field(_ key: TextKey, _ value: String, _ style: Style = .plain) {
            for (index, part) in TextWrap.lines(value.isEmpty ? t(.detailNone) : value, width: max(10, width - 23))
                .enumerated()
            {
                out.append(DetailPane.Line(text: part, style: style, label: index == 0 ? t(key) : ""))
            }
        }
        if let contactID, let contact = directory.contacts[contactID] {
            out.append(DetailPane.Line(text: "\(contact.id)  \(contact.name)", style: .bold))
            field(.partnerRole, contact.role)
            // Every number and address with its kind; the preferred one first, in bold.
            if contact.phones.isEmpty { field(.partnerPhone, "") }
            for (index, phone) in contact.phones.enumerated() {
                out.append(
                    DetailPane.Line(
                        text:
                            "\(phone.number.national)  \(t.label("reach", phone.kind.rawValue))  (\(phone.number.e164))",
                        style: index == 0 ? .bold : .plain, label: index == 0 ? t(.partnerPhone) : ""))
            }
            if contact.emails.isEmpty { field(.partnerEmail, "") }
            for (index, email) in contact.emails.enumerated() {
                out.append(
                    DetailPane.Line(
                        text: email.address.value
                            + (contact.emails.count > 1 ? "  " + t.label("reach", email.kind.rawValue) : ""),
                        label: index == 0 ? t(.partnerEmail) : ""))
            }
            field(.partnerAvailability, contact.availability)
            field(.partnerNotes, contact.notes)
            field(.partnerLastContact, directory.lastReached[contactID]?.dutch ?? t(.partnerNever))
            let links = directory.links(of: contactID)
            let open = links.filter { state.cases[$0.caseID] != nil }
            field(.partnerCases, open.isEmpty ? t(.partnerNoCases) : "")
            if !open.isEmpty { out.removeLast() }
            for (index, link) in open.enumerated() {
                let c = state.cases[link.caseID]
                let text = "\(link.caseID)  \(c?.primaryPerson.name ?? "")  (\(t.label(link.role)))"
                out.append(DetailPane.Line(text: text, label: index == 0 ? t(.partnerCases) : ""))
            }
            out.append(DetailPane.Line(text: ""))
        }
        out.append(DetailPane.Line(text: "\(organisation.id)  \(organisation.name)", style: Theme.section))
        field(.partnerType, t.label(organisation.type))
        field(
            .partnerGemeenten,
            organisation.gemeenten.isEmpty ? t(.partnerWholeRegion) : organisation.gemeenten.joined(separator: ", "))
        let covenant =
            organisation.covenantSigned
            ? (organisation.covenantDate.map { t(.partnerCovenantSignedOn, $0.dutch) } ?? t(.partnerCovenantSigned))
            : t(.partnerCovenantNo)
        field(.partnerCovenant, covenant, organisation.covenantSigned ? .plain : Theme.soon)
        let colleagues = directory.contacts(of: organisationID).filter { $0.id != contactID }
        for (index, colleague) in colleagues.enumerated() {
            let text = [colleague.name, colleague.role, colleague.phone?.national ?? ""].filter { !$0.isEmpty }.joined(
                separator: "  ")
            out.append(DetailPane.Line(text: text, label: index == 0 ? t(.partnerColleagues) : ""))
        }
        return out
    }

    static func renderDetail(
        _ state: AppState, _ organisation: OrganisationID, _ contact: ContactID?, _ context: DeskContext,
        in rect: Rect, into buffer: inout ScreenBuffer
    ) {
        DetailPane.draw(
            lines(organisation, contact, state, context, width: rect.width - 2), top: 0, in: rect, into: &buffer)
    }
}
