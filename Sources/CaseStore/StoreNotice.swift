import Foundation

/// Something the store did on opening that the person should know about.
public enum StoreNotice: Equatable, Sendable {
    /// The store still had the old journal and was converted to the SQLite store.
    case upgraded(commits: Int, tornBytes: UInt64)
    /// The snapshot could not be used and was rebuilt from the log.
    case snapshotRebuilt(reason: SnapshotRebuildReason)
    /// Opened to read, the store is shown up to this commit, which cannot be read or applied.
    case damaged(from: UInt64, reason: StoreError)
}

/// Why a snapshot was not believed.
public enum SnapshotRebuildReason: Equatable, Sendable, CustomStringConvertible {
    case unreadable(StoreError)
    case otherStore
    case earlierRules
    case logChanged
    /// It was not sealed with the store's key (made before the store was encrypted).
    case sealedOtherwise

    /// In English (the presentation layer translates by case).
    public var description: String {
        switch self {
        case .unreadable(let error): return error.message
        case .otherStore: return "it was made from another store"
        case .earlierRules: return "it was made by an earlier schakel, whose replay differs"
        case .logChanged: return "the log no longer holds what it covers"
        case .sealedOtherwise: return "it was not sealed with the store's key (made before the store was encrypted)"
        }
    }
}
