import CaseModel
import Foundation
import TestSupport
import Testing

/// The instrument file the program ships (read from the source tree, so this is the real file).
enum ShippedInstrument {
    static var text: String { SourceTree.text("Resources/Data/instrument-fryslan.txt") }

    static func parsed() throws -> Instrument { try InstrumentParser.parse(text, file: "instrument-fryslan.txt") }

    /// The shipped text with one line replaced (found by its exact text), for error tests.
    static func with(_ line: String, replacedBy replacement: String) -> (text: String, lineNumber: Int) {
        var lines = text.components(separatedBy: "\n")
        let index = lines.firstIndex(of: line) ?? 0
        lines[index] = replacement
        return (lines.joined(separator: "\n"), index + 1)
    }
}

@Suite("The triage instrument as data")
struct InstrumentTests {
    @Test("The criteria rule: parsing, precedence, and three-valued evaluation")
    func rule() throws {
        let rule = try CriteriaRule.parse("(1 and 2 and 3) or 4")
        #expect(rule == .any([.all([.criterion(1), .criterion(2), .criterion(3)]), .criterion(4)]))
        #expect(rule.description == "(1 and 2 and 3) or 4")
        #expect(try CriteriaRule.parse("1 and 2 or 3") == .any([.all([.criterion(1), .criterion(2)]), .criterion(3)]))
        let cases: [([Int: Answer], Answer)] = [
            ([1: .yes, 2: .yes, 3: .yes, 4: .no], .yes),
            ([4: .yes], .yes),
            ([1: .yes, 2: .no, 3: .yes, 4: .no], .no),
            ([1: .yes, 2: .yes, 4: .no], .unknown),
            ([1: .no], .unknown),
            ([1: .no, 4: .no], .no),
            ([:], .unknown),
        ]
        for (answers, expected) in cases { #expect(rule.evaluate(answers) == expected, "\(answers)") }
        for bad in ["", "1 and", "(1 or 2", "1 2", "a or 2", "1 and 0", "1 or )"] {
            #expect(throws: CriteriaRule.SyntaxError.self, "\(bad)") { try CriteriaRule.parse(bad) }
        }
        // Hostile rules get a clear error, not a stack overflow (one nested 37,500 deep did).
        func refusal(_ rule: String) -> String? {
            do {
                _ = try CriteriaRule.parse(rule)
                return nil
            } catch { return error.message }
        }
        let deep = String(repeating: "(", count: 37_500) + "1" + String(repeating: ")", count: 37_500)
        #expect(refusal(deep) == "the rule is longer than 4000 characters")
        let nested = String(repeating: "(", count: 33) + "1" + String(repeating: ")", count: 33)
        #expect(refusal(nested) == "parentheses nest deeper than 32")
        let fits = String(repeating: "(", count: 32) + "1" + String(repeating: ")", count: 32)
        #expect(try CriteriaRule.parse(fits) == .criterion(1))
    }

    @Test("The shipped Fryslân instrument reads whole")
    func shipped() throws {
        let instrument = try ShippedInstrument.parsed()
        #expect(instrument.phases.map(\.phase) == AVEPhase.allCases)
        #expect(instrument.phase(.three)?.holders[.procesregie] == "Zorg- en Veiligheidshuis")
        #expect(instrument.phase(.four)?.holders[.bestuurlijk] == "burgemeester")
        #expect(instrument.criteria.map(\.number) == [1, 2, 3, 4])
        #expect(instrument.rule.description == "(1 and 2 and 3) or 4")
        #expect(instrument.triggers.map(\.code) == ["stagnation", "complexity", "safety"])
        #expect(instrument.indicators.map(\.code) == ["crosses-borders", "expertise", "stagnation"])
        #expect(instrument.zrmDomains.count == 13)
        #expect(instrument.zrmDomains.first == "Financiën")
        #expect(
            instrument.zrmScale == [
                "acute problematiek", "niet zelfredzaam", "beperkt zelfredzaam",
                "voldoende zelfredzaam", "volledig zelfredzaam",
            ])
        #expect(instrument.outcomes.map(\.kind) == TriageOutcome.allCases)
        #expect(
            instrument.cadence
                == Instrument.Cadence(
                    triageWeekday: 2, cutoffWeekday: 1, cutoffMinutes: 720,
                    contactReferrerWorkingDays: 5, reviewWeeks: 6, checkMonths: 3,
                    zsmAnswerHours: 4, zsmHardLimitHours: 9))
    }

    @Test(
        "A bad file is refused with the file, the line and what is wrong",
        arguments: [
            (
                "triage-day = dinsdag", "triage-day = blauwdag",
                "\"triage-day\" must be a weekday such as dinsdag, not \"blauwdag\""
            ),
            (
                "rule = (1 and 2 and 3) or 4", "rule = (1 and 2 and 3) or 5",
                "the rule names criterion 5, which [criteria] does not define"
            ),
            ("rule = (1 and 2 and 3) or 4", "rule = (1 and 2", "rule: \")\" is missing"),
            (
                "review-weeks = 6", "review-weeks = zes",
                "\"review-weeks\" must be a whole number from 1 to 52, not \"zes\""
            ),
            (
                "zsm-hard-limit-hours = 9", "zsm-hard-limit-hours = 2",
                "the ZSM hard limit (2 h) comes before the answer deadline (4 h)"
            ),
            (
                "colour = groen", "kleur = groen",
                "unknown key \"kleur\" in [phase 1]; known: bestuurlijk, casusregie, colour, name, operationeel, procesregie, situation"
            ),
            ("valid-days = 30", "this line has no equals sign", "expected \"key = value\", a [section] or a # comment"),
            ("[cadence]", "[cadence", "a section header looks like [name]"),
            ("phase = 3", "phase = 7", "\"phase\" must be a whole number from 1 to 4, not \"7\""),
        ])
    func badLine(original: String, replacement: String, message: String) {
        let (text, line) = ShippedInstrument.with(original, replacedBy: replacement)
        #expect(line > 1)
        #expect(throws: InstrumentError(file: "regio.txt", line: line, message: message)) {
            try InstrumentParser.parse(text, file: "regio.txt")
        }
    }

    @Test("Missing and doubled parts are named")
    func missingParts() {
        let withoutPhase4 = ShippedInstrument.text.replacingOccurrences(of: "[phase 4]", with: "[phase 5]")
        #expect(throws: InstrumentError.self) { try InstrumentParser.parse(withoutPhase4, file: "x") }
        do {
            _ = try InstrumentParser.parse(withoutPhase4, file: "x")
        } catch {
            #expect(error.description == "x: section [phase 4] is missing")
        }
        let doubled = ShippedInstrument.text + "\n[criteria]\n1 = nog eens\n"
        do {
            _ = try InstrumentParser.parse(doubled, file: "x")
            Issue.record("a doubled section must be refused")
        } catch {
            #expect(error.message.hasPrefix("section [criteria] appears twice (first on line "))
        }
    }
}
