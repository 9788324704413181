import CaseModel
import Foundation
import Screen
import Testing

@testable import Desk

@Suite("The desk's reducer")
struct ReducerTests {
    func send(_ state: inout AppState, _ keys: [Key], _ context: DeskContext) -> [Effect] {
        var effects: [Effect] = []
        for key in keys {
            if let command = DeskKeymap.command(for: key, in: state) {
                effects += Reducer.reduce(&state, command, context: context)
            }
        }
        return effects
    }

    func type(_ text: String) -> [Key] { text.map { .character($0) } }

    @Test("The queue is ordered by urgency: ZSM, overdue, safety signal, the rest")
    func order() throws {
        let context = try DeskFixtures.context()
        let state = DeskFixtures.state(context: context)
        #expect(state.rows.map(\.id.sequence) == [1, 2, 3, 4])
        #expect(state.overdueCount == 1)
        #expect(state.zsmOpenCount == 1)
        #expect(state.newCount == 4)
    }

    @Test("Moving the selection stays within the list")
    func movement() throws {
        let context = try DeskFixtures.context()
        var state = DeskFixtures.state(context: context)
        _ = send(&state, [.character("k"), .up], context)
        #expect(state.selection == 0)
        _ = send(&state, [.character("j"), .down, .character("j"), .character("j"), .down], context)
        #expect(state.selection == 3)
        _ = send(&state, [.home], context)
        #expect(state.selection == 0)
        _ = send(&state, [.end], context)
        #expect(state.selectedID == CaseID(year: 2026, sequence: 4))
    }

    @Test("Search as you type narrows the queue, ignoring case and accents; Esc clears it")
    func search() throws {
        let context = try DeskFixtures.context()
        var state = DeskFixtures.state(context: context)
        _ = send(&state, [.character("/")] + type("zoe"), context)
        #expect(state.isEditingFilter)
        #expect(state.rows.map(\.id.sequence) == [3])
        _ = send(&state, [.backspace, .backspace, .backspace] + type("sudwest"), context)
        #expect(state.rows.map(\.id.sequence) == [2])
        _ = send(&state, [.enter], context)
        #expect(!state.isEditingFilter)
        #expect(state.filterText == "sudwest")
        _ = send(&state, [.escape], context)
        #expect(state.filterText.isEmpty)
        #expect(state.rows.count == 4)
    }

    @Test("Quick filters: overdue, ZSM, mine, per gemeente; they combine")
    func quickFilters() throws {
        let context = try DeskFixtures.context()
        var state = DeskFixtures.state(context: context)
        _ = send(&state, [.character("o")], context)
        #expect(state.rows.map(\.id.sequence) == [2])
        _ = send(&state, [.character("o"), .character("z")], context)
        #expect(state.rows.map(\.id.sequence) == [1])
        _ = send(&state, [.character("z"), .character("m")], context)
        #expect(state.rows.map(\.id.sequence) == [1, 3])
        _ = send(&state, [.character("m"), .character("g")], context)
        #expect(state.quickFilters == [.gemeente("Leeuwarden")])
        #expect(state.rows.map(\.id.sequence) == [1, 3])
        _ = send(&state, [.character("g"), .character("g")], context)
        #expect(state.quickFilters == [.gemeente("Vlieland")])
        _ = send(&state, [.character("g")], context)
        #expect(state.quickFilters.isEmpty)
    }

    @Test("Enter opens the selected case and asks for its timeline; Esc goes back")
    func detail() throws {
        let context = try DeskFixtures.context()
        var state = DeskFixtures.state(context: context)
        let effects = send(&state, [.down, .enter], context)
        #expect(state.mode == .detail(CaseID(year: 2026, sequence: 2)))
        #expect(effects == [.loadTimeline(CaseID(year: 2026, sequence: 2))])
        _ = send(&state, [.escape], context)
        #expect(state.mode == .queue)
        #expect(state.selection == 1)
    }

    @Test("Saving an empty form shows the required fields and records nothing")
    func emptyForm() throws {
        let context = try DeskFixtures.context()
        var state = DeskFixtures.state(context: context)
        let effects = send(&state, [.character("n"), .function(2)], context)
        #expect(effects.isEmpty)
        #expect(state.mode == .form)
        #expect(Set(state.registration?.errors.keys ?? [:].keys) == [.source, .name, .gemeente, .reason])
        #expect(state.registration?.focus == .source)
        #expect(state.message?.isError == true)
    }

    @Test("A filled form becomes one registration event; a bad BSN shows inline first")
    func filledForm() throws {
        let context = try DeskFixtures.context()
        var state = DeskFixtures.state(context: context)
        var keys: [Key] = [.character("n"), .character("p")]  // source: type-ahead "p" → politie
        keys += [.tab] + type("Politie Noord") + [.tab] + type("J. de Wit")
        keys += [.tab] + type("Sjoerd Postma") + [.tab] + type("1980-05-06") + [.tab] + type("123456789") + [.tab]
        _ = send(&state, keys, context)
        #expect(state.registration?.errors[.bsn]?.code == .bsnElevenTest)
        keys = [.backTab, .backspace, .backspace, .backspace] + type("782")
        keys += [.tab, .tab, .tab, .tab]  // street, postcode, place → gemeente
        keys += type("sú") + [.tab, .right, .tab]  // Súdwest-Fryslân, its first wijkteam
        keys += type("Overlast, bedreiging") + [.tab, .tab, .right, .character(" ")]  // reason, goal, risk: wapens
        // The ground (type-ahead "pu": publieke taak), and Enter on the last field saves.
        keys += [.tab] + type("pu") + [.tab]
        let effects = send(&state, keys + [.enter], context)
        #expect(state.registration?.errors.isEmpty == true)
        guard case .register(let draft, let promoting, let knownAccepted) = try #require(effects.first) else {
            Issue.record("expected a registration, got \(effects)")
            return
        }
        #expect(promoting.isEmpty && !knownAccepted)
        // The draft as the use case will check it, numbered as the desk knows the store.
        let event = try draft.validate(
            id: state.nextCaseID, region: context.region, cadence: context.cadence, calendar: context.calendar,
            now: context.clock.now, timeZone: context.timeZone, advisor: context.advisor
        ).get()
        #expect(event.id == CaseID(year: 2026, sequence: 5))
        #expect(event.source == .politie)
        #expect(event.referrer == Referrer(organisation: "Politie Noord", contact: "J. de Wit"))
        #expect(event.person.name == "Sjoerd Postma")
        #expect(event.person.bsn?.digits == "123456782")
        #expect(event.gemeente == "Súdwest-Fryslân")
        #expect(event.wijkteam == "Gebiedsteam Sneek")
        #expect(event.reason == "Overlast, bedreiging")
        #expect(draft.lawful.ground == LegalGround.publicTask.rawValue)
        #expect(event.riskSignals == [.wapens])
        #expect(event.advisor == "A. Zwart")
    }

    @Test("Esc on a form with input asks; j cancels it without recording anything")
    func cancel() throws {
        let context = try DeskFixtures.context()
        var state = DeskFixtures.state(context: context)
        var effects = send(&state, [.character("n")] + type("xyz") + [.escape], context)
        #expect(effects.isEmpty && state.mode == .form && state.discardPending == .cancelForm)
        effects = send(&state, [.character("j")], context)
        #expect(effects.isEmpty)
        #expect(state.mode == .queue)
        #expect(state.registration == nil)  // the form is gone with the route: nothing of it is kept
    }

    @Test("A read-only desk does not open the form")
    func readOnly() throws {
        let context = try DeskFixtures.context()
        var state = DeskFixtures.state(context: context)
        state.isReadOnly = true
        _ = send(&state, [.character("n")], context)
        #expect(state.mode == .queue)
        #expect(state.message?.isError == true)
    }
}

@Suite("Scrolling keeps the selection in view")
struct ScrollTests {
    @Test("Paging and moving past the bottom scroll exactly as far as needed")
    func scrolling() throws {
        let context = try DeskFixtures.context()
        let many = (1...50).map { n -> Case in
            let r = DeskFixtures.registration(n, name: "Persoon \(n)", hoursAgo: Double(n))
            return Case(registration: r, at: r.receivedAt, reference: 0)
        }
        var state = DeskFixtures.state(size: (80, 24), cases: many, context: context)
        let visible = Reducer.visibleRows(state)
        #expect(visible == 19)
        for _ in 0..<visible { _ = Reducer.reduce(&state, .moveSelection(.down), context: context) }
        #expect(state.selection == 19)
        #expect(state.scroll == 1)
        _ = Reducer.reduce(&state, .moveSelection(.pageDown), context: context)
        #expect(state.selection == 38)
        #expect(state.scroll == 20)
        _ = Reducer.reduce(&state, .moveSelection(.last), context: context)
        #expect(state.selection == 49)
        #expect(state.scroll == 31)
        let lines = DeskView.render(state, context: context).buffer.lines
        #expect(lines[21].contains(state.rows[49].id.description))
        _ = Reducer.reduce(&state, .moveSelection(.first), context: context)
        #expect(state.scroll == 0)
    }
}

@Suite("Narrowing a search keeps the same answer as filtering afresh")
struct IncrementalSearchTests {
    @Test("Typing on, erasing, and quick filters in between give the rows a full filter gives")
    func sameRows() throws {
        let context = try DeskFixtures.context()
        let names = ["Anne de Vries", "Anne Visser", "Annie Dijkstra", "Jan Vos", "Anna de Boer", "Zoë Annema"]
        let cases = names.enumerated().map { index, name -> Case in
            let r = DeskFixtures.registration(index + 1, name: name, hoursAgo: Double(index * 7 + 1))
            return Case(registration: r, at: r.receivedAt, reference: 0)
        }
        var typed = DeskFixtures.state(cases: cases, context: context)
        for (step, text) in ["a", "an", "ann", "anne", "anne ", "anne v", "anne", "an", "", "v"].enumerated() {
            typed.filterText = text
            if step == 6 { typed.quickFilters = [.mine] }
            typed.refilter(context: context)
            var fresh = DeskFixtures.state(cases: cases, context: context)
            fresh.filterText = text
            fresh.quickFilters = typed.quickFilters
            fresh.refilter(context: context)
            #expect(typed.rows == fresh.rows, "after \"\(text)\"")
        }
        typed.filterText = "anne"
        typed.quickFilters = []
        typed.refilter(context: context)
        #expect(
            typed.rows.map { typed.cases[$0.id]?.primaryPerson.name } == ["Zoë Annema", "Anne Visser", "Anne de Vries"])
    }
}

@Suite("A colleague's commit changes the queue in place, as a full filter would")
struct IncrementalUpsertTests {
    @Test("New, changed, closed and removed cases, under a search and quick filters, give the rows a full filter gives")
    func sameRows() throws {
        let context = try DeskFixtures.context()
        var generator = SystemRandomNumberGenerator()
        let names = [
            "Anne de Vries", "Anne Visser", "Annie Dijkstra", "Jan Vos", "Anna de Boer", "Zoë Annema", "Piet Annes",
            "Kees",
        ]
        func make(_ n: Int, hours: Double, advisor: String = "A. Zwart", signals: [RiskSignal] = []) -> Case {
            let r = DeskFixtures.registration(
                n, name: names[n % names.count], hoursAgo: hours, signals: signals, advisor: advisor)
            return Case(registration: r, at: r.receivedAt, reference: 0)
        }
        for round in 0..<40 {
            let count = Int.random(in: 5...30, using: &generator)
            var cases = (1...count).map { make($0, hours: Double(Int.random(in: 1...400, using: &generator))) }
            var state = DeskFixtures.state(cases: cases, context: context)
            state.filterText = ["", "ann", "v"][round % 3]
            state.quickFilters = round % 4 == 0 ? [.mine] : []
            state.refilter(context: context)
            // A batch as colleagues' commits bring it: a new case, changed ones, a closed one, a removed one.
            var changed = [
                make(
                    count + 1, hours: Double(Int.random(in: 1...400, using: &generator)),
                    advisor: round % 2 == 0 ? "A. Zwart" : "B")
            ]
            var changedCase = cases[Int.random(in: 0..<count, using: &generator)]
            changedCase.riskSignals = [.geweld, .wapens]
            changed.append(changedCase)
            var closed = cases[Int.random(in: 0..<count, using: &generator)]
            closed.status = .afgesloten
            if closed.id != changedCase.id { changed.append(closed) }
            // An undone registration is gone from the store, so it is never also among the changed.
            let removed = cases.first { c in !changed.contains { $0.id == c.id } }.map { [$0.id] } ?? []
            state.upsert(contentsOf: changed, removing: removed, context: context)

            for c in changed {
                cases.removeAll { $0.id == c.id }
                cases.append(c)
            }
            cases.removeAll { removed.contains($0.id) }
            var fresh = DeskFixtures.state(cases: cases, context: context)
            fresh.filterText = state.filterText
            fresh.quickFilters = state.quickFilters
            fresh.refilter(context: context)
            #expect(state.rows == fresh.rows, "round \(round)")
            #expect(Set(state.cases.keys) == Set(fresh.cases.keys), "round \(round)")
            // The header's counts are kept as cases change, and agree with counting afresh.
            #expect(state.newCount == fresh.cases.values.filter { $0.status == .nieuw }.count, "round \(round)")
            #expect(state.overdueCount == fresh.urgencies.values.filter(\.isOverdue).count, "round \(round)")
            #expect(state.zsmOpenCount == fresh.cases.values.filter(\.hasOpenZSMRequest).count, "round \(round)")
        }
    }
}

@Suite("Scrolling the case detail")
struct DetailScrollTests {
    @Test("The detail scrolls within its content, so the way back is immediate")
    func bounded() throws {
        let context = try DeskFixtures.context()
        var state = DeskFixtures.state(size: (80, 24), context: context)
        _ = Reducer.reduce(&state, .openDetail, context: context)
        _ = Reducer.reduce(&state, .timelineLoaded(CaseID(year: 2026, sequence: 1), []), context: context)
        let id = CaseID(year: 2026, sequence: 1)
        let total = DetailPane.lines(
            try #require(state.cases[id]), urgency: state.urgencies[id], timeline: [],
            context: context, width: 78
        ).count
        let lastTop = total - 20
        #expect(lastTop > 0)
        _ = Reducer.reduce(&state, .scrollDetail(.last), context: context)
        #expect(state.detailScroll == lastTop)
        let bottom = DeskView.render(state, context: context).buffer.lines
        #expect(bottom[21].hasPrefix(" Tijdlijn"))
        for _ in 0..<5 { _ = Reducer.reduce(&state, .scrollDetail(.down), context: context) }
        #expect(state.detailScroll == lastTop)
        _ = Reducer.reduce(&state, .scrollDetail(.up), context: context)
        #expect(state.detailScroll == lastTop - 1)
        #expect(DeskView.render(state, context: context).buffer.lines[2] != bottom[2])
    }
}

@Suite("The stagnating quick filter")
struct StagnatingFilterTests {
    @Test("s shows only the cases where nothing happened for longer than the threshold; s again shows all")
    func stagnating() throws {
        let context = try DeskFixtures.context()
        var cases = DeskFixtures.cases()
        cases[1].lastActivityAt = DeskFixtures.now.addingTimeInterval(-40 * 86_400)
        cases[1].receivedAt = cases[1].lastActivityAt
        var state = DeskFixtures.state(cases: cases, context: context)
        let all = state.rows.count
        _ = Reducer.reduce(&state, .toggleQuickFilter(.stagnating), context: context)
        #expect(state.rows.map(\.id) == [cases[1].id])
        _ = Reducer.reduce(&state, .toggleQuickFilter(.stagnating), context: context)
        #expect(state.rows.count == all)
    }
}
