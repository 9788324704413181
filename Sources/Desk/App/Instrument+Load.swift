import CaseModel
import Foundation
import SchakelResources

extension Instrument {
    /// The instrument in force: `--instrument FILE` if given, else the store's `instrument.txt`,
    /// else the bundled Fryslân default. A bad file is refused with its file and line.

    /// As above, with the store's instrument held elsewhere (a PostgreSQL store's database).
    public static func load(file: String?, files: ConfigurationFiles) throws(InstrumentError) -> (
        instrument: Instrument, source: String
    ) {
        if file == nil {
            let stored: Data?
            do throws(ConfigurationError) { stored = try files.contents("instrument.txt") } catch {
                throw InstrumentError(file: error.file, line: 0, message: error.reason)
            }
            if let stored {
                let path = files.path("instrument.txt")
                guard let text = String(data: stored, encoding: .utf8) else {
                    throw InstrumentError(file: path, line: 0, message: "is not UTF-8 text")
                }
                return (try InstrumentParser.parse(text, file: path), path)
            }
        }
        return try load(file: file, storeDirectory: nil)
    }

    public static func load(file: String?, storeDirectory: String?) throws(InstrumentError) -> (
        instrument: Instrument, source: String
    ) {
        let candidates = [file, storeDirectory.map { $0 + "/instrument.txt" }].compactMap { $0 }
        for (index, path) in candidates.enumerated() {
            guard index == 0 && file != nil || FileManager.default.fileExists(atPath: path) else { continue }
            guard let data = FileManager.default.contents(atPath: path) else {
                throw InstrumentError(file: path, line: 0, message: "cannot be read (missing, or no permission)")
            }
            guard let text = String(data: data, encoding: .utf8) else {
                throw InstrumentError(file: path, line: 0, message: "is not UTF-8 text")
            }
            return (try InstrumentParser.parse(text, file: path), path)
        }
        guard let data = SchakelResources.data(named: "instrument-fryslan", extension: "txt") else {
            throw InstrumentError(file: "instrument-fryslan.txt", line: 0, message: "missing from this build")
        }
        return (
            try InstrumentParser.parse(String(decoding: data, as: UTF8.self), file: "instrument-fryslan.txt"),
            "instrument-fryslan.txt"
        )
    }

    /// For the desk: the store's instrument, or, when that file has a mistake, the last good copy
    /// (kept beside it each time it read well), else the bundled default, together with the error
    /// to show. A desk never stops for a typo in the instrument.
    public static func loadKeepingLastGood(storeDirectory: String, writable: Bool) -> (
        instrument: Instrument?, problem: InstrumentError?
    ) {
        let lastGood = storeDirectory + "/instrument.last-good.txt"
        do throws(InstrumentError) {
            let loaded = try load(file: nil, storeDirectory: storeDirectory)
            if writable, loaded.source == storeDirectory + "/instrument.txt",
                let data = FileManager.default.contents(atPath: loaded.source),
                FileManager.default.contents(atPath: lastGood) != data
            {
                let temporary = lastGood + ".tmp"
                if FileManager.default.createFile(
                    atPath: temporary, contents: data, attributes: [.posixPermissions: 0o600])
                {
                    _ = rename(temporary, lastGood)
                }
            }
            return (loaded.instrument, nil)
        } catch {
            if let data = FileManager.default.contents(atPath: lastGood),
                let instrument = try? InstrumentParser.parse(String(decoding: data, as: UTF8.self), file: lastGood)
            {
                return (instrument, error)
            }
            return ((try? load(file: nil, storeDirectory: nil).instrument), error)
        }
    }
}
