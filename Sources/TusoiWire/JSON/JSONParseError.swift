/// The reason and byte offset of the first problem ``JSONParser`` found in its input.
public struct JSONParseError: Error, Equatable, Sendable, CustomStringConvertible {
    /// What was wrong with the input.
    public enum Reason: Equatable, Sendable {
        /// A byte sequence that is not well-formed UTF-8 (including overlong forms and surrogates).
        case invalidUTF8
        /// The input ended before the JSON value was complete.
        case unexpectedEnd
        /// A byte that cannot appear at this point; the payload is the byte (the lead byte if non-ASCII).
        case unexpectedCharacter(UInt8)
        /// Something other than whitespace follows the complete value.
        case trailingCharacters
        /// Arrays and objects nest deeper than the limit carried in the payload.
        case tooDeep(Int)
        /// An object repeats the key carried in the payload.
        case duplicateKey(String)
        /// A string contains a raw control character (below U+0020) instead of an escape.
        case controlCharacterInString
        /// A backslash escape that JSON does not define, or a `\u` escape without four hex digits.
        case invalidEscape
        /// A `\u` escape encodes a UTF-16 surrogate that is not part of a high-low pair.
        case loneSurrogate
        /// A number that does not follow the JSON number grammar (also `+1`, `.5`, `NaN`, `Infinity`).
        case invalidNumber
        /// A number whose lexeme is longer than ``JSONParser/maxNumberLength`` characters.
        case numberTooLong
    }

    /// What was wrong with the input.
    public var reason: Reason
    /// The zero-based byte offset in the input where the problem was found.
    public var offset: Int

    /// Creates an error for `reason` at byte `offset`.
    public init(reason: Reason, offset: Int) {
        self.reason = reason
        self.offset = offset
    }

    /// A plain English description, e.g. `duplicate key "id" at byte 42`.
    public var message: String {
        "\(summary) at byte \(offset)"
    }

    /// The same text as ``message``.
    public var description: String {
        message
    }

    /// The message without its location.
    private var summary: String {
        switch reason {
        case .invalidUTF8:
            return "invalid UTF-8"
        case .unexpectedEnd:
            return "unexpected end of input"
        case .unexpectedCharacter(let byte):
            return "unexpected character \(Self.describe(byte: byte))"
        case .trailingCharacters:
            return "unexpected characters after the value"
        case .tooDeep(let limit):
            return "nesting deeper than \(limit) levels"
        case .duplicateKey(let key):
            return "duplicate key \(Self.quote(key))"
        case .controlCharacterInString:
            return "unescaped control character in string"
        case .invalidEscape:
            return "invalid escape sequence"
        case .loneSurrogate:
            return "unpaired UTF-16 surrogate escape"
        case .invalidNumber:
            return "invalid number"
        case .numberTooLong:
            return "number longer than \(JSONParser.maxNumberLength) characters"
        }
    }

    /// Renders a byte as `'x'` when it is printable ASCII and as `0xNN` otherwise.
    private static func describe(byte: UInt8) -> String {
        if byte >= 0x21, byte < 0x7F {
            return "'\(Character(Unicode.Scalar(byte)))'"
        }
        let digits = Array("0123456789ABCDEF".utf8)
        let text = [UInt8(ascii: "0"), UInt8(ascii: "x"), digits[Int(byte >> 4)], digits[Int(byte & 0xF)]]
        return String(decoding: text, as: UTF8.self)
    }

    /// Renders a key as a JSON string, shortened when it is very long so that messages stay small.
    private static func quote(_ key: String) -> String {
        let limit = 64
        var shown = key
        if key.count > limit {
            shown = String(key.prefix(limit)) + "…"
        }
        var buffer: [UInt8] = []
        JSONWriter.appendString(shown, to: &buffer)
        return String(decoding: buffer, as: UTF8.self)
    }
}
