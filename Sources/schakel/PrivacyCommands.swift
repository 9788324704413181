import ArgumentParser
import CaseModel
import CaseStore
import Desk
import Foundation
import Workplace

/// `schakel ground ID`: the case's ground for processing and sharing, whether the person was
/// informed, and how confidential it is. What is not given stays as it was.
struct Ground: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract:
            "Record a case's legal ground (AVG art. 6(1)), whether the person was informed, and its confidentiality.",
        discussion: """
            --ground takes a (consent), c (legal obligation), d (vital interest) or e (public task). \\
            For special or criminal data, --exception names the exception relied on. An option not \\
            given leaves what the case has.
            """)

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The case number.") var id: String
    @Option(help: "a, c, d or e (AVG art. 6(1)), or toestemming, wettelijke-plicht, vitaal-belang, publieke-taak.")
    var ground: String?
    @Option(help: "For special or criminal data: the exception relied on (e.g. 'art. 9(2)(g) AVG').") var exception:
        String?
    @Option(help: "Whether the person was informed: ja or nee.") var informed: String?
    @Option(name: .customLong("informed-on"), help: "When (DD-MM-YYYY; default today).") var informedOn: String?
    @Option(name: .customLong("informed-by"), help: "By whom (default: you).") var informedBy: String?
    @Option(name: .customLong("not-informed-because"), help: "Why the person was not informed.") var because: String?
    @Option(help: "normaal, vertrouwelijk or strikt-vertrouwelijk.") var confidentiality: String?

    func run() throws {
        try reporting {
            let options = [
                "informedOn": "informed-on", "informedBy": "informed-by", "notInformedReason": "not-informed-because",
            ]
            let (c, context) = try changeCase(global, id: id, needsInstrument: false, options: options) { id in
                var draft = LawfulBasisDraft()
                draft.ground = ground ?? ""
                draft.exception = exception ?? ""
                draft.informed = informed ?? ""
                draft.informedOn = informedOn ?? ""
                draft.informedBy = informedBy ?? ""
                draft.notInformedReason = because ?? ""
                draft.confidentiality = confidentiality ?? ""
                return .lawfulBasis(id, draft)
            }
            say(tr(.cliGroundRecorded, c.id, c.lawful.map { context.text.describe($0) } ?? ""))
        }
    }
}

/// `schakel share ID --with CONTACT --categories …`: a summary for a partner with only the chosen
/// categories of data, and the sharing on record, in one step.
struct Share: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write a case summary for a partner with only the chosen kinds of data, and record the sharing.",
        discussion: """
            --categories: identificerend, bijzonder, strafrechtelijk, kinderen (comma-separated). \\
            What is not chosen is not in the file; free text (reason, goal, notes) never is. An \\
            organisation that has not signed the region's covenant gets data only with --reason. The \\
            file (Markdown, 0600) is written only when the sharing is recorded; where LibreOffice \\
            Writer is installed, a PDF of it beside it (0600) too, unless --no-pdf.
            """)

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The case number.") var id: String
    @Option(help: "The contact (CP-…) or organisation (O-…), or its exact name.") var with: String
    @Option(help: "Which kinds of data: identificerend, bijzonder, strafrechtelijk, kinderen.") var categories: String
    @Option(help: "The ground (a, c, d, e); default: the case's.") var ground: String?
    @Option(help: "Why (required for an organisation outside the covenant).") var reason: String?
    @Option(help: "The summary file to write (default: CASE-deling-N.md here).") var out: String?
    @Flag(name: .customLong("no-pdf"), help: "Write only the Markdown, no PDF.") var noPDF = false

    func run() throws {
        try reporting {
            let invocation = try Invocation(global)
            let context = invocation.context
            let caseID = try parsed(nil, context) { () throws(CaseModel.ValidationError) in try CaseID(id) }
            let store = try invocation.openStore(readOnly: false, scope: .cases([caseID]))
            defer { store.close() }
            guard store.book[caseID] != nil else { throw Failure(tr(.cliNoCase, caseID, invocation.storeName)) }
            var draft = SharingDraft()
            draft.with = with
            draft.categories = categories
            draft.ground = ground ?? ""
            draft.reason = reason ?? ""
            let change = CaseChange.share(caseID, draft)
            // The file is written once the sharing is on record (a refused one leaves none), from
            // the sharing as the store holds it.
            do throws(WorkError) {
                try Workplace(store: store, rules: context.rules).perform(change)
            } catch {
                throw stepFailure(error, invocation)
            }
            guard let shared = store.book[caseID], let sharing = shared.sharings.last else {
                throw Failure(tr(.cliNoCase, caseID, invocation.storeName))
            }
            try invocation.log(store, .export, cases: [caseID.description], what: "share", count: 1)
            let path = try writePrivateFile(
                ShareSummary.markdown(shared, sharing: sharing, context: context),
                to: out ?? "\(caseID)-deling-\(sharing.number).md")
            say(tr(.cliShared, caseID, sharing.recipient, sharing.number, path))
            guard !noPDF, let converter = PDFExport.converter() else { return }
            let pdf = (path.hasSuffix(".md") ? String(path.dropLast(3)) : path) + ".pdf"
            do throws(PDFExport.Failure) {
                try PDFExport.write(
                    ShareSummary.flatODT(shared, sharing: sharing, context: context), to: pdf, converter: converter)
                say(tr(.cliSharedPDF, pdf))
            } catch {
                warn(tr(.cliSharePDFFailed, pdfReason(error)))
            }
        }
    }
}

/// Why no PDF was made, in the run's language.
func pdfReason(_ failure: PDFExport.Failure) -> String {
    switch failure {
    case .notConverted(let status, let said): return tr(.cliPdfNotConverted, status, said)
    case .tooSlow: return tr(.cliPdfTooSlow)
    case .cannotRun(let why): return why
    }
}

/// `schakel purge`: the personal data of closed cases, the text of consultations and the access
/// log's entries past their retention periods, removed.
struct Purge: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract:
            "Remove what is past its retention period (settings.json): closed cases, consultations, the access log.",
        discussion: """
            The periods are in the store's settings.json: retentionClosedMonths (default 60, counted \
            from a closed case's last change), retentionConsultationMonths (default 24, from the \
            consultation; one registered as a case goes with that case) and retentionAccessLogMonths \
            (default 60). --dry-run lists what would go and why. Names, BSNs, dates of birth, \
            addresses and free text go from the case and from every change in the log about it; a \
            consultation keeps only when, where, how long and its follow-up; what reports count \
            stays. A clock set ahead (SCHAKEL_NOW) makes nothing due early. Logged in the access log.
            """)

    @OptionGroup var global: GlobalOptions
    @Flag(name: .customLong("dry-run"), help: "List what would be purged, and why; change nothing.") var dryRun = false
    @Flag(help: "Do not ask: purge (for scripts).") var yes = false

    func run() throws {
        try reporting {
            let invocation = try Invocation(global)
            let context = invocation.context
            let settings = context.settings
            // A clock set ahead must not make anything due early: the earlier of it and the system's.
            let now = min(context.clock.now, Date())
            let today = CalendarDate(now, in: context.timeZone)
            let store = try invocation.openStore(readOnly: dryRun)
            defer { store.close() }
            let months = settings.retentionClosedMonths
            let due = Retention.due(store.book, months: months, today: today, timeZone: context.timeZone)
            for item in due {
                say(tr(.cliPurgeDue, item.caseID, item.lastChange.dutch, item.keptUntil.dutch, months))
            }
            let consultMonths = settings.retentionConsultationMonths
            // A consultation registered as a case goes with it: also with a case purged in this run.
            let consultations = Retention.due(
                store.consultations, cases: store.book, months: consultMonths, today: today,
                timeZone: context.timeZone, purging: Set(due.map(\.caseID)))
            for item in consultations {
                say(tr(.cliPurgeConsultationDue, item.id, item.heldOn.dutch, item.keptUntil.dutch, consultMonths))
            }
            let accessMonths = settings.retentionAccessLogMonths
            let cutoff = today.adding(months: -accessMonths)
            let old =
                try store.access.map { (log) throws(StoreError) in
                    try log.older(than: cutoff.start(in: context.timeZone))
                } ?? 0
            if old > 0 { say(tr(.cliPurgeAccessDue, old, cutoff.dutch, accessMonths)) }
            let total = due.count + consultations.count + old
            if total == 0 { say(tr(.cliPurgeNone, months, consultMonths, accessMonths)) }
            if dryRun {
                try invocation.log(
                    store, .purge, cases: due.map(\.caseID.description), what: "dry-run", count: due.count)
                if total > 0 { say(tr(.cliPurgeDryRun, due.count, consultations.count, old)) }
                return
            }
            guard total > 0 else {
                // A purge stopped between its commit and rewriting the log is finished now.
                do throws(StoreError) {
                    let report = try store.purge(
                        [], months: months, at: context.clock.now, actor: context.advisor)
                    try store.access?.flush()
                    if report.rewritten > 0 { say(tr(.cliPurged, 0, 0, 0, report.rewritten)) }
                } catch {
                    throw Failure(storeMessage(error))
                }
                return
            }
            if !yes {
                guard isatty(0) == 1 else { throw Failure(tr(.cliPurgeNeedsYes)) }
                guard confirm(tr(.cliPurgeConfirm, due.count, consultations.count, old)) else {
                    say(tr(.cliPurgeKept))
                    return
                }
            }
            do throws(StoreError) {
                let report = try store.purge(
                    due.map(\.caseID), months: months, consultations: consultations.map(\.id),
                    consultationMonths: consultMonths, at: context.clock.now, actor: context.advisor)
                let removed = try store.access?.prune(before: cutoff.start(in: context.timeZone)) ?? 0
                try store.access?.flush()
                say(tr(.cliPurged, report.purged.count, report.consultations.count, removed, report.rewritten))
            } catch {
                throw Failure(storeMessage(error))
            }
        }
    }
}
