/// One terminal cell: a grapheme, the columns it takes, and its style.
///
/// A wide grapheme (two columns) lives in its first cell; the cell after it is a continuation with
/// empty text and width 0, which a terminal backend skips.
public struct Cell: Hashable, Sendable {
    public var text: String
    public var width: UInt8
    public var style: Style

    public init(_ text: String = " ", width: UInt8 = 1, style: Style = .plain) {
        self.text = text
        self.width = width
        self.style = style
    }

    public static let blank = Cell()
    public var isContinuation: Bool { width == 0 }
}

/// A frame: a size plus a flat array of cells. Widgets render into it; they never touch a terminal.
public struct ScreenBuffer: Hashable, Sendable {
    public let width: Int
    public let height: Int
    public private(set) var cells: [Cell]

    public init(width: Int, height: Int) {
        self.width = max(0, width)
        self.height = max(0, height)
        cells = Array(repeating: .blank, count: self.width * self.height)
    }

    public var area: Rect { Rect(x: 0, y: 0, width: width, height: height) }

    public subscript(x: Int, y: Int) -> Cell {
        guard x >= 0, y >= 0, x < width, y < height else { return .blank }
        return cells[y * width + x]
    }

    private mutating func put(_ cell: Cell, x: Int, y: Int) {
        let index = y * width + x
        // Overwriting half of a wide grapheme blanks its other half.
        if cells[index].isContinuation, x > 0 { cells[index - 1] = Cell(style: cells[index - 1].style) }
        if cells[index].width == 2, x + 1 < width { cells[index + 1] = Cell(style: cells[index].style) }
        cells[index] = cell
    }

    /// Draws `text` (sanitized) from (x, y), clipped to `clip` (the whole buffer by default).
    /// Returns the number of columns drawn. A wide grapheme that would cross the clip edge is left out.
    @discardableResult
    public mutating func write(_ text: String, x: Int, y: Int, style: Style = .plain, clip: Rect? = nil) -> Int {
        let bounds = clip ?? area
        guard y >= bounds.y, y < bounds.maxY, y >= 0, y < height else { return 0 }
        let right = min(bounds.maxX, width)
        var column = x
        for character in DisplayWidth.sanitized(text) {
            let w = DisplayWidth.of(character)
            if w == 0 { continue }
            if column + w > right { break }
            if column >= max(bounds.x, 0) {
                put(Cell(String(character), width: UInt8(w), style: style), x: column, y: y)
                if w == 2 { put(Cell("", width: 0, style: style), x: column + 1, y: y) }
            }
            column += w
        }
        return column - x
    }

    /// Fills a rectangle with spaces in `style`.
    public mutating func fill(_ rect: Rect, style: Style = .plain) {
        for y in max(0, rect.y)..<min(height, rect.maxY) {
            for x in max(0, rect.x)..<min(width, rect.maxX) { put(Cell(style: style), x: x, y: y) }
        }
    }

    /// The text of each row, continuation cells left out: what a person would read.
    public var lines: [String] {
        (0..<height).map { y in
            var line = ""
            for x in 0..<width where !self[x, y].isContinuation { line += self[x, y].text }
            return line
        }
    }

    /// The same frame without colours (for NO_COLOR).
    public func withoutColor() -> ScreenBuffer {
        var copy = self
        for index in copy.cells.indices { copy.cells[index].style = copy.cells[index].style.withoutColor }
        return copy
    }
}

/// A horizontal run of cells that changed between two frames.
public struct CellRun: Hashable, Sendable {
    public var x: Int
    public var y: Int
    public var cells: [Cell]

    public init(x: Int, y: Int, cells: [Cell]) {
        self.x = x
        self.y = y
        self.cells = cells
    }
}

/// What a backend must do to turn the previous frame into the next.
public struct FrameUpdate: Hashable, Sendable {
    /// True when the whole screen must be redrawn (first frame, resize).
    public var clearFirst: Bool
    public var runs: [CellRun]
    /// Where the text cursor should stand, or nil to hide it.
    public var cursor: (x: Int, y: Int)?

    public init(clearFirst: Bool, runs: [CellRun], cursor: (x: Int, y: Int)?) {
        self.clearFirst = clearFirst
        self.runs = runs
        self.cursor = cursor
    }

    public static func == (lhs: FrameUpdate, rhs: FrameUpdate) -> Bool {
        lhs.clearFirst == rhs.clearFirst && lhs.runs == rhs.runs && lhs.cursor?.x == rhs.cursor?.x
            && lhs.cursor?.y == rhs.cursor?.y
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(clearFirst)
        hasher.combine(runs)
    }

    /// The changes from `previous` to `next`: per row, the span from the first to the last changed
    /// cell (widened so it never starts on the second half of a wide grapheme).
    public static func diff(from previous: ScreenBuffer?, to next: ScreenBuffer, cursor: (x: Int, y: Int)?)
        -> FrameUpdate
    {
        guard let previous, previous.width == next.width, previous.height == next.height else {
            let runs = (0..<next.height).map { y in
                CellRun(x: 0, y: y, cells: Array(next.cells[(y * next.width)..<((y + 1) * next.width)]))
            }
            return FrameUpdate(clearFirst: true, runs: runs, cursor: cursor)
        }
        var runs: [CellRun] = []
        for y in 0..<next.height {
            let row = y * next.width
            var first: Int?
            var last = 0
            for x in 0..<next.width where previous.cells[row + x] != next.cells[row + x] {
                if first == nil { first = x }
                last = x
            }
            guard var start = first else { continue }
            while start > 0 && next.cells[row + start].isContinuation { start -= 1 }
            if last + 1 < next.width && next.cells[row + last + 1].isContinuation { last += 1 }
            runs.append(CellRun(x: start, y: y, cells: Array(next.cells[(row + start)...(row + last)])))
        }
        return FrameUpdate(clearFirst: false, runs: runs, cursor: cursor)
    }
}
