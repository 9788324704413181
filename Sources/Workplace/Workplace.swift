import CaseModel
import CaseStore
import Foundation

/// Why a use case did not happen. Nothing was written in any of these.
public enum WorkError: Error, Equatable, Sendable {
    /// The store holds no such case (or the scope it was opened with does not).
    case unknownCase(CaseID)
    /// The input, or the case's state, does not allow the step: every reason.
    case invalid(ValidationErrors)
    /// The store refused: a colleague's commit contested it, the database is away, ...
    case store(StoreError)
    /// The person of a new registration is on these cases already (by BSN, or name and date of
    /// birth): registering anyway needs to be asked for.
    case alreadyKnown([KnownPerson])
}

/// The one way in for changing a case: the desk's effect runner and the command line both call
/// `perform`, so a step is checked and written the same way wherever it was asked for.
///
/// `perform` checks the change on the case as the store holds it when the commit is made (not as
/// the form saw it), then writes one commit made on `basis`: if a colleague committed meanwhile,
/// the store rebases it and refuses what their commit contests (`StoreError.conflict`), and the
/// case book applies each event under the same rules again (`CaseStep`).
public struct Workplace {
    public let store: CaseStore
    public var rules: WorkRules

    public init(store: CaseStore, rules: WorkRules) {
        self.store = store
        self.rules = rules
    }

    /// Checks `change` on its case and records it as one commit; returns what was written.
    /// `basis`: the store position the change was made on (a form's, when it opened); nil: now.
    @discardableResult
    public func perform(_ change: CaseChange, basis: UInt64? = nil) throws(WorkError) -> CaseStore.Written {
        let id = change.caseID
        // A store opened with its open cases first has every case before one is changed.
        do throws(StoreError) { try store.completeHistory() } catch { throw .store(error) }
        guard let c = store.book[id] else { throw .unknownCase(id) }
        let events: [CaseEvent]
        switch change.events(on: c, rules: rules, partners: store.partners) {
        case .success(let made): events = made
        case .failure(let errors):
            // No longer possible because a colleague's commit since `basis` changed the case (the
            // store has read it, the form had not): say who, as a contested commit does.
            if let basis, basis < store.position,
                let theirs = try? store.commits(after: basis).last(where: { $0.events.contains { $0.caseID == id } })
            {
                throw .store(
                    .conflict(
                        CommitConflict(
                            record: id.description, actor: theirs.actor, at: theirs.at, events: theirs.typeNames,
                            reason: nil)))
            }
            throw .invalid(errors)
        }
        do {
            return try store.write(
                events, basis: basis.map { min($0, store.position) }, at: rules.clock.now, actor: rules.advisor)
        } catch {
            throw .store(error)
        }
    }
}
