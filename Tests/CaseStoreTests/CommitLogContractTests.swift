import CaseModel
import Foundation
import Testing

@testable import CaseStore

/// The backends the contract runs against, each on real storage: an SQLite file, and a database
/// in a throwaway PostgreSQL cluster (`PostgresCluster`, started once for the test process).
enum Backend: String, CaseIterable, CustomTestStringConvertible, Sendable {
    case sqlite
    case postgres

    var testDescription: String { rawValue }

    /// A place for one store: a directory, or a new database (its URL).
    struct Place: Sendable {
        var dir: TemporaryDirectory
        var url: String?
    }

    func place() throws -> Place {
        let dir = TemporaryDirectory()
        try? FileManager.default.createDirectory(atPath: dir.store, withIntermediateDirectories: true)
        switch self {
        case .sqlite: return Place(dir: dir, url: nil)
        case .postgres: return Place(dir: dir, url: try PostgresCluster.shared.get().newDatabase())
        }
    }

    func open(_ place: Place, readOnly: Bool = false) throws -> CommitLog {
        switch self {
        case .sqlite: return try SQLiteCommitLog(directory: place.dir.store, readOnly: readOnly, create: !readOnly)
        case .postgres:
            let cluster = try PostgresCluster.shared.get()
            return try PostgresCommitLog(
                try PostgresLocation(place.url ?? "", environment: cluster.environment), readOnly: readOnly,
                create: !readOnly)
        }
    }

    /// Who the backend knows writes the tests' commits: this process's login, or the role the
    /// cluster's URL logs in as.
    var author: String {
        switch self {
        case .sqlite: return ProcessIdentity.login
        case .postgres: return (try? PostgresCluster.shared.get().superuser) ?? "?"
        }
    }

    /// Runs SQL on the place's database as its administrator would (sqlite3, psql), the
    /// append-only triggers of the commits and the chain lifted first.
    func tamper(_ place: Place, _ sql: String) throws {
        switch self {
        case .sqlite:
            let raw = try SQLiteConnection(path: place.dir.database, readOnly: false)
            defer { raw.close() }
            try raw.execute(
                "DROP TRIGGER commits_are_not_updated; DROP TRIGGER commits_are_not_deleted; "
                    + "DROP TRIGGER chain_is_not_updated; DROP TRIGGER chain_is_not_deleted; " + sql)
        case .postgres:
            let database = String((place.url ?? "").split(separator: "/").last ?? "")
            let done = try PostgresCluster.shared.get().psql(
                "ALTER TABLE commits DISABLE TRIGGER commits_are_not_changed; "
                    + "ALTER TABLE chain DISABLE TRIGGER chain_is_not_changed; " + sql, database: database)
            #expect(done.status == 0, "\(done.stderr)")
        }
    }

    /// A log that announced itself and then went away without withdrawing (a crash).
    func crashedPresence(_ place: Place) throws {
        switch self {
        case .sqlite:
            let log = try open(place)
            let gone = try Spawn.start("/bin/true", [], environment: [:])
            _ = Spawn.wait(gone)
            try log.announce(
                Presence(advisor: "Weg", login: "weg", host: ProcessIdentity.hostName, pid: gone, since: Date()))
            log.close()
        case .postgres:
            let log = try open(place)
            try log.announce(
                Presence(advisor: "Weg", login: "weg", host: ProcessIdentity.hostName, pid: getpid(), since: Date()))
            (log as? PostgresCommitLog)?.dropConnectionForTesting()
        }
    }
}

private func entry(_ sequence: UInt64, _ text: String = "x", actor: String = "tester", author: String? = nil)
    -> EncodedCommit
{
    EncodedCommit(
        sequence: sequence, at: Date(timeIntervalSince1970: 1_795_000_000 + Double(sequence)), actor: actor,
        payload: Array("{\"n\":\"\(text)\"}".utf8), author: author)
}

@Suite("The CommitLog contract, for every backend")
struct CommitLogContractTests {
    @Test("An empty log ends at 0 and has an identity that survives reopening", arguments: Backend.allCases)
    func emptyAndIdentity(backend: Backend) throws {
        let dir = try backend.place()
        let log = try backend.open(dir)
        #expect(try log.head() == 0)
        #expect(try log.read(after: 0, limit: 10).isEmpty)
        let identity = log.identity
        #expect(identity.count >= 32)
        log.close()
        let again = try backend.open(dir)
        #expect(again.identity == identity)
        again.close()
        #expect(try backend.open(try backend.place()).identity != identity)
    }

    @Test("Appends at the end are durable and read back in order, whole", arguments: Backend.allCases)
    func appendAndRead(backend: Backend) throws {
        let dir = try backend.place()
        let log = try backend.open(dir)
        for n in 1...3 { #expect(try log.append(entry(UInt64(n), "c\(n)")) == .appended) }
        #expect(try log.head() == 3)
        #expect(
            try log.read(after: 1, limit: 10) == [
                entry(2, "c2", author: backend.author), entry(3, "c3", author: backend.author),
            ])
        #expect(
            try log.read(after: 0, limit: 2) == [
                entry(1, "c1", author: backend.author), entry(2, "c2", author: backend.author),
            ])
        #expect(
            try log.read(sequences: [3, 1, 9]) == [
                entry(3, "c3", author: backend.author), entry(1, "c1", author: backend.author),
            ])
        log.close()
        // What was acknowledged is there after reopening, unchanged.
        let again = try backend.open(dir)
        #expect(
            try again.readAll() == [
                entry(1, "c1", author: backend.author), entry(2, "c2", author: backend.author),
                entry(3, "c3", author: backend.author),
            ])
        again.close()
    }

    @Test(
        "Two appends at one position: one wins, the other writes nothing and is handed what won",
        arguments: Backend.allCases)
    func conflict(backend: Backend) throws {
        let dir = try backend.place()
        let a = try backend.open(dir)
        let b = try backend.open(dir)
        #expect(try a.append(entry(1, "from a", actor: "a")) == .appended)
        #expect(
            try b.append(entry(1, "from b", actor: "b"))
                == .conflict(newer: [entry(1, "from a", actor: "a", author: backend.author)]))
        // A gap is refused the same way: the log must still end where the writer read it.
        #expect(try b.append(entry(3, "gap")) == .conflict(newer: []))
        #expect(try b.append(entry(2, "from b", actor: "b")) == .appended)
        #expect(
            try a.readAll() == [
                entry(1, "from a", actor: "a", author: backend.author),
                entry(2, "from b", actor: "b", author: backend.author),
            ])
        a.close()
        b.close()
    }

    @Test(
        "Many writers at once: every commit lands once, without gaps, in one order all readers see",
        arguments: Backend.allCases)
    func manyWriters(backend: Backend) throws {
        let dir = try backend.place()
        _ = try backend.open(dir)  // create it before the writers race
        let writers = 6
        let each = 25
        let failures = Failures()
        DispatchQueue.concurrentPerform(iterations: writers) { writer in
            do {
                let log = try backend.open(dir)
                defer { log.close() }
                var written = 0
                var position = try log.head()
                while written < each {
                    switch try log.append(entry(position + 1, "w\(writer)-\(written)", actor: "w\(writer)")) {
                    case .appended:
                        written += 1
                        position += 1
                    case .conflict(let newer):
                        position = newer.last?.sequence ?? position
                        if newer.isEmpty { position = try log.head() }
                    }
                }
            } catch {
                failures.add("\(error)")
            }
        }
        #expect(failures.all.isEmpty)
        let reader = try backend.open(dir)
        let all = try reader.readAll()
        #expect(all.map(\.sequence) == Array(1...UInt64(writers * each)))
        let texts = all.map { String(decoding: $0.payload, as: UTF8.self) }
        #expect(Set(texts).count == writers * each)
        let second = try backend.open(dir)
        #expect(try second.readAll() == all)
        reader.close()
        second.close()
    }

    @Test(
        "Another connection's commit wakes the change descriptor and shows in hasChanged; nothing else does",
        arguments: Backend.allCases)
    func notification(backend: Backend) throws {
        let dir = try backend.place()
        let writer = try backend.open(dir)
        let watcher = try backend.open(dir)
        #expect(try watcher.hasChanged() == false)
        #expect(try writer.append(entry(1)) == .appended)
        #expect(try writer.hasChanged() == false)  // its own commit is no news to the writer
        if let fd = watcher.changeDescriptor {
            var descriptor = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            #expect(poll(&descriptor, 1, 5_000) == 1)
            watcher.drainChangeDescriptor()
        }
        let deadline = Date().addingTimeInterval(2)
        var seen = false
        while !seen && Date() < deadline { seen = try watcher.hasChanged() }
        #expect(seen)
        #expect(try watcher.hasChanged() == false)
        #expect(try watcher.read(after: 0, limit: 10) == [entry(1, author: backend.author)])
        writer.close()
        watcher.close()
    }

    @Test("Appending many to an empty log is all or nothing", arguments: Backend.allCases)
    func appendAll(backend: Backend) throws {
        let dir = try backend.place()
        let log = try backend.open(dir)
        #expect(throws: StoreError.self) { try log.appendAll([entry(1), entry(2), entry(4)]) }
        #expect(try log.head() == 0)
        try log.appendAll([entry(1), entry(2)])
        #expect(try log.head() == 2)
        #expect(throws: StoreError.self) { try log.appendAll([entry(1)]) }
        #expect(try log.head() == 2)
        log.close()
    }

    @Test(
        "The author is the backend's to record: an append's claim is ignored; a copy (appendAll) keeps its authors, none included",
        arguments: Backend.allCases)
    func author(backend: Backend) throws {
        let appended = try backend.place()
        let log = try backend.open(appended)
        #expect(try log.append(entry(1, author: "mallory")) == .appended)
        #expect(try log.readAll().map(\.author) == [backend.author])
        log.close()
        // History carried over from another store keeps who wrote it, and that nobody was recorded.
        let copied = try backend.place()
        let copy = try backend.open(copied)
        try copy.appendAll([entry(1, author: "anna"), entry(2), entry(3, author: "bram")])
        #expect(try copy.readAll().map(\.author) == ["anna", nil, "bram"])
        #expect(try copy.read(sequences: [3, 2]).map(\.author) == ["bram", nil])
        copy.close()
    }

    @Test("A read-only log refuses to append", arguments: Backend.allCases)
    func readOnly(backend: Backend) throws {
        let dir = try backend.place()
        let log = try backend.open(dir)
        #expect(try log.append(entry(1)) == .appended)
        let reader = try backend.open(dir, readOnly: true)
        #expect(reader.isReadOnly)
        #expect(throws: StoreError.readOnly) { _ = try reader.append(entry(2)) }
        #expect(try reader.readAll() == [entry(1, author: backend.author)])
        reader.close()
        log.close()
    }

    @Test(
        "Presence: who announced is listed until they withdraw; a process that is gone is not",
        arguments: Backend.allCases)
    func presence(backend: Backend) throws {
        let dir = try backend.place()
        let a = try backend.open(dir)
        let b = try backend.open(dir)
        let me = Presence(
            advisor: "Anna Visser", login: "anna", host: ProcessIdentity.hostName, pid: getpid(), since: Date())
        try a.announce(me)
        #expect(try b.present().map(\.advisor) == ["Anna Visser"])
        // A process that ended without withdrawing (a crash) is left out (once the backend has
        // seen it go: a server notices a dropped connection within moments).
        try backend.crashedPresence(dir)
        var listed = try a.present().map(\.advisor)
        let deadline = Date().addingTimeInterval(3)
        while listed != ["Anna Visser"] && Date() < deadline {
            Thread.sleep(forTimeInterval: 0.05)
            listed = try a.present().map(\.advisor)
        }
        #expect(listed == ["Anna Visser"])
        a.withdraw()
        #expect(try b.present().isEmpty)
        a.close()
        b.close()
    }
}

extension CommitLog {
    /// Encrypting in place with an access log left as it is (these tests have none).
    fileprivate func reseal(slots: [KeySlot], _ seal: (EncodedCommit) throws(StoreError) -> [UInt8]) throws(StoreError)
    {
        try reseal(slots: slots, seal, access: { $0 }, chain: .plain)
    }
}

/// A key slot as the backend keeps it (the backend stores it; what it wraps is `Keyring`'s business).
private func slot(_ advisor: String, _ wrapped: String = "d3JhcHBlZA==") -> KeySlot {
    KeySlot(
        advisor: advisor, kdf: "scrypt", n: 1 << 15, r: 8, p: 1, salt: "c2FsdA==", wrapped: wrapped,
        created: Date(timeIntervalSince1970: 1_795_000_000))
}

@Suite("The CommitLog contract: key slots and encrypting in place")
struct KeySlotContractTests {
    @Test(
        "A store filled whole (copy, repair): commits, access log and key slots in one transaction; a failure in the last leaves nothing",
        arguments: Backend.allCases)
    func fillWhole(backend: Backend) throws {
        let record = { (sequence: UInt64, tag: String) in
            AccessRecord(sequence: sequence, stored: Array("entry \(sequence)".utf8), hash: "h\(sequence)", tags: [tag])
        }
        // An encrypted store's commits as a copy carries them: sealed (the database refuses plain ones
        // once there are slots, so the slots going in first check that too).
        let sealed = { (sequence: UInt64) in
            var commit = entry(sequence)
            commit.payload = Array("sealed1:\(sequence)".utf8)
            return commit
        }
        let dir = try backend.place()
        let log = try backend.open(dir)
        defer { log.close() }
        #expect(throws: StoreError.self) {
            try log.appendAll([entry(1)], access: [], slots: [slot("Anna")])
        }
        // The second entry takes the first's place: refused by the database, after the commits went in.
        #expect(throws: StoreError.self) {
            try log.appendAll(
                [sealed(1), sealed(2)], access: [record(1, "a"), record(1, "b")], slots: [slot("Anna")])
        }
        #expect(try log.head() == 0)
        #expect(try log.keySlots().isEmpty)
        #expect(try log.readAccess(after: 0, limit: 10).isEmpty)
        // The same again, right: all of it, the tags too.
        try log.appendAll([sealed(1), sealed(2)], access: [record(1, "a"), record(2, "b")], slots: [slot("Anna")])
        #expect(try log.head() == 2)
        #expect(try log.keySlots().map(\.advisor) == ["Anna"])
        #expect(try log.readAccess(after: 0, limit: 10).map(\.hash) == ["h1", "h2"])
        #expect(try log.countAccess(tag: "b") == 1)
        #expect(throws: StoreError.self) { try log.appendAll([], access: [record(3, "c")], slots: []) }
    }

    @Test(
        "A log is encrypted whole or not at all: reseal replaces every payload and stores the slots in one step, once",
        arguments: Backend.allCases)
    func reseal(backend: Backend) throws {
        let dir = try backend.place()
        let log = try backend.open(dir)
        defer { log.close() }
        #expect(try log.keySlots().isEmpty)
        for n in 1...3 { #expect(try log.append(entry(UInt64(n), "c\(n)")) == .appended) }
        // No slot can be added to a store that is not encrypted: it becomes encrypted only whole.
        #expect(throws: StoreError.self) { try log.saveKeySlot(slot("Anna")) }
        // A seal that fails halfway leaves the store as it was.
        #expect(throws: StoreError.readOnly) {
            try log.reseal(slots: [slot("Anna")]) { (commit) throws(StoreError) in
                if commit.sequence == 2 { throw StoreError.readOnly }
                return Array("sealed1:\(commit.sequence)".utf8)
            }
        }
        #expect(try log.keySlots().isEmpty)
        #expect(try log.readAll().map(\.payload) == (1...3).map { entry(UInt64($0), "c\($0)").payload })

        try log.reseal(slots: [slot("Anna")]) { (commit) throws(StoreError) in
            Array("sealed1:\(commit.sequence)".utf8)
        }
        #expect(
            try log.readAll().map { String(decoding: $0.payload, as: UTF8.self) } == [
                "sealed1:1", "sealed1:2", "sealed1:3",
            ])
        #expect(try log.keySlots() == [slot("Anna")])
        #expect(throws: StoreError.self) {
            try log.reseal(slots: [slot("Bob")]) { (commit) throws(StoreError) in commit.payload }
        }
        // Once encrypted, the database itself refuses a commit that is not sealed (a desk that
        // opened the store before it was encrypted), and takes a sealed one.
        #expect(throws: StoreError.self) { _ = try log.append(entry(4)) }
        var sealed = entry(4)
        sealed.payload = Array("sealed1:4".utf8)
        #expect(try log.append(sealed) == .appended)
        // Still append-only after the trigger was lifted and put back.
        #expect(try log.head() == 4)
    }

    @Test(
        "Slots are added, replaced and removed one at a time; never the last; reopening gives them back",
        arguments: Backend.allCases)
    func slots(backend: Backend) throws {
        let dir = try backend.place()
        let log = try backend.open(dir)
        try log.reseal(slots: [slot("Anna")]) { (commit) throws(StoreError) in commit.payload }
        try log.saveKeySlot(slot("Bob"))
        try log.saveKeySlot(slot("Anna", "bmlldXc="))
        #expect(try log.keySlots() == [slot("Anna", "bmlldXc="), slot("Bob")])
        #expect(try log.removeKeySlot(advisor: "Carla") == .notFound)
        #expect(try log.removeKeySlot(advisor: "Bob") == .removed)
        #expect(try log.removeKeySlot(advisor: "Anna") == .lastSlot)
        log.close()
        let reader = try backend.open(dir, readOnly: true)
        defer { reader.close() }
        #expect(try reader.keySlots() == [slot("Anna", "bmlldXc=")])
        #expect(throws: StoreError.readOnly) { try reader.saveKeySlot(slot("Bob")) }
        #expect(throws: StoreError.readOnly) { _ = try reader.removeKeySlot(advisor: "Anna") }
    }
}

/// Collects errors from concurrent work.
final class Failures: @unchecked Sendable {
    private let lock = NSLock()
    private var items: [String] = []
    func add(_ text: String) {
        lock.lock()
        items.append(text)
        lock.unlock()
    }
    var all: [String] {
        lock.lock()
        defer { lock.unlock() }
        return items
    }
}

@Suite("The PostgreSQL log's own connections")
struct PostgresListenerTests {
    /// Whether `fd` becomes readable within `milliseconds`.
    private func readable(_ fd: Int32, within milliseconds: Int32) -> Bool {
        var descriptor = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        return poll(&descriptor, 1, milliseconds) == 1
    }

    @Test("A listening connection the server ended alone is started again: a colleague's commit wakes the desk again")
    func listenerComesBack() throws {
        let cluster = try PostgresCluster.shared.get()
        let place = try Backend.postgres.place()
        let desk = try Backend.postgres.open(place)
        defer { desk.close() }
        let fd = try #require(desk.changeDescriptor)
        let database = String((place.url ?? "").split(separator: "/").last ?? "")
        // End the listening connections (every log has one); the query connections stay.
        let ended = try cluster.psql(
            """
            SELECT pg_terminate_backend(pid) FROM pg_stat_activity
            WHERE datname = '\(database)' AND query LIKE 'LISTEN%' AND pid <> pg_backend_pid()
            """)
        #expect(ended.status == 0, "\(ended.stderr)")
        #expect(readable(fd, within: 5_000), "the end of the listener should wake the desk once")
        desk.drainChangeDescriptor()
        Thread.sleep(forTimeInterval: 1.2)  // a listener is started again at most once a second
        #expect(try desk.hasChanged())  // the wake-up said "look": presence may have changed
        let writer = try Backend.postgres.open(place)
        defer { writer.close() }
        #expect(try writer.append(entry(1)) == .appended)
        #expect(readable(fd, within: 5_000), "a commit after the listener was ended did not wake the desk")
        #expect(try desk.hasChanged())
    }
}
