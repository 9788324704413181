import Foundation

/// LibreOffice (headless) as a Dutch advisor's spreadsheet: a profile of its own with the Dutch
/// locale, so a file is read as Calc in the Netherlands reads it (semicolons, decimal commas).
public enum LibreOffice {
    public struct Failed: Error, CustomStringConvertible {
        public var description: String
    }

    /// Converts `file` (in `directory`) to `filter` into `directory/out`, reading a CSV with
    /// semicolons, double quotes and UTF-8 from line 1; returns the path of what it wrote.
    public static func convert(_ file: String, in directory: String, to filter: String, out: String) throws -> String {
        let profile = directory + "/profile/user"
        if !FileManager.default.fileExists(atPath: profile + "/registrymodifications.xcu") {
            try FileManager.default.createDirectory(atPath: profile, withIntermediateDirectories: true)
            try Data(
                """
                <?xml version="1.0" encoding="UTF-8"?>
                <oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
                <item oor:path="/org.openoffice.Setup/L10N"><prop oor:name="ooSetupSystemLocale" oor:op="fuse"><value>nl-NL</value></prop></item>
                </oor:items>
                """.utf8
            ).write(to: URL(fileURLWithPath: profile + "/registrymodifications.xcu"))
        }
        // Semicolon (59), double quote (34), UTF-8 (76), from line 1.
        let run = try Spawn.run(
            "/usr/bin/soffice",
            [
                "-env:UserInstallation=file://" + directory + "/profile", "--headless", "--infilter=CSV:59,34,76,1",
                "--convert-to", filter, "--outdir", directory + "/" + out, directory + "/" + file,
            ], environment: ["PATH": "/usr/bin:/bin", "HOME": directory])
        guard run.status == 0 else {
            throw Failed(
                description: "LibreOffice Calc is needed (scripts/test installs libreoffice-calc-nogui): \(run.stderr)")
        }
        let name = URL(fileURLWithPath: file).deletingPathExtension().lastPathComponent
        let ext = filter.split(separator: ":").first.map(String.init) ?? filter
        return directory + "/" + out + "/" + name + "." + ext
    }
}
