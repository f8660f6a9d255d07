/// A deterministic JSON serializer that appends compact UTF-8 output to a byte buffer.
///
/// Output rules: no insignificant whitespace; object keys sorted by their UTF-8 bytes; `"` and `\`
/// escaped; control characters escaped as `\b`, `\t`, `\n`, `\f`, `\r` or `\u00xx` (lowercase hex);
/// everything else, including `/` and non-ASCII text, written as raw UTF-8. Number lexemes are written
/// verbatim; a `.number` whose lexeme does not follow the JSON number grammar is written as `null` so
/// that the output always stays valid JSON. Nested values are written recursively, one call per level,
/// which is safe for anything ``JSONParser`` produces within its depth limit.
///
/// The static helpers let a caller write an object field by field without building a ``JSONValue``:
///
/// ```swift
/// var line: [UInt8] = []
/// line.append(contentsOf: #"{"jsonrpc":"2.0","result":"#.utf8)
/// JSONWriter.appendString(text, to: &line)
/// line.append(contentsOf: #","id":"#.utf8)
/// JSONWriter.appendValue(requestID, to: &line)
/// line.append(UInt8(ascii: "}"))
/// ```
public struct JSONWriter: Sendable {
    /// The output written so far.
    public private(set) var bytes: [UInt8]

    /// Creates an empty writer whose buffer can hold `capacity` bytes without reallocating.
    public init(reservingCapacity capacity: Int = 256) {
        bytes = []
        bytes.reserveCapacity(capacity)
    }

    /// Appends the serialization of `value`.
    public mutating func write(_ value: JSONValue) {
        Self.appendValue(value, to: &bytes)
    }

    /// Empties the output, keeping its storage for reuse by default.
    public mutating func removeAll(keepingCapacity: Bool = true) {
        bytes.removeAll(keepingCapacity: keepingCapacity)
    }

    /// Appends the serialization of `value` to `buffer`.
    public static func appendValue(_ value: JSONValue, to buffer: inout [UInt8]) {
        switch value {
        case .null:
            buffer.append(contentsOf: Literal.null)
        case .bool(let flag):
            buffer.append(contentsOf: flag ? Literal.true : Literal.false)
        case .number(let lexeme):
            if JSONParser.isValidNumber(lexeme) {
                buffer.append(contentsOf: lexeme.utf8)
            } else {
                buffer.append(contentsOf: Literal.null)
            }
        case .string(let text):
            appendString(text, to: &buffer)
        case .array(let elements):
            buffer.append(UInt8(ascii: "["))
            var first = true
            for element in elements {
                if !first {
                    buffer.append(UInt8(ascii: ","))
                }
                first = false
                appendValue(element, to: &buffer)
            }
            buffer.append(UInt8(ascii: "]"))
        case .object(let members):
            buffer.append(UInt8(ascii: "{"))
            var first = true
            for (key, member) in members.sorted(by: { utf8Precedes($0.key, $1.key) }) {
                if !first {
                    buffer.append(UInt8(ascii: ","))
                }
                first = false
                appendString(key, to: &buffer)
                buffer.append(UInt8(ascii: ":"))
                appendValue(member, to: &buffer)
            }
            buffer.append(UInt8(ascii: "}"))
        }
    }

    /// Appends `text` as a quoted, escaped JSON string to `buffer`.
    public static func appendString(_ text: String, to buffer: inout [UInt8]) {
        buffer.append(UInt8(ascii: "\""))
        appendEscaped(text, to: &buffer)
        buffer.append(UInt8(ascii: "\""))
    }

    /// Appends the escaped contents of `text` to `buffer`, without the surrounding quotes.
    public static func appendEscaped(_ text: String, to buffer: inout [UInt8]) {
        var text = text
        text.withUTF8 { utf8 in
            appendEscaped(utf8, to: &buffer)
        }
    }

    /// Appends the escaped form of UTF-8 bytes to `buffer`, without the surrounding quotes.
    ///
    /// The bytes are expected to be valid UTF-8; they are copied unchanged apart from the escapes.
    public static func appendEscaped(_ utf8: UnsafeBufferPointer<UInt8>, to buffer: inout [UInt8]) {
        guard let base = utf8.baseAddress else {
            return
        }
        let count = utf8.count
        var runStart = 0
        var position = 0
        while position < count {
            if count - position >= 8 {
                // Skip eight bytes that need no escape at a time; otherwise go to the first that does.
                let word = UnsafeRawPointer(base + position).loadUnaligned(as: UInt64.self)
                let marks = escapeMarks(in: UInt64(littleEndian: word))
                if marks == 0 {
                    position += 8
                    continue
                }
                position += marks.trailingZeroBitCount >> 3
            }
            let byte = base[position]
            if byte >= 0x20, byte != UInt8(ascii: "\""), byte != UInt8(ascii: "\\") {
                position += 1
                continue
            }
            if runStart < position {
                buffer.append(
                    contentsOf: UnsafeBufferPointer(start: base + runStart, count: position - runStart))
            }
            appendEscape(for: byte, to: &buffer)
            position += 1
            runStart = position
        }
        if runStart < count {
            buffer.append(contentsOf: UnsafeBufferPointer(start: base + runStart, count: count - runStart))
        }
    }

    /// Appends the escape sequence for a quote, a backslash or a control character.
    private static func appendEscape(for byte: UInt8, to buffer: inout [UInt8]) {
        buffer.append(UInt8(ascii: "\\"))
        switch byte {
        case UInt8(ascii: "\""): buffer.append(UInt8(ascii: "\""))
        case UInt8(ascii: "\\"): buffer.append(UInt8(ascii: "\\"))
        case 0x08: buffer.append(UInt8(ascii: "b"))
        case 0x09: buffer.append(UInt8(ascii: "t"))
        case 0x0A: buffer.append(UInt8(ascii: "n"))
        case 0x0C: buffer.append(UInt8(ascii: "f"))
        case 0x0D: buffer.append(UInt8(ascii: "r"))
        default:
            buffer.append(UInt8(ascii: "u"))
            buffer.append(UInt8(ascii: "0"))
            buffer.append(UInt8(ascii: "0"))
            buffer.append(hexDigit(byte >> 4))
            buffer.append(hexDigit(byte & 0x0F))
        }
    }

    /// Marks with its high bit each byte of `word` that must be escaped: a quote, a backslash or a
    /// control character. The lowest marked byte is always exact; higher marks may be spurious.
    @inline(__always)
    private static func escapeMarks(in word: UInt64) -> UInt64 {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let control = (word &- ones &* 0x20) & ~word
        let quotes = word ^ (ones &* UInt64(UInt8(ascii: "\"")))
        let backslashes = word ^ (ones &* UInt64(UInt8(ascii: "\\")))
        let quoteHits = (quotes &- ones) & ~quotes
        let backslashHits = (backslashes &- ones) & ~backslashes
        return (control | quoteHits | backslashHits) & (ones &* 0x80)
    }

    /// Appends the decimal form of `value` to `buffer`.
    public static func appendInteger(_ value: Int64, to buffer: inout [UInt8]) {
        if value < 0 {
            buffer.append(UInt8(ascii: "-"))
        }
        var magnitude = value.magnitude
        // 20 digits hold UInt64.max.
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)
        var length = 0
        withUnsafeMutableBytes(of: &digits) { scratch in
            repeat {
                length += 1
                scratch[24 - length] = UInt8(truncatingIfNeeded: magnitude % 10) + UInt8(ascii: "0")
                magnitude /= 10
            } while magnitude != 0
            buffer.append(contentsOf: UnsafeRawBufferPointer(rebasing: scratch[(24 - length)...]))
        }
    }

    /// Whether the UTF-8 bytes of `first` sort before those of `second`.
    private static func utf8Precedes(_ first: String, _ second: String) -> Bool {
        let fast = first.utf8.withContiguousStorageIfAvailable { left in
            second.utf8.withContiguousStorageIfAvailable { right in
                left.lexicographicallyPrecedes(right)
            }
        }
        if let fast, let result = fast {
            return result
        }
        return first.utf8.lexicographicallyPrecedes(second.utf8)
    }

    /// The lowercase hex digit for a value below 16.
    @inline(__always)
    private static func hexDigit(_ nibble: UInt8) -> UInt8 {
        nibble < 10 ? UInt8(ascii: "0") + nibble : UInt8(ascii: "a") + nibble - 10
    }

    /// The byte forms of the JSON literals.
    private enum Literal {
        static let null: [UInt8] = Array("null".utf8)
        static let `true`: [UInt8] = Array("true".utf8)
        static let `false`: [UInt8] = Array("false".utf8)
    }
}

extension JSONValue {
    /// The compact, deterministic JSON text of this value, as written by ``JSONWriter``.
    public var jsonText: String {
        var writer = JSONWriter()
        writer.write(self)
        return String(decoding: writer.bytes, as: UTF8.self)
    }
}
