import Foundation
import Testing

@testable import Screen

@Suite("JSON that may reach a terminal")
struct JSONSafeTests {
    @Test("Bidirectional overrides, C1 controls and DEL are escaped; a JSON reader reads back the same text")
    func escaped() throws {
        let name = "Jan \u{202E}nasnaJ \u{2066}x\u{2069} \u{9B}31m \u{7F} Zoë 漢字 😀"
        let encoded = String(decoding: try JSONEncoder().encode(["name": name]), as: UTF8.self)
        let safe = DisplayWidth.jsonSafe(encoded)
        #expect(safe.contains("\\u202e") && safe.contains("\\u009b") && safe.contains("\\u007f"))
        #expect(!safe.unicodeScalars.contains { [0x202E, 0x2066, 0x2069, 0x9B, 0x7F].contains($0.value) })
        #expect(safe.contains("Zoë 漢字 😀"), "other text stays as it is")
        let read = try JSONSerialization.jsonObject(with: Data(safe.utf8)) as? [String: String]
        #expect(read?["name"] == name)
        #expect(DisplayWidth.jsonSafe(#"{"a":"plain"}"#) == #"{"a":"plain"}"#)
    }
}
