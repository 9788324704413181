import ArgumentParser
import CaseModel
import CaseStore
import Desk
import Foundation

/// Shared by `triage` and `decide`: the instrument in force and the case, or one clear error.
/// The instrument for a change: strictly (a broken store file is refused, not replaced).
private func loadInstrument(_ workplace: Workplace) throws -> Instrument {
    do throws(InstrumentError) {
        return try Instrument.load(file: workplace.instrumentFile, files: workplace.files).instrument
    } catch {
        throw Failure(error.description)
    }
}

private func caseID(_ text: String, _ context: DeskContext) throws -> CaseID {
    try parsed(nil, context) { () throws(CaseModel.ValidationError) in try CaseID(text) }
}

/// The validated value, or the validation errors as one `Failure` line.
func valid<T>(_ result: Result<T, ValidationErrors>, _ context: DeskContext, options: [String: String] = [:]) throws -> T {
    switch result {
    case .success(let value): return value
    case .failure(let failure): throw Failure(describe(failure, context, options: options))
    }
}

/// Opens the store for writing and hands `body` the case, the instrument and the context; commits
/// the events `body` returns as one change.
func changeCase(_ global: GlobalOptions, id text: String,
                _ body: (Case, Instrument, DeskContext) throws -> [CaseEvent]) throws -> Case {
    let workplace = try Workplace(global)
    let context = workplace.context
    let instrument = try loadInstrument(workplace)
    let id = try caseID(text, context)
    let store = try workplace.openStore(readOnly: false, scope: .cases([id]))
    defer { store.close() }
    guard let found = store.book[id] else { throw Failure("no case \(id) in \(workplace.storeName)") }
    let events = try body(found, instrument, context)
    do throws(StoreError) {
        try store.commit(events, at: context.clock.now, actor: context.advisor)
    } catch {
        throw Failure(error.message)
    }
    return store.book[id] ?? found
}

/// `schakel triage ID …`: records the criteria checklist, ZRM scores, indicators and triggers,
/// and prints the instrument's recommendation with its reasons.
struct Triage: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Record triage for a case and show the recommendation.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The case number.") var id: String
    @Option(name: .long, help: "A criterion answer: N=ja|nee|onbekend, optionally :note (repeat).") var criterion: [String] = []
    @Option(name: .long, help: "A ZRM score: DOMAIN=1..5 (repeat).") var zrm: [String] = []
    @Option(name: .customLong("zrm-date"), help: "When the ZRM was scored (default: today).") var zrmDate: String?
    @Option(name: .long, help: "An extra indicator code (repeat).") var indicator: [String] = []
    @Option(name: .long, help: "An AVE trigger code: stagnation, complexity, safety (repeat).") var trigger: [String] = []

    func run() throws {
        try reporting {
            var printed: [String] = []
            _ = try changeCase(global, id: id) { found, instrument, context in
                var draft = TriageDraft()
                draft.criteria = criterion
                draft.zrm = zrm
                draft.zrmDate = zrmDate ?? ""
                draft.indicators = indicator
                draft.triggers = trigger
                let event = try valid(draft.validate(found, instrument: instrument, today: context.today), context)
                let recommendation = instrument.recommend(event.assessment(riskSignals: found.riskSignals), today: context.today)
                printed = ["\(found.id): \(context.text.label(recommendation.outcome)), AVE \(recommendation.phase.rawValue)"]
                    + recommendation.reasons.map { "  · " + context.text.describe($0) }
                return [.triageRecorded(event)]
            }
            printed.forEach(say)
        }
    }
}

/// `schakel decide ID …`: records the decision with responsibilities, rationale and plan.
struct Decide: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Record the decision on a triaged case.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The case number.") var id: String
    @Option(help: "advies, meekijken, procesregie, bestuurlijk or verwijzen.") var outcome: String
    @Option(help: "AVE phase 1-4 (default: the instrument's phase for the outcome).") var phase: String?
    @Option(help: "Why this decision (required).") var rationale: String
    @Option(help: "Why it differs from the recommendation (required when it does).") var deviation: String?
    @Option(name: .customLong("to"), help: "For verwijzen: the partner the case goes to.") var referredTo: String?
    @Option(help: "A responsibility holder: casusregie|procesregie|operationeel|bestuurlijk=ORGANISATION[/PERSON] (repeat).")
    var holder: [String] = []
    @Option(help: "A task: PARTNER|TASK|DUE (a date, or working days from today) (repeat).") var task: [String] = []
    @Option(help: "Next review date (default for procesregie: the instrument's cadence).") var review: String?

    func run() throws {
        try reporting {
            var printed = ""
            _ = try changeCase(global, id: id) { found, instrument, context in
                var draft = DecisionDraft()
                draft.outcome = outcome
                draft.phase = phase ?? ""
                draft.rationale = rationale
                draft.deviationReason = deviation ?? ""
                draft.referredTo = referredTo ?? ""
                draft.holders = holder
                draft.tasks = task
                draft.nextReview = review ?? ""
                let event = try valid(draft.validate(found, instrument: instrument, calendar: context.calendar, today: context.today), context)
                printed = "\(found.id): \(context.text.label(event.outcome)), AVE \(event.phase.rawValue)"
                return [.decisionRecorded(event)]
            }
            say(printed)
        }
    }
}
