import CaseStore
import Desk
import Foundation

/// Passphrases: asked on the terminal without echo (never taken from the command line, where
/// other users could read them in /proc), or read by scripts from a file only its owner can read.
enum Passphrase {
    /// What a passphrase needs at least (counted in characters as a person sees them).
    static let minimumLength = 10
    /// The file a script names for the passphrase that opens the store.
    static let fileVariable = "SCHAKEL_PASSPHRASE_FILE"
    /// The file a script names for a new passphrase (a new store's, an added or changed key's).
    static let newFileVariable = "SCHAKEL_NEW_PASSPHRASE_FILE"
    /// The file a script names for the passphrase of a sealed export.
    static let sealFileVariable = "SCHAKEL_SEAL_PASSPHRASE_FILE"

    /// How this run opens an encrypted store: the advisor's own key, its passphrase from the file
    /// `SCHAKEL_PASSPHRASE_FILE` names, else asked once on the terminal.
    static func unlock(advisor: String) -> Unlock {
        Unlock(advisor: advisor) { (store) throws(StoreError) in
            if let text = try fromFile(fileVariable) { return text }
            guard let typed = ask(tr(.cliPassphrase, advisor, store)) else {
                throw StoreError.locked(store: store)
            }
            return typed
        }
    }

    /// A new passphrase: from `variable`'s file, else typed twice; at least `minimumLength` long.
    static func new(for advisor: String, variable: String = newFileVariable) throws -> String {
        let chosen: String
        if let text = try storeErrors({ () throws(StoreError) in try fromFile(variable) }) {
            chosen = text
        } else {
            guard let first = ask(tr(.cliNewPassphrase, advisor, minimumLength)) else {
                throw Failure(tr(.cliNoTerminalForPassphrase, variable))
            }
            guard first.count >= minimumLength else {
                throw Failure(tr(.cliPassphraseShort, minimumLength, first.count))
            }
            guard let second = ask(tr(.cliPassphraseAgain)), second == first else {
                throw Failure(tr(.cliPassphrasesDiffer))
            }
            chosen = first
        }
        guard chosen.count >= minimumLength else { throw Failure(tr(.cliPassphraseShort, minimumLength, chosen.count)) }
        return chosen
    }

    /// An existing passphrase (a sealed file's): from `variable`'s file, else typed once.
    static func existing(prompt: String, variable: String) throws -> String {
        if let text = try storeErrors({ () throws(StoreError) in try fromFile(variable) }) { return text }
        guard let typed = ask(prompt) else { throw Failure(tr(.cliNoTerminalForPassphrase, variable)) }
        return typed
    }

    private static func storeErrors<T>(_ body: () throws(StoreError) -> T) throws -> T {
        do throws(StoreError) { return try body() } catch { throw Failure(storeMessage(error)) }
    }

    /// The passphrase in the file `variable` names, if it names one. The file must be a regular
    /// file of this user that nobody else may read or write; its one line is the passphrase (a
    /// final newline is not part of it).
    static func fromFile(_ variable: String) throws(StoreError) -> String? {
        guard let named = ProcessInfo.processInfo.environment[variable], !named.isEmpty else { return nil }
        let path = (named as NSString).expandingTildeInPath
        let fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)
        guard fd >= 0 else {
            throw StoreError.badFile(path: path, reason: String(cString: strerror(errno)))
        }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else {
            throw StoreError.badFile(path: path, reason: tr(.cliPassphraseFileNotFile))
        }
        guard info.st_uid == getuid() else { throw StoreError.badFile(path: path, reason: tr(.cliPassphraseFileOwner)) }
        guard info.st_mode & 0o077 == 0 else {
            throw StoreError.badFile(
                path: path, reason: tr(.cliPassphraseFileMode, String(info.st_mode & 0o777, radix: 8)))
        }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while bytes.count < 65_536 {
            let count = read(fd, &buffer, buffer.count)
            if count <= 0 { break }
            bytes += buffer[0..<count]
        }
        var text = String(decoding: bytes, as: UTF8.self)
        if text.hasSuffix("\n") { text.removeLast() }
        guard !text.isEmpty else { throw StoreError.badFile(path: path, reason: tr(.cliPassphraseFileEmpty)) }
        return text
    }

    /// Asks on the controlling terminal with echo off; nil when there is none (a script, a pipe).
    /// Ctrl-C while it asks puts echo back before the program ends.
    static func ask(_ prompt: String) -> String? {
        let tty = open("/dev/tty", O_RDWR | O_NOCTTY | O_CLOEXEC)
        guard tty >= 0 else { return nil }
        defer { close(tty) }
        var saved = termios()
        guard tcgetattr(tty, &saved) == 0 else { return nil }
        EchoGuard.arm(tty, saved)
        defer { EchoGuard.disarm() }
        var quiet = saved
        quiet.c_lflag &= ~tcflag_t(ECHO | ECHONL)
        quiet.c_lflag |= tcflag_t(ICANON)
        let shown = Array(prompt.utf8)
        _ = write(tty, shown, shown.count)
        guard tcsetattr(tty, TCSAFLUSH, &quiet) == 0 else { return nil }
        var line: [UInt8] = []
        var byte: UInt8 = 0
        while read(tty, &byte, 1) == 1, byte != 10, byte != 13 { line.append(byte) }
        _ = tcsetattr(tty, TCSAFLUSH, &saved)
        _ = write(tty, [10], 1)
        return String(decoding: line, as: UTF8.self)
    }
}

/// What the terminal was before echo was turned off, for a signal that ends the program meanwhile.
/// A signal handler can capture nothing, so it lives here; it is only read by the handler.
private enum EchoGuard {
    nonisolated(unsafe) static var tty: Int32 = -1
    nonisolated(unsafe) static var saved = termios()

    static func arm(_ descriptor: Int32, _ settings: termios) {
        saved = settings
        tty = descriptor
        for sig in [SIGINT, SIGTERM, SIGHUP, SIGQUIT] {
            signal(sig) { number in
                if EchoGuard.tty >= 0 { _ = tcsetattr(EchoGuard.tty, TCSANOW, &EchoGuard.saved) }
                _ = write(2, [10], 1)
                _exit(128 + number)
            }
        }
    }

    static func disarm() {
        tty = -1
        for sig in [SIGINT, SIGTERM, SIGHUP, SIGQUIT] { signal(sig, SIG_DFL) }
    }
}
