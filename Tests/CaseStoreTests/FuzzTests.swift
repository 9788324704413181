import CaseModel
import Foundation
import TestSupport
import Testing

@testable import CaseStore

/// The store's readers of outside bytes, fed mutations for a bounded time (`Fuzz`): the snapshot
/// reader (a damaged snapshot file) and the export reader (a file to import). Neither may crash;
/// what they accept must read back the same.
@Suite("Fuzzing the store's readers")
struct StoreFuzzTests {
    @Test("The snapshot's case reader: damaged bytes are an error, never a crash")
    func snapshotCase() throws {
        var ledger = Ledger()
        for n in 1...3 {
            try ledger.apply(
                Commit(
                    sequence: UInt64(n), at: StoreFixtures.now, actor: "t",
                    events: [StoreFixtures.registration(n, name: "Persoon \(n)")]), reference: UInt64(n))
        }
        let seeds = ledger.book.cases.values.map { c -> [UInt8] in
            var writer = BinaryWriter()
            writer.write(c)
            return writer.bytes
        }
        let count = try Fuzz.run("snapshot case", seeds: seeds, seed: 4) { (bytes) throws in
            var reader = BinaryReader(bytes)
            guard let read = try? reader.readCase() else { return }
            var again = BinaryWriter()
            again.write(read)
            var second = BinaryReader(again.bytes)
            #expect(try second.readCase() == read, "what it reads, it writes and reads back the same")
        }
        #expect(count > seeds.count)
    }

    @Test(
        "The export reader: any bytes give an export or a clear error; an export read encodes and reads back the same")
    func export() throws {
        let dir = TemporaryDirectory()
        try StoreFixtures.filled(dir, count: 3)
        let store = try CaseStore.open(at: dir.store, readOnly: true)
        let seed = Array(try store.export(at: StoreFixtures.now).encoded())
        store.close()
        let count = try Fuzz.run("export", seeds: [seed], seed: 5) { (bytes) throws in
            guard let export = try? StoreExport.decode(Data(bytes), path: "x.json") else { return }
            #expect(try StoreExport.decode(try export.encoded(), path: "x.json") == export)
        }
        #expect(count > 1)
    }
}
