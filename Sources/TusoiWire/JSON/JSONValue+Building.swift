import Foundation

// Building and reading values in code: literals, the readers the bridges need for the messengers'
// bodies, and the compact text. One JSON type for the bot, the bridges and their tests.

extension JSONValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByBooleanLiteral,
    ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral, ExpressibleByNilLiteral
{
    public init(stringLiteral value: String) { self = .string(value) }
    public init(integerLiteral value: Int64) { self = .number(String(value)) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(arrayLiteral elements: JSONValue...) { self = .array(elements) }
    public init(nilLiteral: ()) { self = .null }
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        self = .object(Dictionary(elements, uniquingKeysWith: { $1 }))
    }
}

extension JSONValue {
    /// A number value from a finite `Double`, written the way Swift prints it; `null` otherwise.
    public static func double(_ value: Double) -> JSONValue {
        value.isFinite ? .number("\(value)") : .null
    }

    /// Parses one JSON document from bytes read off a socket or a file.
    ///
    /// - Throws: ``JSONParseError`` when `data` is not one JSON text.
    public static func parse(_ data: Data, maxDepth: Int = JSONParser.defaultMaxDepth) throws(JSONParseError)
        -> JSONValue
    {
        let result = data.withUnsafeBytes { raw in
            Result { () throws(JSONParseError) in try JSONParser.parse(raw, maxDepth: maxDepth) }
        }
        return try result.get()
    }

    /// The value as a `Double`, from any JSON number (seconds, scores).
    public var doubleValue: Double? {
        guard case .number(let lexeme) = self else { return nil }
        return Double(lexeme)
    }

    /// An identifier as text: strings as they are, whole numbers as written.
    ///
    /// Telegram's ids are numbers, Zalo's are strings; the protocol carries both as strings.
    public var idText: String? {
        switch self {
        case .string(let value): return value
        case .number(let lexeme) where int64Value != nil: return lexeme
        default: return nil
        }
    }

    /// The compact serialization (``JSONWriter``): sorted keys, no insignificant whitespace.
    public var text: String {
        var writer = JSONWriter()
        writer.write(self)
        return String(decoding: writer.bytes, as: UTF8.self)
    }

    /// The compact serialization followed by a line feed, as one line of the protocol.
    public var line: Data {
        var bytes: [UInt8] = []
        JSONWriter.appendValue(self, to: &bytes)
        bytes.append(UInt8(ascii: "\n"))
        return Data(bytes)
    }
}
