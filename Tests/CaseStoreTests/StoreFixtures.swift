import CaseModel
import Foundation
@_exported import TestSupport
import Testing

@testable import CaseStore

enum StoreFixtures {
    static let now = Date(timeIntervalSince1970: 1_795_478_400 + 8 * 3600)

    static func registration(_ sequence: Int, name: String = "Anne de Vries") -> CaseEvent {
        .registered(
            CaseRegistered(
                id: CaseID(year: 2026, sequence: sequence),
                person: Person(
                    name: name, birthDate: CalendarDate(iso: "1980-01-02"), bsn: try? BSN("111222333"),
                    address: Address(street: "Tuinstraat 1", postcode: try? Postcode("8911AB"), place: "Leeuwarden")),
                gemeente: "Leeuwarden", wijkteam: "Wijkteam Noord", source: .politie,
                referrer: Referrer(organisation: "Politie", contact: "J. de Wit"), reason: "Overlast", goal: "Rust",
                receivedAt: now, riskSignals: [.geweld], advisor: "tester",
                deadlines: [
                    Deadline(kind: .contactReferrer, due: .day(CalendarDate(iso: "2026-12-01")!)),
                    Deadline(
                        kind: .zsmAnswer, due: .moment(now.addingTimeInterval(4 * 3600)),
                        hardLimit: now.addingTimeInterval(9 * 3600)),
                ]))
    }

    /// Opens a store, registers `count` cases one commit each, and closes it.
    static func filled(_ dir: TemporaryDirectory, count: Int, closeWithSnapshot: Bool = true) throws {
        // A threshold of one: every close leaves a snapshot, so these tests see one.
        let store = try CaseStore.open(at: dir.store, snapshotThreshold: closeWithSnapshot ? 1 : 1_000_000)
        for n in 1...count {
            try store.commit(
                [registration(n, name: "Persoon \(n)")], at: now.addingTimeInterval(Double(n)), actor: "tester")
        }
        store.close()
    }

    /// The ledger written to a snapshot database and read back whole.
    static func snapshotRoundTrip(_ ledger: Ledger) throws -> Ledger {
        let dir = TemporaryDirectory()
        let store = try SnapshotStore(path: dir.path + "/snapshot", create: true, fileMode: 0o600)
        defer { store.close() }
        try store.update(
            to: ledger, binding: .init(identity: "x", sequence: ledger.lastSequence, digest: 7), from: nil, changed: nil
        )
        #expect(try store.binding() == .init(identity: "x", sequence: ledger.lastSequence, digest: 7))
        return try store.ledger(cases: nil, sequence: ledger.lastSequence)
    }

    /// The commit a store's snapshot reaches (nil: none yet).
    static func snapshotSequence(_ dir: TemporaryDirectory) throws -> UInt64? {
        let store = try SnapshotStore(path: dir.snapshot, create: false, fileMode: 0o600)
        defer { store.close() }
        return try store.binding()?.sequence
    }

    static func bytes(_ path: String) -> [UInt8] {
        Array(FileManager.default.contents(atPath: path) ?? Data())
    }
}
