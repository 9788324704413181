import ArgumentParser
import CaseModel
import CaseStore
import Desk
import Foundation
import Workplace

/// The instrument for a change: strictly (a broken store file is refused, not replaced).
private func loadInstrument(_ invocation: Invocation) throws -> Instrument {
    do throws(InstrumentError) {
        return try Instrument.load(file: invocation.instrumentFile, files: invocation.files).instrument
    } catch {
        throw Failure(error.description)
    }
}

private func caseID(_ text: String, _ context: DeskContext) throws -> CaseID {
    try parsed(nil, context) { () throws(CaseModel.ValidationError) in try CaseID(text) }
}

/// The validated value, or the validation errors as one `Failure` line.
func valid<T>(_ result: Result<T, ValidationErrors>, _ context: DeskContext, options: [String: String] = [:]) throws
    -> T
{
    switch result {
    case .success(let value): return value
    case .failure(let failure): throw Failure(describe(failure, context, options: options))
    }
}

/// Opens the store for writing (only the case it names), and performs the step `body` makes of
/// the case through the use cases, as the desk does: one way in. Returns the case as it is then.
@discardableResult
func changeCase(
    _ global: GlobalOptions, id text: String, needsInstrument: Bool = true, options: [String: String] = [:],
    _ body: (CaseID) throws -> CaseChange
) throws -> (c: Case, context: DeskContext) {
    let invocation = try Invocation(global)
    var context = invocation.context
    // A step follows the instrument, strictly (a broken store file is refused, not replaced).
    if needsInstrument { context.instrument = try loadInstrument(invocation) }
    let id = try caseID(text, context)
    let store = try invocation.openStore(readOnly: false, scope: .cases([id]))
    defer { store.close() }
    guard let found = store.book[id] else { throw Failure(tr(.cliNoCase, id, invocation.storeName)) }
    let rules = context.rules
    let change = try body(id)
    do throws(WorkError) {
        try Workplace(store: store, rules: rules).perform(change)
    } catch {
        throw stepFailure(error, invocation, options: options)
    }
    return (store.book[id] ?? found, context)
}

/// A step on a case that was refused, as the one line the command line says.
func stepFailure(_ error: WorkError, _ invocation: Invocation, options: [String: String] = [:]) -> Failure {
    switch error {
    case .invalid(let failure): return Failure(describe(failure, invocation.context, options: options))
    case .store(let refusal): return Failure(storeMessage(refusal))
    case .unknownCase(let id): return Failure(tr(.cliNoCase, id, invocation.storeName))
    case .alreadyKnown: return Failure(tr(.cliRegistersNobody))  // only registering asks who is known
    }
}

/// `schakel triage ID …`: records the criteria checklist, ZRM scores, indicators and triggers,
/// and prints the instrument's recommendation with its reasons.
struct Triage: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Record triage for a case and show the recommendation.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The case number.") var id: String
    @Option(name: .long, help: "A criterion answer: N=ja|nee|onbekend, optionally :note (repeat).") var criterion:
        [String] = []
    @Option(name: .long, help: "A ZRM score: DOMAIN=1..5 (repeat).") var zrm: [String] = []
    @Option(name: .customLong("zrm-date"), help: "When the ZRM was scored (default: today).") var zrmDate: String?
    @Option(name: .long, help: "An extra indicator code (repeat).") var indicator: [String] = []
    @Option(name: .long, help: "An AVE trigger code: stagnation, complexity, safety (repeat).") var trigger: [String] =
        []

    func run() throws {
        try reporting {
            var printed: [String] = []
            let (c, context) = try changeCase(global, id: id) { id in
                var draft = TriageDraft()
                draft.criteria = criterion
                draft.zrm = zrm
                draft.zrmDate = zrmDate ?? ""
                draft.indicators = indicator
                draft.triggers = trigger
                return .triageDraft(id, draft)
            }
            // The recommendation for the triage as recorded.
            if let triage = c.triage, let instrument = context.instrument {
                let recommendation = instrument.recommend(
                    triage.assessment(riskSignals: c.riskSignals), today: context.today)
                printed =
                    ["\(c.id): \(context.text.label(recommendation.outcome)), AVE \(recommendation.phase.rawValue)"]
                    + recommendation.reasons.map { "  · " + context.text.describe($0) }
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
    @Option(
        help: "A responsibility holder: casusregie|procesregie|operationeel|bestuurlijk=ORGANISATION[/PERSON] (repeat)."
    )
    var holder: [String] = []
    @Option(help: "A task: PARTNER|TASK|DUE (a date, or working days from today) (repeat).") var task: [String] = []
    @Option(help: "Next review date (default for procesregie: the instrument's cadence).") var review: String?

    func run() throws {
        try reporting {
            var printed = ""
            let (c, context) = try changeCase(global, id: id) { id in
                var draft = DecisionDraft()
                draft.outcome = outcome
                draft.phase = phase ?? ""
                draft.rationale = rationale
                draft.deviationReason = deviation ?? ""
                draft.referredTo = referredTo ?? ""
                // The command line's text, read into the draft's entries at this edge.
                draft.holders = holder.map(HolderEntry.init(text:))
                draft.tasks = task.map(TaskEntry.init(text:))
                draft.nextReview = review ?? ""
                return .decide(id, draft)
            }
            if let decision = c.decision {
                printed = "\(c.id): \(context.text.label(decision.outcome)), AVE \(decision.phase.rawValue)"
            }
            say(printed)
        }
    }
}
