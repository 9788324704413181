import CaseModel
import Desk
import Foundation
import TestSupport
import Testing

/// The store's settings files (`settings.json`, `urgency.json`, `region.json`) are read by every
/// command: fuzzed from the real ones, any bytes give a clear refusal or values the desk can work
/// with, and a queue scored with accepted weights never overflows.
@Suite("Fuzzing the store's settings files")
struct ConfigurationFuzzTests {
    private func files(_ name: String, _ bytes: [UInt8]) -> ConfigurationFiles {
        ConfigurationFiles(stored: [name: Data(bytes)], location: "fuzz")
    }

    @Test("settings.json and urgency.json: a refusal naming the file, or values within their limits")
    func numbers() throws {
        let settingsSeed = Array(
            #"{"consultThreadCount": 3, "consultThreadWeeks": 8, "retentionClosedMonths": 60}"#.utf8)
        let urgencySeed = try #require(
            String(data: JSONEncoder().encode(UrgencyWeights.standard), encoding: .utf8).map { Array($0.utf8) })
        let cases = DeskFixtures.cases()
        var accepted = 0
        let count = try Fuzz.run("settings files", seeds: [settingsSeed, urgencySeed], seed: 7) { bytes in
            do {
                let settings = try CaseSettings.load(files: files("settings.json", bytes))
                #expect(settings.consultThreadCount >= 1 && settings.consultThreadWeeks >= 1)
                #expect((1...CaseSettings.longestRetentionMonths).contains(settings.retentionClosedMonths))
                accepted += 1
            } catch let error as ConfigurationError {
                #expect(error.file.contains("settings.json"))
            }
            do {
                let weights = try UrgencyWeights.load(files: files("urgency.json", bytes))
                // Scoring with them: every sum and product stays in range (a trap would stop the test).
                for c in cases {
                    let urgency = Urgency(
                        of: c, now: DeskFixtures.now, calendar: WorkingDayCalendar(), timeZone: .netherlands,
                        weights: weights)
                    #expect(urgency.total >= 0)
                }
                accepted += 1
            } catch let error as ConfigurationError {
                #expect(error.file.contains("urgency.json"))
            }
        }
        #expect(accepted > 0, "the seeds themselves are accepted")
        print("fuzz settings files: \(count) inputs, \(accepted) accepted")
    }

    @Test("region.json: a refusal naming the file, or a region with gemeenten")
    func region() throws {
        let seed = try #require(
            Region.load(files: nil).gemeenten.isEmpty
                ? nil : String(data: try JSONEncoder().encode(Region.load(files: nil)), encoding: .utf8))
        var accepted = 0
        let count = try Fuzz.run("region", seeds: [Array(seed.utf8)], seed: 8) { bytes in
            do {
                let region = try Region.load(files: files("region.json", bytes))
                #expect(!region.gemeenten.isEmpty)
                accepted += 1
            } catch let error as ConfigurationError {
                #expect(error.file.contains("region.json"))
            }
        }
        #expect(accepted > 0)
        print("fuzz region: \(count) inputs, \(accepted) accepted")
    }

    @Test("A weight or setting over the limit is refused by name, not overflowed")
    func overTheLimit() throws {
        for (name, key) in [("urgency.json", "zsmPerHour"), ("settings.json", "consultThreadWeeks")] {
            let bytes = Array(#"{"\#(key)": 9223372036854775807}"#.utf8)
            #expect {
                if name == "urgency.json" {
                    _ = try UrgencyWeights.load(files: files(name, bytes))
                } else {
                    _ = try CaseSettings.load(files: files(name, bytes))
                }
            } throws: { error in
                guard let error = error as? ConfigurationError, case .tooLarge(_, let found) = error.problem else {
                    return false
                }
                return found == key
            }
        }
        #expect(throws: Never.self) {
            _ = try UrgencyWeights.load(
                files: files("urgency.json", Array(#"{"zsmPerHour": \#(ConfigurationError.largestNumber)}"#.utf8)))
        }
    }
}
