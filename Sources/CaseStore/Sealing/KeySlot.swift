import Crypto
import Foundation
import _CryptoExtras

/// One advisor's copy of a store's data key, wrapped by a key derived from their own passphrase.
///
/// scrypt (N = 2^15, r = 8, p = 1: 32 MiB and about a tenth of a second per try) turns the
/// passphrase and a random salt into a key-encryption key; AES-GCM wraps the data key with it, the
/// advisor's name as authenticated data. Changing a passphrase rewrites one slot; adding an advisor
/// adds one; revoking removes one. The store's data is never rewritten for any of them.
public struct KeySlot: Codable, Equatable, Sendable {
    public var advisor: String
    public var kdf: String
    public var n: Int
    public var r: Int
    public var p: Int
    /// Base64 of the 16-byte salt.
    public var salt: String
    /// Base64 of the wrapped data key (nonce, ciphertext, tag).
    public var wrapped: String
    public var created: Date

    public static let standardCost = (n: 1 << 15, r: 8, p: 1)

    /// Costs schakel derives with: N a power of two, at most 256 MiB of memory, so a crafted slot or
    /// sealed file cannot make opening take gigabytes or minutes.
    static func affordable(n: Int, r: Int, p: Int) -> Bool {
        n > 1 && n & (n - 1) == 0 && r > 0 && r <= 32 && p > 0 && p <= 16 && 128 * r * n * p <= 256 << 20
    }

    /// The passphrase as bytes: NFC, so the same letters typed on another keyboard give the same key.
    static func bytes(_ passphrase: String) -> [UInt8] {
        Array(passphrase.precomposedStringWithCanonicalMapping.utf8)
    }

    /// A slot that opens `key` with `passphrase`.
    public static func make(
        advisor: String, passphrase: String, key: DataKey, at now: Date = Date()
    ) throws(StoreError) -> KeySlot {
        var salt = [UInt8](repeating: 0, count: 16)
        var generator = SystemRandomNumberGenerator()
        for index in salt.indices { salt[index] = generator.next() }
        let cost = standardCost
        let wrapping = try derive(passphrase, salt: salt, n: cost.n, r: cost.r, p: cost.p)
        let wrapped = try DataKey(wrapping).seal(key.bytes, context: context(advisor))
        return KeySlot(
            advisor: advisor, kdf: "scrypt", n: cost.n, r: cost.r, p: cost.p,
            salt: Data(salt).base64EncodedString(), wrapped: Data(wrapped).base64EncodedString(), created: now)
    }

    /// The data key, if `passphrase` is this slot's; nil when it is not.
    public func open(passphrase: String) throws(StoreError) -> DataKey? {
        guard kdf == "scrypt", let salt = Data(base64Encoded: salt), let wrapped = Data(base64Encoded: wrapped),
            KeySlot.affordable(n: n, r: r, p: p)
        else { throw StoreError.badKeySlot(advisor: advisor) }
        let wrapping = try Self.derive(passphrase, salt: Array(salt), n: n, r: r, p: p)
        guard let bytes = try? DataKey(wrapping).open(Array(wrapped), context: Self.context(advisor)),
            bytes.count == 32
        else { return nil }
        return DataKey(SymmetricKey(data: bytes))
    }

    private static func context(_ advisor: String) -> String { "key slot of " + advisor }

    static func derive(_ passphrase: String, salt: [UInt8], n: Int, r: Int, p: Int) throws(StoreError)
        -> SymmetricKey
    {
        do {
            return try KDF.Scrypt.deriveKey(
                from: bytes(passphrase), salt: salt, outputByteCount: 32, rounds: n, blockSize: r, parallelism: p,
                maxMemory: 128 * r * n * p + (1 << 20))
        } catch {
            throw StoreError.sealBroken(what: "scrypt")
        }
    }

    /// The slot as the log keeps it (one JSON text per advisor).
    func encoded() throws(StoreError) -> String {
        do { return String(decoding: try CommitCodec.encoder.encode(self), as: UTF8.self) } catch {
            throw StoreError.badKeySlot(advisor: advisor)
        }
    }

    static func decoded(_ text: String, advisor: String) throws(StoreError) -> KeySlot {
        guard let slot = try? CommitCodec.decoder.decode(KeySlot.self, from: Data(text.utf8)), slot.advisor == advisor
        else { throw StoreError.badKeySlot(advisor: advisor) }
        return slot
    }
}
