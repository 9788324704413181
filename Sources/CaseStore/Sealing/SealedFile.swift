import Crypto
import Foundation

/// A file sealed with a passphrase (a sealed export): JSON that says how it was sealed, so any
/// tool with scrypt and AES-GCM opens it (the tests open ours with Python's hashlib and
/// cryptography), and that holds the sealed contents.
///
/// `{"format": "schakel-sealed", "version": 1, "kdf": {"name": "scrypt", "n", "r", "p", "salt"},
/// "cipher": "AES-256-GCM", "nonce", "ciphertext"}`: base64 throughout; the ciphertext ends with
/// the 16-byte tag; the additional authenticated data is `schakel-sealed 1`.
public struct SealedFile: Codable, Equatable, Sendable {
    public static let formatName = "schakel-sealed"
    static let associatedData = Array("schakel-sealed 1".utf8)

    public struct KDF: Codable, Equatable, Sendable {
        public var name: String
        public var n: Int
        public var r: Int
        public var p: Int
        public var salt: String
    }

    public var format: String
    public var version: Int
    public var kdf: KDF
    public var cipher: String
    public var nonce: String
    public var ciphertext: String

    /// True when `data` looks like a sealed file (its format field says so), whatever else is wrong.
    public static func isSealed(_ data: Data) -> Bool {
        struct Probe: Decodable { var format: String? }
        return (try? JSONDecoder().decode(Probe.self, from: data))?.format == formatName
    }

    /// `contents` sealed with `passphrase`, as the file's bytes.
    public static func seal(_ contents: Data, passphrase: String) throws(StoreError) -> Data {
        var generator = SystemRandomNumberGenerator()
        let salt = (0..<16).map { _ in UInt8.random(in: 0...255, using: &generator) }
        let cost = KeySlot.standardCost
        let key = try KeySlot.derive(passphrase, salt: salt, n: cost.n, r: cost.r, p: cost.p)
        let box: AES.GCM.SealedBox
        do { box = try AES.GCM.seal(contents, using: key, authenticating: associatedData) } catch {
            throw StoreError.sealBroken(what: "export")
        }
        let file = SealedFile(
            format: formatName, version: 1,
            kdf: KDF(name: "scrypt", n: cost.n, r: cost.r, p: cost.p, salt: Data(salt).base64EncodedString()),
            cipher: "AES-256-GCM", nonce: Data(box.nonce).base64EncodedString(),
            ciphertext: (box.ciphertext + box.tag).base64EncodedString())
        do { return try CommitCodec.encoder.encode(file) + Data("\n".utf8) } catch {
            throw StoreError.sealBroken(what: "export")
        }
    }

    /// The contents of the sealed file `data` (at `path`, for messages); nil when the passphrase is
    /// not its passphrase or a byte of it was changed (the two cannot be told apart).
    public static func open(_ data: Data, passphrase: String, path: String) throws(StoreError) -> Data? {
        guard let file = try? CommitCodec.decoder.decode(SealedFile.self, from: data), file.format == formatName else {
            throw StoreError.badFile(path: path, reason: "not a sealed schakel file")
        }
        guard file.version == 1, file.cipher == "AES-256-GCM", file.kdf.name == "scrypt",
            let salt = Data(base64Encoded: file.kdf.salt), let nonce = Data(base64Encoded: file.nonce),
            let sealed = Data(base64Encoded: file.ciphertext), sealed.count >= 16,
            KeySlot.affordable(n: file.kdf.n, r: file.kdf.r, p: file.kdf.p)
        else {
            throw StoreError.badFile(
                path: path, reason: "its sealing (version, cipher or scrypt cost) is not one schakel reads")
        }
        let key = try KeySlot.derive(passphrase, salt: Array(salt), n: file.kdf.n, r: file.kdf.r, p: file.kdf.p)
        do {
            let box = try AES.GCM.SealedBox(
                nonce: AES.GCM.Nonce(data: nonce), ciphertext: sealed.dropLast(16), tag: sealed.suffix(16))
            return try AES.GCM.open(box, using: key, authenticating: associatedData)
        } catch {
            return nil
        }
    }
}
