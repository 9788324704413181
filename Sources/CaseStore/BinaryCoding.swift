import Foundation

/// Appends little-endian integers and length-prefixed strings to a byte array.
struct BinaryWriter {
    private(set) var bytes: [UInt8] = []

    mutating func u8(_ v: UInt8) { bytes.append(v) }
    mutating func u32(_ v: UInt32) { withUnsafeBytes(of: v.littleEndian) { bytes += $0 } }
    mutating func u64(_ v: UInt64) { withUnsafeBytes(of: v.littleEndian) { bytes += $0 } }
    mutating func int(_ v: Int) { u64(UInt64(bitPattern: Int64(v))) }
    mutating func bool(_ v: Bool) { u8(v ? 1 : 0) }
    mutating func double(_ v: Double) { u64(v.bitPattern) }
    mutating func date(_ v: Date) { double(v.timeIntervalSince1970) }
    mutating func raw(_ v: [UInt8]) { bytes += v }

    mutating func string(_ v: String) {
        var copy = v
        copy.withUTF8 { utf8 in
            u32(UInt32(utf8.count))
            bytes.append(contentsOf: utf8)
        }
    }

    mutating func optional<T>(_ v: T?, _ write: (inout BinaryWriter, T) -> Void) {
        if let v {
            u8(1)
            write(&self, v)
        } else {
            u8(0)
        }
    }

    mutating func array<T>(_ v: [T], _ write: (inout BinaryWriter, T) -> Void) {
        u32(UInt32(v.count))
        for element in v { write(&self, element) }
    }
}

/// Reads what `BinaryWriter` wrote; every read is bounds-checked and throws on damage.
struct BinaryReader {
    struct Truncated: Error {}

    private let bytes: [UInt8]
    private(set) var position: Int

    init(_ bytes: [UInt8], position: Int = 0) {
        self.bytes = bytes
        self.position = position
    }

    var isAtEnd: Bool { position >= bytes.count }

    private mutating func take(_ count: Int) throws -> Range<Int> {
        guard count >= 0, bytes.count - position >= count else { throw Truncated() }
        defer { position += count }
        return position..<(position + count)
    }

    mutating func u8() throws -> UInt8 { bytes[try take(1).lowerBound] }

    mutating func u32() throws -> UInt32 {
        let r = try take(4)
        return bytes.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: r.lowerBound, as: UInt32.self) }.littleEndian
    }

    mutating func u64() throws -> UInt64 {
        let r = try take(8)
        return bytes.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: r.lowerBound, as: UInt64.self) }.littleEndian
    }

    mutating func int() throws -> Int { Int(Int64(bitPattern: try u64())) }
    mutating func bool() throws -> Bool { try u8() != 0 }
    mutating func double() throws -> Double { Double(bitPattern: try u64()) }
    mutating func date() throws -> Date { Date(timeIntervalSince1970: try double()) }
    mutating func raw(_ count: Int) throws -> ArraySlice<UInt8> { bytes[try take(count)] }

    mutating func string() throws -> String {
        let count = Int(try u32())
        let r = try take(count)
        return String(decoding: bytes[r], as: UTF8.self)
    }

    mutating func optional<T>(_ read: (inout BinaryReader) throws -> T) throws -> T? {
        try u8() == 0 ? nil : try read(&self)
    }

    mutating func array<T>(_ read: (inout BinaryReader) throws -> T) throws -> [T] {
        let count = Int(try u32())
        guard count <= bytes.count - position else { throw Truncated() }
        var result: [T] = []
        result.reserveCapacity(count)
        for _ in 0..<count { result.append(try read(&self)) }
        return result
    }
}
