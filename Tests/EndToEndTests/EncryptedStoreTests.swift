import Foundation
import TestSupport
import Testing

/// An encrypted store as an FG would examine it: every file it leaves, a sealed export, a
/// database dump, the terminal after the desk quits; and as bad luck would: a kill mid-encrypt.
@Suite("An encrypted store, examined from outside")
struct EncryptedStoreTests {
    /// A file holding `text`, readable by its owner only, and the environment naming it for each use.
    private func passphrase(_ dir: TemporaryDirectory, _ text: String = "een lange wachtwoordzin") -> [String: String] {
        let path = dir.path + "/passphrase-\(UUID().uuidString.prefix(6))"
        FileManager.default.createFile(
            atPath: path, contents: Data((text + "\n").utf8), attributes: [.posixPermissions: 0o600])
        return [
            "SCHAKEL_PASSPHRASE_FILE": path, "SCHAKEL_NEW_PASSPHRASE_FILE": path, "SCHAKEL_SEAL_PASSPHRASE_FILE": path,
        ]
    }

    /// The names, BSNs, reasons and addresses in a plain export: what must be found nowhere else.
    private func secrets(inExport json: String) -> Set<String> {
        var found = Set<String>()
        for field in ["name", "bsn", "reason", "street", "goal"] {
            let pattern = try! NSRegularExpression(pattern: "\"\(field)\" : \"([^\"]{6,})\"")
            for match in pattern.matches(in: json, range: NSRange(json.startIndex..., in: json)) {
                if let range = Range(match.range(at: 1), in: json) { found.insert(String(json[range])) }
            }
        }
        return found
    }

    /// What `strings` finds in every file under `directory` (and in `extra`), as one text.
    private func strings(_ paths: [String]) throws -> String {
        var all = ""
        for path in paths {
            let output = try Spawn.run(
                "/usr/bin/strings", ["-a", "-n", "4", path], environment: ["PATH": "/usr/bin:/bin"])
            #expect(output.status == 0, "strings \(path): \(output.stderr)")
            all += output.stdout
        }
        return all
    }

    /// An export without the moment it was made.
    private func withoutMoment(_ export: String) -> String {
        export.split(separator: "\n").filter { !$0.contains("\"exportedAt\"") }.joined(separator: "\n")
    }

    private func files(in directory: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).sorted().map { directory + "/" + $0 }
    }

    @Test(
        "strings on every file of an encrypted demo store and on a sealed export finds no name, BSN, address or reason")
    func nothingReadable() throws {
        let dir = TemporaryDirectory()
        let keys = passphrase(dir)
        let initialise = try Schakel.run(["store", "init", "--encrypt", "--store", dir.store], environment: keys)
        #expect(initialise.status == 0, "\(initialise.stderr)")
        #expect(initialise.stdout.contains("is versleuteld"))
        #expect(try Schakel.run(["demo", "--store", dir.store, "--cases", "40"], environment: keys).status == 0)
        let plain = try Schakel.run(["export", "--store", dir.store], environment: keys)
        #expect(plain.status == 0, "\(plain.stderr)")
        let secrets = secrets(inExport: plain.stdout)
        #expect(secrets.count > 60, "the demo's export should name many people, numbers and reasons")
        let sealedPath = dir.path + "/export.sealed"
        let sealed = try Schakel.run(
            ["export", "--seal", "--out", sealedPath, "--store", dir.store], environment: keys)
        #expect(sealed.status == 0, "\(sealed.stderr)")
        #expect(sealed.stdout.contains("verzegeld geëxporteerd"))
        let check = try Schakel.run(["check", "--store", dir.store], environment: keys)
        #expect(check.status == 0, "\(check.stdout)\(check.stderr)")
        #expect(check.stdout.contains("versleuteld: ja, AES-256-GCM; 1 sleutel: Tester"))

        let readable = try strings(files(in: dir.store) + [sealedPath])
        let leaked = secrets.filter { readable.contains($0) }
        #expect(leaked.isEmpty, "readable in the store's files or the sealed export: \(leaked.sorted().prefix(5))")
        // What strings does find is only sealed text and the database's own words.
        #expect(readable.contains("sealed1:"))
    }

    @Test(
        "Python's hashlib and cryptography open a sealed export; a file they seal is imported; a wrong passphrase imports nothing"
    )
    func sealedExportWithPython() throws {
        let dir = TemporaryDirectory()
        let keys = passphrase(dir)
        #expect(try Schakel.run(["demo", "--store", dir.store, "--cases", "8"], environment: keys).status == 0)
        let plain = try Schakel.run(["export", "--store", dir.store])
        let sealedPath = dir.path + "/export.sealed"
        #expect(
            try Schakel.run(["export", "--seal", "--out", sealedPath, "--store", dir.store], environment: keys).status
                == 0)
        let attributes = try FileManager.default.attributesOfItem(atPath: sealedPath)
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
        let python = """
            import base64, hashlib, json, os, sys
            from cryptography.hazmat.primitives.ciphers.aead import AESGCM
            passphrase = open(sys.argv[1], encoding="utf-8").read().rstrip("\\n").encode()
            sealed = json.load(open(sys.argv[2]))
            assert sealed["format"] == "schakel-sealed" and sealed["cipher"] == "AES-256-GCM", sealed["format"]
            kdf = sealed["kdf"]
            def key(salt, n, r, p):
                return hashlib.scrypt(passphrase, salt=salt, n=n, r=r, p=p, maxmem=256 * 1024 * 1024, dklen=32)
            opened = AESGCM(key(base64.b64decode(kdf["salt"]), kdf["n"], kdf["r"], kdf["p"])).decrypt(
                base64.b64decode(sealed["nonce"]), base64.b64decode(sealed["ciphertext"]), b"schakel-sealed 1")
            export = json.loads(opened)
            print(export["format"], len(export["commits"]))
            # And one of our own, with other scrypt costs and a fresh salt and nonce.
            salt, nonce = os.urandom(16), os.urandom(12)
            box = AESGCM(key(salt, 1 << 14, 8, 2)).encrypt(nonce, opened, b"schakel-sealed 1")
            json.dump({"format": "schakel-sealed", "version": 1, "cipher": "AES-256-GCM",
                       "kdf": {"name": "scrypt", "n": 1 << 14, "r": 8, "p": 2, "salt": base64.b64encode(salt).decode()},
                       "nonce": base64.b64encode(nonce).decode(), "ciphertext": base64.b64encode(box).decode()},
                      open(sys.argv[3], "w"))
            """
        let ours = dir.path + "/python.sealed"
        let run = try Spawn.run(
            "/usr/bin/python3", ["-c", python, keys["SCHAKEL_SEAL_PASSPHRASE_FILE"]!, sealedPath, ours],
            environment: ["PATH": "/usr/bin:/bin"])
        #expect(run.status == 0, "\(run.stderr)")
        let commits = plain.stdout.components(separatedBy: "\"sequence\" :").count - 1
        #expect(run.stdout == "schakel-export \(commits)\n")

        let imported = try Schakel.run(["import", ours, "--store", dir.path + "/again"], environment: keys)
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(imported.stdout.contains("8 casussen"))
        #expect(try Schakel.run(["export", "--store", dir.path + "/again"]).stdout.count == plain.stdout.count)

        let wrong = try Schakel.run(
            ["import", sealedPath, "--store", dir.path + "/third"], environment: passphrase(dir, "niet de goede zin"))
        #expect(wrong.status == 1)
        #expect(
            wrong.stderr
                == "schakel: \(sealedPath): verkeerde wachtwoordzin, of het bestand is veranderd; er is niets geïmporteerd\n"
        )
        #expect(!FileManager.default.fileExists(atPath: dir.path + "/third/schakel.db"))
    }

    @Test(
        "One clear refusal: a wrong passphrase, a passphrase file others may read, an advisor without a key, no terminal"
    )
    func refusals() throws {
        let dir = TemporaryDirectory()
        let keys = passphrase(dir)
        #expect(try Schakel.run(["store", "init", "--encrypt", "--store", dir.store], environment: keys).status == 0)
        let database = dir.store + "/schakel.db"
        let wrong = try Schakel.run(
            ["case", "list", "--store", dir.store], environment: passphrase(dir, "verkeerde zin!"))
        #expect(wrong.status == 1)
        #expect(wrong.stderr == "schakel: verkeerde wachtwoordzin voor Tester; \(database) is niet geopend\n")
        let open = keys["SCHAKEL_PASSPHRASE_FILE"]!
        chmod(open, 0o644)
        let loose = try Schakel.run(["case", "list", "--store", dir.store], environment: keys)
        #expect(
            loose.stderr
                == "schakel: kan \(open) niet lezen: alleen de eigenaar mag een bestand met een wachtwoordzin lezen (chmod 600); dit is 644\n"
        )
        chmod(open, 0o600)
        let other = try Schakel.run(
            ["case", "list", "--store", dir.store, "--lang", "en"],
            environment: keys.merging(["SCHAKEL_ADVISOR": "Bob"]) { $1 })
        #expect(
            other.stderr
                == "schakel: \(database) is encrypted and holds no key for Bob; someone who has one (Tester) adds it with schakel store key add --for \"Bob\"\n"
        )
        // Spawned without a terminal and without a file: said, not hung.
        let none = try Schakel.run(["case", "list", "--store", dir.store])
        #expect(none.status == 1)
        #expect(none.stderr.contains("is versleuteld: geef je wachtwoordzin op een terminal"))
        // A new passphrase too short is refused before anything is made.
        let short = try Schakel.run(
            ["store", "init", "--encrypt", "--store", dir.path + "/kort"], environment: passphrase(dir, "kort"))
        #expect(
            short.stderr
                == "schakel: een wachtwoordzin heeft minstens 10 tekens (deze heeft er 4); er is niets veranderd\n")
        #expect(!FileManager.default.fileExists(atPath: dir.path + "/kort"))
    }

    @Test(
        "Keys on the command line: a colleague added, listed, opens with their own; revoked, cannot; the last is kept")
    func keysOnTheCommandLine() throws {
        let dir = TemporaryDirectory()
        let anna = passphrase(dir, "zin van tester 1")
        #expect(try Schakel.run(["store", "init", "--encrypt", "--store", dir.store], environment: anna).status == 0)
        let bob = passphrase(dir, "zin van bob de bouwer")
        var adding = anna
        adding["SCHAKEL_NEW_PASSPHRASE_FILE"] = bob["SCHAKEL_NEW_PASSPHRASE_FILE"]
        let add = try Schakel.run(["store", "key", "add", "--for", "Bob", "--store", dir.store], environment: adding)
        #expect(add.stdout == "sleutel voor Bob toegevoegd aan \(dir.store)\n", "\(add.stderr)")
        let list = try Schakel.run(["store", "key", "list", "--store", dir.store])
        #expect(list.stdout.hasPrefix("Bob  sinds "), "\(list.stdout)")
        #expect(list.stdout.contains("\nTester  sinds "))
        let asBob = bob.merging(["SCHAKEL_ADVISOR": "Bob"]) { $1 }
        #expect(try Schakel.run(["case", "list", "--store", dir.store], environment: asBob).status == 0)
        let revoke = try Schakel.run(
            ["store", "key", "revoke", "--for", "Bob", "--store", dir.store], environment: anna)
        #expect(revoke.status == 0, "\(revoke.stderr)")
        #expect(try Schakel.run(["case", "list", "--store", dir.store], environment: asBob).status == 1)
        // A key is not taken over silently; and every change of keys is in the access log.
        let again = try Schakel.run(
            ["store", "key", "add", "--for", "Tester", "--store", dir.store], environment: adding)
        #expect(again.stderr.hasPrefix("schakel: Tester heeft al een sleutel; geef --replace"))
        let audit = try Schakel.run(["audit", "--store", dir.store], environment: anna).stdout
        for what in ["encrypt", "key-add Bob", "key-revoke Bob"] {
            #expect(audit.contains("sleutelbeheer") && audit.contains(what), "\(what) not in:\n\(audit)")
        }
        let last = try Schakel.run(
            ["store", "key", "revoke", "--for", "Tester", "--store", dir.store], environment: anna)
        #expect(
            last.stderr
                == "schakel: Tester heeft de enige sleutel: intrekken laat een opslag achter die niemand kan openen\n")
        let plain = TemporaryDirectory()
        let notEncrypted = try Schakel.run(["store", "key", "list", "--store", plain.store])
        #expect(notEncrypted.status != 0 || notEncrypted.stdout.contains("is niet versleuteld"))
    }

    @Test("store encrypt killed at any moment leaves the old store or the encrypted one, whole, never neither")
    func encryptKilled() throws {
        let dir = TemporaryDirectory()
        let keys = passphrase(dir)
        #expect(try Schakel.run(["demo", "--store", dir.store, "--cases", "300"]).status == 0)
        let before = try Schakel.run(["export", "--store", dir.store]).stdout
        var outcomes: [String] = []
        for delay in stride(from: 0.0, through: 0.6, by: 0.05) {
            let pid = try Spawn.start(
                Schakel.path, ["store", "encrypt", "--store", dir.store],
                environment: Schakel.environment.merging(keys) { $1 })
            Thread.sleep(forTimeInterval: delay)
            kill(pid, SIGKILL)
            _ = Spawn.wait(pid)
            let check = try Schakel.run(["check", "--store", dir.store], environment: keys)
            #expect(check.status == 0, "after \(delay) s: \(check.stdout)\(check.stderr)")
            let encrypted = check.stdout.contains("versleuteld: ja")
            outcomes.append(encrypted ? "new" : "old")
            #expect(
                withoutMoment(try Schakel.run(["export", "--store", dir.store], environment: keys).stdout)
                    == withoutMoment(before))
            if encrypted { break }
        }
        #expect(outcomes.contains("old"), "\(outcomes)")
        if outcomes.last == "old" {
            let finished = try Schakel.run(["store", "encrypt", "--store", dir.store], environment: keys)
            #expect(finished.status == 0, "\(finished.stderr)")
        }
        #expect(
            withoutMoment(try Schakel.run(["export", "--store", dir.store], environment: keys).stdout)
                == withoutMoment(before))
        #expect(try Schakel.run(["check", "--store", dir.store], environment: keys).stdout.contains("versleuteld: ja"))
    }

    @Test(
        "On PostgreSQL the database holds ciphertext: pg_dump and the table's own file show no name; an existing store encrypted in place"
    )
    func postgres() throws {
        let cluster = try PostgresCluster.shared.get()
        let dir = TemporaryDirectory()
        let keys = passphrase(dir).merging(cluster.environment) { $1 }
        let store = try cluster.newDatabase()
        let database = String(store.split(separator: "/").last ?? "")
        // A plain store first, as a region's would be before this release; then encrypted in place.
        #expect(try Schakel.run(["demo", "--store", store, "--cases", "20"], environment: keys).status == 0)
        let plain = try Schakel.run(["export", "--store", store], environment: keys).stdout
        let secrets = secrets(inExport: plain)
        #expect(secrets.count > 30)
        let encrypt = try Schakel.run(["store", "encrypt", "--store", store], environment: keys)
        #expect(encrypt.status == 0, "\(encrypt.stderr)")
        #expect(encrypt.stdout.contains("is versleuteld: "))
        let add = try Schakel.run(
            [
                "case", "add", "--store", store, "--name", "Geheime Naam", "--gemeente", "Harlingen", "--source",
                "politie", "--reason", "Geheime reden",
            ], environment: keys)
        #expect(add.status == 0, "\(add.stderr)")
        let check = try Schakel.run(["check", "--store", store], environment: keys)
        #expect(check.status == 0, "\(check.stdout)\(check.stderr)")
        #expect(check.stdout.contains("versleuteld: ja"))

        let dump = try cluster.dump(database: database)
        #expect(dump.status == 0, "\(dump.stderr)")
        #expect(dump.stdout.contains("sealed1:"))
        let leaked = (secrets.union(["Geheime Naam", "Geheime reden"])).filter { dump.stdout.contains($0) }
        #expect(leaked.isEmpty, "in pg_dump: \(leaked.sorted().prefix(5))")
        // The table's file on the server's disk: the plaintext rows the encryption replaced are gone too.
        _ = try cluster.psql("CHECKPOINT", database: database)
        let file = try cluster.psql("SELECT pg_relation_filepath('commits')", database: database)
        let relation = file.stdout.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
            .first { $0.hasPrefix("base/") }
        let path = cluster.directory + "/data/" + (relation ?? "?")
        #expect(FileManager.default.fileExists(atPath: path), "\(file.stdout)")
        let onDisk = try strings([path])
        #expect(secrets.filter { onDisk.contains($0) }.isEmpty)
        // Without the passphrase the region's store does not open.
        let wrong = try Schakel.run(
            ["case", "list", "--store", store],
            environment: passphrase(dir, "niet de goede zin").merging(cluster.environment) { $1 })
        #expect(wrong.status == 1)
        #expect(wrong.stderr.hasPrefix("schakel: verkeerde wachtwoordzin voor Tester; "))
    }

    @Test(
        "The desk asks for the passphrase on the terminal without echo, and after quitting nothing of a case is in the scrollback"
    )
    func deskInTerminal() throws {
        let dir = TemporaryDirectory()
        let keys = passphrase(dir, "typed in the terminal")
        #expect(try Schakel.run(["store", "init", "--encrypt", "--store", dir.store], environment: keys).status == 0)
        #expect(try Schakel.run(["demo", "--store", dir.store, "--cases", "12"], environment: keys).status == 0)
        let names = try Schakel.run(["case", "list", "--store", dir.store, "--json"], environment: keys).stdout
        let cases = try JSONSerialization.jsonObject(with: Data(names.utf8)) as? [[String: Any]]
        let persons = cases?.first?["persons"] as? [[String: Any]]
        let first = try #require(persons?.first?["name"] as? String)
        let desk = try TerminalSession(["--store", dir.store])
        desk.waitFor("Wachtwoordzin van Tester voor ")
        try desk.type("typed in the terminal")
        Thread.sleep(forTimeInterval: 0.2)
        #expect(!desk.screen.contains("typed in"), "the passphrase was echoed")
        try desk.press("Enter")
        desk.waitFor(first)
        // Meanwhile `store encrypt` and a second desk's presence: encrypting again is refused in words.
        let again = try Schakel.run(["store", "encrypt", "--store", dir.store], environment: keys)
        #expect(again.stderr == "schakel: \(dir.store) is al versleuteld\n")
        try desk.press("q")
        desk.waitFor("EXIT:0")
        let history = try desk.tmux(["capture-pane", "-p", "-S", "-2000"])
        #expect(history.contains("Wachtwoordzin van Tester"))
        #expect(!history.contains(first), "a name stayed in the terminal after quitting")
        #expect(!history.contains("typed in the terminal"))

        // A wrong passphrase: one line, exit 1, the desk never drawn.
        let wrong = try TerminalSession(["--store", dir.store])
        wrong.waitFor("Wachtwoordzin van Tester")
        try wrong.type("not it at all")
        try wrong.press("Enter")
        let screen = wrong.waitFor("EXIT:1")
        #expect(screen.contains("schakel: verkeerde wachtwoordzin voor Tester; "))
    }
}
