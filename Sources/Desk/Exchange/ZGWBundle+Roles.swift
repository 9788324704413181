import CaseModel
import Foundation

extension ZGWBundle {
    /// The roles of a case: its persons (natuurlijk_persoon), the referrer (initiator), the
    /// responsible advisor (behandelaar, medewerker) and the holders of the AVE responsibilities
    /// (organisations, with their person as contact).
    static func roles(of c: Case, base: String, zaak: String, context: DeskContext) -> [Rol] {
        let t = context.text
        var out: [Rol] = []
        func add(
            _ type: String, _ code: String, label: String, generic: String, note: String, _ identity: Identificatie,
            contact: String? = nil
        ) {
            out.append(
                Rol(
                    url: base + ":rol:\(out.count + 1)", zaak: zaak, betrokkeneType: type,
                    roltype: "urn:schakel:roltype:\(code)", omschrijving: label, omschrijvingGeneriek: generic,
                    roltoelichting: note, betrokkeneIdentificatie: identity,
                    contactpersoonRol: contact.flatMap { $0.isEmpty ? nil : Contact(naam: $0) }))
        }
        for person in c.persons {
            let name = ZGWNames.name(person.name)
            let address = person.address.map { address in
                let street = ZGWNames.street(address.street)
                return Verblijfsadres(
                    wplWoonplaatsNaam: address.place, gorOpenbareRuimteNaam: street.openbareRuimte,
                    aoaPostcode: address.postcode.map { $0.value.filter { $0 != " " } },
                    aoaHuisnummer: street.huisnummer,
                    aoaHuisletter: street.huisletter, aoaHuisnummertoevoeging: street.toevoeging)
            }
            let role = person.role.rawValue
            add(
                "natuurlijk_persoon", role, label: t.label("personRole", role), generic: "belanghebbende", note: role,
                .natuurlijkPersoon(
                    NatuurlijkPersoon(
                        inpBsn: person.bsn?.digits, geslachtsnaam: name.geslachtsnaam,
                        voorvoegselGeslachtsnaam: name.voorvoegsel, voornamen: name.voornamen,
                        voorletters: name.voorletters, geboortedatum: person.birthDate?.description,
                        verblijfsadres: address)))
        }
        if let referrer = c.referrer, !referrer.organisation.isEmpty {
            add(
                "niet_natuurlijk_persoon", "melder", label: t.label("role", "melder"), generic: "initiator",
                note: "melder", .nietNatuurlijkPersoon(statutaireNaam: referrer.organisation), contact: referrer.contact
            )
        }
        if let advisor = c.advisor, !advisor.isEmpty {
            let name = ZGWNames.name(advisor)
            add(
                "medewerker", "casusverantwoordelijke", label: t(.zgwAdvisor), generic: "behandelaar",
                note: "casusverantwoordelijke",
                .medewerker(
                    Medewerker(
                        identificatie: advisor, achternaam: name.geslachtsnaam, voorletters: name.voorletters,
                        voorvoegselAchternaam: name.voorvoegsel)))
        }
        for responsibility in Responsibility.allCases {
            guard let holder = c.responsibilities[responsibility] else { continue }
            let generic: String
            switch responsibility {
            case .procesregie: generic = "zaakcoordinator"
            case .casusregie, .operationeel: generic = "behandelaar"
            case .bestuurlijk: generic = "beslisser"
            }
            add(
                "niet_natuurlijk_persoon", responsibility.rawValue, label: t.label(responsibility), generic: generic,
                note: responsibility.rawValue, .nietNatuurlijkPersoon(statutaireNaam: holder.organisation),
                contact: holder.person)
        }
        return out
    }
}
