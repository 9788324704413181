import CaseModel
import Foundation
import SchakelResources

extension Instrument {
    /// The instrument in force: `--instrument FILE` if given, else the store's `instrument.txt`,
    /// else the bundled Fryslân default. A bad file is refused with its file and line.
    public static func load(file: String?, storeDirectory: String?) throws(InstrumentError) -> (instrument: Instrument, source: String) {
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
        return (try InstrumentParser.parse(String(decoding: data, as: UTF8.self), file: "instrument-fryslan.txt"), "instrument-fryslan.txt")
    }
}
