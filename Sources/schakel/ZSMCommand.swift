import ArgumentParser
import CaseModel
import Desk
import Foundation
import Workplace

/// `schakel zsm add|answer|decision`: the justice chain's fast-track requests.
struct ZSMCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "zsm",
        abstract: "ZSM requests: register, answer (within hours), and record the decision that comes back.",
        subcommands: [Add.self, Answer.self, Decision.self])

    /// A ZSM request is a registration with source OM/ZSM: it gets an answer deadline in hours.
    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Register a ZSM request (is this person known, and what is the advice?).")

        @OptionGroup var global: GlobalOptions
        @Option(help: "Name of the suspect (or in --personal).") var name: String?
        @Option(help: "BSN (must pass the 11-test).") var bsn: String?
        @Option(help: "Date of birth, YYYY-MM-DD.") var birthdate: String?
        @Option(help: PersonalData.help("name, bsn, birthdate")) var personal: String?
        @Option(help: "Gemeente of the region.") var gemeente: String
        @Option(help: "Reason (aanleiding).") var reason: String
        @Option(help: "The ZSM location or contact.") var contact: String?
        @Flag(name: .customLong("known-ok"), help: "Register even though the person is on a case already.")
        var knownOK = false

        func run() throws {
            try reporting {
                let invocation = try Invocation(global)
                let given = try PersonalData.merge(
                    personal, ["name": name, "bsn": bsn, "birthdate": birthdate], allowed: ["name", "bsn", "birthdate"])
                guard let name = given["name"], !name.isEmpty else { throw Failure(tr(.cliNameNeeded)) }
                var draft = RegistrationDraft()
                draft.name = name
                draft.bsn = given["bsn"] ?? ""
                draft.birthDate = given["birthdate"] ?? ""
                draft.gemeente = gemeente
                draft.reason = reason
                draft.source = Source.omZSM.rawValue
                draft.referrerOrganisation = "ZSM"
                draft.referrerContact = contact ?? ""
                // The same registration as `case add` and the desk's form: the source gives the deadlines in hours.
                say(try CaseCommand.Add.register(draft, from: nil, knownAccepted: knownOK, invocation).id.description)
            }
        }
    }

    struct Answer: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Answer a ZSM request: known or not, context, afdoeningsadvies.")

        @OptionGroup var global: GlobalOptions
        @Argument(help: "The case number.") var id: String
        @Option(help: "Is the person known at the ZVH: ja or nee.") var known: String
        @Option(help: "Context for the justice chain.") var context: String?
        @Option(help: "The advice on settling the case (afdoeningsadvies).") var advice: String

        func run() throws {
            try reporting {
                let (c, _) = try changeCase(global, id: id) { id in
                    var draft = ZSMAnswerDraft()
                    draft.known = known
                    draft.context = context ?? ""
                    draft.advice = advice
                    return .zsmAnswer(id, draft)
                }
                say("\(c.id): \(c.status.rawValue)")
            }
        }
    }

    struct Decision: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Record the ZSM decision as it came back from the justice chain.")

        @OptionGroup var global: GlobalOptions
        @Argument(help: "The case number.") var id: String
        @Option(help: "The decision (e.g. voorwaardelijk sepot met reclasseringstoezicht).") var decision: String

        func run() throws {
            try reporting {
                let (c, _) = try changeCase(global, id: id) { id in
                    var draft = ZSMDecisionDraft()
                    draft.decision = decision
                    return .zsmDecision(id, draft)
                }
                say("\(c.id): \(c.status.rawValue)")
            }
        }
    }
}
