import ArgumentParser
import CaseModel
import CaseStore
import Desk
import Foundation

/// `schakel consult add|list`: the informal consultation log on the command line.
struct ConsultCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "consult", abstract: "Log and list informal, anonymous consultations with wijkteam members.",
        subcommands: [Add.self, List.self])

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Log a consultation; prints its number once it is on disk.",
            discussion: """
                A consultation is anonymous. When the text holds what looks identifying (a number passing the
                BSN 11-test, a date of birth, postcode with house number, phone, email, or the name of a person
                in the store), schakel names it and asks before saving; without a terminal it refuses unless
                --accept-identifying is given.
                """)

        @OptionGroup var global: GlobalOptions
        @Option(help: "The wijkteam (its gemeente is found from it when the name is unique).") var wijkteam: String
        @Option(help: "The gemeente, when the wijkteam's name is not unique in the region.") var gemeente: String?
        @Option(help: "The wijkteam member who asked.") var member: String?
        @Option(help: "The question.") var question: String
        @Option(help: "The situation, without names or other identifying data.") var sketch: String?
        @Option(help: "The advice given.") var advice: String?
        @Option(help: "Minutes the consultation took.") var duration: String?
        @Option(name: .customLong("follow-up"), help: "geen, opnieuw or aanmelding.") var followUp: String?
        @Option(help: "A pseudonymous thread label the member gives the situation, e.g. 'gezin Noord-3'.") var thread:
            String?
        @Flag(help: "The member is worried about someone's safety.") var safety = false
        @Option(help: "When it took place: hh:mm today or dd-mm-yyyy hh:mm (default: now).") var when: String?
        @Flag(name: .customLong("accept-identifying"), help: "Save even when the text looks identifying.")
        var acceptIdentifying = false

        func run() throws {
            try reporting {
                let invocation = try Invocation(global)
                let context = invocation.context
                var draft = ConsultationDraft()
                draft.wijkteam = wijkteam
                draft.gemeente = gemeente ?? ""
                draft.member = member ?? ""
                draft.question = question
                draft.sketch = sketch ?? ""
                draft.advice = advice ?? ""
                draft.duration = duration ?? ""
                draft.followUp = followUp ?? ""
                draft.thread = thread ?? ""
                draft.safetySignal = safety ? "j" : "n"
                draft.when = when ?? ""
                // Check the fields before the store is touched, so bad input never locks anything.
                _ = try valid(
                    draft.validate(
                        id: ConsultationID(1), region: context.region, now: context.clock.now,
                        timeZone: context.timeZone, advisor: context.advisor), context,
                    options: ["safety": "safety", "when": "when"])
                let store = try invocation.openStore(readOnly: false)
                defer { store.close() }
                let findings = draft.findings(PrivacyGuard(cases: store.book.cases.values))
                if !findings.isEmpty && !acceptIdentifying {
                    let warning = context.text.describe(findings)
                    guard confirm(tr(.cliIdentifyingAsk, warning)) else {
                        throw Failure(tr(.cliIdentifyingRefused, warning))
                    }
                }
                let consultation = try valid(
                    draft.validate(
                        id: store.consultations.nextID, region: context.region, now: context.clock.now,
                        timeZone: context.timeZone, advisor: context.advisor, accepted: findings), context)
                let written: Commit
                do throws(StoreError) {
                    written = try store.commit(
                        [], consultationEvents: [.logged(consultation)], at: context.clock.now, actor: context.advisor)
                } catch {
                    throw Failure(storeMessage(error))
                }
                // A colleague may have logged one meanwhile: the number is the one written.
                guard case .logged(let logged)? = written.consultationEvents.first else {
                    throw Failure(tr(.cliConsultNotWritten))
                }
                say(logged.id.description)
                if let stored = store.consultations[logged.id],
                    let suggestion = store.consultations.suggestion(
                        for: stored, now: context.clock.now, rule: context.settings.threadRule)
                {
                    FileHandle.standardError.write(
                        Data(
                            ("schakel: " + context.text.describe(suggestion, rule: context.settings.threadRule)
                                + " (schakel case add --from-consult \(logged.id))\n").utf8))
                }
            }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List consultations, newest first, with suggestions to register.")

        @OptionGroup var global: GlobalOptions
        @Option(help: "Only this wijkteam's (part of its name).") var wijkteam: String?
        @Flag(help: "Print per wijkteam how many consultations led to a registration.") var figures = false
        @Flag(help: "Print JSON.") var json = false

        func run() throws {
            try reporting {
                let invocation = try Invocation(global)
                let store = try invocation.openStore(readOnly: true)
                defer { store.close() }
                let log = store.consultations
                var list = log.newestFirst
                if let wijkteam {
                    list = list.filter {
                        Vocabulary.contains(Vocabulary.searchable($0.wijkteam), Vocabulary.searchable(wijkteam))
                    }
                }
                if json {
                    printJSON(try PartnerReport.json(list, log: log))
                } else if figures {
                    for f in log.figuresPerWijkteam() { say("\(f.wijkteam): \(f.consultations) → \(f.registered)") }
                } else {
                    PartnerReport.consultations(list, log: log, context: invocation.context).forEach(say)
                }
            }
        }
    }
}
