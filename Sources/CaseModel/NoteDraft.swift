import Foundation

/// A note or a contact moment as typed: its kind (telefoon, gesprek, e-mail, overleg, notitie),
/// with whom, whether it was the contact with the referrer (j/n), and the text.
public struct NoteDraft: Hashable, Sendable {
    public var kind = ""
    public var with = ""
    public var referrer = ""
    public var text = ""

    public init() {}

    public static let maximumLength = 2_000

    public func validate(_ c: Case) -> Result<NoteAdded, ValidationErrors> {
        func trimmed(_ s: String) -> String { s.trimmingCharacters(in: .whitespacesAndNewlines) }
        var errors: [ValidationError] = []
        if let refusal = CaseStep.note.refusal(for: c) { errors.append(refusal) }
        var noteKind = NoteKind.notitie
        if !trimmed(kind).isEmpty {
            do { noteKind = try NoteKind(parsing: kind) } catch { errors.append(error) }
        } else if !trimmed(with).isEmpty {
            // Said with whom, not how: a conversation.
            noteKind = .gesprek
        }
        var withReferrer = false
        if !trimmed(referrer).isEmpty {
            do { withReferrer = try ConsultationDraft.yesNo(referrer, field: "referrer") } catch {
                errors.append(error)
            }
        }
        if withReferrer && !noteKind.isContact {
            errors.append(
                ValidationError(
                    .noteNotContact, field: "kind", value: noteKind.rawValue,
                    detail: NoteKind.allCases.filter(\.isContact).map(\.rawValue).joined(separator: ", ")))
        }
        if trimmed(text).isEmpty { errors.append(ValidationError(.required, field: "text")) }
        for (field, value) in [("text", text), ("with", with)] where value.count > Self.maximumLength {
            errors.append(ValidationError(.tooLong, field: field, detail: String(Self.maximumLength)))
        }
        guard errors.isEmpty else { return .failure(ValidationErrors(errors)) }
        // With the referrer and no name given: the registration's referrer.
        var who = trimmed(with)
        if who.isEmpty && withReferrer {
            who = [c.referrer?.contact ?? "", c.referrer?.organisation ?? ""].filter { !$0.isEmpty }.joined(
                separator: ", ")
        }
        return .success(
            NoteAdded(caseID: c.id, text: trimmed(text), kind: noteKind, with: who, withReferrer: withReferrer))
    }
}
