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

// The parser's internals, nested here so that their short names cannot collide with other types.
extension JSONParser {
    /// The offset at which a number lexeme stopped following the grammar.
    fileprivate struct NumberFault: Error, Equatable {
        var offset: Int
    }

    /// Byte constants used by the parser.
    fileprivate enum Byte {
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
    fileprivate struct Frame {
        /// Whether the container is an object (otherwise an array).
        var isObject: Bool
        /// Where this container's values start on the shared value stack.
        var valueStart: Int
        /// Where this object's keys start on the shared key stack.
        var keyStart: Int
    }

    /// An object key waiting for its object to close, with the byte offset of its opening quote.
    fileprivate struct Key {
        var text: String
        var offset: Int
    }

    /// A growable stack over caller-provided storage that moves to the heap when it runs out of room.
    ///
    /// Elements can be moved out without reference-count traffic. The stack deinitializes what it still
    /// holds when it goes away, also when parsing stops with an error.
    fileprivate struct Stack<Element>: ~Copyable {
        private var base: UnsafeMutablePointer<Element>
        private var capacity: Int
        private var ownsStorage: Bool
        /// The number of elements on the stack.
        private(set) var count = 0

        /// Creates an empty stack that first uses `storage`, which must stay valid while the stack lives.
        init(storage: UnsafeMutableBufferPointer<Element>) {
            if let start = storage.baseAddress, storage.count > 0 {
                base = start
                capacity = storage.count
                ownsStorage = false
            } else {
                base = UnsafeMutablePointer<Element>.allocate(capacity: 16)
                capacity = 16
                ownsStorage = true
            }
        }

        deinit {
            base.deinitialize(count: count)
            if ownsStorage {
                base.deallocate()
            }
        }

        /// The topmost element, if any.
        var last: Element? {
            count > 0 ? base[count - 1] : nil
        }

        /// A copy of the element at `position`.
        subscript(position: Int) -> Element {
            base[position]
        }

        /// The address of the element at `position`, for moving it out and back in.
        func address(_ position: Int) -> UnsafeMutablePointer<Element> {
            base + position
        }

        /// Pushes `element`, growing the storage when it is full.
        @inline(__always)
        mutating func push(_ element: consuming Element) {
            if count == capacity {
                grow()
            }
            (base + count).initialize(to: element)
            count += 1
        }

        /// Removes and deinitializes the top `number` elements.
        mutating func removeLast(_ number: Int) {
            count -= number
            (base + count).deinitialize(count: number)
        }

        /// Forgets the top `number` elements, which the caller has already moved out.
        mutating func forgetLast(_ number: Int) {
            count -= number
        }

        /// Moves the elements from `start` to the top into a new array, removing them from the stack.
        mutating func moveToArray(from start: Int) -> [Element] {
            let moved = count - start
            let source = base + start
            let result = [Element](unsafeUninitializedCapacity: moved) { buffer, initialized in
                if let destination = buffer.baseAddress {
                    destination.moveInitialize(from: source, count: moved)
                    initialized = moved
                }
            }
            if result.count < moved {
                // Only an empty range leaves elements behind; release whatever was not moved.
                (source + result.count).deinitialize(count: moved - result.count)
            }
            count = start
            return result
        }

        /// Moves the elements to storage twice as large on the heap.
        private mutating func grow() {
            let newCapacity = capacity * 2
            let newBase = UnsafeMutablePointer<Element>.allocate(capacity: newCapacity)
            newBase.moveInitialize(from: base, count: count)
            if ownsStorage {
                base.deallocate()
            }
            base = newBase
            capacity = newCapacity
            ownsStorage = true
        }
    }

    /// The mutable state of one parse: the input, the position, and the stacks of open containers.
    fileprivate struct Core: ~Copyable {
        let pointer: UnsafePointer<UInt8>
        let count: Int
        let maxDepth: Int
        var index = 0
        /// The open arrays and objects, innermost last.
        var frames: Stack<Frame>
        /// The keys of all open objects; each frame owns the ones from its `keyStart` up to the next frame's.
        var keys: Stack<Key>
        /// The finished values of all open containers; each frame owns the ones from its `valueStart`.
        var values: Stack<JSONValue>
        /// The decoded bytes of a string that contains escapes.
        var scratch: [UInt8] = []

        init(
            pointer: UnsafePointer<UInt8>,
            count: Int,
            maxDepth: Int,
            frames: consuming Stack<Frame>,
            keys: consuming Stack<Key>,
            values: consuming Stack<JSONValue>
        ) {
            self.pointer = pointer
            self.count = count
            self.maxDepth = maxDepth
            self.frames = frames
            self.keys = keys
            self.values = values
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
                        frames.push(Frame(isObject: true, valueStart: values.count, keyStart: keys.count))
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
                        frames.push(Frame(isObject: false, valueStart: values.count, keyStart: keys.count))
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
                    values.push(consume value)
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
            keys.push(Key(text: try parseString(), offset: keyOffset))
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
            guard let frame = frames.last else {
                return .null
            }
            let memberCount = values.count - frame.valueStart
            var members = [String: JSONValue](minimumCapacity: memberCount)
            // Keys and values are moved, not copied, into the dictionary.
            for member in 0..<memberCount {
                let key = keys.address(frame.keyStart + member).move()
                let value = values.address(frame.valueStart + member).move()
                if members.updateValue(value, forKey: key.text) != nil {
                    // Refill the slots moved out so far so that every slot below the tops stays initialized;
                    // the placeholder offset keeps `fail` from scanning this object, whose first duplicate
                    // this is. The key text went into the dictionary, so it is decoded again from the input.
                    values.address(frame.valueStart).initialize(repeating: .null, count: member + 1)
                    let placeholder = Key(text: "", offset: .max)
                    keys.address(frame.keyStart).initialize(repeating: placeholder, count: member + 1)
                    index = key.offset
                    let text = (try? parseString()) ?? ""
                    throw fail(.duplicateKey(text), at: key.offset)
                }
            }
            values.forgetLast(memberCount)
            keys.forgetLast(memberCount)
            frames.forgetLast(1)
            return .object(members)
        }

        /// Pops the innermost array and builds it from the shared value stack.
        mutating func closeArray() -> JSONValue {
            guard let frame = frames.last else {
                return .null
            }
            frames.forgetLast(1)
            return .array(values.moveToArray(from: frame.valueStart))
        }

        // MARK: Scalars

        @inline(__always)
        mutating func skipWhitespace() {
            // Every structural character is above 0x20, so one comparison settles the common case.
            while index < count, pointer[index] <= Byte.space {
                switch pointer[index] {
                case Byte.space, Byte.lineFeed, Byte.carriageReturn, Byte.tab:
                    index += 1
                default:
                    return
                }
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
            return .number(makeString(from: start, to: end, isASCII: true))
        }

        /// Parses a string whose opening quote is at the current position; leaves the position after it.
        @inline(__always)
        mutating func parseString() throws(JSONParseError) -> String {
            let start = index + 1
            let (end, isASCII) = plainStringEnd(from: start)
            if end >= 0 {
                index = end + 1
                return makeString(from: start, to: end, isASCII: isASCII)
            }
            return try parseEscapedString(start: start, firstEscape: start)
        }

        /// Finds the closing quote of a string that can be taken over byte for byte: one without escapes or
        /// control characters, in well-formed UTF-8. Returns -1 for any other string, or if the input ends,
        /// together with whether the bytes scanned are all ASCII.
        @inline(__always)
        func plainStringEnd(from start: Int) -> (end: Int, isASCII: Bool) {
            var isASCII = true
            var position = start
            while position < count {
                if count - position >= 8 {
                    // Skip eight ordinary bytes at a time; otherwise go straight to the first special one.
                    let word = UnsafeRawPointer(pointer + position).loadUnaligned(as: UInt64.self)
                    let special = Self.specialBytes(in: UInt64(littleEndian: word))
                    if special == 0 {
                        position += 8
                        continue
                    }
                    position += special.trailingZeroBitCount >> 3
                }
                let byte = pointer[position]
                if byte == Byte.quote {
                    return (position, isASCII)
                }
                if byte < 0x80 {
                    if byte == Byte.backslash || byte < 0x20 {
                        return (-1, isASCII)
                    }
                    position += 1
                } else {
                    let length = sequenceLength(at: position)
                    if length == 0 {
                        return (-1, false)
                    }
                    isASCII = false
                    position += length
                }
            }
            return (-1, isASCII)
        }

        /// Marks with its high bit each byte of `word` that needs attention inside a string: a quote, a
        /// backslash, a control character or a non-ASCII byte.
        ///
        /// The lowest marked byte is always exact; bytes above it may be marked spuriously by borrows.
        @inline(__always)
        static func specialBytes(in word: UInt64) -> UInt64 {
            let ones: UInt64 = 0x0101_0101_0101_0101
            let highBits: UInt64 = 0x8080_8080_8080_8080
            let control = (word &- ones &* 0x20) & ~word
            let quotes = word ^ (ones &* UInt64(Byte.quote))
            let backslashes = word ^ (ones &* UInt64(Byte.backslash))
            let quoteHits = (quotes &- ones) & ~quotes
            let backslashHits = (backslashes &- ones) & ~backslashes
            return (control | quoteHits | backslashHits | word) & highBits
        }

        /// Continues a string that contains escapes, decoding it into the scratch buffer and reporting any
        /// problem in it precisely.
        @inline(never)
        mutating func parseEscapedString(start: Int, firstEscape: Int) throws(JSONParseError) -> String {
            scratch.removeAll(keepingCapacity: true)
            let plainPrefix = UnsafeBufferPointer(start: pointer + start, count: firstEscape - start)
            scratch.append(contentsOf: plainPrefix)
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
                    let sequence = UnsafeBufferPointer(start: pointer + position, count: end - position)
                    scratch.append(contentsOf: sequence)
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
                guard next < count else {
                    throw fail(.unexpectedEnd, at: count)
                }
                guard pointer[next] == Byte.backslash else {
                    throw fail(.loneSurrogate, at: position)
                }
                guard next + 1 < count else {
                    throw fail(.unexpectedEnd, at: count)
                }
                guard pointer[next + 1] == Byte.lowerU else {
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

        /// Makes a string from a byte range of the input that has already been validated as UTF-8.
        ///
        /// Where `UTF8Span` is available the bytes are copied without being validated a second time; the
        /// validation in ``sequenceLength(at:)`` is what makes that sound.
        @inline(__always)
        func makeString(from start: Int, to end: Int, isASCII: Bool) -> String {
            let buffer = UnsafeBufferPointer(start: pointer + start, count: end - start)
            if #available(macOS 26, iOS 26, tvOS 26, watchOS 26, visionOS 26, *) {
                return String(copying: UTF8Span(unchecked: buffer.span, isKnownASCII: isASCII))
            }
            return String(decoding: buffer, as: UTF8.self)
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
            for level in 0..<frames.count where frames[level].isObject {
                // Keys above this object's own belong to containers nested inside it.
                let keyEnd = level + 1 < frames.count ? frames[level + 1].keyStart : keys.count
                var seen = Set<String>()
                for position in frames[level].keyStart..<keyEnd {
                    let key = keys[position]
                    if key.offset >= earliest.offset {
                        break
                    }
                    if !seen.insert(key.text).inserted {
                        earliest = JSONParseError(reason: .duplicateKey(key.text), offset: key.offset)
                        break
                    }
                }
            }
            return earliest
        }
    }
}
