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
    @Test(
        "A file for another tool is written in a private directory of its own: links planted beside it are never followed, nothing is left"
    )
    func plantedLink() throws {
        let dir = TemporaryDirectory()
        try FileManager.default.createDirectory(atPath: dir.store, withIntermediateDirectories: true)
        let victim = dir.path + "/victim"
        #expect(FileManager.default.createFile(atPath: victim, contents: Data("keep me".utf8)))
        let target = dir.store + "/export.json"
        // Links where an older writer put its temporary file, and where a private directory might be.
        for name in ["export.json.tmp-\(getpid())", ".schakel-\(getpid())-000000"] {
            try FileManager.default.createSymbolicLink(atPath: dir.store + "/" + name, withDestinationPath: victim)
        }
        try PrivateFile.write(Array("{}".utf8), to: target)
        #expect(String(decoding: FileManager.default.contents(atPath: victim) ?? Data(), as: UTF8.self) == "keep me")
        #expect(String(decoding: FileManager.default.contents(atPath: target) ?? Data(), as: UTF8.self) == "{}")
        #expect((try FileManager.default.attributesOfItem(atPath: target)[.posixPermissions] as? Int) == 0o600)
        let left = try FileManager.default.contentsOfDirectory(atPath: dir.store).sorted()
        #expect(
            left == [".schakel-\(getpid())-000000", "export.json", "export.json.tmp-\(getpid())"],
            "only the target and the planted links: \(left)")
    }

    @Test(
        "What a killed write left (its private directory, its process gone) goes with the next write; a live writer's stays"
    )
    func staleTemporaries() throws {
        let dir = TemporaryDirectory()
        try FileManager.default.createDirectory(atPath: dir.store, withIntermediateDirectories: true)
        let target = dir.store + "/export.json"
        // A process that no longer runs (pid 999999 is above Linux's pid_max), ten minutes ago; one
        // just now (another host's, perhaps); one of a process that runs (init).
        let stale = dir.store + "/.schakel-999999-abcdef"
        let fresh = dir.store + "/.schakel-999998-abcdef"
        let live = dir.store + "/.schakel-1-abcdef"
        for path in [stale, fresh, live] {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: false)
            #expect(FileManager.default.createFile(atPath: path + "/export.json", contents: Data("BSN".utf8)))
        }
        let old = Date().addingTimeInterval(-3_600)
        for path in [stale, live] {
            try FileManager.default.setAttributes([.modificationDate: old], ofItemAtPath: path)
        }
        try PrivateFile.write(Array("{}".utf8), to: target)
        #expect(!FileManager.default.fileExists(atPath: stale), "a killed writer's copy stays behind")
        #expect(FileManager.default.fileExists(atPath: fresh + "/export.json"), "one just made may still be written")
        #expect(FileManager.default.fileExists(atPath: live + "/export.json"), "a running writer's is left alone")
        #expect(String(decoding: FileManager.default.contents(atPath: target) ?? Data(), as: UTF8.self) == "{}")
    }

    @Test("A directory that is not a store is refused as it is: its mode (a team share's setgid) unchanged")
    func foreignDirectoryKeepsItsMode() throws {
        let dir = TemporaryDirectory()
        try FileManager.default.createDirectory(atPath: dir.store, withIntermediateDirectories: true)
        #expect(FileManager.default.createFile(atPath: dir.store + "/notulen.docx", contents: Data("x".utf8)))
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
