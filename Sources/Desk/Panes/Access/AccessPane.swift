import CaseModel
import CaseStore
import Foundation
import Screen

/// One advisor in the Inzage pane: how many entries the access log holds by them, and the last.
public struct AdvisorAccessSummary: Hashable, Sendable {
    public var advisor: String
    public var entries: Int
    public var last: Date?
}

/// The access log's entries by one advisor, newest last, as the Inzage card shows them.
public struct AdvisorAccess: Hashable, Sendable {
    public var advisor: String
    public var entries: [AccessEntry]
    /// How many there are in all (the card shows the newest).
    public var total: Int
}

/// The Inzage pane ("wie heeft wat bekeken"): per advisor, what the access log holds about what
/// they did, for the advisor themselves and for the FG. Per case it is in the case's detail.
enum AccessPane {
    /// How many of an advisor's entries the card shows (the rest: `schakel audit --by`).
    static let shown = 200

    /// The advisors the store knows (their keys, the cases and consultations they hold, the
    /// advisor at this desk), each with their count and last entry. The index finds an advisor's
    /// entries by name, also when it is keyed: so the names come from the store, not the log.
    static func overview(_ store: CaseStore, advisor: String) throws(StoreError) -> [AdvisorAccessSummary] {
        guard let access = store.access else { return [] }
        var names = Set([advisor])
        for slot in try store.log.keySlots() { names.insert(slot.advisor) }
        for c in store.book.cases.values { if let a = c.advisor { names.insert(a) } }
        for c in store.consultations.consultations.values { if let a = c.advisor { names.insert(a) } }
        var out: [AdvisorAccessSummary] = []
        for name in names where !name.isEmpty {
            let count = try access.count(by: name)
            let last = count == 0 ? nil : try access.entries(by: name, limit: 1).last?.at
            out.append(AdvisorAccessSummary(advisor: name, entries: count, last: last))
        }
        return out.sorted { ($0.entries > 0 ? 0 : 1, $0.advisor) < ($1.entries > 0 ? 0 : 1, $1.advisor) }
    }

    static func entries(_ store: CaseStore, of advisor: String) throws(StoreError) -> AdvisorAccess {
        guard let access = store.access else { return AdvisorAccess(advisor: advisor, entries: [], total: 0) }
        let entries = try access.entries(by: advisor, limit: shown)
        let total = entries.count < shown ? entries.count : try access.count(by: advisor)
        return AdvisorAccess(advisor: advisor, entries: entries, total: total)
    }

    static func render(_ state: AppState, _ context: DeskContext, in rect: Rect, into buffer: inout ScreenBuffer) {
        let t = context.text
        buffer.write(
            " " + DisplayWidth.truncated(t(.accessPaneIntro), to: rect.width - 2), x: rect.x, y: rect.y,
            style: Theme.info, clip: rect)
        let list = Rect(x: rect.x, y: rect.y + 2, width: rect.width, height: rect.height - 2)
        guard !state.accessOverview.isEmpty else {
            let text = state.hasAccessLog ? t(.accessPaneLoading) : t(.accessPaneNone)
            for (index, line) in TextWrap.lines(text, width: max(10, rect.width - 4)).enumerated() {
                buffer.write("  " + line, x: list.x, y: list.y + index, style: .dim, clip: list)
            }
            return
        }
        let columns = ListTable.columns(
            [("", 2), (t(.colAdvisor), -3), (t(.colEntries), 10), (t(.colLastAccess), 18)], width: rect.width)
        ListTable.render(
            columns, count: state.accessOverview.count,
            row: { index -> [(String, Style)] in
                let a = state.accessOverview[index]
                let mine = a.advisor == context.advisor
                return [
                    (mine ? "•" : "", .dim), (a.advisor, mine ? .bold : .plain), ("\(a.entries)", .plain),
                    (a.last.map { t.moment($0, in: context.timeZone) } ?? "", .plain),
                ]
            }, selection: state.accessSelection, scroll: state.accessScroll, in: list, into: &buffer)
    }

    /// An advisor's card: their entries, newest first.
    static func lines(_ access: AdvisorAccess?, advisor: String, context: DeskContext, width: Int)
        -> [DetailPane.Line]
    {
        let t = context.text
        var out = [DetailPane.Line(text: t(.accessPaneBy, advisor), style: .bold)]
        guard let access, access.advisor == advisor else {
            out.append(DetailPane.Line(text: t(.accessPaneLoading), style: .dim))
            return out
        }
        out.append(DetailPane.Line(text: t(.accessPaneCount, access.total), style: .dim))
        out.append(DetailPane.Line(text: ""))
        for entry in access.entries.reversed() {
            var text =
                "\(t.moment(entry.at, in: context.timeZone))  \(t.label("access", entry.action.rawValue))"
            if !entry.cases.isEmpty { text += "  " + entry.cases.joined(separator: " ") }
            let detail = AccessReport.detail(entry, context: context)
            if !detail.isEmpty { text += "  (\(detail))" }
            text += "  \(entry.who.host) \(entry.who.terminal)"
            let style: Style = entry.action == .unlockFailed ? Theme.overdue : .plain
            for (index, part) in TextWrap.lines(text, width: max(10, width - 2)).enumerated() {
                out.append(DetailPane.Line(text: (index == 0 ? "  " : "      ") + part, style: style))
            }
        }
        if access.total > access.entries.count {
            out.append(
                DetailPane.Line(text: "  " + t(.accessPaneMore, access.total - access.entries.count, advisor)))
        }
        return out
    }
}
