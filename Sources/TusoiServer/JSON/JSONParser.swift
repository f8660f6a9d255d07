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
        // Bytes handed over as raw memory are read as UInt8, the type every byte buffer is bound to.
        let pointer = base.assumingMemoryBound(to: UInt8.self)
        var parser = Core(pointer: pointer, count: bytes.count, maxDepth: max(0, maxDepth))
        return try parser.parseDocument()
    }

    /// Parses one JSON text from a byte array.
    public static func parse(_ bytes: [UInt8], maxDepth: Int = defaultMaxDepth) throws(JSONParseError)
        -> JSONValue
    {
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
    public static func parse(_ text: String, maxDepth: Int = defaultMaxDepth) throws(JSONParseError)
        -> JSONValue
    {
        var text = text
        let result = text.withUTF8 { utf8 in
            Result { () throws(JSONParseError) in try parse(UnsafeRawBufferPointer(utf8), maxDepth: maxDepth)
            }
        }
        return try result.get()
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
    fileprivate static func numberEnd(
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
    fileprivate static func isDigit(_ byte: UInt8) -> Bool {
        byte &- Byte.zero < 10
    }
}

/// The offset at which a number lexeme stopped following the grammar.
private struct NumberFault: Error, Equatable {
    var offset: Int
}

/// Byte constants used by the parser.
private enum Byte {
    static let tab = UInt8(ascii: "\t")
    static let lineFeed = UInt8(ascii: "\n")
    static let carriageReturn = UInt8(ascii: "\r")
    static let space = UInt8(ascii: " ")
    static let quote = UInt8(ascii: "\"")
    static let backslash = UInt8(ascii: "\\")
    static let slash = UInt8(ascii: "/")
    static let comma = UInt8(ascii: ",")
    static let colon = UInt8(ascii: ":")
    static let openBracket = UInt8(ascii: "[")
    static let closeBracket = UInt8(ascii: "]")
    static let openBrace = UInt8(ascii: "{")
    static let closeBrace = UInt8(ascii: "}")
    static let minus = UInt8(ascii: "-")
    static let plus = UInt8(ascii: "+")
    static let dot = UInt8(ascii: ".")
    static let zero = UInt8(ascii: "0")
    static let one = UInt8(ascii: "1")
    static let nine = UInt8(ascii: "9")
    static let lowerE = UInt8(ascii: "e")
    static let upperE = UInt8(ascii: "E")
    static let lowerU = UInt8(ascii: "u")
}

/// One open array or object while parsing.
private struct Frame {
    /// Whether the container is an object (otherwise an array).
    var isObject: Bool
    /// Where this container's values start on the shared value stack.
    var valueStart: Int
    /// Where this object's keys start on the shared key stack.
    var keyStart: Int
}

/// The mutable state of one parse: the input, the position, and the stacks of open containers.
private struct Core {
    let pointer: UnsafePointer<UInt8>
    let count: Int
    let maxDepth: Int
    var index = 0
    var frames: [Frame] = []
    var values: [JSONValue] = []
    var keys: [String] = []
    /// The byte offset of each key on the key stack, for duplicate-key errors.
    var keyOffsets: [Int] = []
    var scratch: [UInt8] = []

    init(pointer: UnsafePointer<UInt8>, count: Int, maxDepth: Int) {
        self.pointer = pointer
        self.count = count
        self.maxDepth = maxDepth
        // One allocation each up front instead of repeated growth for typical request lines.
        frames.reserveCapacity(min(maxDepth, 8))
        values.reserveCapacity(16)
        keys.reserveCapacity(16)
        keyOffsets.reserveCapacity(16)
    }

    // MARK: Structure

    /// Parses the whole input as exactly one value surrounded by optional whitespace.
    mutating func parseDocument() throws(JSONParseError) -> JSONValue {
        parsing: while true {
            skipWhitespace()
            guard index < count else {
                throw fail(.unexpectedEnd, at: count)
            }
            var value: JSONValue
            let byte = pointer[index]
            switch byte {
            case Byte.openBrace:
                try checkDepth()
                index += 1
                skipWhitespace()
                if index < count, pointer[index] == Byte.closeBrace {
                    index += 1
                    value = .object([:])
                } else {
                    frames.append(Frame(isObject: true, valueStart: values.count, keyStart: keys.count))
                    try parseKeyAndColon()
                    continue parsing
                }
            case Byte.openBracket:
                try checkDepth()
                index += 1
                skipWhitespace()
                if index < count, pointer[index] == Byte.closeBracket {
                    index += 1
                    value = .array([])
                } else {
                    frames.append(Frame(isObject: false, valueStart: values.count, keyStart: keys.count))
                    continue parsing
                }
            case Byte.quote:
                value = .string(try parseString())
            case UInt8(ascii: "t"):
                try expectLiteral("true")
                value = .bool(true)
            case UInt8(ascii: "f"):
                try expectLiteral("false")
                value = .bool(false)
            case UInt8(ascii: "n"):
                try expectLiteral("null")
                value = .null
            case Byte.minus, Byte.zero...Byte.nine:
                value = try parseNumber()
            case Byte.plus, Byte.dot:
                throw fail(.invalidNumber, at: index)
            case UInt8(ascii: "N"), UInt8(ascii: "I"):
                if hasPrefix("NaN") || hasPrefix("Infinity") {
                    throw fail(.invalidNumber, at: index)
                }
                throw unexpected(at: index)
            default:
                throw unexpected(at: index)
            }

            // A value is complete: attach it to the innermost container, closing containers as they end.
            while true {
                guard let top = frames.last else {
                    skipWhitespace()
                    if index < count {
                        if pointer[index] >= 0x80, !isValidSequence(at: index) {
                            throw fail(.invalidUTF8, at: index)
                        }
                        throw fail(.trailingCharacters, at: index)
                    }
                    return value
                }
                values.append(value)
                skipWhitespace()
                guard index < count else {
                    throw fail(.unexpectedEnd, at: count)
                }
                let next = pointer[index]
                if next == Byte.comma {
                    index += 1
                    if top.isObject {
                        skipWhitespace()
                        try parseKeyAndColon()
                    }
                    continue parsing
                }
                if top.isObject, next == Byte.closeBrace {
                    index += 1
                    value = try closeObject()
                } else if !top.isObject, next == Byte.closeBracket {
                    index += 1
                    value = closeArray()
                } else {
                    throw unexpected(at: index)
                }
            }
        }
    }

    /// Throws `tooDeep` when opening one more container would exceed the limit.
    @inline(__always)
    func checkDepth() throws(JSONParseError) {
        if frames.count >= maxDepth {
            throw fail(.tooDeep(maxDepth), at: index)
        }
    }

    /// Parses an object key, checks it against the object's other keys, and consumes the colon after it.
    mutating func parseKeyAndColon() throws(JSONParseError) {
        guard index < count else {
            throw fail(.unexpectedEnd, at: count)
        }
        guard pointer[index] == Byte.quote else {
            throw unexpected(at: index)
        }
        let keyOffset = index
        let key = try parseString()
        keys.append(key)
        keyOffsets.append(keyOffset)
        skipWhitespace()
        guard index < count else {
            throw fail(.unexpectedEnd, at: count)
        }
        guard pointer[index] == Byte.colon else {
            throw unexpected(at: index)
        }
        index += 1
    }

    /// Pops the innermost object and builds its dictionary from the shared stacks.
    ///
    /// Duplicate keys are found here, as a side effect of building the dictionary, rather than as each key
    /// is read; ``fail(_:at:)`` keeps the reported error the first one in input order regardless.
    mutating func closeObject() throws(JSONParseError) -> JSONValue {
        let frame = frames[frames.count - 1]
        let memberCount = values.count - frame.valueStart
        var members = [String: JSONValue](minimumCapacity: memberCount)
        for offset in 0..<memberCount {
            let key = keys[frame.keyStart + offset]
            if members.updateValue(values[frame.valueStart + offset], forKey: key) != nil {
                throw fail(.duplicateKey(key), at: keyOffsets[frame.keyStart + offset])
            }
        }
        frames.removeLast()
        values.removeLast(memberCount)
        keys.removeLast(memberCount)
        keyOffsets.removeLast(memberCount)
        return .object(members)
    }

    /// Pops the innermost array and builds it from the shared value stack.
    mutating func closeArray() -> JSONValue {
        let frame = frames.removeLast()
        let elements = Array(values[frame.valueStart...])
        values.removeLast(elements.count)
        return .array(elements)
    }

    // MARK: Scalars

    @inline(__always)
    mutating func skipWhitespace() {
        while index < count {
            let byte = pointer[index]
            guard
                byte == Byte.space || byte == Byte.lineFeed || byte == Byte.carriageReturn || byte == Byte.tab
            else {
                return
            }
            index += 1
        }
    }

    /// Whether the input at the current position starts with `literal`.
    func hasPrefix(_ literal: StaticString) -> Bool {
        let length = literal.utf8CodeUnitCount
        guard count - index >= length else {
            return false
        }
        let expected = literal.utf8Start
        for offset in 0..<length where pointer[index + offset] != expected[offset] {
            return false
        }
        return true
    }

    /// Consumes `literal` (`true`, `false` or `null`) or throws at the first byte that differs.
    mutating func expectLiteral(_ literal: StaticString) throws(JSONParseError) {
        let expected = literal.utf8Start
        for offset in 0..<literal.utf8CodeUnitCount {
            let position = index + offset
            guard position < count else {
                throw fail(.unexpectedEnd, at: count)
            }
            if pointer[position] != expected[offset] {
                throw unexpected(at: position)
            }
        }
        index += literal.utf8CodeUnitCount
    }

    /// Parses a number and keeps its lexeme.
    mutating func parseNumber() throws(JSONParseError) -> JSONValue {
        let start = index
        let end: Int
        switch JSONParser.numberEnd(pointer, start: start, count: count) {
        case .success(let found):
            end = found
        case .failure(let fault):
            throw fail(.invalidNumber, at: fault.offset)
        }
        if end < count {
            // Characters that could only continue a number mean the number itself is malformed,
            // e.g. the "1" in "01", the second "." in "1.2.3", or the "-" in "1-2".
            let next = pointer[end]
            if JSONParser.isDigit(next) || next == Byte.dot || next == Byte.lowerE || next == Byte.upperE
                || next == Byte.plus || next == Byte.minus
            {
                throw fail(.invalidNumber, at: end)
            }
        }
        guard end - start <= JSONParser.maxNumberLength else {
            throw fail(.numberTooLong, at: start)
        }
        index = end
        return .number(makeString(from: start, to: end))
    }

    /// Parses a string whose opening quote is at the current position; leaves the position after it.
    mutating func parseString() throws(JSONParseError) -> String {
        let start = index + 1
        var position = start
        while position < count {
            let byte = pointer[position]
            if byte == Byte.quote {
                index = position + 1
                return makeString(from: start, to: position)
            }
            if byte == Byte.backslash {
                return try parseEscapedString(start: start, firstEscape: position)
            }
            if byte < 0x20 {
                throw fail(.controlCharacterInString, at: position)
            }
            if byte < 0x80 {
                position += 1
            } else {
                position = try sequenceEnd(at: position)
            }
        }
        throw fail(.unexpectedEnd, at: count)
    }

    /// Continues a string that contains escapes, decoding it into the scratch buffer.
    mutating func parseEscapedString(start: Int, firstEscape: Int) throws(JSONParseError) -> String {
        scratch.removeAll(keepingCapacity: true)
        scratch.append(contentsOf: UnsafeBufferPointer(start: pointer + start, count: firstEscape - start))
        var position = firstEscape
        while position < count {
            let byte = pointer[position]
            if byte == Byte.quote {
                index = position + 1
                return String(decoding: scratch, as: UTF8.self)
            }
            if byte == Byte.backslash {
                position = try decodeEscape(at: position)
            } else if byte < 0x20 {
                throw fail(.controlCharacterInString, at: position)
            } else if byte < 0x80 {
                scratch.append(byte)
                position += 1
            } else {
                let end = try sequenceEnd(at: position)
                scratch.append(
                    contentsOf: UnsafeBufferPointer(start: pointer + position, count: end - position))
                position = end
            }
        }
        throw fail(.unexpectedEnd, at: count)
    }

    /// Decodes the escape whose backslash is at `position` into the scratch buffer; returns the next position.
    mutating func decodeEscape(at position: Int) throws(JSONParseError) -> Int {
        guard position + 1 < count else {
            throw fail(.unexpectedEnd, at: count)
        }
        let decoded: UInt8
        switch pointer[position + 1] {
        case Byte.quote: decoded = Byte.quote
        case Byte.backslash: decoded = Byte.backslash
        case Byte.slash: decoded = Byte.slash
        case UInt8(ascii: "b"): decoded = 0x08
        case UInt8(ascii: "f"): decoded = 0x0C
        case UInt8(ascii: "n"): decoded = Byte.lineFeed
        case UInt8(ascii: "r"): decoded = Byte.carriageReturn
        case UInt8(ascii: "t"): decoded = Byte.tab
        case Byte.lowerU:
            return try decodeUnicodeEscape(at: position)
        default:
            throw fail(.invalidEscape, at: position)
        }
        scratch.append(decoded)
        return position + 2
    }

    /// Decodes a `\uXXXX` escape (or a surrogate pair of them) at `position`; returns the next position.
    mutating func decodeUnicodeEscape(at position: Int) throws(JSONParseError) -> Int {
        let unit = try hexQuad(escapeAt: position)
        var scalarValue = UInt32(unit)
        var next = position + 6
        switch unit {
        case 0xD800...0xDBFF:
            // A high surrogate must be followed at once by an escaped low surrogate.
            guard next + 1 < count else {
                throw fail(.unexpectedEnd, at: count)
            }
            guard pointer[next] == Byte.backslash, pointer[next + 1] == Byte.lowerU else {
                throw fail(.loneSurrogate, at: position)
            }
            let low = try hexQuad(escapeAt: next)
            guard (0xDC00...0xDFFF).contains(low) else {
                throw fail(.loneSurrogate, at: position)
            }
            scalarValue = 0x10000 + ((UInt32(unit) - 0xD800) << 10) + (UInt32(low) - 0xDC00)
            next += 6
        case 0xDC00...0xDFFF:
            throw fail(.loneSurrogate, at: position)
        default:
            break
        }
        appendUTF8(scalarValue)
        return next
    }

    /// Reads the four hex digits of the `\u` escape whose backslash is at `position`.
    func hexQuad(escapeAt position: Int) throws(JSONParseError) -> UInt16 {
        var value: UInt16 = 0
        for offset in 2..<6 {
            guard position + offset < count else {
                throw fail(.unexpectedEnd, at: count)
            }
            let byte = pointer[position + offset]
            let digit: UInt8
            switch byte {
            case Byte.zero...Byte.nine: digit = byte - Byte.zero
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: throw fail(.invalidEscape, at: position)
            }
            value = value << 4 | UInt16(digit)
        }
        return value
    }

    /// Appends the UTF-8 encoding of a Unicode scalar value (never a surrogate) to the scratch buffer.
    mutating func appendUTF8(_ value: UInt32) {
        switch value {
        case 0..<0x80:
            scratch.append(UInt8(truncatingIfNeeded: value))
        case 0x80..<0x800:
            scratch.append(0xC0 | UInt8(truncatingIfNeeded: value >> 6))
            scratch.append(0x80 | UInt8(truncatingIfNeeded: value) & 0x3F)
        case 0x800..<0x10000:
            scratch.append(0xE0 | UInt8(truncatingIfNeeded: value >> 12))
            scratch.append(0x80 | UInt8(truncatingIfNeeded: value >> 6) & 0x3F)
            scratch.append(0x80 | UInt8(truncatingIfNeeded: value) & 0x3F)
        default:
            scratch.append(0xF0 | UInt8(truncatingIfNeeded: value >> 18))
            scratch.append(0x80 | UInt8(truncatingIfNeeded: value >> 12) & 0x3F)
            scratch.append(0x80 | UInt8(truncatingIfNeeded: value >> 6) & 0x3F)
            scratch.append(0x80 | UInt8(truncatingIfNeeded: value) & 0x3F)
        }
    }

    /// Makes a string from an already validated byte range of the input.
    @inline(__always)
    func makeString(from start: Int, to end: Int) -> String {
        String(decoding: UnsafeBufferPointer(start: pointer + start, count: end - start), as: UTF8.self)
    }

    // MARK: UTF-8 and errors

    /// Returns the end of the well-formed multi-byte UTF-8 sequence at `position`, or throws `invalidUTF8`.
    func sequenceEnd(at position: Int) throws(JSONParseError) -> Int {
        let length = sequenceLength(at: position)
        if length == 0 {
            throw fail(.invalidUTF8, at: position)
        }
        return position + length
    }

    /// Whether a well-formed UTF-8 sequence starts at `position`.
    func isValidSequence(at position: Int) -> Bool {
        sequenceLength(at: position) != 0
    }

    /// The length of the well-formed UTF-8 sequence at `position` (Unicode Table 3-7), or 0 if ill-formed.
    func sequenceLength(at position: Int) -> Int {
        let lead = pointer[position]
        var length = 0
        var low: UInt8 = 0x80
        var high: UInt8 = 0xBF
        switch lead {
        case 0x00...0x7F: return 1
        case 0xC2...0xDF: length = 2
        case 0xE0: length = 3; low = 0xA0
        case 0xE1...0xEC, 0xEE...0xEF: length = 3
        case 0xED: length = 3; high = 0x9F
        case 0xF0: length = 4; low = 0x90
        case 0xF1...0xF3: length = 4
        case 0xF4: length = 4; high = 0x8F
        default: return 0
        }
        guard count - position >= length else {
            return 0
        }
        let second = pointer[position + 1]
        guard second >= low, second <= high else {
            return 0
        }
        for offset in 2..<length where pointer[position + offset] & 0xC0 != 0x80 {
            return 0
        }
        return length
    }

    /// The error for a byte that cannot appear at `position`: `invalidUTF8` if it starts an ill-formed
    /// sequence, otherwise `unexpectedCharacter`.
    func unexpected(at position: Int) -> JSONParseError {
        let byte = pointer[position]
        if byte >= 0x80, !isValidSequence(at: position) {
            return fail(.invalidUTF8, at: position)
        }
        return fail(.unexpectedCharacter(byte), at: position)
    }

    /// The error to report for a problem found at `offset`.
    ///
    /// Keys of open objects are only checked for duplicates when the object closes, so before reporting
    /// a later problem this looks for a duplicate key that comes earlier in the input and reports that.
    func fail(_ reason: JSONParseError.Reason, at offset: Int) -> JSONParseError {
        var earliest = JSONParseError(reason: reason, offset: offset)
        for (level, frame) in frames.enumerated() where frame.isObject {
            // Keys above this object's own belong to containers nested inside it.
            let keyEnd = level + 1 < frames.count ? frames[level + 1].keyStart : keys.count
            var seen = Set<String>()
            for position in frame.keyStart..<keyEnd {
                let keyOffset = keyOffsets[position]
                if keyOffset >= earliest.offset {
                    break
                }
                if !seen.insert(keys[position]).inserted {
                    earliest = JSONParseError(reason: .duplicateKey(keys[position]), offset: keyOffset)
                    break
                }
            }
        }
        return earliest
    }
}
