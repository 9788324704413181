import CaseModel
import Foundation
import TestSupport
import Testing

@testable import CaseStore

/// What issue 13 found the store doing to the file system, each shown gone: a link planted where
/// a temporary file will be is not followed, a directory that is not a store keeps its mode, and
/// a file written for another tool is private from its first byte.
@Suite("The store and the file system")
struct FileSystemTests {
    @Test("A symlink named like the temporary file of a write is removed, never followed: its target is untouched")
    func plantedLink() throws {
        let dir = TemporaryDirectory()
        try FileManager.default.createDirectory(atPath: dir.store, withIntermediateDirectories: true)
        let victim = dir.path + "/victim"
        FileManager.default.createFile(atPath: victim, contents: Data("keep me".utf8))
        let target = dir.store + "/export.json"
        try FileManager.default.createSymbolicLink(atPath: target + ".tmp-\(getpid())", withDestinationPath: victim)
        try PrivateFile.write(Array("{}".utf8), to: target)
        #expect(String(decoding: FileManager.default.contents(atPath: victim) ?? Data(), as: UTF8.self) == "keep me")
        #expect(String(decoding: FileManager.default.contents(atPath: target) ?? Data(), as: UTF8.self) == "{}")
        #expect((try FileManager.default.attributesOfItem(atPath: target)[.posixPermissions] as? Int) == 0o600)
        #expect(!FileManager.default.fileExists(atPath: target + ".tmp-\(getpid())"))
    }

    @Test("What a killed write left beside its file goes with the next write of it; a live writer's stays")
    func staleTemporaries() throws {
        let dir = TemporaryDirectory()
        try FileManager.default.createDirectory(atPath: dir.store, withIntermediateDirectories: true)
        let target = dir.store + "/export.json"
        // A process that no longer runs (pid 999999 is above Linux's pid_max), its file ten minutes old.
        let stale = target + ".tmp-999999"
        let fresh = target + ".tmp-999998"
        let live = target + ".tmp-1"  // init: always running
        for path in [stale, fresh, live] { FileManager.default.createFile(atPath: path, contents: Data("BSN".utf8)) }
        let old = Date().addingTimeInterval(-3_600)
        for path in [stale, live] {
            try FileManager.default.setAttributes([.modificationDate: old], ofItemAtPath: path)
        }
        try PrivateFile.write(Array("{}".utf8), to: target)
        #expect(!FileManager.default.fileExists(atPath: stale), "a killed writer's copy stays behind")
        #expect(FileManager.default.fileExists(atPath: fresh), "one just made may still be written (another host)")
        #expect(FileManager.default.fileExists(atPath: live), "a running writer's file is left alone")
        #expect(String(decoding: FileManager.default.contents(atPath: target) ?? Data(), as: UTF8.self) == "{}")
    }

    @Test("A directory that is not a store is refused as it is: its mode (a team share's setgid) unchanged")
    func foreignDirectoryKeepsItsMode() throws {
        let dir = TemporaryDirectory()
        try FileManager.default.createDirectory(atPath: dir.store, withIntermediateDirectories: true)
        FileManager.default.createFile(atPath: dir.store + "/notulen.docx", contents: Data("x".utf8))
        #expect(chmod(dir.store, 0o2775) == 0)
        #expect(throws: StoreError.notAStore(path: dir.store)) { _ = try CaseStore.open(at: dir.store) }
        var info = stat()
        #expect(stat(dir.store, &info) == 0)
        #expect(info.st_mode & 0o7777 == 0o2775)
        #expect(!FileManager.default.fileExists(atPath: dir.database), "no database was made in it")
    }

    @Test("An existing empty store directory of a team keeps its mode when the store is made in it")
    func teamDirectoryKeepsItsMode() throws {
        let dir = TemporaryDirectory()
        try FileManager.default.createDirectory(atPath: dir.store, withIntermediateDirectories: true)
        #expect(chmod(dir.store, 0o2770) == 0)
        let store = try CaseStore.open(at: dir.store)
        store.close()
        var info = stat()
        #expect(stat(dir.store, &info) == 0)
        #expect(info.st_mode & 0o7777 == 0o2770)
        #expect(stat(dir.database, &info) == 0)
        #expect(info.st_mode & 0o777 == 0o660, "a team store's files are the group's")
    }
}
