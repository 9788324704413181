import Foundation

/// Where "now" comes from; injected so that deadlines are tested at fixed dates.
public protocol Clock: Sendable {
    var now: Date { get }
}

/// The machine's clock, to the whole second: case records need no finer time, and whole seconds
/// survive every encoding unchanged.
public struct SystemClock: Clock {
    public init() {}
    public var now: Date { Date(timeIntervalSince1970: Date().timeIntervalSince1970.rounded(.down)) }
}

/// A clock that always says the same moment.
public struct FixedClock: Clock {
    public let now: Date
    public init(_ now: Date) { self.now = now }
}

extension TimeZone {
    /// The time zone a Dutch ZVH works in; UTC+1 if the machine has no time zone data.
    public static let netherlands: TimeZone =
        TimeZone(identifier: "Europe/Amsterdam") ?? TimeZone(secondsFromGMT: 3600)!
}
