import Foundation

/// The partner directory as vCards (RFC 2426, version 3.0, or RFC 6350, version 4.0) and back.
///
/// Address books read the standard properties (FN, N, ORG, TITLE, TEL, EMAIL, NOTE); what only
/// Schakel knows (partner type, gemeenten, covenant, availability) travels in `X-SCHAKEL-…`
/// properties, which address books keep but do not show, so a file we write reads back unchanged.
public enum PartnerVCard {
    public enum Version: String, Sendable, CaseIterable {
        case v3 = "3.0"
        case v4 = "4.0"
    }

    public static func document(_ directory: PartnerDirectory, version: Version = .v3) -> String {
        PartnerCSV.drafts(directory).map { card($0, version: version) }.joined()
    }

    static func card(_ d: PartnerDraft, version: Version) -> String {
        var lines = ["BEGIN:VCARD", "VERSION:" + version.rawValue]
        let organisationOnly = !d.hasContact
        if organisationOnly {
            if version == .v4 { lines.append("KIND:org") }
            lines.append("X-SCHAKEL-KIND:org")
            lines.append("FN:" + escape(d.organisation))
            lines.append("N:;;;;")
        } else {
            lines.append("FN:" + escape(d.name))
            let words = d.name.split(separator: " ", maxSplits: 1).map(String.init)
            lines.append("N:" + escape(words.count > 1 ? words[1] : "") + ";" + escape(words.first ?? "") + ";;;")
        }
        lines.append("ORG:" + escape(d.organisation))
        if !d.role.isEmpty { lines.append("TITLE:" + escape(d.role)) }
        // Every number and address with its kind; the preferred (first) one marked so when there
        // are several. TYPE=work,voice unquoted: the form address books read (RFC 6350 allows both).
        let phones = (try? ContactReach.phones(d.phone).get()) ?? []
        for (index, phone) in phones.enumerated() {
            let type = Self.types[phone.kind] ?? "voice"
            let pref = index == 0 && phones.count > 1
            lines.append(
                version == .v3
                    ? "TEL;TYPE=\(type.uppercased())\(pref ? ",PREF" : ""):" + phone.number.e164
                    : "TEL;VALUE=uri;TYPE=\(type)\(pref ? ";PREF=1" : ""):tel:" + phone.number.e164)
        }
        let emails = (try? ContactReach.emails(d.email).get()) ?? []
        for (index, email) in emails.enumerated() {
            let type = email.kind == .thuis ? "home" : email.kind == .werk ? "work" : nil
            let pref = index == 0 && emails.count > 1
            let params =
                version == .v3
                ? "EMAIL;TYPE=INTERNET" + (type.map { "," + $0.uppercased() } ?? "") + (pref ? ",PREF" : "")
                : "EMAIL" + (type.map { ";TYPE=" + $0 } ?? "") + (pref ? ";PREF=1" : "")
            lines.append(params + ":" + escape(email.address.value))
        }
        if !d.notes.isEmpty { lines.append("NOTE:" + escape(d.notes)) }
        lines.append("X-SCHAKEL-TYPE:" + escape(d.type))
        if !d.gemeenten.isEmpty { lines.append("X-SCHAKEL-GEMEENTEN:" + escape(d.gemeenten)) }
        lines.append("X-SCHAKEL-COVENANT:" + escape(d.covenant))
        if !d.covenantDate.isEmpty { lines.append("X-SCHAKEL-COVENANT-DATE:" + escape(d.covenantDate)) }
        if !d.availability.isEmpty { lines.append("X-SCHAKEL-AVAILABILITY:" + escape(d.availability)) }
        lines.append("END:VCARD")
        return lines.map(fold).joined()
    }

    /// The vCard TYPE of each kind of number.
    static let types: [ReachKind: String] = [
        .werk: "work,voice", .mobiel: "cell,voice", .thuis: "home,voice", .fax: "work,fax",
        .overig: "other,voice",
    ]

    /// A property's parameters as words: `VALUE=uri;TYPE="work,voice";PREF=1` gives VALUE, URI,
    /// TYPE, WORK, VOICE, PREF, 1; vCard 2.1's bare `WORK;PREF` gives WORK, PREF.
    static func parameterWords(_ params: String) -> Set<String> {
        Set(
            params.uppercased().split(whereSeparator: { ";,=\"".contains($0) }).map {
                $0.trimmingCharacters(in: .whitespaces)
            })
    }

    /// The kind a TEL or EMAIL's parameters give, if any.
    static func kind(_ words: Set<String>) -> ReachKind? {
        if words.contains("FAX") { return .fax }
        if words.contains("CELL") || words.contains("MOBILE") { return .mobiel }
        if words.contains("OTHER") { return .overig }
        if words.contains("HOME") { return .thuis }
        if words.contains("WORK") { return .werk }
        return nil
    }

    /// Whether the parameters mark the preferred one (3.0 `TYPE=PREF`, 4.0 `PREF=1`, 2.1 `PREF`).
    static func preferred(_ params: String) -> Bool {
        let upper = params.uppercased()
        return upper.range(of: #"PREF=([2-9]|\d\d)"#, options: .regularExpression) == nil
            && parameterWords(params).contains("PREF")
    }

    /// Backslash, comma, semicolon and line breaks escaped (RFC 6350 §3.4).
    static func escape(_ text: String) -> String {
        var out = ""
        for ch in text.replacingOccurrences(of: "\r\n", with: "\n") {
            switch ch {
            case "\\": out += "\\\\"
            case ",": out += "\\,"
            case ";": out += "\\;"
            case "\n", "\r": out += "\\n"
            default:
                // Other control characters have no place in a card.
                if ch.unicodeScalars.allSatisfy({ $0.properties.generalCategory != .control }) { out.append(ch) }
            }
        }
        return out
    }

    /// A content line folded at 75 octets, never inside a UTF-8 sequence, ended with CRLF.
    static func fold(_ line: String) -> String {
        var out = ""
        var width = 0
        for ch in line {
            let size = String(ch).utf8.count
            if width + size > 75 {
                out += "\r\n "
                width = 1
            }
            out.append(ch)
            width += size
        }
        return out + "\r\n"
    }

    /// Splits a value at unescaped `separator`s and unescapes each part.
    static func components(_ value: String, separator: Character) -> [String] {
        var parts: [String] = []
        var current = ""
        var escaped = false
        for ch in value {
            if escaped {
                current.append(ch == "n" || ch == "N" ? "\n" : ch)
                escaped = false
            } else if ch == "\\" {
                escaped = true
            } else if ch == separator {
                parts.append(current)
                current = ""
            } else {
                current.append(ch)
            }
        }
        parts.append(current)
        return parts
    }

    static func unescape(_ value: String) -> String { components(value, separator: "\u{0}").joined() }

    /// Reads every card of a file. Cards are numbered by the line their BEGIN stands on. New
    /// organisations from an ordinary address book have no partner type: `defaultType` fills it in.
    public static func read(
        _ text: String, into directory: PartnerDirectory, region: Region, today: CalendarDate,
        defaultType: PartnerType? = nil
    ) -> PartnerImport {
        var lines: [(number: Int, text: String)] = []
        var softBreak = false
        for (index, raw) in text.replacingOccurrences(of: "\r\n", with: "\n").split(
            separator: "\n", omittingEmptySubsequences: false
        ).enumerated() {
            if softBreak, !lines.isEmpty {
                // vCard 2.1: a quoted-printable value ending in "=" goes on on the next line.
                lines[lines.count - 1].text = String(lines[lines.count - 1].text.dropLast()) + raw
            } else if raw.hasPrefix(" ") || raw.hasPrefix("\t"), !lines.isEmpty {
                lines[lines.count - 1].text += raw.dropFirst()
            } else {
                lines.append((index + 1, String(raw)))
            }
            let current = lines.last?.text ?? ""
            softBreak = current.hasSuffix("=") && current.prefix { $0 != ":" }.uppercased().contains("QUOTED-PRINTABLE")
        }
        var drafts: [(Int, PartnerDraft)] = []
        var current: (line: Int, properties: [(name: String, params: String, value: String)])?
        var result = PartnerImport()
        for (number, line) in lines {
            guard let colon = line.firstIndex(of: ":") else { continue }
            let head = line[..<colon].uppercased()
            let written = String(line[line.index(after: colon)...])
            var nameAndParams = head.split(separator: ";", maxSplits: 1).map(String.init)
            if nameAndParams.isEmpty { continue }
            // "item1.TEL": the group does not matter here.
            if let dot = nameAndParams[0].lastIndex(of: ".") {
                nameAndParams[0] = String(nameAndParams[0][nameAndParams[0].index(after: dot)...])
            }
            let name = nameAndParams[0]
            let params = nameAndParams.count > 1 ? nameAndParams[1] : ""
            // vCard 2.1 (Outlook, Android): quoted-printable in the charset the card names.
            let value =
                params.contains("QUOTED-PRINTABLE")
                ? Self.quotedPrintable(written, charset: Self.charset(params)) : written
            if name == "BEGIN" && value.uppercased() == "VCARD" {
                current = (number, [])
            } else if name == "END" && value.uppercased() == "VCARD", let card = current {
                if let (draft, skipped) = draft(card.properties) {
                    drafts.append((card.line, draft))
                    if !skipped.isEmpty {
                        result.skipped.append(PartnerImport.Rejected(line: card.line, errors: skipped))
                    }
                } else {
                    result.rejected.append(
                        PartnerImport.Rejected(
                            line: card.line, errors: [ValidationError(.vcardNoOrganisation, field: "ORG")]))
                }
                current = nil
            } else if current != nil {
                current!.properties.append((name, params, value))
            }
        }
        result.add(drafts, to: directory, region: region, today: today, defaultType: defaultType)
        result.rejected.sort { $0.line < $1.line }
        return result
    }

    static func draft(_ properties: [(name: String, params: String, value: String)]) -> (
        PartnerDraft, skipped: [ValidationError]
    )? {
        var skipped: [ValidationError] = []
        func first(_ name: String) -> (params: String, value: String)? {
            properties.first { $0.name == name }.map { ($0.params, $0.value) }
        }
        func text(_ name: String) -> String { first(name).map { unescape($0.value) } ?? "" }
        guard let org = first("ORG").map({ components($0.value, separator: ";")[0] }),
            !org.trimmingCharacters(in: .whitespaces).isEmpty
        else {
            return nil
        }
        var d = PartnerDraft()
        d.organisation = org
        var fullName = text("FN")
        if fullName.isEmpty, let n = first("N") {
            let parts = components(n.value, separator: ";")
            fullName = [parts.count > 1 ? parts[1] : "", parts[0]].filter { !$0.isEmpty }.joined(separator: " ")
        }
        let organisationOnly =
            Vocabulary.key(text("X-SCHAKEL-KIND")) == "org" || Vocabulary.key(text("KIND")) == "org"
            || Vocabulary.key(fullName) == Vocabulary.key(org) || fullName.isEmpty
        if !organisationOnly {
            d.name = fullName
            d.role = text("TITLE")
            // Every number and address with its kind, the one marked preferred first (a Google card
            // lists the switchboard before the direct line; both are kept).
            func listed(_ name: String, _ value: (String) -> String) -> String {
                let all = properties.filter { $0.name == name }
                let ordered = all.filter { preferred($0.params) } + all.filter { !preferred($0.params) }
                return ordered.compactMap { property in
                    let written = value(property.value)
                    guard !written.isEmpty else { return nil }
                    return written + (kind(parameterWords(property.params)).map { " (\($0.rawValue))" } ?? "")
                }.joined(separator: ", ")
            }
            d.phone = listed("TEL") { raw in
                var value = raw.trimmingCharacters(in: .whitespaces)
                if value.lowercased().hasPrefix("tel:") { value = String(value.dropFirst(4)) }
                // An extension or a pause (`,12`, `;ext=12`, ` x12`, `p12`) is not part of the number
                // and cannot be dialled from the directory: the number is kept without it, and said so.
                if let cut = value.firstIndex(where: { $0 == "," || $0 == ";" || $0.isLetter }) {
                    let rest = value[cut...].trimmingCharacters(in: .whitespaces)
                    value = value[..<cut].trimmingCharacters(in: .whitespaces)
                    skipped.append(ValidationError(.extensionDropped, field: "phone", value: rest, detail: value))
                }
                // A number that is none (an internal short number) is left out; the rest of the card is kept.
                do throws(ValidationError) { _ = try PhoneNumber(value) } catch {
                    skipped.append(error)
                    return ""
                }
                return value
            }
            d.email = listed("EMAIL") { unescape($0).trimmingCharacters(in: .whitespaces) }
            d.notes = text("NOTE")
            d.availability = text("X-SCHAKEL-AVAILABILITY")
        }
        d.type = text("X-SCHAKEL-TYPE")
        d.gemeenten = text("X-SCHAKEL-GEMEENTEN")
        d.covenant = text("X-SCHAKEL-COVENANT")
        d.covenantDate = text("X-SCHAKEL-COVENANT-DATE")
        return (d, skipped)
    }

    /// The CHARSET a vCard 2.1 property names (UTF-8 when none).
    static func charset(_ params: String) -> String.Encoding {
        guard let range = params.range(of: "CHARSET=") else { return .utf8 }
        let name = params[range.upperBound...].prefix { $0 != ";" && $0 != ":" }.lowercased()
        switch name {
        case "iso-8859-1", "latin1", "iso8859-1": return .isoLatin1
        case "windows-1252", "cp1252": return .windowsCP1252
        case "us-ascii", "ascii": return .ascii
        default: return .utf8
        }
    }

    /// Decodes `=XX` escapes (RFC 2045) into bytes and reads them in `charset`; a malformed escape
    /// stays as it was written.
    static func quotedPrintable(_ text: String, charset: String.Encoding) -> String {
        var bytes: [UInt8] = []
        let source = Array(text.utf8)
        var index = 0
        while index < source.count {
            if source[index] == UInt8(ascii: "="), let high = hex(source[safe: index + 1]),
                let low = hex(source[safe: index + 2])
            {
                bytes.append(high << 4 | low)
                index += 3
            } else {
                bytes.append(source[index])
                index += 1
            }
        }
        return String(bytes: bytes, encoding: charset) ?? String(decoding: bytes, as: UTF8.self)
    }

    private static func hex(_ byte: UInt8?) -> UInt8? {
        guard let byte else { return nil }
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
        default: return nil
        }
    }
}

extension Array {
    fileprivate subscript(safe index: Int) -> Element? { indices.contains(index) ? self[index] : nil }
}
