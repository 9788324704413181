import CaseModel
import Foundation
import Screen

/// The case detail: person, reason and goal, responsibilities, deadlines, the urgency breakdown
/// ("why is this on top") and the timeline, as a scrollable page.
enum DetailPane {
    struct Line {
        var text: String
        var style: Style = .plain
        var label: String? = nil
    }

    static func render(_ state: AppState, _ id: CaseID, _ context: DeskContext, in rect: Rect, into buffer: inout ScreenBuffer) {
        guard let c = state.cases[id] else { return }
        // The reducer keeps the offset within the content; the clamp here only covers a resize.
        let lines = self.lines(c, urgency: state.urgencies[id], timeline: state.timeline, context: context, width: rect.width - 2)
        let top = min(state.detailScroll, max(0, lines.count - rect.height))
        for (row, line) in lines.dropFirst(top).prefix(rect.height).enumerated() {
            let y = rect.y + row
            var x = rect.x + 1
            if let label = line.label {
                x += buffer.write(DisplayWidth.padded(label, to: 22), x: x, y: y, style: Theme.label, clip: rect)
            }
            buffer.write(line.text, x: x, y: y, style: line.style, clip: rect)
        }
    }

    static func lines(_ c: Case, urgency: Urgency?, timeline: [Case.TimelineEntry]?, context: DeskContext, width: Int) -> [Line] {
        let t = context.text
        let none = t(.detailNone)
        var out: [Line] = []
        func section(_ key: TextKey) {
            out.append(Line(text: ""))
            out.append(Line(text: t(key), style: Theme.section))
        }
        func field(_ key: TextKey, _ value: String, _ style: Style = .plain) {
            let wrapped = TextWrap.lines(value.isEmpty ? none : value, width: max(10, width - 23))
            for (index, part) in wrapped.enumerated() {
                out.append(Line(text: part, style: style, label: index == 0 ? t(key) : ""))
            }
        }
        func paragraph(_ text: String) {
            for part in TextWrap.lines(text.isEmpty ? none : text, width: max(10, width - 2)) {
                out.append(Line(text: "  " + part))
            }
        }

        let p = c.primaryPerson
        out.append(Line(text: "\(c.id)  \(p.name)", style: .bold))
        let phase = c.avePhase.map { "AVE \($0.rawValue)" } ?? t(.detailNotSet)
        field(.detailStatus, t.label(c.status))
        field(.detailAve, phase, Theme.ave(c.avePhase))

        section(.detailPerson)
        field(.detailName, p.name)
        field(.detailBirthdate, p.birthDate.map { "\($0.dutch) (\(t(.detailAge, $0.age(on: context.today))))" } ?? "")
        field(.detailBsn, p.bsn?.digits ?? "")
        if let a = p.address {
            field(.detailAddress, [a.street, a.postcode?.value ?? "", a.place].filter { !$0.isEmpty }.joined(separator: ", "))
        } else {
            field(.detailAddress, "")
        }

        section(.detailRegistration)
        field(.detailSource, t.label(c.source))
        field(.detailReferrer, c.referrer.map { [$0.organisation, $0.contact].filter { !$0.isEmpty }.joined(separator: ", ") } ?? "")
        field(.detailReceived, t.moment(c.receivedAt, in: context.timeZone))
        field(.detailGemeente, c.gemeente)
        field(.detailWijkteam, c.wijkteam ?? "")
        field(.detailAdvisor, c.advisor ?? "")

        section(.detailReason)
        paragraph(c.reason)
        section(.detailGoal)
        paragraph(c.goal)

        section(.detailRisks)
        paragraph(c.riskSignals.map { t.label($0) }.joined(separator: ", "))

        section(.detailResponsibilities)
        for responsibility in Responsibility.allCases {
            let holder = c.responsibilities[responsibility].map { [$0.organisation, $0.person].filter { !$0.isEmpty }.joined(separator: ", ") }
            out.append(Line(text: holder ?? none, label: t.label(responsibility)))
        }

        section(.detailDeadlines)
        if c.deadlines.isEmpty { paragraph("") }
        for deadline in c.deadlines {
            let due: String
            switch deadline.due {
            case .day(let day):
                due = "\(t.day(day))  (\(t(.unitWorkingDays, context.calendar.workingDays(from: context.today, to: day))))"
            case .moment(let moment):
                let hours = Int((moment.timeIntervalSince(context.clock.now) / 3600).rounded(.down))
                due = "\(t.moment(moment, in: context.timeZone))  (\(t(.unitHours, hours)))"
            }
            out.append(Line(text: due + (deadline.met ? "  ✓ " + t(.detailMet) : ""), style: deadline.met ? .dim : .plain,
                            label: t.label(deadline.kind)))
        }

        section(.detailUrgency)
        if let urgency {
            if urgency.parts.isEmpty { paragraph(t(.urgencyNone)) }
            for part in urgency.parts {
                out.append(Line(text: "  " + DisplayWidth.padded(t(.detailPoints, part.points), to: 9, alignRight: true) + "  " + describe(part.part, t)))
            }
            out.append(Line(text: "  " + t(.urgencyTotal, urgency.total), style: .bold))
        }

        section(.detailTimeline)
        if let timeline {
            for entry in timeline {
                let text = "\(t.moment(entry.at, in: context.timeZone))  \(entry.actor): \(describe(entry.event, t))"
                for (index, part) in TextWrap.lines(text, width: max(10, width - 2)).enumerated() {
                    out.append(Line(text: (index == 0 ? "  " : "      ") + part))
                }
            }
        } else {
            paragraph(t(.detailLoading))
        }
        return out
    }

    static func describe(_ part: Urgency.Part, _ t: Localizer) -> String {
        switch part {
        case .zsmOpen(let hours): return hours >= 0 ? t(.urgencyZsm, hours) : t(.urgencyZsmLate, -hours)
        case .overdue(let days, let kind): return t(.urgencyOverdue, days, t.label(kind))
        case .dueSoon(let days, let kind): return days == 0 ? t(.urgencyDueToday, t.label(kind)) : t(.urgencyDueSoon, days, t.label(kind))
        case .safety(let signals): return t(.urgencySafety, signals.map { t.label($0) }.joined(separator: ", "))
        case .avePhase(let phase): return t(.urgencyAve, phase.rawValue)
        case .waiting(let days): return t(.urgencyWaiting, days)
        case .stagnating(let days): return t(.urgencyStagnating, days)
        }
    }

    static func describe(_ event: CaseEvent, _ t: Localizer) -> String {
        switch event {
        case .registered(let e): return t(.eventCaseRegistered, t.label(e.source))
        case .statusChanged(let e): return t(.eventStatusChanged, t.label(e.from), t.label(e.to))
        case .noteAdded(let e): return t(.eventNoteAdded, e.text)
        case .deadlineMet(let e): return t(.eventDeadlineMet, t.label(e.kind))
        }
    }
}
