/// One JSON value, as produced by ``JSONParser`` and consumed by ``JSONWriter``.
///
/// Numbers keep their raw lexeme exactly as it appeared in the input (for example `"17"` or `"-1.5e3"`),
/// so that big or precise numbers survive a round trip unchanged. Two numbers compare equal only when
/// their lexemes are identical: `.number("1.0") != .number("1")`.
///
/// Object keys and string values are Swift `String`s, so they follow Swift's string equality
/// (canonical equivalence). The parser therefore reports two keys that differ only in Unicode
/// normalization as duplicates, because one dictionary cannot hold both.
public enum JSONValue: Equatable, Sendable {
    /// The literal `null`.
    case null
    /// The literal `true` or `false`.
    case bool(Bool)
    /// A number, stored as its raw lexeme exactly as in the input, e.g. `"17"` or `"-1.5e3"`.
    case number(String)
    /// A string, with all escapes resolved.
    case string(String)
    /// An array of values, in input order.
    case array([JSONValue])
    /// An object; keys are unique.
    case object([String: JSONValue])
}

extension JSONValue {
    /// Makes a number value from an integer.
    public static func integer(_ value: Int64) -> JSONValue {
        .number(String(value))
    }

    /// The member named `key` when this value is an object that has it; otherwise `nil`.
    public subscript(key: String) -> JSONValue? {
        if case .object(let members) = self {
            return members[key]
        }
        return nil
    }

    /// Whether this value is `null`.
    public var isNull: Bool {
        if case .null = self {
            return true
        }
        return false
    }

    /// The string when this value is a string; otherwise `nil`.
    public var stringValue: String? {
        if case .string(let text) = self {
            return text
        }
        return nil
    }

    /// The Boolean when this value is `true` or `false`; otherwise `nil`.
    public var boolValue: Bool? {
        if case .bool(let flag) = self {
            return flag
        }
        return nil
    }

    /// The integer when this value is a number written as an integer that fits `Int64` exactly.
    ///
    /// Only the lexeme form `-?(0|[1-9][0-9]*)` qualifies: `"1.0"`, `"1e3"` and out-of-range
    /// integers give `nil`.
    public var int64Value: Int64? {
        guard case .number(let lexeme) = self else {
            return nil
        }
        return Self.parseInt64(lexeme.utf8)
    }

    /// The members when this value is an object; otherwise `nil`.
    public var objectValue: [String: JSONValue]? {
        if case .object(let members) = self {
            return members
        }
        return nil
    }

    /// The elements when this value is an array; otherwise `nil`.
    public var arrayValue: [JSONValue]? {
        if case .array(let elements) = self {
            return elements
        }
        return nil
    }

    /// Parses a strict JSON integer lexeme into an `Int64`, or returns `nil`.
    static func parseInt64(_ utf8: String.UTF8View) -> Int64? {
        var iterator = utf8.makeIterator()
        guard var byte = iterator.next() else {
            return nil
        }
        let negative = byte == UInt8(ascii: "-")
        if negative {
            guard let next = iterator.next() else {
                return nil
            }
            byte = next
        }
        guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else {
            return nil
        }
        let leadingZero = byte == UInt8(ascii: "0")
        // Accumulate in negative space so that Int64.min is representable.
        var total = -Int64(byte &- UInt8(ascii: "0"))
        while let next = iterator.next() {
            guard !leadingZero, next >= UInt8(ascii: "0"), next <= UInt8(ascii: "9") else {
                return nil
            }
            let (shifted, overflow1) = total.multipliedReportingOverflow(by: 10)
            let (sum, overflow2) = shifted.subtractingReportingOverflow(Int64(next &- UInt8(ascii: "0")))
            if overflow1 || overflow2 {
                return nil
            }
            total = sum
        }
        if negative {
            return total
        }
        return total == .min ? nil : -total
    }
}
