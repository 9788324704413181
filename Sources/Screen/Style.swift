/// The eight basic terminal colours; every terminal has them, and NO_COLOR turns them off.
public enum Color: UInt8, Hashable, Sendable, CaseIterable {
    case black, red, green, yellow, blue, magenta, cyan, white
}

/// How a cell looks.
public struct Style: Hashable, Sendable {
    public var foreground: Color?
    public var background: Color?
    public var bold: Bool
    public var reverse: Bool
    public var underline: Bool
    public var dim: Bool

    public init(
        foreground: Color? = nil, background: Color? = nil, bold: Bool = false,
        reverse: Bool = false, underline: Bool = false, dim: Bool = false
    ) {
        self.foreground = foreground
        self.background = background
        self.bold = bold
        self.reverse = reverse
        self.underline = underline
        self.dim = dim
    }

    public static let plain = Style()
    public static let bold = Style(bold: true)
    public static let reverse = Style(reverse: true)
    public static let dim = Style(dim: true)

    /// The same look without colours: what NO_COLOR asks for.
    public var withoutColor: Style {
        Style(bold: bold, reverse: reverse, underline: underline, dim: dim)
    }
}

/// A rectangle of cells: where a widget draws.
public struct Rect: Hashable, Sendable {
    public var x: Int
    public var y: Int
    public var width: Int
    public var height: Int

    public init(x: Int, y: Int, width: Int, height: Int) {
        self.x = x
        self.y = y
        self.width = max(0, width)
        self.height = max(0, height)
    }

    public var maxY: Int { y + height }
    public var maxX: Int { x + width }
    public var isEmpty: Bool { width == 0 || height == 0 }

    /// The rows from `top` on, `count` of them (or what is left).
    /// Whether the cell at column `x`, row `y` lies inside.
    public func contains(x px: Int, y py: Int) -> Bool { px >= x && px < maxX && py >= y && py < maxY }

    public func rows(from top: Int, count: Int? = nil) -> Rect {
        let start = min(height, max(0, top))
        return Rect(x: x, y: y + start, width: width, height: min(height - start, count ?? height))
    }

    /// A rectangle of the given size centred in this one.
    public func centered(width w: Int, height h: Int) -> Rect {
        let cw = min(w, width)
        let ch = min(h, height)
        return Rect(x: x + (width - cw) / 2, y: y + (height - ch) / 2, width: cw, height: ch)
    }
}
