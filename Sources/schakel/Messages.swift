import CaseStore
import Desk
import Foundation

/// The language of this run's messages, read from the arguments before ArgumentParser parses
/// them, so that a mistake in the arguments is told in the run's language too: `--lang en` or
/// `--lang=en`, Dutch otherwise (an unknown `--lang` is refused, in Dutch, by `Invocation`).
enum Messages {
    static let language: Language = language(in: CommandLine.arguments)

    static func language(in arguments: [String]) -> Language {
        for (index, argument) in arguments.enumerated() {
            if argument == "--" { break }
            if argument.hasPrefix("--lang=") {
                return Language(rawValue: String(argument.dropFirst(7)).lowercased()) ?? .nl
            }
            if argument == "--lang", index + 1 < arguments.count {
                return Language(rawValue: arguments[index + 1].lowercased()) ?? .nl
            }
        }
        return .nl
    }

    static let text: Localizer? = try? Localizer(language: language)

    /// ArgumentParser's own words around a mistake in the arguments, in Dutch when the run is
    /// Dutch. The options' help texts stay as written (English).
    static func translatedParserMessage(_ message: String) -> String {
        guard language == .nl else { return message }
        let phrases = [
            ("Error: ", "Fout: "), ("Missing expected argument ", "Verplicht argument ontbreekt: "),
            ("Unknown option ", "Onbekende optie "), ("Unexpected argument ", "Onverwacht argument "),
            ("Missing value for ", "Waarde ontbreekt voor "), ("The value ", "De waarde "),
            (" is invalid for ", " is ongeldig voor "),
            ("Usage: ", "Gebruik: "), ("Help: ", "Hulp: "), ("  See '", "  Zie '"),
            ("' for more information.", "' voor meer informatie."),
        ]
        return message.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            var line = String(line)
            for (english, dutch) in phrases { line = line.replacingOccurrences(of: english, with: dutch) }
            return line
        }.joined(separator: "\n")
    }
}

/// A message of the command line in this run's language.
func tr(_ key: TextKey, _ arguments: CustomStringConvertible...) -> String {
    Messages.text?.text(key, arguments) ?? key.rawValue
}

/// "md or csv" / "md of csv".
func alternatives(_ choices: [String]) -> String {
    guard choices.count > 1 else { return choices.first ?? "" }
    return choices.dropLast().joined(separator: ", ") + " " + tr(.cliOr) + " " + choices[choices.count - 1]
}

/// A store error in this run's language.
func storeMessage(_ error: StoreError) -> String { Messages.text?.message(error) ?? error.message }

/// A configuration file's problem in this run's language.
func configurationMessage(_ error: ConfigurationError) -> String { Messages.text?.message(error) ?? error.description }
