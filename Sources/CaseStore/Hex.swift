import Foundation

extension Sequence where Element == UInt8 {
    /// The bytes as lowercase hexadecimal, two digits each. `String(format: "%02x")` per byte went
    /// through Foundation's formatter: a quarter of an open desk's time went to it while the chain
    /// was verified (every commit's link is one).
    var hex: String {
        let digits: [UInt8] = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(underestimatedCount * 2)
        for byte in self {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
