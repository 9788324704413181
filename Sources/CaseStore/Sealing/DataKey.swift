import Crypto
import Foundation

/// The key that seals a store's data at rest: every commit's payload, every row of the snapshot.
///
/// AES-256-GCM with a fresh random nonce per record. Each record is sealed with a context (its
/// commit's sequence, its snapshot row's name) as additional authenticated data, so a record moved
/// to another place, or another store's record put in its place, does not open. The key itself is
/// never stored: `KeySlot`s hold it wrapped by each advisor's passphrase.
public struct DataKey: Sendable {
    let key: SymmetricKey

    init(_ key: SymmetricKey) { self.key = key }

    /// A new random key (256 bits from the system's random source).
    public static func random() -> DataKey { DataKey(SymmetricKey(size: .bits256)) }

    var bytes: [UInt8] { key.withUnsafeBytes { Array($0) } }

    /// A name for the key that says nothing about it: what a snapshot remembers it was sealed with,
    /// so a snapshot sealed with another key is rebuilt instead of failing to open.
    public var fingerprint: String {
        let mac = HMAC<SHA256>.authenticationCode(
            for: Array("schakel key fingerprint".utf8), using: derived(for: "fingerprint"))
        return mac.prefix(8).hex
    }

    /// A key derived from this one for another use (the access log's chain), so no key does two jobs.
    func derived(for purpose: String) -> SymmetricKey {
        HKDF<SHA256>.deriveKey(
            inputKeyMaterial: key, info: Array("schakel \(purpose)".utf8), outputByteCount: 32)
    }

    /// `plaintext` sealed: nonce, ciphertext and tag, in that order (AES-GCM's combined form).
    func seal(_ plaintext: [UInt8], context: String) throws(StoreError) -> [UInt8] {
        do {
            let box = try AES.GCM.seal(
                plaintext, using: key, nonce: AES.GCM.Nonce(), authenticating: Array(context.utf8))
            guard let combined = box.combined else { throw StoreError.sealBroken(what: context) }
            return Array(combined)
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError.sealBroken(what: context)
        }
    }

    /// What `seal` sealed with the same context; throws when the key, the context or a byte differs.
    func open(_ sealed: [UInt8], context: String) throws(StoreError) -> [UInt8] {
        do {
            let box = try AES.GCM.SealedBox(combined: sealed)
            return Array(try AES.GCM.open(box, using: key, authenticating: Array(context.utf8)))
        } catch {
            throw StoreError.sealBroken(what: context)
        }
    }
}

/// A commit's payload as an encrypted store keeps it: text, so it fits the logs' text columns.
///
/// `sealed1:` and the sealed bytes in base64. A plaintext payload is JSON and starts with `{`, so
/// the two are never mistaken for each other.
enum SealedPayload {
    static let prefix = Array("sealed1:".utf8)

    static func isSealed(_ payload: [UInt8]) -> Bool { payload.starts(with: prefix) }

    static func context(sequence: UInt64) -> String { "commit \(sequence)" }

    static func seal(_ payload: [UInt8], sequence: UInt64, with key: DataKey) throws(StoreError) -> [UInt8] {
        let sealed = try key.seal(payload, context: context(sequence: sequence))
        return prefix + Array(Data(sealed).base64EncodedString().utf8)
    }

    static func open(_ payload: [UInt8], sequence: UInt64, with key: DataKey, store: String) throws(StoreError)
        -> [UInt8]
    {
        guard isSealed(payload), let sealed = Data(base64Encoded: Data(payload.dropFirst(prefix.count))) else {
            throw StoreError.corruptCommit(
                store: store, sequence: sequence, reason: "it is not sealed, in a store where every commit is")
        }
        do throws(StoreError) {
            return try key.open(Array(sealed), context: context(sequence: sequence))
        } catch {
            throw StoreError.corruptCommit(
                store: store, sequence: sequence,
                reason: "its seal does not hold (changed, moved from another place, or of another store)")
        }
    }
}
