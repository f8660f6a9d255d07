/// Where the server's lines come from: batches of whatever input is available at once.
public protocol LineSource {
    /// Blocks until input is available (or a while has passed: then the batch may be empty);
    /// returns the complete lines and whether input has ended.
    mutating func nextBatch() -> (lines: [LineReader.Line], ended: Bool)
}

/// Where the server's lines go. Each call carries whole lines; the sink sends them at once.
public protocol LineSink {
    /// Writes the bytes; returns false when the other side is gone.
    mutating func write(_ bytes: [UInt8]) -> Bool
}

/// An in-memory source for tests: each element of `batches` is one read's worth of bytes.
public struct MemoryLineSource: LineSource {
    private var batches: [[UInt8]]
    private var reader = LineReader()

    public init(batches: [[UInt8]]) {
        self.batches = batches
    }

    public mutating func nextBatch() -> (lines: [LineReader.Line], ended: Bool) {
        guard !batches.isEmpty else { return (reader.finish(), true) }
        let bytes = batches.removeFirst()
        let lines = bytes.withUnsafeBytes { reader.feed($0) }
        return (lines, false)
    }
}

/// An in-memory sink for tests, keeping everything written.
public struct MemoryLineSink: LineSink {
    public private(set) var bytes: [UInt8] = []

    public init() {}

    public mutating func write(_ bytes: [UInt8]) -> Bool {
        self.bytes.append(contentsOf: bytes)
        return true
    }

    public var text: String { String(decoding: bytes, as: UTF8.self) }
}
