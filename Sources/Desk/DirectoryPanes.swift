import CaseModel
import Foundation
import Screen

/// A list with column titles, the selected row reversed: the layout of the Partners and Consulten lists.
enum ListTable {
    struct Column {
        var title: String
        var width: Int
    }

    /// `widths` below zero share what is left of the row (in proportion).
    static func columns(_ spec: [(String, Int)], width: Int) -> [Column] {
        let fixed = spec.filter { $0.1 > 0 }.reduce(0) { $0 + $1.1 + 1 }
        let shares = spec.filter { $0.1 < 0 }.reduce(0) { $0 - $1.1 }
        let room = max(0, width - fixed - 2)
        return spec.map { Column(title: $0.0, width: $0.1 > 0 ? $0.1 : max(8, room * -$0.1 / max(1, shares) - 1)) }
    }

    /// A list's search line (the same in the Wachtrij's status line, Partners and Consulten):
    /// "Zoek: …" while typing or when a search holds, with the count on the right; otherwise
    /// `idle`, dim. Returns where the cursor stands while typing.
    static func searchLine(
        query: String, editing: Bool, summary: String, idle: String, _ context: DeskContext,
        in rect: Rect, into buffer: inout ScreenBuffer
    ) -> (x: Int, y: Int)? {
        var x = rect.x
        if editing || !query.isEmpty {
            x += buffer.write(" " + context.text(.filterPrompt) + ": ", x: x, y: rect.y, style: Theme.label, clip: rect)
            x += buffer.write(query, x: x, y: rect.y, style: .bold, clip: rect)
        } else {
            x += buffer.write(
                " " + DisplayWidth.truncated(idle, to: max(0, rect.width - DisplayWidth.of(summary) - 4)), x: x,
                y: rect.y,
                style: .dim, clip: rect)
        }
        if rect.maxX - x > DisplayWidth.of(summary) + 3 {
            buffer.write(
                summary + " ", x: rect.maxX - DisplayWidth.of(summary) - 1, y: rect.y, style: Theme.info, clip: rect)
        }
        return editing ? (x: min(x, rect.maxX - 1), y: rect.y) : nil
    }

    /// Draws the rows `scroll..<scroll + visible` of `count`; `row` makes only those.
    static func render(
        _ columns: [Column], count: Int, row: (Int) -> [(String, Style)], selection: Int, scroll: Int,
        in rect: Rect, into buffer: inout ScreenBuffer
    ) {
        var x = rect.x + 1
        for column in columns {
            buffer.write(
                DisplayWidth.truncated(column.title, to: column.width), x: x, y: rect.y, style: Theme.columnTitles,
                clip: rect)
            x += column.width + 1
        }
        for (offset, index) in (min(scroll, count)..<count).prefix(max(0, rect.height - 1)).enumerated() {
            let y = rect.y + 1 + offset
            let selected = index == selection
            if selected { buffer.fill(Rect(x: rect.x, y: y, width: rect.width, height: 1), style: Theme.selected) }
            var x = rect.x + 1
            for (column, cell) in zip(columns, row(index)) {
                var style = cell.1
                if selected { style.reverse = true }
                buffer.write(DisplayWidth.truncated(cell.0, to: column.width), x: x, y: y, style: style, clip: rect)
                x += column.width + 1
            }
        }
    }
}

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

/// The Consulten pane: the figures per wijkteam, then the consultations, newest first, with a flag
/// where registering is suggested.
enum ConsultationsPane {
    static func render(_ state: AppState, _ context: DeskContext, in rect: Rect, into buffer: inout ScreenBuffer) -> (
        x: Int, y: Int
    )? {
        let t = context.text
        let rule = context.settings.threadRule
        var cursor: (x: Int, y: Int)?
        let figures = PartnerReport.figures(state.consultations)
        if state.isEditingFilter || !state.consultationQuery.isEmpty {
            cursor = ListTable.searchLine(
                query: state.consultationQuery, editing: state.isEditingFilter,
                summary: t(.partnersSummary, state.consultationRows.count, state.consultations.consultations.count),
                idle: "", context, in: rect, into: &buffer)
        } else if !figures.isEmpty {
            buffer.write(" " + t(.consultsFigures, figures), x: rect.x, y: rect.y, style: Theme.info, clip: rect)
        }
        let list = Rect(x: rect.x, y: rect.y + 2, width: rect.width, height: rect.height - 2)
        guard !state.consultationRows.isEmpty else {
            let text =
                state.consultations.consultations.count == 0
                ? t(.consultsEmpty) : t(.consultsNoMatch, state.consultationQuery)
            for (index, line) in TextWrap.lines(text, width: max(10, rect.width - 4)).enumerated() {
                buffer.write("  " + line, x: list.x, y: list.y + index, style: .dim, clip: list)
            }
            return cursor
        }
        var spec: [(String, Int)] = [
            ("", 2), (t(.colId), 6), (t(.colWhen), 16), (t(.colWijkteam), -2), (t(.colQuestion), -4),
            (t(.colFollowUp), rect.width >= 110 ? 19 : 12),
        ]
        if rect.width >= 100 { spec.append((t(.colThread), -2)) }
        let columns = ListTable.columns(spec, width: rect.width)
        ListTable.render(
            columns, count: state.consultationRows.count,
            row: { index -> [(String, Style)] in
                guard let c = state.consultations[state.consultationRows[index]] else { return [] }
                let marker: (String, Style)
                if state.consultations.promotedTo[c.id] != nil {
                    marker = ("→", .dim)
                } else if state.consultations.suggestion(for: c, now: state.now, rule: rule) != nil {
                    marker = ("⚑", Theme.overdue)
                } else {
                    marker = ("", .plain)
                }
                return [
                    marker, (c.id.description, .plain), (t.moment(c.at, in: context.timeZone), .plain),
                    (c.wijkteam, .plain),
                    (c.question, .bold), (t.label(c.followUp), .plain), (c.thread ?? "", .dim),
                ]
            }, selection: state.consultationSelection, scroll: state.consultationScroll, in: list, into: &buffer)
        return cursor
    }

    static func lines(_ c: Consultation, _ state: AppState, _ context: DeskContext, width: Int) -> [DetailPane.Line] {
        let t = context.text
        let rule = context.settings.threadRule
        var out: [DetailPane.Line] = []
        func field(_ key: TextKey, _ value: String, _ style: Style = .plain) {
            for (index, part) in TextWrap.lines(value.isEmpty ? t(.detailNone) : value, width: max(10, width - 23))
                .enumerated()
            {
                out.append(DetailPane.Line(text: part, style: style, label: index == 0 ? t(key) : ""))
            }
        }
        out.append(DetailPane.Line(text: "\(c.id)  \(t.moment(c.at, in: context.timeZone))", style: .bold))
        if let promoted = state.consultations.promotedTo[c.id] {
            out.append(DetailPane.Line(text: t(.consultPromoted, promoted), style: Theme.info))
        } else if let suggestion = state.consultations.suggestion(for: c, now: state.now, rule: rule) {
            out.append(DetailPane.Line(text: "⚑ " + t.describe(suggestion, rule: rule) + " (a)", style: Theme.overdue))
        }
        out.append(DetailPane.Line(text: ""))
        field(.consultFormWijkteam, "\(c.wijkteam) (\(c.gemeente))")
        field(.consultFormMember, c.member)
        field(.consultFormQuestion, c.question, .bold)
        field(.consultFormSketch, c.sketch)
        field(.consultFormAdvice, c.advice)
        field(.consultFormFollowUp, t.label(c.followUp))
        field(.consultFormSafety, t.label(c.safetySignal ? Answer.yes : Answer.no))
        field(.consultFormDuration, c.durationMinutes.map { t(.consultDuration, $0) } ?? "")
        field(.consultAdvisor, c.advisor ?? "")
        if !c.acceptedFindings.isEmpty {
            field(
                .consultAccepted,
                c.acceptedFindings.map { PrivacyGuard.Kind(rawValue: $0).map { t.label($0) } ?? $0 }.joined(
                    separator: ", "), Theme.soon)
        }
        if let thread = c.thread {
            let open = state.consultations.openThread(of: c)
            field(.consultThread, thread + (open.count > 1 ? "  —  " + t(.consultThreadCount, open.count) : ""))
            for other in open where other.id != c.id {
                out.append(
                    DetailPane.Line(
                        text: "\(other.id)  \(t.moment(other.at, in: context.timeZone))  \(other.question)", label: ""))
            }
        }
        return out
    }

    static func renderDetail(
        _ state: AppState, _ id: ConsultationID, _ context: DeskContext, in rect: Rect, into buffer: inout ScreenBuffer
    ) {
        guard let c = state.consultations[id] else { return }
        DetailPane.draw(lines(c, state, context, width: rect.width - 2), top: 0, in: rect, into: &buffer)
    }
}

/// The consultation, partner and link forms.
enum EntryPane {
    /// The lines under the consultation form: the thread typed so far, if it has consultations
    /// already (the advisor sees it grow), and what looked identifying.
    static func notes(_ entry: EntryForm, _ state: AppState, _ context: DeskContext) -> [(String, Style)] {
        guard case .consultation(let editing) = entry.kind else { return [] }
        let t = context.text
        var notes: [(String, Style)] = []
        let typed = entry.form.value("thread")
        if let team = try? context.region.locateWijkteam(
            entry.form.value("wijkteam"), gemeente: entry.form.value("gemeente"))
        {
            let earlier = state.consultations.openThread(wijkteam: team.wijkteam, thread: typed).filter {
                $0.id != editing
            }
            if let last = earlier.last {
                notes.append(
                    (
                        t(.consultFormThreadSoFar, typed, earlier.count, t.moment(last.at, in: context.timeZone)),
                        Theme.soon
                    ))
            }
        }
        if !entry.pendingFindings.isEmpty {
            notes.append((t(.consultFormPrivacy, t.describe(entry.pendingFindings)), Theme.error))
        }
        return notes
    }

    static func render(_ state: AppState, _ context: DeskContext, in rect: Rect, into buffer: inout ScreenBuffer) -> (
        x: Int, y: Int
    )? {
        guard let entry = state.entry else { return nil }
        let t = context.text
        switch entry.kind {
        case .consultation(let editing):
            let notes = notes(entry, state, context)
            let title = editing.map { t(.consultFormTitleEdit, $0) } ?? t(.consultFormTitle)
            return FieldFormPane.render(
                entry.form, title: title, notes: notes, hint: t(.consultFormHint), context,
                in: rect, into: &buffer)
        case .partner(let organisation, _):
            let title =
                organisation.flatMap { state.partners.organisations[$0]?.name }.map { t(.partnerFormTitleEdit, $0) }
                ?? t(.partnerFormTitleNew)
            return FieldFormPane.render(
                entry.form, title: title, hint: t(.partnerFormHint), context, in: rect, into: &buffer)
        case .link(let id):
            let name = state.cases[id]?.primaryPerson.name ?? ""
            return FieldFormPane.render(
                entry.form, title: t(.linkTitle, "\(id) \(name)"), hint: t(.linkHint), context, in: rect, into: &buffer)
        }
    }
}
