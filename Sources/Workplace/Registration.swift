import CaseModel
import CaseStore
import Foundation

/// Registering a case, the one way: the desk's form, `case add`, `zsm add` and registering from a
/// consultation all come here.
extension Workplace {
    /// What registering wrote, and the case as the store holds it now.
    public struct Registered: Sendable {
        public var written: CaseStore.Written
        public var registered: Case
    }

    /// The draft checked as the store stands, numbered with the store's next number, and written as
    /// one commit together with the consultations it registers (`promoting`: the open thread, fixed
    /// when the form opened or the command began; each must still be there and not registered).
    /// A colleague's registration first gives this one the next number. A person already on a case
    /// (same BSN, or same name and date of birth) is refused with those cases unless `knownAccepted`.
    /// The store must hold every case for that check (a store opened for some cases finds only those).
    public func register(
        _ draft: RegistrationDraft, promoting: [ConsultationID] = [], knownAccepted: Bool = false,
        basis: UInt64? = nil
    ) throws(WorkError) -> Registered {
        do throws(StoreError) { try store.completeHistory() } catch { throw .store(error) }
        let id = store.book.nextCaseID(year: rules.today.year)
        var errors: [ValidationError] = []
        var event: CaseRegistered?
        switch draft.validate(
            id: id, region: rules.region, cadence: rules.cadence, calendar: rules.calendar, now: rules.clock.now,
            timeZone: rules.timeZone, advisor: rules.advisor)
        {
        case .success(let made): event = made
        case .failure(let failure): errors += failure.errors
        }
        for consultation in promoting {
            if store.consultations[consultation] == nil {
                errors.append(ValidationError(.unknownConsultation, field: "consult", value: consultation.description))
            } else if let registered = store.consultations.promotedTo[consultation] {
                errors.append(
                    ValidationError(
                        .alreadyRegistered, field: "consult", value: consultation.description,
                        detail: registered.description))
            }
        }
        var lawful: LawfulBasis?
        if !draft.lawful.isEmpty {
            switch draft.lawful.basis(over: nil, today: rules.today, advisor: rules.advisor) {
            case .success(let basis): lawful = basis
            case .failure(let failure): errors += failure.errors
            }
        }
        guard errors.isEmpty, let event else { throw .invalid(ValidationErrors(errors)) }
        if !knownAccepted {
            let known = store.book.alreadyKnown(event.person)
            if !known.isEmpty { throw .alreadyKnown(known) }
        }
        let promoted: [ConsultationEvent] =
            promoting.isEmpty ? [] : [.promoted(ConsultationPromoted(consultations: promoting, caseID: id))]
        let written: CaseStore.Written
        do {
            let ground =
                lawful.map { [CaseEvent.lawfulBasisRecorded(LawfulBasisRecorded(caseID: id, basis: $0))] } ?? []
            written = try store.write(
                [.registered(event)] + ground, [], promoted, basis: basis.map { min($0, store.position) },
                at: rules.clock.now, actor: rules.advisor)
        } catch {
            throw .store(error)
        }
        // The number written is the store's (renumbered when a colleague registered first).
        guard case .registered(let stored)? = written.commit.events.first, let registered = store.book[stored.id] else {
            throw .unknownCase(id)
        }
        return Registered(written: written, registered: registered)
    }
}
