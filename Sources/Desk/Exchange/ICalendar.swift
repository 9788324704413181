import CaseModel
import Foundation
import Screen

/// iCalendar (RFC 5545) as text: content lines ended by CRLF and folded at 75 octets, TEXT values
/// escaped, days and UTC moments in the basic forms the RFC names.
public enum ICalendar {
    /// One content line: `NAME;PARAM=VALUE:value`. `value` is written as it is: TEXT values go
    /// through `text(_:)` first.
    public static func line(_ name: String, _ value: String, parameters: [String] = []) -> String {
        folded(([name] + parameters).joined(separator: ";") + ":" + value)
    }

    /// A TEXT value (RFC 5545 3.3.11): outside text made safe first (no control characters, no
    /// bidirectional overrides; a line break in it is a space), then `\`, `;`, `,` and line breaks
    /// escaped. `lines` are joined by an escaped line break, the one kind a value may hold.
    public static func text(_ lines: String...) -> String {
        lines.map { escaped(DisplayWidth.sanitized($0)) }.joined(separator: "\\n")
    }

    /// Scalar by scalar: a backslash or comma followed by a combining mark is one Character to
    /// Swift, and would slip past a match on characters.
    static func escaped(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        var afterCR = false
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\", ";", ",":
                out.append("\\")
                out.append(scalar)
            case "\n" where afterCR: break
            case "\n", "\r": out.append(contentsOf: "\\n".unicodeScalars)
            default: out.append(scalar)
            }
            afterCR = scalar == "\r"
        }
        return String(out)
    }

    /// A line of at most 75 octets, else cut into pieces of at most 75 octets (the first) and 74
    /// after the leading space of each continuation, always between two Unicode scalars, so no
    /// UTF-8 sequence is split. Every line ends with CRLF.
    static func folded(_ line: String) -> String {
        var out = ""
        var count = 0
        for scalar in line.unicodeScalars {
            let size = UTF8.width(scalar)
            if count + size > 75 {
                out += "\r\n "
                count = 1
            }
            out.unicodeScalars.append(scalar)
            count += size
        }
        return out + "\r\n"
    }

    /// `20261124` (a DATE value).
    public static func date(_ day: CalendarDate) -> String {
        String(format: "%04d%02d%02d", day.year, day.month, day.day)
    }

    /// `20261124T080000Z` (a DATE-TIME in UTC).
    public static func moment(_ at: Date) -> String {
        let seconds = Int(at.timeIntervalSince1970.rounded(.down))
        let day = CalendarDate(dayNumber: Int((Double(seconds) / 86_400).rounded(.down)))
        let inDay = ((seconds % 86_400) + 86_400) % 86_400
        return date(day) + String(format: "T%02d%02d%02dZ", inDay / 3600, inDay / 60 % 60, inDay % 60)
    }

    /// A UID's local part and domain made of what every reader takes: letters, digits, `-` and `.`.
    public static func uidPart(_ text: String) -> String {
        String(
            String.UnicodeScalarView(
                text.unicodeScalars.filter {
                    $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "-" || $0 == ".")
                }))
    }
}
