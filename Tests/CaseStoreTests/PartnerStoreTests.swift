import CaseModel
import Foundation
import TestSupport
import Testing

@testable import CaseStore

@Suite("Partners and consultations in the store")
struct PartnerStoreTests {
    static let organisation = Organisation(
        id: OrganisationID(1), type: .ggd, name: "GGD Fryslân", gemeenten: [],
        covenantSigned: false, covenantDate: nil)
    static func consultation(_ n: Int) -> Consultation {
        Consultation(
            id: ConsultationID(n), at: StoreFixtures.now, gemeente: "Leeuwarden", wijkteam: "Wijkteam Noord",
            member: "",
            question: "Vraag \(n)", sketch: "", advice: "", durationMinutes: nil, followUp: .none, thread: nil,
            safetySignal: false, advisor: nil, acceptedFindings: [])
    }

    @Test("They are journalled, replayed after reopening, kept in the snapshot, exported and checked")
    func roundTrip() throws {
        let dir = TemporaryDirectory()
        var store: CaseStore? = try CaseStore.open(at: dir.store, snapshotThreshold: 2)
        try store!.commit(
            [], partnerEvents: [.organisationRecorded(Self.organisation)], at: StoreFixtures.now, actor: "t")
        try store!.commit([], consultationEvents: [.logged(Self.consultation(1))], at: StoreFixtures.now, actor: "t")
        try store!.commit(
            [StoreFixtures.registration(1)],
            consultationEvents: [
                .promoted(
                    ConsultationPromoted(consultations: [ConsultationID(1)], caseID: CaseID(year: 2026, sequence: 1)))
            ],
            at: StoreFixtures.now, actor: "t")
        let expected = store!.ledger
        store!.close()
        store = nil
        // The snapshot was written after the second commit: the third is replayed on top of it.
        let reopened = try CaseStore.open(at: dir.store)
        #expect(reopened.ledger == expected)
        #expect(reopened.consultations.promotedTo[ConsultationID(1)] == CaseID(year: 2026, sequence: 1))
        let export = try reopened.export(at: StoreFixtures.now)
        reopened.close()
        let report = CaseStore.check(directory: dir.store)
        #expect(report.problems == [])
        #expect(
            [report.commits, report.events, report.partners, report.consultations, report.cases] as [Int] == [
                3, 4, 1, 1, 1,
            ])

        let target = TemporaryDirectory()
        let copy = try CaseStore.open(at: target.store)
        try copy.importAll(try StoreExport.decode(try export.encoded(), path: "x"), from: "x")
        #expect(copy.ledger.partners == expected.partners)
        #expect(copy.ledger.consultations == expected.consultations)
        copy.close()
    }

    @Test("A refused consultation event writes nothing and leaves the cases of its commit unregistered")
    func refusedConsultation() throws {
        let dir = TemporaryDirectory()
        let store = try CaseStore.open(at: dir.store)
        let before = try store.log.head()
        #expect(throws: StoreError.rejected(.consultations(.unknownConsultation(ConsultationID(5))))) {
            try store.commit(
                [StoreFixtures.registration(1)],
                consultationEvents: [
                    .promoted(
                        ConsultationPromoted(
                            consultations: [ConsultationID(5)], caseID: CaseID(year: 2026, sequence: 1)))
                ],
                at: StoreFixtures.now, actor: "t")
        }
        #expect(try store.log.head() == before)
        #expect(store.book.cases.isEmpty)
        store.close()
    }
}
