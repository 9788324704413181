import CaseModel
import Foundation
import Screen
import Testing

@testable import Desk

@Suite("UI strings and keymap are whole and consistent")
struct IntegrityTests {
    @Test(
        "Every text key has a Dutch and an English text, and the resource has no stray keys",
        arguments: Language.allCases)
    func strings(language: Language) throws {
        let table = try #require(Localizer.table(for: language))
        let keys = Set(TextKey.allCases.map(\.rawValue))
        #expect(keys.subtracting(table.keys).isEmpty, "missing: \(keys.subtracting(table.keys).sorted())")
        #expect(Set(table.keys).subtracting(keys).isEmpty, "stray: \(Set(table.keys).subtracting(keys).sorted())")
        #expect(table.values.allSatisfy { !$0.isEmpty })
    }

    @Test("No key is bound twice in one scope, and every binding has a title in both languages")
    func keymap() throws {
        #expect(DeskKeymap.shared.conflicts().isEmpty)
        for binding in DeskKeymap.shared.bindings {
            #expect(TextKey(rawValue: binding.title) != nil, "no text for \(binding.title)")
        }
        for scope in KeyScope.allCases {
            #expect(!DeskKeymap.shared.bindings(in: scope).isEmpty, "scope \(scope) has no keys")
        }
    }

    @Test(
        "The keys every pane shares mean the same in every scope: F1 is help (and closes it), F2 saves every form, Esc never quits, Ctrl-R is never typed"
    )
    func sharedKeysEverywhere() {
        let keymap = DeskKeymap.shared
        let forms: Set<KeyScope> = [.form, .escalation, .action, .entry]
        for scope in KeyScope.allCases {
            let help = keymap.action(for: .function(1), in: [scope])
            #expect(help == (scope == .help ? .closeHelp : .showHelp), "F1 in \(scope)")
            #expect(keymap.action(for: .escape, in: [scope]) != .quit, "Esc in \(scope)")
            if forms.contains(scope) {
                #expect(keymap.action(for: .function(2), in: [scope]) == .saveForm, "F2 in \(scope)")
                #expect(keymap.action(for: .escape, in: [scope]) == .cancelForm, "Esc in \(scope)")
            }
            // `?` is help wherever nothing is typed.
            if ![.filter, .partners, .help].contains(scope) && !forms.contains(scope) {
                #expect(keymap.action(for: .character("?"), in: [scope]) == .showHelp, "? in \(scope)")
            }
        }
    }

    @Test("Codes shown in the desk have a label in both languages")
    func labels() throws {
        for language in Language.allCases {
            let table = try #require(Localizer.table(for: language))
            for code in CaseModelCodes.all { #expect(table[code] != nil, "\(language): no label for \(code)") }
        }
    }
}

enum CaseModelCodes {
    static var all: [String] {
        Source.allCases.map { "source." + $0.rawValue } + CaseStatus.allCases.map { "status." + $0.rawValue }
            + RiskSignal.allCases.map { "risk." + $0.rawValue }
            + Deadline.Kind.allCases.map { "deadline." + $0.rawValue }
            + Responsibility.allCases.map { "resp." + $0.rawValue }
            + (1...7).map { "weekday.\($0)" }
    }
}
