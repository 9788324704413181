import Foundation

/// A fresh directory per test under the system's temporary folder, removed when released.
public final class TemporaryDirectory: @unchecked Sendable {
    public let path: String

    public init() {
        path = NSTemporaryDirectory() + "schakel-test-" + UUID().uuidString
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    /// Where the tests put a store (not created: opening a store creates it).
    public var store: String { path + "/store" }
    public var database: String { store + "/schakel.db" }
    public var snapshot: String { store + "/schakel.snapshot" }
}
