import Foundation

/// Files of this repository, for tests that check what the program ships (not a copy of it).
public enum SourceTree {
    /// The package root: two levels above this file (Tests/TestSupport/).
    public static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// The text of a file by its path from the package root, or "" if it cannot be read.
    public static func text(_ relativePath: String) -> String {
        (try? String(contentsOf: root.appendingPathComponent(relativePath), encoding: .utf8)) ?? ""
    }
}
