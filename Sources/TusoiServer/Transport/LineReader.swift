/// Cuts a byte stream into lines, refusing any line over the limit without holding it in memory.
///
/// Bytes are fed as they arrive; every complete line is returned. A line longer than
/// ``maxLineLength`` is drained up to its newline and reported as ``Line/tooLong(_:)``.
public struct LineReader: Sendable {
    /// One line of input.
    public enum Line: Equatable, Sendable {
        case line([UInt8])
        /// A line over the limit, with how many bytes of it were seen.
        case tooLong(Int)
    }

    /// The longest line accepted: 1 MiB.
    public static let maxLineLength = 1 << 20

    private var pending: [UInt8] = []
    /// Bytes of an over-long line dropped so far; nil when not draining one.
    private var draining: Int?
    private let limit: Int

    public init(limit: Int = LineReader.maxLineLength) {
        self.limit = limit
    }

    /// Adds bytes and returns the lines they complete.
    public mutating func feed(_ bytes: UnsafeRawBufferPointer) -> [Line] {
        var lines: [Line] = []
        var start = 0
        let count = bytes.count
        while start < count {
            guard let newline = (start..<count).first(where: { bytes[$0] == 0x0A }) else {
                let rest = count - start
                if let dropped = draining {
                    draining = dropped + rest
                } else if pending.count + rest > limit {
                    draining = pending.count + rest
                    pending.removeAll(keepingCapacity: false)
                } else {
                    pending.append(contentsOf: bytes[start..<count])
                }
                break
            }
            if let dropped = draining {
                lines.append(.tooLong(dropped + newline - start))
                draining = nil
            } else if pending.count + newline - start > limit {
                lines.append(.tooLong(pending.count + newline - start))
                pending.removeAll(keepingCapacity: false)
            } else if pending.isEmpty {
                lines.append(.line(Array(bytes[start..<newline])))
            } else {
                pending.append(contentsOf: bytes[start..<newline])
                lines.append(.line(pending))
                pending.removeAll(keepingCapacity: true)
            }
            start = newline + 1
        }
        return lines
    }

    /// At end of input: the last line if it had no newline.
    public mutating func finish() -> [Line] {
        defer {
            pending = []
            draining = nil
        }
        if let dropped = draining { return [.tooLong(dropped)] }
        return pending.isEmpty ? [] : [.line(pending)]
    }
}
