import Foundation

/// Everything a store knows, derived from its commits: the cases, the partner directory and the
/// consultation log. The one place a commit is applied.
public struct Ledger: Hashable, Sendable {
    /// The rules replaying a log follows: raised whenever applying the same commits gives other
    /// cases than before (2: triage and a logged contact with the referrer meet the contact
    /// deadline; 3: tasks are numbered and a handback carries them over or closes them, and a
    /// snapshot row holds a task's number; 4: a person has a role in the case's household, a
    /// re-escalation sets the new phase's holders and review, a handback ends the higher phase's
    /// holders; 5: a contact holds several phone numbers and email addresses, each with its kind,
    /// in the snapshot too; 6: a handback lets the open review and the closed tasks lapse instead of
    /// meeting them; 7: a deadline met remembers when, so a late ZSM answer is not shown as on
    /// time; 8: a case holds its lawful basis and its sharings; 9: a purged case,
    /// its personal data removed; 10: a purged consultation, its text removed; 11: the empty commit
    /// `schakel repair` puts in a lost one's place reserves the numbers that one handed out; 12: a case
    /// keeps its course, each step with its moment, and a deadline when it was set, for the reports).
    /// What was derived under other rules (a snapshot) is rebuilt, never believed.
    public static let rulesVersion = 12

    public enum ApplyError: Error, Hashable, Sendable, CustomStringConvertible {
        case cases(CaseBook.ApplyError)
        case partners(PartnerDirectory.ApplyError)
        case consultations(ConsultationLog.ApplyError)

        public var description: String {
            switch self {
            case .cases(let e): return e.description
            case .partners(let e): return e.description
            case .consultations(let e): return e.description
            }
        }
    }

    public var book: CaseBook
    public var partners: PartnerDirectory
    public var consultations: ConsultationLog

    public init(
        book: CaseBook = CaseBook(), partners: PartnerDirectory = PartnerDirectory(),
        consultations: ConsultationLog = ConsultationLog()
    ) {
        self.book = book
        self.partners = partners
        self.consultations = consultations
    }

    public var lastSequence: UInt64 { book.lastSequence }

    /// The ledger with its partner links in one fixed order, for comparing two ledgers.
    public var canonical: Ledger {
        Ledger(book: book, partners: partners.canonical, consultations: consultations)
    }
    public var isEmpty: Bool {
        book.cases.isEmpty && book.lastSequence == 0 && partners.isEmpty && consultations.consultations.isEmpty
    }

    /// What `apply` changed, so it can be taken back.
    public struct Undo: Sendable {
        fileprivate var book: CaseBook.Undo
        fileprivate var partners: PartnerDirectory?
        fileprivate var consultations: ConsultationLog?
        /// The numbering before a commit that reserved numbers (`Commit.reserved`).
        fileprivate var numbering: Numbering?
    }

    /// Applies a commit whole (cases, then partners, then consultations), or throws and leaves
    /// everything as it was.
    ///
    /// `undoable: false` (replaying a journal) skips keeping what a later `revert` would need: the
    /// way back for partners and consultations is a copy of their state, which a replay of
    /// thousands of commits must not make for each one.
    @discardableResult
    public mutating func apply(_ commit: Commit, reference: UInt64 = 0, undoable: Bool = true) throws(ApplyError)
        -> Undo
    {
        let bookUndo: CaseBook.Undo
        do { bookUndo = try book.apply(commit, reference: reference) } catch { throw .cases(error) }
        var undo = Undo(
            book: bookUndo,
            // Kept in a replay too when the consultations could still refuse the commit.
            partners: commit.partnerEvents.isEmpty || !(undoable || !commit.consultationEvents.isEmpty)
                ? nil : partners,
            consultations: commit.consultationEvents.isEmpty || !undoable ? nil : consultations)
        do {
            try partners.apply(commit.partnerEvents, cases: book)
        } catch {
            undo.partners = nil
            book.revert(bookUndo)
            throw .partners(error)
        }
        do {
            try consultations.apply(commit.consultationEvents, cases: book, at: commit.at)
        } catch {
            // The log has put itself back; the partners and the cases still need to.
            undo.consultations = nil
            revert(undo)
            throw .consultations(error)
        }
        if let reserved = commit.reserved {
            undo.numbering = numbering
            numbering = numbering.union(reserved)
        }
        return undo
    }

    public mutating func revert(_ undo: Undo) {
        if let partners = undo.partners { self.partners = partners }
        if let consultations = undo.consultations { self.consultations = consultations }
        book.revert(undo.book)
        if let numbering = undo.numbering { self.numbering = numbering }
    }
}
