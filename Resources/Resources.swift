import Foundation

/// Access to the files in Resources/Data: the default region, the demo's fictional people and
/// the UI strings. They are data, so a region can read and change them without touching code.
public enum SchakelResources {
    /// The bytes of a bundled resource file, or nil if the build does not have it.
    public static func data(named name: String, extension ext: String = "json") -> Data? {
        guard let url = Bundle.module.url(forResource: name, withExtension: ext) else { return nil }
        return try? Data(contentsOf: url)
    }
}
