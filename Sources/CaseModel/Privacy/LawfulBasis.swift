import Foundation

/// The ground under AVG art. 6(1) on which a case's data are processed and shared. A ZVH has no
/// ground of its own: each partner shares on its own, most often a legal obligation or a public
/// task (WGS since 1 March 2025), consent where used, a vital interest in an emergency.
public enum LegalGround: String, Codable, CaseIterable, Hashable, Sendable {
    /// Art. 6(1)(a).
    case consent = "toestemming"
    /// Art. 6(1)(c).
    case legalObligation = "wettelijke-plicht"
    /// Art. 6(1)(d).
    case vitalInterest = "vitaal-belang"
    /// Art. 6(1)(e).
    case publicTask = "publieke-taak"

    /// The letter of art. 6(1): a, c, d or e.
    public var letter: String {
        switch self {
        case .consent: "a"
        case .legalObligation: "c"
        case .vitalInterest: "d"
        case .publicTask: "e"
        }
    }

    /// A code, its letter (`c`, `6.1.c`, `6(1)(c)`) or a common way of writing it, case-insensitively.
    public init(parsing text: String, field: String = "ground") throws(ValidationError) {
        let key = Vocabulary.key(text)
        let compact = key.filter { $0.isLetter || $0.isNumber }
        let letter = compact.hasPrefix("61") ? String(compact.dropFirst(2)) : compact
        guard
            let ground = Self.allCases.first(where: {
                Vocabulary.key($0.rawValue) == key || $0.letter == letter || Vocabulary.key("\($0)") == key
            })
        else {
            throw ValidationError(
                .unknownGround, field: field, value: text,
                detail: Self.allCases.map { "\($0.letter) \($0.rawValue)" }.joined(separator: ", "))
        }
        self = ground
    }
}

/// How confidential a case is: who may see it, within the ZVH and outside.
public enum Confidentiality: String, Codable, CaseIterable, Hashable, Sendable {
    case normaal
    case vertrouwelijk
    /// Only the advisors on the case (a colleague's own family, a public figure, a threat).
    case strikt = "strikt-vertrouwelijk"

    public init(parsing text: String, field: String = "confidentiality") throws(ValidationError) {
        let key = Vocabulary.key(text)
        guard
            let level = Self.allCases.first(where: {
                Vocabulary.key($0.rawValue) == key || Vocabulary.key("\($0)") == key
            })
        else {
            throw ValidationError(
                .unknownConfidentiality, field: field, value: text,
                detail: Self.allCases.map(\.rawValue).joined(separator: ", "))
        }
        self = level
    }
}

/// What kinds of a case's data are shared: they need different care (AVG art. 9 and 10).
public enum DataCategory: String, Codable, CaseIterable, Hashable, Sendable, Comparable {
    /// Names, BSN, dates of birth, addresses.
    case identifying = "identificerend"
    /// Special categories (art. 9): health, among them mental health and addiction.
    case special = "bijzonder"
    /// Criminal data (art. 10): police and justice information, ZSM.
    case criminal = "strafrechtelijk"
    /// Data about children of the household.
    case children = "kinderen"

    public static func < (lhs: DataCategory, rhs: DataCategory) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }

    /// A list of categories, comma- or space-separated, in any order (each once).
    public static func parsing(_ text: String, field: String = "categories") throws(ValidationError) -> [DataCategory] {
        var found: [DataCategory] = []
        for word in text.split(whereSeparator: { $0 == "," || $0 == " " || $0 == ";" }) {
            let key = Vocabulary.key(String(word))
            let synonyms: [String: DataCategory] = [
                "identifying": .identifying, "identiteit": .identifying, "special": .special,
                "bijzondere": .special, "criminal": .criminal, "justitieel": .criminal, "children": .children,
                "kind": .children,
            ]
            guard
                let category = allCases.first(where: { Vocabulary.key($0.rawValue) == key }) ?? synonyms[key]
            else {
                throw ValidationError(
                    .unknownCategory, field: field, value: String(word),
                    detail: allCases.map(\.rawValue).joined(separator: ", "))
            }
            if !found.contains(category) { found.append(category) }
        }
        return found.sorted()
    }
}

/// Whether the person was told their data are processed and shared, when and by whom; or why not.
public enum Informing: Codable, Hashable, Sendable {
    case informed(on: CalendarDate, by: String)
    /// Not told, with the reason (it would endanger someone, it would frustrate an investigation).
    case notInformed(reason: String)
}

/// A case's ground for processing and sharing, as recorded.
public struct LawfulBasis: Codable, Hashable, Sendable {
    public var ground: LegalGround?
    /// For special or criminal data: the exception relied on (e.g. "art. 9(2)(g) AVG, art. 30 UAVG").
    public var exception: String
    public var informing: Informing?
    public var confidentiality: Confidentiality

    public init(
        ground: LegalGround? = nil, exception: String = "", informing: Informing? = nil,
        confidentiality: Confidentiality = .normaal
    ) {
        self.ground = ground
        self.exception = exception
        self.informing = informing
        self.confidentiality = confidentiality
    }
}

/// The ground, the informing and the confidentiality of a case recorded or changed.
public struct LawfulBasisRecorded: Codable, Hashable, Sendable {
    public var caseID: CaseID
    /// The whole basis as it now stands (what the draft did not mention carried over).
    public var basis: LawfulBasis

    public init(caseID: CaseID, basis: LawfulBasis) {
        self.caseID = caseID
        self.basis = basis
    }
}

/// The ground, informing and confidentiality as typed (registration form, its own form, the
/// command line). An empty field leaves what the case has: an update never erases what it does
/// not mention.
public struct LawfulBasisDraft: Hashable, Sendable {
    public var ground = ""
    public var exception = ""
    /// `j`/`ja`/`yes` (informed), `n`/`nee`/`no` (not), or empty (as it was).
    public var informed = ""
    public var informedOn = ""
    public var informedBy = ""
    public var notInformedReason = ""
    public var confidentiality = ""

    public init() {}

    public var isEmpty: Bool {
        [ground, exception, informed, informedOn, informedBy, notInformedReason, confidentiality].allSatisfy {
            $0.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty
        }
    }

    /// The basis this draft makes of `existing`, or every reason it cannot.
    public func basis(over existing: LawfulBasis?, today: CalendarDate, advisor: String) -> Result<
        LawfulBasis, ValidationErrors
    > {
        func trimmed(_ s: String) -> String { s.trimmingCharacters(in: .whitespacesAndNewlines) }
        var errors: [ValidationError] = []
        var basis = existing ?? LawfulBasis()
        if !trimmed(ground).isEmpty {
            do throws(ValidationError) { basis.ground = try LegalGround(parsing: trimmed(ground)) } catch {
                errors.append(error)
            }
        }
        if !trimmed(exception).isEmpty {
            if trimmed(exception).count > 300 {
                errors.append(ValidationError(.tooLong, field: "exception", detail: "300"))
            }
            basis.exception = trimmed(exception)
        }
        if !trimmed(confidentiality).isEmpty {
            do throws(ValidationError) {
                basis.confidentiality = try Confidentiality(parsing: trimmed(confidentiality))
            } catch { errors.append(error) }
        }
        let answer = Vocabulary.key(trimmed(informed))
        if ["j", "ja", "y", "yes"].contains(answer) || (answer.isEmpty && !trimmed(informedOn).isEmpty) {
            var on = today
            if !trimmed(informedOn).isEmpty {
                if let date = CalendarDate(dutch: trimmed(informedOn)) ?? CalendarDate(iso: trimmed(informedOn)) {
                    if date > today {
                        errors.append(ValidationError(.dateInFuture, field: "informedOn", value: trimmed(informedOn)))
                    }
                    on = date
                } else {
                    errors.append(ValidationError(.dateFormat, field: "informedOn", value: trimmed(informedOn)))
                }
            }
            let by = trimmed(informedBy).isEmpty ? advisor : trimmed(informedBy)
            if by.count > 200 { errors.append(ValidationError(.tooLong, field: "informedBy", detail: "200")) }
            basis.informing = .informed(on: on, by: by)
        } else if ["n", "nee", "no"].contains(answer) || (answer.isEmpty && !trimmed(notInformedReason).isEmpty) {
            let reason = trimmed(notInformedReason)
            if reason.isEmpty { errors.append(ValidationError(.required, field: "notInformedReason")) }
            if reason.count > NoteDraft.maximumLength {
                errors.append(
                    ValidationError(.tooLong, field: "notInformedReason", detail: String(NoteDraft.maximumLength)))
            }
            basis.informing = .notInformed(reason: reason)
        } else if !answer.isEmpty {
            errors.append(ValidationError(.yesNoFormat, field: "informed", value: trimmed(informed)))
        }
        guard errors.isEmpty else { return .failure(ValidationErrors(errors)) }
        return .success(basis)
    }

    /// The event for `c`: refused when nothing would change.
    public func validate(_ c: Case, today: CalendarDate, advisor: String) -> Result<
        LawfulBasisRecorded, ValidationErrors
    > {
        if let refusal = CaseStep.lawfulBasis.refusal(for: c) { return .failure(ValidationErrors([refusal])) }
        switch basis(over: c.lawful, today: today, advisor: advisor) {
        case .failure(let errors): return .failure(errors)
        case .success(let basis):
            guard basis != (c.lawful ?? LawfulBasis()) || c.lawful == nil && !isEmpty else {
                return .failure(ValidationErrors([ValidationError(.nothingChanged, field: "")]))
            }
            return .success(LawfulBasisRecorded(caseID: c.id, basis: basis))
        }
    }
}
