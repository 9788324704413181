import Foundation

extension InstrumentParser {
    /// Builds the instrument from parsed sections, checking every value and that nothing is missing.
    struct Reader {
        let file: String
        let sections: [Section]
        private var used: Set<String> = []

        init(file: String, sections: [Section]) {
            self.file = file
            self.sections = sections
        }

        func fail(_ line: Int, _ message: String) -> InstrumentError {
            InstrumentError(file: file, line: line, message: message)
        }

        mutating func section(_ name: String) throws(InstrumentError) -> Section {
            guard let found = sections.first(where: { $0.name == name }) else {
                throw fail(0, "section [\(name)] is missing")
            }
            used.insert(name)
            return found
        }

        /// The single value of `key`; refuses a key given twice.
        func value(_ key: String, in section: Section) throws(InstrumentError) -> Entry {
            let matches = section.entries.filter { $0.key == key }
            guard let first = matches.first else { throw fail(section.line, "[\(section.name)] needs \"\(key) = …\"") }
            if matches.count > 1 { throw fail(matches[1].line, "\"\(key)\" is given twice in [\(section.name)]") }
            return first
        }

        func number(_ key: String, in section: Section, _ range: ClosedRange<Int>) throws(InstrumentError) -> Int {
            let entry = try value(key, in: section)
            guard let n = Int(entry.value), range.contains(n) else {
                throw fail(
                    entry.line,
                    "\"\(key)\" must be a whole number from \(range.lowerBound) to \(range.upperBound), not \"\(entry.value)\""
                )
            }
            return n
        }

        func only(_ keys: Set<String>, in section: Section, repeating: Set<String> = []) throws(InstrumentError) {
            for entry in section.entries where !keys.contains(entry.key) && !repeating.contains(entry.key) {
                throw fail(
                    entry.line,
                    "unknown key \"\(entry.key)\" in [\(section.name)]; known: \((keys.union(repeating)).sorted().joined(separator: ", "))"
                )
            }
        }

        mutating func instrument() throws(InstrumentError) -> Instrument {
            let top = try section("")
            try only(["name"], in: top)
            let name = try value("name", in: top).value

            var phases: [Instrument.Phase] = []
            for phase in AVEPhase.allCases {
                let s = try section("phase \(phase.rawValue)")
                let keys = Set(["name", "colour", "situation"] + Responsibility.allCases.map(\.rawValue))
                try only(keys, in: s)
                var holders: [Responsibility: String] = [:]
                for r in Responsibility.allCases { holders[r] = try value(r.rawValue, in: s).value }
                phases.append(
                    Instrument.Phase(
                        phase: phase, name: try value("name", in: s).value,
                        colour: try value("colour", in: s).value,
                        situation: try value("situation", in: s).value, holders: holders))
            }

            let c = try section("criteria")
            var criteria: [Instrument.Criterion] = []
            for entry in c.entries where entry.key != "rule" {
                guard let n = Int(entry.key), (1...20).contains(n) else {
                    throw fail(
                        entry.line,
                        "in [criteria] each line is \"<number> = <text>\" or \"rule = …\", not \"\(entry.key)\"")
                }
                guard !criteria.contains(where: { $0.number == n }) else {
                    throw fail(entry.line, "criterion \(n) is given twice")
                }
                criteria.append(Instrument.Criterion(number: n, text: entry.value))
            }
            let ruleEntry = try value("rule", in: c)
            let rule: CriteriaRule
            do { rule = try CriteriaRule.parse(ruleEntry.value) } catch {
                throw fail(ruleEntry.line, "rule: \(error.message)")
            }
            for n in rule.criteria.sorted() where !criteria.contains(where: { $0.number == n }) {
                throw fail(ruleEntry.line, "the rule names criterion \(n), which [criteria] does not define")
            }

            let indicators = try signals("indicators")
            let triggers = try signals("triggers")
            for code in ["stagnation", "complexity", "safety"] where !triggers.contains(where: { $0.code == code }) {
                throw fail(try section("triggers").line, "[triggers] needs the AVE trigger \"\(code)\"")
            }

            let z = try section("zrm")
            try only(["valid-days"], in: z, repeating: ["domain", "scale"])
            let domains = z.entries.filter { $0.key == "domain" }.map(\.value)
            let scale = z.entries.filter { $0.key == "scale" }.map(\.value)
            guard !domains.isEmpty else { throw fail(z.line, "[zrm] names no \"domain = …\"") }
            guard scale.count == 5 else {
                throw fail(z.line, "[zrm] needs five \"scale = …\" lines (1 to 5), not \(scale.count)")
            }
            let validDays = try number("valid-days", in: z, 1...3650)

            var outcomes: [Instrument.Outcome] = []
            for kind in TriageOutcome.allCases {
                let s = try section("outcome \(kind.rawValue)")
                try only(["name", "description", "phase"], in: s)
                let phase = try number("phase", in: s, 1...4)
                outcomes.append(
                    Instrument.Outcome(
                        kind: kind, name: try value("name", in: s).value,
                        description: try value("description", in: s).value,
                        phase: AVEPhase(rawValue: phase) ?? .one))
            }

            let cadence = try readCadence()
            for s in sections where !used.contains(s.name) {
                throw fail(s.line, "unknown section [\(s.name)]")
            }
            return Instrument(
                name: name, phases: phases, criteria: criteria.sorted { $0.number < $1.number }, rule: rule,
                indicators: indicators, triggers: triggers, zrmDomains: domains, zrmScale: scale,
                zrmValidDays: validDays, outcomes: outcomes, cadence: cadence)
        }

        mutating func signals(_ name: String) throws(InstrumentError) -> [Instrument.Signal] {
            let s = try section(name)
            var result: [Instrument.Signal] = []
            for entry in s.entries {
                guard !result.contains(where: { $0.code == entry.key }) else {
                    throw fail(entry.line, "\"\(entry.key)\" is given twice in [\(name)]")
                }
                result.append(Instrument.Signal(code: entry.key, text: entry.value))
            }
            return result
        }

        mutating func readCadence() throws(InstrumentError) -> Instrument.Cadence {
            let s = try section("cadence")
            try only(
                [
                    "triage-day", "cutoff", "contact-referrer-working-days", "review-weeks", "check-months",
                    "zsm-answer-hours", "zsm-hard-limit-hours",
                ], in: s)
            let day = try value("triage-day", in: s)
            guard let triageDay = InstrumentParser.weekdays[day.value.lowercased()] else {
                throw fail(day.line, "\"triage-day\" must be a weekday such as dinsdag, not \"\(day.value)\"")
            }
            let cutoff = try value("cutoff", in: s)
            let parts = cutoff.value.split(separator: " ")
            let time = parts.count == 2 ? parts[1].split(separator: ":").compactMap { Int($0) } : []
            guard parts.count == 2, let cutoffDay = InstrumentParser.weekdays[parts[0].lowercased()], time.count == 2,
                (0...23).contains(time[0]), (0...59).contains(time[1])
            else {
                throw fail(
                    cutoff.line,
                    "\"cutoff\" must be a weekday and a time such as \"maandag 12:00\", not \"\(cutoff.value)\"")
            }
            let answer = try number("zsm-answer-hours", in: s, 1...72)
            let hard = try number("zsm-hard-limit-hours", in: s, 1...72)
            guard hard >= answer else {
                throw fail(
                    try value("zsm-hard-limit-hours", in: s).line,
                    "the ZSM hard limit (\(hard) h) comes before the answer deadline (\(answer) h)")
            }
            return Instrument.Cadence(
                triageWeekday: triageDay, cutoffWeekday: cutoffDay, cutoffMinutes: time[0] * 60 + time[1],
                contactReferrerWorkingDays: try number("contact-referrer-working-days", in: s, 1...60),
                reviewWeeks: try number("review-weeks", in: s, 1...52),
                checkMonths: try number("check-months", in: s, 1...24),
                zsmAnswerHours: answer, zsmHardLimitHours: hard)
        }
    }
}
