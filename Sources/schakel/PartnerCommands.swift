import ArgumentParser
import CaseModel
import CaseStore
import Desk
import Foundation
import Screen

/// `schakel partner add|list|link|import|export`: the partner directory on the command line.
struct PartnerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "partner", abstract: "Partner organisations and their contact people.",
        subcommands: [Add.self, List.self, Link.self, Remove.self, Import.self, Export.self])

    /// Commits partner events as one change, or says why not; returns them as written (a record
    /// a colleague's commit pushed to the next number has that number here).
    @discardableResult
    static func record(_ events: [PartnerEvent], in store: CaseStore, _ context: DeskContext) throws -> [PartnerEvent] {
        do throws(StoreError) {
            return try store.commit([], partnerEvents: events, at: context.clock.now, actor: context.advisor)
                .partnerEvents
        } catch {
            throw Failure(storeMessage(error))
        }
    }

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add or update an organisation and (optionally) one contact person; an existing name is updated.")

        @OptionGroup var global: GlobalOptions
        @Option(help: "Organisation name.") var organisation: String
        @Option(
            help:
                "Kind: gemeente, wijkteam, politie, om, reclassering, svg, leger-des-heils, rvdk, gi, dji, veilig-thuis, ggz, ggd, verslavingszorg, slachtofferhulp, halt, woningcorporatie, riec, overig (required for a new organisation)."
        )
        var type: String?
        @Option(help: "Gemeenten served, separated by commas (default: the whole region).") var gemeenten: String?
        @Option(help: "Privacy covenant signed: j or n.") var covenant: String?
        @Option(name: .customLong("covenant-date"), help: "When the covenant was signed.") var covenantDate: String?
        @Option(help: "Contact person's name.") var name: String?
        @Option(help: "Contact person's role (functie).") var role: String?
        @Option(
            help:
                "Phone, any usual Dutch writing (06-12345678, 058 123 4567, +31 6 …); several separated by commas, each with its kind in brackets where it is not the obvious one: '058 299 1234, 06-12345678 (werk)'. Added to the numbers known."
        ) var phone: String?
        @Option(
            help:
                "Email address; several separated by commas, e.g. 'a@ggd.nl, a@thuis.nl (thuis)'. Added to the addresses known."
        ) var email: String?
        @Option(help: "When the contact can be reached.") var availability: String?
        @Option(help: "Notes.") var notes: String?

        func run() throws {
            try reporting {
                let invocation = try Invocation(global)
                let context = invocation.context
                var draft = PartnerDraft()
                draft.organisation = organisation
                draft.type = type ?? ""
                draft.gemeenten = gemeenten ?? ""
                draft.covenant = covenant ?? ""
                draft.covenantDate = covenantDate ?? ""
                draft.name = name ?? ""
                draft.role = role ?? ""
                draft.phone = phone ?? ""
                draft.email = email ?? ""
                draft.availability = availability ?? ""
                draft.notes = notes ?? ""
                let store = try invocation.openStore(readOnly: false, scope: .cases([]))
                defer { store.close() }
                let events = try valid(
                    draft.events(in: store.partners, region: context.region, today: context.today), context,
                    options: ["covenant-date": "covenant-date"])
                guard !events.isEmpty else {
                    say(context.text(.partnerUnchanged))
                    return
                }
                let written = try PartnerCommand.record(events, in: store, context)
                // The number of what was added or changed last: the contact if there is one.
                let ids = written.map { event -> String in
                    switch event {
                    case .organisationRecorded(let o): return o.id.description
                    case .contactRecorded(let c): return c.id.description
                    default: return ""
                    }
                }
                say(ids.last ?? "")
            }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List contacts, or those matching a search (name, organisation, gemeente, role).")

        @OptionGroup var global: GlobalOptions
        @Argument(help: "Words to search for, e.g. 'pol noord'.") var search: [String] = []
        @Flag(help: "Print JSON.") var json = false

        func run() throws {
            try reporting {
                let invocation = try Invocation(global)
                let store = try invocation.openStore(readOnly: true)
                defer { store.close() }
                let entries = store.partners.search(search.joined(separator: " "))
                if json {
                    printJSON(try PartnerReport.json(entries, directory: store.partners))
                } else {
                    PartnerReport.table(entries, directory: store.partners, context: invocation.context).forEach(say)
                }
            }
        }
    }

    struct Link: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Link a contact person to a case in a role (or take the link away).")

        @OptionGroup var global: GlobalOptions
        @Argument(help: "The case number.") var id: String
        @Argument(help: "The contact: CP-number or (part of) the name.") var contact: String
        @Option(help: "melder, casusregisseur, procesregisseur, behandelaar or adviseur.") var role: String
        @Flag(help: "Remove the link instead.") var remove = false

        func run() throws {
            try reporting {
                let invocation = try Invocation(global)
                let context = invocation.context
                let caseID = try? CaseID(id)
                let store = try invocation.openStore(readOnly: false, scope: .cases(caseID.map { [$0] } ?? []))
                defer { store.close() }
                var draft = LinkDraft()
                draft.caseID = id
                draft.contact = contact
                draft.role = role
                let link = try valid(
                    draft.validate(caseExists: { store.book[$0] != nil }, directory: store.partners), context)
                let name = store.partners.contacts[link.contact]?.name ?? link.contact.description
                if remove && !store.partners.isLinked(link) {
                    throw Failure(
                        describe(
                            ValidationErrors([CaseModel.ValidationError(.notLinked, field: "contact", value: name)]),
                            context))
                }
                try PartnerCommand.record([remove ? .caseUnlinked(link) : .caseLinked(link)], in: store, context)
                say(context.text(remove ? .linkRemoved : .linkSaved, name, context.text.label(link.role)))
            }
        }
    }

    struct Remove: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Take a contact person out of the directory (they left); their links to cases go too. The journal keeps the history."
        )

        @OptionGroup var global: GlobalOptions
        @Argument(help: "The contact's CP-number.") var contact: String

        func run() throws {
            try reporting {
                let invocation = try Invocation(global)
                let context = invocation.context
                let id = try parsed(nil, context) { () throws(CaseModel.ValidationError) in try ContactID(contact) }
                let store = try invocation.openStore(readOnly: false)
                defer { store.close() }
                guard let found = store.partners.contacts[id] else {
                    throw Failure(tr(.cliNoContact, id, invocation.storeName))
                }
                try PartnerCommand.record([.contactRemoved(id)], in: store, context)
                say("\(id) \(found.name)")
            }
        }
    }

    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Read partners from a CSV (comma or semicolon, UTF-8 with or without BOM) or vCard file.",
            discussion: """
                Every bad line is reported with its number and reason. When there are bad lines, the good
                ones are kept only after you confirm (or with --yes); nothing is written otherwise.
                CSV columns (Dutch or English names): organisatie, soort, gemeenten, convenant,
                convenantdatum, naam, functie, telefoon, email, bereikbaarheid, notities.
                """)

        @OptionGroup var global: GlobalOptions
        @Argument(help: "The file (.csv or .vcf).") var file: String
        @Flag(help: "Keep the good lines without asking, even when some lines are bad.") var yes = false
        @Option(
            name: .customLong("default-type"),
            help: "Kind for new organisations the file does not give one for (vCards from an address book).")
        var defaultType: String?

        func run() throws {
            try reporting {
                let invocation = try Invocation(global)
                let context = invocation.context
                let path = (file as NSString).expandingTildeInPath
                try refuseLarger(path, than: 256)
                guard let data = FileManager.default.contents(atPath: path) else {
                    throw Failure(tr(.cliCannotRead, path))
                }
                let fallback = try defaultType.map { text in
                    try parsed("default-type", context) { () throws(CaseModel.ValidationError) in
                        try PartnerType(parsing: text)
                    }
                }
                let store = try invocation.openStore(readOnly: false)
                defer { store.close() }
                let bytes = [UInt8](data)
                let result: PartnerImport
                let isVCard =
                    path.lowercased().hasSuffix(".vcf")
                    || String(decoding: bytes.prefix(64), as: UTF8.self).uppercased().contains("BEGIN:VCARD")
                if isVCard {
                    let text: String
                    do throws(CSV.ReadError) { text = try CSV.text(bytes) } catch {
                        throw Failure(tr(.cliNotUtf8, path))
                    }
                    result = PartnerVCard.read(
                        text, into: store.partners, region: context.region, today: context.today, defaultType: fallback)
                } else {
                    do throws(PartnerCSV.FileError) {
                        result = try PartnerCSV.read(
                            bytes, into: store.partners, region: context.region, today: context.today,
                            defaultType: fallback)
                    } catch {
                        switch error {
                        case .noOrganisationColumn(let header):
                            throw Failure(tr(.cliCsvNoOrganisation, path, header.joined(separator: ", ")))
                        case .unreadable(.unterminatedQuote(let line)):
                            throw Failure(tr(.cliCsvUnterminated, path, line))
                        case .unreadable(.empty):
                            throw Failure(tr(.cliFileEmpty, path))
                        case .unreadable(.encoding):
                            throw Failure(tr(.cliCsvEncoding, path))
                        }
                    }
                }
                if !result.ignoredColumns.isEmpty {
                    say(tr(.cliIgnoredColumns, result.ignoredColumns.joined(separator: ", ")))
                }
                for rejected in result.rejected {
                    // A whole line's problem (more fields than the header) names no field.
                    let reasons = rejected.errors.map {
                        $0.code == .csvColumns
                            ? context.text.message(for: $0) : "\($0.field): \(context.text.message(for: $0))"
                    }.joined(separator: "; ")
                    FileHandle.standardError.write(
                        Data(
                            ("schakel: "
                                + DisplayWidth.sanitized(
                                    tr(isVCard ? .cliRejectedCard : .cliRejectedLine, path, rejected.line, reasons))
                                + "\n").utf8))
                }
                for skipped in result.skipped {
                    let reasons = skipped.errors.map { context.text.message(for: $0) }.joined(separator: "; ")
                    FileHandle.standardError.write(
                        Data(
                            ("schakel: " + DisplayWidth.sanitized(tr(.cliSkippedCard, path, skipped.line, reasons))
                                + "\n").utf8))
                }
                say(tr(.cliImportSummary, result.accepted, result.accepted - result.unchanged, result.rejected.count))
                if result.rejected.contains(where: { $0.errors.contains { $0.code == .required && $0.field == "type" } }
                ) {
                    FileHandle.standardError.write(Data(("schakel: " + tr(.cliNeedsKind) + "\n").utf8))
                }
                // Every entry refused is a failed import, as much as a mixed file without --yes.
                if result.accepted == 0 && !result.rejected.isEmpty {
                    throw Failure(tr(.cliNothingImported, result.rejected.count))
                }
                guard !result.events.isEmpty else { return }
                if !result.rejected.isEmpty && !yes {
                    guard confirm(tr(.cliKeepGood, result.accepted, result.rejected.count)) else {
                        throw Failure(tr(.cliNothingImported, result.rejected.count))
                    }
                }
                try PartnerCommand.record(result.events, in: store, context)
                say(tr(.cliPartnersImported, result.accepted - result.unchanged, invocation.storeName))
            }
        }
    }

    struct Export: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write the partner directory as CSV (semicolons, BOM, for Excel) or vCard.")

        @OptionGroup var global: GlobalOptions
        @Option(help: "csv or vcard.") var format = "csv"
        @Option(name: .customLong("vcard-version"), help: "3.0 (most address books) or 4.0.") var vcardVersion = "3.0"
        @Option(help: "Write to this file (0600) instead of standard output.") var out: String?

        func run() throws {
            try reporting {
                guard ["csv", "vcard", "vcf"].contains(format) else {
                    throw Failure(tr(.cliChoice, "format", alternatives(["csv", "vcard"]), format))
                }
                guard
                    let version = PartnerVCard.Version(
                        rawValue: vcardVersion == "3" ? "3.0" : vcardVersion == "4" ? "4.0" : vcardVersion)
                else {
                    throw Failure(tr(.cliChoice, "vcard-version", alternatives(["3.0", "4.0"]), vcardVersion))
                }
                let invocation = try Invocation(global)
                let store = try invocation.openStore(readOnly: true)
                defer { store.close() }
                let text =
                    format == "csv"
                    ? PartnerCSV.document(store.partners) : PartnerVCard.document(store.partners, version: version)
                guard let out else {
                    FileHandle.standardOutput.write(Data(text.utf8))
                    return
                }
                let path = try writePrivateFile(text, to: out)
                say(tr(.cliPartnersExported, store.partners.contacts.count, store.partners.organisations.count, path))
            }
        }
    }
}
