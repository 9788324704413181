import CaseModel
import Foundation

/// Cases as a bundle shaped like the ZGW APIs' resources (Zaken API: Zaak, Status, Rol,
/// Resultaat; Besluiten API: Besluit), for a municipal system to read. Aligned with the ZGW
/// APIs, not compliant to them: there is no Catalogi API behind it, so every type (zaaktype,
/// statustype, roltype, resultaattype, besluittype) is a Schakel URN, and each resource's `url`
/// is a URN made of the store's identity and the case. docs/ZGW.md has the mapping field by field.
public enum ZGWBundle {
    public struct Bundle: Encodable, Sendable {
        public var bundel: About
        public var zaken: [Zaak] = []
        public var statussen: [Status] = []
        public var rollen: [Rol] = []
        public var resultaten: [Resultaat] = []
        public var besluiten: [Besluit] = []
    }

    public struct About: Encodable, Sendable {
        public var formaat = "schakel-zgw-bundel"
        public var versie = 1
        public var uitlijning =
            "Aligned with, not compliant to, the ZGW APIs (Zaken API, Besluiten API); types are Schakel URNs, not Catalogi API resources. See docs/ZGW.md."
        public var bron: String
        public var aangemaakt: String
    }

    public struct Zaak: Encodable, Sendable {
        public var url, identificatie, bronorganisatie, verantwoordelijkeOrganisatie, zaaktype: String
        public var omschrijving, toelichting, registratiedatum, startdatum: String
        public var einddatum: String?
        public var vertrouwelijkheidaanduiding: String
        public var status: String?
        public var resultaat: String?
    }

    public struct Status: Encodable, Sendable {
        public var url, zaak, statustype, datumStatusGezet, statustoelichting: String
        public var indicatieLaatstGezetteStatus: Bool
    }

    public struct Rol: Encodable, Sendable {
        public var url, zaak, betrokkeneType, roltype, omschrijving, omschrijvingGeneriek, roltoelichting: String
        public var betrokkeneIdentificatie: Identificatie
        public var contactpersoonRol: Contact?
    }

    /// What identifies the one in a role, by `betrokkeneType`.
    public enum Identificatie: Encodable, Sendable {
        case natuurlijkPersoon(NatuurlijkPersoon)
        case medewerker(Medewerker)
        case nietNatuurlijkPersoon(statutaireNaam: String)

        public func encode(to encoder: Encoder) throws {
            switch self {
            case .natuurlijkPersoon(let person): try person.encode(to: encoder)
            case .medewerker(let employee): try employee.encode(to: encoder)
            case .nietNatuurlijkPersoon(let name):
                var c = encoder.container(keyedBy: NameKey.self)
                try c.encode(name, forKey: .statutaireNaam)
            }
        }

        private enum NameKey: String, CodingKey { case statutaireNaam }
    }

    public struct NatuurlijkPersoon: Encodable, Sendable {
        public var inpBsn: String?
        public var geslachtsnaam, voorvoegselGeslachtsnaam, voornamen, voorletters: String
        public var geboortedatum: String?
        public var verblijfsadres: Verblijfsadres?
    }

    public struct Verblijfsadres: Encodable, Sendable {
        public var wplWoonplaatsNaam, gorOpenbareRuimteNaam: String
        public var aoaPostcode: String?
        public var aoaHuisnummer: Int?
        public var aoaHuisletter, aoaHuisnummertoevoeging: String?
    }

    public struct Medewerker: Encodable, Sendable {
        public var identificatie, achternaam, voorletters, voorvoegselAchternaam: String
    }

    public struct Contact: Encodable, Sendable {
        public var naam: String
    }

    public struct Resultaat: Encodable, Sendable {
        public var url, zaak, resultaattype, toelichting: String
    }

    public struct Besluit: Encodable, Sendable {
        public var url, identificatie, verantwoordelijkeOrganisatie, besluittype, zaak, datum, ingangsdatum: String
        public var toelichting: String
    }

    /// The bundle of `cases`, each with its timeline (`CaseStore.timeline(of:)`), in case order.
    /// `organisation` is the bronorganisatie (an RSIN, or the ZVH's name); `identity` the store's.
    public static func bundle(
        _ cases: [(Case, [Case.TimelineEntry])], organisation: String, identity: String, context: DeskContext
    ) -> Bundle {
        let iso = ISO8601DateFormatter()
        var bundle = Bundle(
            bundel: About(bron: "urn:schakel:opslag:\(identity)", aangemaakt: iso.string(from: context.clock.now)))
        let t = context.text
        for (c, timeline) in cases.sorted(by: { $0.0.id < $1.0.id }) {
            let base = "urn:schakel:\(identity):\(c.id)"
            let zaakURL = base + ":zaak"
            func day(_ at: Date) -> String { CalendarDate(at, in: context.timeZone).description }
            // The statuses: each change of status the history shows, the current one last.
            var history = statuses(of: c, timeline: timeline)
            if history.last?.status != c.status {
                history = [(c.status, c.lastActivityAt, nil)]
            }
            for (index, entry) in history.enumerated() {
                bundle.statussen.append(
                    Status(
                        url: base + ":status:\(index + 1)", zaak: zaakURL,
                        statustype: "urn:schakel:statustype:\(entry.status.rawValue)",
                        datumStatusGezet: iso.string(from: entry.at), statustoelichting: t.label(entry.status),
                        indicatieLaatstGezetteStatus: index == history.count - 1))
            }
            let closing = c.status == .afgesloten ? history.last : nil
            var resultaat: String?
            if let closing {
                let (type, text) = result(closing.event, t)
                resultaat = base + ":resultaat"
                bundle.resultaten.append(
                    Resultaat(
                        url: base + ":resultaat", zaak: zaakURL, resultaattype: "urn:schakel:resultaattype:\(type)",
                        toelichting: text))
            }
            bundle.zaken.append(
                Zaak(
                    url: zaakURL, identificatie: c.id.description, bronorganisatie: organisation,
                    verantwoordelijkeOrganisatie: organisation, zaaktype: "urn:schakel:zaaktype:zvh-casus",
                    omschrijving: t(.zgwDescription, c.id, c.gemeente),
                    toelichting: [c.reason, c.goal].filter { !$0.isEmpty }.joined(separator: "\n"),
                    registratiedatum: day(c.receivedAt), startdatum: day(c.receivedAt),
                    einddatum: closing.map { day($0.at) },
                    vertrouwelijkheidaanduiding: confidentiality(c.lawful?.confidentiality),
                    status: history.isEmpty ? nil : base + ":status:\(history.count)", resultaat: resultaat))
            bundle.rollen += roles(of: c, base: base, zaak: zaakURL, context: context)
            for (index, (decision, at)) in decisions(in: timeline).enumerated() {
                bundle.besluiten.append(
                    Besluit(
                        url: base + ":besluit:\(index + 1)", identificatie: "\(c.id)-B\(index + 1)",
                        verantwoordelijkeOrganisatie: organisation,
                        besluittype: "urn:schakel:besluittype:\(decision.outcome.rawValue)", zaak: zaakURL,
                        datum: day(at), ingangsdatum: day(at),
                        toelichting: t(
                            .zgwDecision, t.label(decision.outcome), decision.phase.rawValue, decision.rationale)))
            }
        }
        return bundle
    }

    /// The status after each event that changed it, found by applying the case's events one by
    /// one to a book of its own (the rules that set a status live in `CaseBook` only). Empty when
    /// the history cannot be replayed (the caller then gives the current status alone).
    static func statuses(of c: Case, timeline: [Case.TimelineEntry]) -> [(
        status: CaseStatus, at: Date, event: CaseEvent?
    )] {
        var book = CaseBook()
        var out: [(status: CaseStatus, at: Date, event: CaseEvent?)] = []
        for (index, entry) in timeline.enumerated() {
            let commit = Commit(sequence: UInt64(index + 1), at: entry.at, actor: entry.actor, events: [entry.event])
            do { try book.apply(commit) } catch { return [] }
            guard let status = book[c.id]?.status, status != out.last?.status else { continue }
            out.append((status, entry.at, entry.event))
        }
        return out
    }

    /// The decisions the history holds, in order, without those an undo took back.
    static func decisions(in timeline: [Case.TimelineEntry]) -> [(DecisionRecorded, Date)] {
        var out: [(DecisionRecorded, Date)] = []
        for entry in timeline {
            switch entry.event {
            case .decisionRecorded(let decision): out.append((decision, entry.at))
            case .caseRestored:
                for case .decisionRecorded(let undone) in entry.undid {
                    if let index = out.lastIndex(where: { $0.0 == undone }) { out.remove(at: index) }
                }
            default: break
            }
        }
        return out
    }

    /// How a case ended, by the event that closed it: a stable check after a handback, or a
    /// decision that closed it at once (advice, referral).
    static func result(_ event: CaseEvent?, _ t: Localizer) -> (type: String, text: String) {
        switch event {
        case .handbackChecked(let check) where check.result == .stable:
            return ("teruggelegd-stabiel", t(.zgwResultStable))
        case .decisionRecorded(let decision):
            let text = t.label(decision.outcome) + (decision.referredTo.map { ": " + $0 } ?? "")
            return (decision.outcome.rawValue, text)
        default:
            return ("afgesloten", t.label(CaseStatus.afgesloten))
        }
    }

    /// Every case of a Veiligheidshuis is confidential to the ones working on it; a stricter
    /// confidentiality goes up the ZGW scale.
    static func confidentiality(_ level: Confidentiality?) -> String {
        switch level {
        case .vertrouwelijk: "vertrouwelijk"
        case .strikt: "geheim"
        case .normaal, nil: "zaakvertrouwelijk"
        }
    }
}
