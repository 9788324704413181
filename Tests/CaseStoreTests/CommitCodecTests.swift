import CaseModel
import Crypto
import Foundation
import Testing

@testable import CaseStore

/// The commit's encoding written by hand where it is hot (every commit's link has a timestamp and a
/// hex digest): it must agree with Foundation byte for byte, or every stored link would stop
/// verifying.
@Suite("A commit's timestamp and link, written fast")
struct CommitCodecTests {
    @Test("Timestamps agree with Foundation's ISO 8601 for every moment tried, fractions of a second included")
    func timestamps() {
        var random = SystemRandomNumberGenerator()
        var moments: [Date] = [
            Date(timeIntervalSince1970: 0), Date(timeIntervalSince1970: 0.999_999),
            Date(timeIntervalSince1970: 1_795_478_400.5), Date(timeIntervalSince1970: 253_402_300_799.9),
            Date(timeIntervalSince1970: 951_782_400),  // 29 February 2000
            Date(timeIntervalSince1970: -1), Date(timeIntervalSince1970: 253_402_300_800),
        ]
        for _ in 0..<20_000 {
            moments.append(Date(timeIntervalSince1970: Double.random(in: 0..<253_402_300_800, using: &random)))
        }
        var differing: [String] = []
        for moment in moments where CommitCodec.timestamp(moment) != moment.formatted(Date.ISO8601FormatStyle()) {
            differing.append("\(moment.timeIntervalSince1970): \(CommitCodec.timestamp(moment))")
        }
        #expect(differing.isEmpty, "\(differing.prefix(5))")
    }

    @Test("A link is the HMAC in lowercase hexadecimal, two digits a byte")
    func linkInHex() {
        let key = ChainKey.plain
        let commit = EncodedCommit(
            sequence: 7, at: Date(timeIntervalSince1970: 1_795_478_400), actor: "A. Zwart", payload: Array("{}".utf8))
        var message = Array("vorige\n7\n2026-11-24T00:00:00Z\n".utf8) + Array("A. Zwart".utf8) + Array("\n".utf8)
        message += Array(SHA256.hash(data: commit.payload))
        let expected = HMAC<SHA256>.authenticationCode(for: message, using: key.key).map {
            String(format: "%02x", $0)
        }.joined()
        #expect(CommitChain.link(key, previous: "vorige", commit) == expected)
        #expect([0x00, 0x0f, 0xa0, 0xff].hex == "000fa0ff")
    }
}
