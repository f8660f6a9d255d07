/// A strict RFC 8259 parser that turns one complete JSON text into a ``JSONValue``.
///
/// The input must hold exactly one value with only JSON whitespace (space, tab, line feed, carriage
/// return) around it. Every violation is reported as a ``JSONParseError`` carrying the byte offset of the
/// first problem. The parser is iterative, so hostile nesting cannot exhaust the call stack; the depth
/// limit bounds the memory spent on open containers.
///
/// Keep `maxDepth` modest (the default is 32): a value nested many thousands of levels deep is released
/// recursively by the Swift runtime, so such a value should never be built in the first place.
public enum JSONParser {
    /// The nesting limit used when the caller gives none.
    public static let defaultMaxDepth = 32

    /// The longest number lexeme accepted, in characters.
    public static let maxNumberLength = 64

    /// Parses one JSON text from raw bytes.
    ///
    /// - Parameters:
    ///   - bytes: The complete JSON text, UTF-8 encoded, without the line terminator.
    ///   - maxDepth: The most arrays and objects that may be open at once; `0` allows only scalars.
    /// - Returns: The parsed value.
    /// - Throws: ``JSONParseError`` describing the first problem and its byte offset.
    public static func parse(
        _ bytes: UnsafeRawBufferPointer,
        maxDepth: Int = defaultMaxDepth
    ) throws(JSONParseError) -> JSONValue {
        guard let base = bytes.baseAddress, !bytes.isEmpty else {
            throw JSONParseError(reason: .unexpectedEnd, offset: 0)
        }
        // Byte buffers ([UInt8], Data, read buffers) have their memory bound to UInt8.
        let pointer = base.assumingMemoryBound(to: UInt8.self)
        return try parse(pointer: pointer, count: bytes.count, maxDepth: max(0, maxDepth))
    }

    /// Parses one JSON text from a byte array.
    public static func parse(
        _ bytes: [UInt8],
        maxDepth: Int = defaultMaxDepth
    ) throws(JSONParseError) -> JSONValue {
        let result = bytes.withUnsafeBytes { raw in
            Result { () throws(JSONParseError) in try parse(raw, maxDepth: maxDepth) }
        }
        return try result.get()
    }

    /// Parses one JSON text from a slice of a byte array, reporting offsets relative to the slice start.
    public static func parse(
        _ bytes: ArraySlice<UInt8>,
        maxDepth: Int = defaultMaxDepth
    ) throws(JSONParseError) -> JSONValue {
        let result = bytes.withUnsafeBytes { raw in
            Result { () throws(JSONParseError) in try parse(raw, maxDepth: maxDepth) }
        }
        return try result.get()
    }

    /// Parses one JSON text from a string, reporting offsets into its UTF-8 form.
    public static func parse(
        _ text: String,
        maxDepth: Int = defaultMaxDepth
    ) throws(JSONParseError) -> JSONValue {
        var text = text
        let result = text.withUTF8 { utf8 in
            Result { () throws(JSONParseError) in
                try parse(UnsafeRawBufferPointer(utf8), maxDepth: maxDepth)
            }
        }
        return try result.get()
    }

    /// A short name for the error type, which keeps the nested closures below within the line length.
    private typealias Failure = JSONParseError

    /// Parses `count` bytes at `pointer`, giving the parser stacks that start out in stack-allocated
    /// memory, so that typical lines need no heap allocations for bookkeeping; a stack moves to the heap
    /// only when a line outgrows it.
    private static func parse(
        pointer: UnsafePointer<UInt8>,
        count: Int,
        maxDepth: Int
    ) throws(Failure) -> JSONValue {
        try withUnsafeTemporaryAllocation(of: JSONValue.self, capacity: 32) { values throws(Failure) in
            try withUnsafeTemporaryAllocation(of: Key.self, capacity: 32) { keys throws(Failure) in
                try withUnsafeTemporaryAllocation(of: Frame.self, capacity: 16) { frames throws(Failure) in
                    var core = Core(
                        pointer: pointer,
                        count: count,
                        maxDepth: maxDepth,
                        frames: Stack(storage: frames),
                        keys: Stack(storage: keys),
                        values: Stack(storage: values)
                    )
                    return try core.parseDocument()
                }
            }
        }
    }

    /// Whether `lexeme` follows the JSON number grammar `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`.
    static func isValidNumber(_ lexeme: String) -> Bool {
        var lexeme = lexeme
        return lexeme.withUTF8 { buffer in
            guard let base = buffer.baseAddress else {
                return false
            }
            return numberEnd(base, start: 0, count: buffer.count) == .success(buffer.count)
        }
    }

    /// Scans the number grammar from `start`; returns the end index or the offset of the first bad byte.
    ///
    /// Only the grammar is checked here; what may follow a number is the caller's concern.
    @inline(__always)
    static func numberEnd(
        _ pointer: UnsafePointer<UInt8>,
        start: Int,
        count: Int
    ) -> Result<Int, NumberFault> {
        var index = start
        if index < count, pointer[index] == Byte.minus {
            index += 1
        }
        guard index < count else {
            return .failure(NumberFault(offset: index))
        }
        let first = pointer[index]
        if first == Byte.zero {
            index += 1
        } else if first >= Byte.one, first <= Byte.nine {
            index += 1
            while index < count, isDigit(pointer[index]) {
                index += 1
            }
        } else {
            return .failure(NumberFault(offset: index))
        }
        if index < count, pointer[index] == Byte.dot {
            index += 1
            guard index < count, isDigit(pointer[index]) else {
                return .failure(NumberFault(offset: index))
            }
            while index < count, isDigit(pointer[index]) {
                index += 1
            }
        }
        if index < count, pointer[index] | 0x20 == Byte.lowerE {
            index += 1
            if index < count, pointer[index] == Byte.plus || pointer[index] == Byte.minus {
                index += 1
            }
            guard index < count, isDigit(pointer[index]) else {
                return .failure(NumberFault(offset: index))
            }
            while index < count, isDigit(pointer[index]) {
                index += 1
            }
        }
        return .success(index)
    }

    @inline(__always)
    static func isDigit(_ byte: UInt8) -> Bool {
        byte &- Byte.zero < 10
    }
}
