import CaseModel
import Foundation
import TestSupport
import Testing

@testable import Desk

@Suite("A store's configuration files")
struct ConfigurationTests {
    func write(_ text: String, _ name: String, in dir: TemporaryDirectory) throws {
        try FileManager.default.createDirectory(atPath: dir.store, withIntermediateDirectories: true)
        try Data(text.utf8).write(to: URL(fileURLWithPath: dir.store + "/" + name))
    }

    @Test("settings.json changes the consultation thread rule; what it leaves out keeps its default")
    func threadRule() throws {
        let dir = TemporaryDirectory()
        #expect(try CaseSettings.load(storeDirectory: dir.store) == .standard)
        try write(#"{"consultThreadCount": 2, "consultThreadWeeks": 4}"#, "settings.json", in: dir)
        let settings = try CaseSettings.load(storeDirectory: dir.store)
        #expect(settings.threadRule == ThreadRule(count: 2, weeks: 4))
        #expect(settings.consultThreadCount == 2)
    }

    @Test(
        "A mistake in settings.json or urgency.json is refused with the file and what is wrong",
        arguments: [
            ("settings.json", #"{"consultThreadWeken": 4}"#, "unknown setting \"consultThreadWeken\""),
            (
                "settings.json", #"{"consultThreadCount": 0}"#,
                "consultThreadCount and consultThreadWeeks must be at least 1"
            ),
            ("settings.json", #"{"consultThreadWeeks": -1}"#, "setting \"consultThreadWeeks\" is negative"),
            // A period past the calendar would make everything due at once (or nothing ever).
            (
                "settings.json", #"{"retentionClosedMonths": 12000}"#,
                "consultThreadCount and consultThreadWeeks must be at least 1, and the retention periods"
            ),
            ("settings.json", #"{"retentionAccessLogMonths": 0}"#, "consultThreadCount and consultThreadWeeks"),
            (
                "settings.json", #"{"zsmAnswerHours": 6}"#,
                "\"zsmAnswerHours\" is no longer a setting: deadlines follow the instrument's [cadence] (zsm-answer-hours"
            ),
            ("urgency.json", #"{"nope": 3}"#, "unknown weight \"nope\""),
            ("urgency.json", "[1, 2]", "expected an object of whole numbers"),
        ])
    func mistakes(file: String, text: String, reason: String) throws {
        let dir = TemporaryDirectory()
        try write(text, file, in: dir)
        do {
            if file == "settings.json" {
                _ = try CaseSettings.load(storeDirectory: dir.store)
            } else {
                _ = try UrgencyWeights.load(storeDirectory: dir.store)
            }
            Issue.record("\(file) with \(text) was accepted")
        } catch {
            #expect(error.file.hasSuffix("/store/" + file))
            #expect(error.reason.hasPrefix(reason), "\(error.reason)")
        }
    }
}
