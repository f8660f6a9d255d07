import TusoiWire

/// The bridge's everyday line, decoded without building a JSON tree: a `message` request whose values
/// are all plain strings (no escapes), with its keys in any order and JSON whitespace wherever JSON
/// allows it, and an `id` that is a string or an integer.
///
/// Any other line (another method, an escape, a number or a null among the parameters, a key it does
/// not know, a key missing or given twice, anything malformed) gives nil and goes through
/// ``JSONParser`` and ``Request/decode(_:)``, which word every error. For a line it takes, the result
/// is the one the full decoder gives: the same `id` and the same parameters reach the same
/// ``Request/decodeMessage(id:_:)``.
struct PlainMessage {
    private let bytes: UnsafePointer<UInt8>
    private let count: Int
    private var index = 0

    /// The request on `line`, nil when the line is not an everyday message.
    ///
    /// - Throws: what ``Request/decodeMessage(id:_:)`` throws for parameters that do not fit.
    static func decode(_ line: UnsafeRawBufferPointer) throws(ProtocolError) -> Request? {
        guard let base = line.baseAddress, !line.isEmpty else { return nil }
        var scanner = PlainMessage(bytes: base.assumingMemoryBound(to: UInt8.self), count: line.count)
        guard let (id, parameters) = scanner.scanRequest() else { return nil }
        return .message(id: id, try Request.decodeMessage(id: id, parameters))
    }

    private init(bytes: UnsafePointer<UInt8>, count: Int) {
        self.bytes = bytes
        self.count = count
    }

    /// `{"jsonrpc":"2.0","id":…,"method":"message","params":{…}}`, each key once, in any order.
    private mutating func scanRequest() -> (JSONValue, MessageParameters)? {
        var id: JSONValue?
        var versionSeen = false
        var methodSeen = false
        var parameters: MessageParameters?
        guard take(UInt8(ascii: "{")) else { return nil }
        while true {
            guard let key = plainString(), take(UInt8(ascii: ":")) else { return nil }
            if matches(key, "id") {
                guard id == nil, let value = idValue() else { return nil }
                id = value
            } else if matches(key, "jsonrpc") {
                guard !versionSeen, let value = plainString(), matches(value, "2.0") else { return nil }
                versionSeen = true
            } else if matches(key, "method") {
                guard !methodSeen, let value = plainString(), matches(value, "message") else { return nil }
                methodSeen = true
            } else if matches(key, "params") {
                guard parameters == nil, let value = parameterObject() else { return nil }
                parameters = value
            } else {
                return nil
            }
            if take(UInt8(ascii: ",")) { continue }
            guard take(UInt8(ascii: "}")) else { return nil }
            break
        }
        skipWhitespace()
        guard index == count, let id, versionSeen, methodSeen, let parameters else { return nil }
        return (id, parameters)
    }

    /// An object of plain strings under the parameter names the server reads, each name once.
    private mutating func parameterObject() -> MessageParameters? {
        guard take(UInt8(ascii: "{")) else { return nil }
        var parameters = MessageParameters()
        if take(UInt8(ascii: "}")) { return parameters }
        while true {
            guard let key = plainString(), take(UInt8(ascii: ":")), let value = plainString() else {
                return nil
            }
            let taken: Bool
            if matches(key, "channel") {
                taken = fill(&parameters.channel, value)
            } else if matches(key, "chat") {
                taken = fill(&parameters.chat, value)
            } else if matches(key, "user") {
                taken = fill(&parameters.user, value)
            } else if matches(key, "messageId") {
                taken = fill(&parameters.messageID, value)
            } else if matches(key, "time") {
                taken = fill(&parameters.time, value)
            } else if matches(key, "text") {
                taken = fill(&parameters.text, value)
            } else if matches(key, "button") {
                taken = fill(&parameters.button, value)
            } else if matches(key, "kind") {
                taken = fill(&parameters.kind, value)
            } else if matches(key, "chatType") {
                taken = fill(&parameters.chatType, value)
            } else {
                return nil
            }
            guard taken else { return nil }
            if take(UInt8(ascii: ",")) { continue }
            guard take(UInt8(ascii: "}")) else { return nil }
            return parameters
        }
    }

    /// Sets a parameter not given before to the string at `range`; false for a parameter given twice.
    private func fill(_ parameter: inout JSONValue?, _ range: Range<Int>) -> Bool {
        guard parameter == nil else { return false }
        parameter = .string(string(range))
        return true
    }

    /// A plain string, or an integer written the way JSON writes integers (kept as its lexeme).
    private mutating func idValue() -> JSONValue? {
        skipWhitespace()
        guard index < count else { return nil }
        if bytes[index] == UInt8(ascii: "\"") {
            return plainString().map { .string(string($0)) }
        }
        let start = index
        if bytes[index] == UInt8(ascii: "-") { index += 1 }
        guard index < count, isDigit(bytes[index]) else { return nil }
        if bytes[index] == UInt8(ascii: "0") {
            index += 1
        } else {
            while index < count, isDigit(bytes[index]) { index += 1 }
        }
        // A fraction, an exponent or a leading zero makes the next byte something other than `,` or
        // `}`, and the caller gives up on the line; 18 digits keep far from any length limit.
        guard index - start <= 19 else { return nil }
        return .number(string(start..<index))
    }

    /// The bytes between the quotes of a string without escapes or control characters, in well-formed
    /// UTF-8; nil for any other string, or for something that is not a string.
    private mutating func plainString() -> Range<Int>? {
        guard take(UInt8(ascii: "\"")) else { return nil }
        let start = index
        while index < count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                index += 1
                return start..<(index - 1)
            }
            if byte < 0x80 {
                guard byte >= 0x20, byte != UInt8(ascii: "\\") else { return nil }
                index += 1
            } else {
                let length = sequenceLength(at: index)
                guard length > 0 else { return nil }
                index += length
            }
        }
        return nil
    }

    /// The length of the well-formed UTF-8 sequence at `position` (Unicode Table 3-7), or 0; the same
    /// rule as ``JSONParser``'s.
    private func sequenceLength(at position: Int) -> Int {
        var length = 0
        var low: UInt8 = 0x80
        var high: UInt8 = 0xBF
        switch bytes[position] {
        case 0xC2...0xDF: length = 2
        case 0xE0: (length, low) = (3, 0xA0)
        case 0xE1...0xEC, 0xEE...0xEF: length = 3
        case 0xED: (length, high) = (3, 0x9F)
        case 0xF0: (length, low) = (4, 0x90)
        case 0xF1...0xF3: length = 4
        case 0xF4: (length, high) = (4, 0x8F)
        default: return 0
        }
        guard count - position >= length, bytes[position + 1] >= low, bytes[position + 1] <= high else {
            return 0
        }
        for offset in 2..<length where bytes[position + offset] & 0xC0 != 0x80 {
            return 0
        }
        return length
    }

    /// Skips whitespace, then takes `byte` if it comes next.
    private mutating func take(_ byte: UInt8) -> Bool {
        skipWhitespace()
        guard index < count, bytes[index] == byte else { return false }
        index += 1
        return true
    }

    /// JSON's whitespace: space, tab, line feed, carriage return.
    private mutating func skipWhitespace() {
        while index < count {
            switch bytes[index] {
            case 0x20, 0x09, 0x0A, 0x0D: index += 1
            default: return
            }
        }
    }

    private func matches(_ range: Range<Int>, _ literal: StaticString) -> Bool {
        guard range.count == literal.utf8CodeUnitCount else { return false }
        let expected = literal.utf8Start
        for offset in 0..<range.count where bytes[range.lowerBound + offset] != expected[offset] {
            return false
        }
        return true
    }

    private func string(_ range: Range<Int>) -> String {
        String(
            decoding: UnsafeBufferPointer(start: bytes + range.lowerBound, count: range.count), as: UTF8.self)
    }

    private func isDigit(_ byte: UInt8) -> Bool {
        byte &- UInt8(ascii: "0") < 10
    }
}
