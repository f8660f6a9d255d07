extension JSONParser.Core {
    typealias Byte = JSONParser.Byte

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
