import Testing

@testable import TusoiWire

/// One input that the parser must reject, with the error it must report.
struct JSONRejectionCase: Sendable, CustomTestStringConvertible {
    var name: String
    var bytes: [UInt8]
    var reason: JSONParseError.Reason
    var offset: Int
    var maxDepth = JSONParser.defaultMaxDepth

    init(
        _ name: String,
        _ text: String,
        _ reason: JSONParseError.Reason,
        at offset: Int,
        maxDepth: Int = JSONParser.defaultMaxDepth
    ) {
        self.name = name
        self.bytes = Array(text.utf8)
        self.reason = reason
        self.offset = offset
        self.maxDepth = maxDepth
    }

    init(_ name: String, bytes: [UInt8], _ reason: JSONParseError.Reason, at offset: Int) {
        self.name = name
        self.bytes = bytes
        self.reason = reason
        self.offset = offset
    }

    var testDescription: String { name }
}

/// Where the standard library's UTF-8 decoder finds the first ill-formed sequence in `bytes`.
private func firstIllFormedOffset(in bytes: [UInt8]) -> Int {
    var parser = Unicode.UTF8.ForwardParser()
    var iterator = bytes.makeIterator()
    var offset = 0
    while true {
        switch parser.parseScalar(from: &iterator) {
        case .valid(let encoded):
            offset += encoded.count
        case .emptyInput, .error:
            return offset
        }
    }
}

/// Bytes of a JSON string literal whose content is `content`, i.e. `"` + content + `"`.
private func quoted(_ content: [UInt8]) -> [UInt8] {
    [0x22] + content + [0x22]
}

@Suite("JSONParser")
struct JSONParserTests {
    // MARK: Accepted input

    @Test(
        "canonical texts round-trip byte for byte through the writer",
        arguments: [
            "null", "true", "false", "0", "-0", "17", "-1.5e3", "1E+2", "2.50", "1e-7",
            #""""#, #""abc""#, #""café 😀 中文""#, "[]", "{}", #"[1,"a",null,true,false,{"b":[]}]"#,
            #"{"a":1,"b":{"c":[1,2,{"d":null}]},"e":"f"}"#, #"[[[[[[]]]]]]"#,
            #"{"":"empty key","\u0000":"nul key"}"#, #""tab\there \"quoted\" back\\slash""#,
        ]
    )
    func canonicalRoundTrip(text: String) throws {
        let value = try JSONParser.parse(text)
        #expect(value.jsonText == text)
    }

    @Test("whitespace around and between tokens is accepted")
    func whitespace() throws {
        let value = try JSONParser.parse(" \t\r\n{ \"a\" :\n[ 1 ,\t2 ] , \"b\":{ } }\r\n ")
        #expect(value == .object(["a": .array([.number("1"), .number("2")]), "b": .object([:])]))
    }

    @Test("a flat request object yields its fields")
    func flatObject() throws {
        let line = #"{"jsonrpc":"2.0","id":42,"method":"session.answer","params":{"text":"yes","ok":true}}"#
        let value = try JSONParser.parse(line)
        #expect(value["jsonrpc"]?.stringValue == "2.0")
        #expect(value["id"]?.int64Value == 42)
        #expect(value["method"]?.stringValue == "session.answer")
        #expect(value["params"]?["ok"]?.boolValue == true)
        #expect(value["params"]?["text"]?.stringValue == "yes")
        #expect(value["missing"] == nil)
        #expect(value.objectValue?.count == 4)
    }

    @Test("escapes are decoded")
    func escapes() throws {
        let value = try JSONParser.parse(#""\"\\\/\b\f\n\r\t\u0041\u00e9\u20AC\u0000x""#)
        #expect(value == .string("\"\\/\u{8}\u{C}\n\r\tAé€\u{0}x"))
    }

    @Test(
        "surrogate pairs combine into one scalar",
        arguments: [
            (#""\ud83d\ude00""#, "😀"),
            (#""\uD83D\uDE00""#, "😀"),
            (#""a\uD834\uDD1Eb""#, "a𝄞b"),
            (#""\udbff\udfff""#, "\u{10FFFF}"),
            (#""\ud800\udc00""#, "\u{10000}"),
        ]
    )
    func surrogatePairs(text: String, expected: String) throws {
        let value = try JSONParser.parse(text)
        #expect(value == .string(expected))
        #expect(value.stringValue?.unicodeScalars.count == expected.unicodeScalars.count)
    }

    @Test("raw non-ASCII text is kept, in short and long strings")
    func rawUnicode() throws {
        for text in ["é", "😀", "héllo wörld 😀 中文 and some more ASCII after it", "\u{7F}", "\u{2028}"] {
            var bytes: [UInt8] = []
            JSONWriter.appendString(text, to: &bytes)
            #expect(try JSONParser.parse(bytes) == .string(text))
        }
    }

    @Test(
        "numbers keep their raw lexeme",
        arguments: [
            "0", "-0", "1", "-1", "0.5", "-0.0000001e-999", "1E400", "6.02214076e23", "1e+0",
            "12345678901234567890123456789012345678901234567890",
            String(repeating: "9", count: 64), "-" + String(repeating: "1", count: 63),
        ]
    )
    func numberLexemes(text: String) throws {
        #expect(try JSONParser.parse(text) == .number(text))
        #expect(try JSONParser.parse("[\(text)]") == .array([.number(text)]))
    }

    @Test(
        "int64Value accepts exactly the integers that fit",
        arguments: [
            ("0", Int64(0)), ("-0", 0), ("42", 42), ("-7", -7),
            ("9223372036854775807", .max), ("-9223372036854775808", .min),
        ]
    )
    func int64Fits(lexeme: String, expected: Int64) {
        #expect(JSONValue.number(lexeme).int64Value == expected)
    }

    @Test(
        "int64Value rejects non-integers and out-of-range values",
        arguments: ["9223372036854775808", "-9223372036854775809", "1.0", "1e3", "007", "+5", "", "-", "1a"]
    )
    func int64Rejects(lexeme: String) {
        #expect(JSONValue.number(lexeme).int64Value == nil)
    }

    @Test("accessors return nil for other kinds")
    func accessors() {
        let value = JSONValue.array([.null])
        #expect(value.arrayValue == [.null])
        #expect(value.objectValue == nil)
        #expect(value.stringValue == nil)
        #expect(value.boolValue == nil)
        #expect(value.int64Value == nil)
        #expect(value["key"] == nil)
        #expect(JSONValue.string("1").int64Value == nil)
        #expect(JSONValue.null.isNull)
        #expect(!JSONValue.bool(false).isNull)
        #expect(JSONValue.integer(-12) == .number("-12"))
    }

    @Test("the same key in different objects is not a duplicate")
    func keysInSeparateObjects() throws {
        let value = try JSONParser.parse(#"[{"a":1},{"a":2},{"a":{"a":{"a":3}}}]"#)
        #expect(value.arrayValue?.count == 3)
        #expect(value.arrayValue?[2]["a"]?["a"]?["a"] == .number("3"))
    }

    @Test("large objects and arrays parse")
    func largeContainers() throws {
        let members = (0..<1000).map { #""key\#($0)":\#($0)"# }.joined(separator: ",")
        let value = try JSONParser.parse("{\(members)}")
        #expect(value.objectValue?.count == 1000)
        #expect(value["key999"]?.int64Value == 999)
        let elements = (0..<5000).map(String.init).joined(separator: ",")
        let array = try JSONParser.parse("[\(elements)]")
        #expect(array.arrayValue?.count == 5000)
        #expect(array.arrayValue?.last == .number("4999"))
    }

    @Test("nesting up to the limit is accepted")
    func nestingAtLimit() throws {
        let text = String(repeating: "[", count: 32) + String(repeating: "]", count: 32)
        var value = try JSONParser.parse(text)
        var depth = 0
        while case .array(let elements) = value {
            depth += 1
            value = elements.first ?? .null
        }
        #expect(depth == 32)
        #expect(try JSONParser.parse("1", maxDepth: 0) == .number("1"))
    }

    @Test("all overloads agree, and slices report offsets relative to the slice")
    func overloads() throws {
        let text = #"{"a":[1,2]}"#
        let bytes = Array(text.utf8)
        let expected = JSONValue.object(["a": .array([.number("1"), .number("2")])])
        #expect(try JSONParser.parse(text) == expected)
        #expect(try JSONParser.parse(bytes) == expected)
        let fromRaw = try bytes.withUnsafeBytes { raw throws(JSONParseError) in try JSONParser.parse(raw) }
        #expect(fromRaw == expected)
        let framed = Array("xx\(text)yy".utf8)
        #expect(try JSONParser.parse(framed[2..<(2 + bytes.count)]) == expected)
        #expect(throws: JSONParseError(reason: .unexpectedEnd, offset: 3)) {
            try JSONParser.parse(framed[2..<5])
        }
        #expect(throws: JSONParseError(reason: .unexpectedEnd, offset: 0)) {
            try JSONParser.parse(UnsafeRawBufferPointer(start: nil, count: 0))
        }
    }

    // MARK: Rejected input

    static let rejections: [JSONRejectionCase] = [
        // Unexpected end.
        JSONRejectionCase("empty input", "", .unexpectedEnd, at: 0),
        JSONRejectionCase("only whitespace", " \n ", .unexpectedEnd, at: 3),
        JSONRejectionCase("open array", "[1,2", .unexpectedEnd, at: 4),
        JSONRejectionCase("open array after comma", "[1,", .unexpectedEnd, at: 3),
        JSONRejectionCase("open object", #"{"a":1"#, .unexpectedEnd, at: 6),
        JSONRejectionCase("object missing value", #"{"a":"#, .unexpectedEnd, at: 5),
        JSONRejectionCase("object missing colon", #"{"a""#, .unexpectedEnd, at: 4),
        JSONRejectionCase("lone open brace", "{", .unexpectedEnd, at: 1),
        JSONRejectionCase("open string", #""abc"#, .unexpectedEnd, at: 4),
        JSONRejectionCase("open long string", #""abcdefghijklmnop"#, .unexpectedEnd, at: 17),
        JSONRejectionCase("string ends in backslash", #""ab\"#, .unexpectedEnd, at: 4),
        JSONRejectionCase("truncated unicode escape", #""\u12"#, .unexpectedEnd, at: 5),
        JSONRejectionCase("high surrogate at end", #""\ud800"#, .unexpectedEnd, at: 7),
        JSONRejectionCase("high surrogate then backslash at end", #""\ud800\"#, .unexpectedEnd, at: 8),
        JSONRejectionCase("truncated literal", "tru", .unexpectedEnd, at: 3),
        // Unexpected characters.
        JSONRejectionCase("missing comma", "[1 2]", .unexpectedCharacter(UInt8(ascii: "2")), at: 3),
        JSONRejectionCase("missing colon", #"{"a" 1}"#, .unexpectedCharacter(UInt8(ascii: "1")), at: 5),
        JSONRejectionCase("trailing comma in array", "[1,]", .unexpectedCharacter(UInt8(ascii: "]")), at: 3),
        JSONRejectionCase(
            "trailing comma in object", #"{"a":1,}"#, .unexpectedCharacter(UInt8(ascii: "}")), at: 7),
        JSONRejectionCase("leading comma", "[,1]", .unexpectedCharacter(UInt8(ascii: ",")), at: 1),
        JSONRejectionCase("number key", "{1:2}", .unexpectedCharacter(UInt8(ascii: "1")), at: 1),
        JSONRejectionCase("mismatched close", "[1}", .unexpectedCharacter(UInt8(ascii: "}")), at: 2),
        JSONRejectionCase(
            "mismatched close of object", #"{"a":1]"#, .unexpectedCharacter(UInt8(ascii: "]")), at: 6),
        JSONRejectionCase("misspelt literal", "nul!", .unexpectedCharacter(UInt8(ascii: "!")), at: 3),
        JSONRejectionCase("capitalised literal", "True", .unexpectedCharacter(UInt8(ascii: "T")), at: 0),
        JSONRejectionCase("single quotes", "'a'", .unexpectedCharacter(UInt8(ascii: "'")), at: 0),
        JSONRejectionCase("byte order mark", "\u{FEFF}{}", .unexpectedCharacter(0xEF), at: 0),
        JSONRejectionCase("non-ASCII outside a string", "é", .unexpectedCharacter(0xC3), at: 0),
        JSONRejectionCase("form feed as whitespace", "\u{C}1", .unexpectedCharacter(0x0C), at: 0),
        JSONRejectionCase("lone close", "]", .unexpectedCharacter(UInt8(ascii: "]")), at: 0),
        // Trailing characters.
        JSONRejectionCase("text after object", "{} x", .trailingCharacters, at: 3),
        JSONRejectionCase("second number", "1 2", .trailingCharacters, at: 2),
        JSONRejectionCase("second array", "[][]", .trailingCharacters, at: 2),
        JSONRejectionCase("second string", #""a""b""#, .trailingCharacters, at: 3),
        JSONRejectionCase("hex-looking number", "0x10", .trailingCharacters, at: 1),
        JSONRejectionCase("NUL after value", "1\u{0}", .trailingCharacters, at: 1),
        JSONRejectionCase("extra close", "[1]]", .trailingCharacters, at: 3),
        // Control characters in strings.
        JSONRejectionCase("raw NUL in string", "\"a\u{0}b\"", .controlCharacterInString, at: 2),
        JSONRejectionCase("raw newline in string", "\"line\nbreak\"", .controlCharacterInString, at: 5),
        JSONRejectionCase("raw tab in key", "{\"a\tb\":1}", .controlCharacterInString, at: 3),
        JSONRejectionCase(
            "raw 0x1F after 8 bytes", "\"abcdefghij\u{1F}\"", .controlCharacterInString, at: 11),
        JSONRejectionCase("raw control after an escape", "\"\\n\u{1}\"", .controlCharacterInString, at: 3),
        // Invalid escapes.
        JSONRejectionCase("unknown escape", #""\x""#, .invalidEscape, at: 1),
        JSONRejectionCase("escaped single quote", #""ab\'""#, .invalidEscape, at: 3),
        JSONRejectionCase("capital U escape", #""\U0041""#, .invalidEscape, at: 1),
        JSONRejectionCase("bad hex digit", #""\u12G4""#, .invalidEscape, at: 1),
        JSONRejectionCase("short unicode escape", #""\u00""#, .invalidEscape, at: 1),
        JSONRejectionCase("bad low escape after high", #""\ud800\uZZZZ""#, .invalidEscape, at: 7),
        JSONRejectionCase("escaped newline character", "\"\\\n\"", .invalidEscape, at: 1),
        // Lone or mismatched surrogates.
        JSONRejectionCase("lone high surrogate", #""\ud800""#, .loneSurrogate, at: 1),
        JSONRejectionCase("lone low surrogate", #""\udc00""#, .loneSurrogate, at: 1),
        JSONRejectionCase("high then text", #""\ud800x""#, .loneSurrogate, at: 1),
        JSONRejectionCase("high then BMP escape", #""\ud800\u0041""#, .loneSurrogate, at: 1),
        JSONRejectionCase("high then high", #""\ud800\ud800""#, .loneSurrogate, at: 1),
        JSONRejectionCase("low then high", #""\udc00\ud800""#, .loneSurrogate, at: 1),
        JSONRejectionCase("high then other escape", #""\ud800\n""#, .loneSurrogate, at: 1),
        JSONRejectionCase(
            "lone surrogate later in string", #""ok \ud83d\ude00 \ude00""#, .loneSurrogate, at: 17),
        // Depth.
        JSONRejectionCase("arrays over the limit", "[[[1]]]", .tooDeep(2), at: 2, maxDepth: 2),
        JSONRejectionCase("objects over the limit", #"{"a":{"b":{}}}"#, .tooDeep(2), at: 10, maxDepth: 2),
        JSONRejectionCase("no containers allowed", "[]", .tooDeep(0), at: 0, maxDepth: 0),
        JSONRejectionCase("negative limit acts as zero", "{}", .tooDeep(0), at: 0, maxDepth: -5),
        JSONRejectionCase(
            "default limit", String(repeating: "[", count: 33) + String(repeating: "]", count: 33),
            .tooDeep(32), at: 32),
        // Duplicate keys.
        JSONRejectionCase("duplicate key", #"{"id":1,"id":2}"#, .duplicateKey("id"), at: 8),
        JSONRejectionCase(
            "duplicate after whitespace", #"  { "a" : 1 , "a" : 2 }"#, .duplicateKey("a"), at: 14),
        JSONRejectionCase("duplicate in nested object", #"{"a":{"b":1,"b":2}}"#, .duplicateKey("b"), at: 12),
        JSONRejectionCase(
            "duplicate spelt with an escape", #"{"a":1,"\u0061":2}"#, .duplicateKey("a"), at: 7),
        JSONRejectionCase(
            "third occurrence reports the second", #"{"k":1,"x":0,"k":2,"k":3}"#, .duplicateKey("k"), at: 13),
        JSONRejectionCase(
            "duplicate before a later error", #"{"a":1,"a":2,"b":x}"#, .duplicateKey("a"), at: 7),
        JSONRejectionCase("duplicate before an open end", #"{"a":1,"a":2"#, .duplicateKey("a"), at: 7),
        JSONRejectionCase(
            "outer duplicate before inner duplicate", #"{"a":1,"a":{"x":1,"x":2}}"#, .duplicateKey("a"), at: 7
        ),
        JSONRejectionCase(
            "outer duplicate before inner error", #"[{"a":1,"a":[{"b":1,"c":?}]}]"#, .duplicateKey("a"), at: 8
        ),
        JSONRejectionCase(
            "error before a later duplicate", #"{"a":1,"b":x,"a":2}"#, .unexpectedCharacter(0x78), at: 11),
        JSONRejectionCase(
            "canonically equivalent keys", "{\"\u{E9}\":1,\"e\u{301}\":2}", .duplicateKey("\u{E9}"), at: 8),
        // Numbers.
        JSONRejectionCase("leading zero", "01", .invalidNumber, at: 1),
        JSONRejectionCase("negative leading zero", "-01", .invalidNumber, at: 2),
        JSONRejectionCase("leading zero in array", "[00]", .invalidNumber, at: 2),
        JSONRejectionCase("plus sign", "+1", .invalidNumber, at: 0),
        JSONRejectionCase("trailing dot", "1.", .invalidNumber, at: 2),
        JSONRejectionCase("trailing dot in array", "[1.]", .invalidNumber, at: 3),
        JSONRejectionCase("leading dot", ".5", .invalidNumber, at: 0),
        JSONRejectionCase("lone minus", "-", .invalidNumber, at: 1),
        JSONRejectionCase("minus in array", "[-]", .invalidNumber, at: 2),
        JSONRejectionCase("double minus", "--1", .invalidNumber, at: 1),
        JSONRejectionCase("NaN", "NaN", .invalidNumber, at: 0),
        JSONRejectionCase("Infinity", "Infinity", .invalidNumber, at: 0),
        JSONRejectionCase("negative Infinity", "-Infinity", .invalidNumber, at: 1),
        JSONRejectionCase("empty exponent", "1e", .invalidNumber, at: 2),
        JSONRejectionCase("signed empty exponent", "1e+", .invalidNumber, at: 3),
        JSONRejectionCase("dot before exponent", "1.e3", .invalidNumber, at: 2),
        JSONRejectionCase("two dots", "1.2.3", .invalidNumber, at: 3),
        JSONRejectionCase("minus inside", "[1-2]", .invalidNumber, at: 2),
        JSONRejectionCase("second exponent", "1e5e5", .invalidNumber, at: 3),
        JSONRejectionCase("too long", String(repeating: "1", count: 65), .numberTooLong, at: 0),
        JSONRejectionCase(
            "too long with sign", "-" + String(repeating: "1", count: 64), .numberTooLong, at: 0),
        JSONRejectionCase(
            "too long in array", "[0." + String(repeating: "1", count: 63) + "]", .numberTooLong, at: 1),
        // Invalid UTF-8.
        JSONRejectionCase("0xFF in string", bytes: quoted([0xFF]), .invalidUTF8, at: 1),
        JSONRejectionCase("lone continuation byte", bytes: quoted([0x61, 0x80]), .invalidUTF8, at: 2),
        JSONRejectionCase("overlong two-byte slash", bytes: quoted([0xC0, 0xAF]), .invalidUTF8, at: 1),
        JSONRejectionCase("overlong two-byte C1", bytes: quoted([0xC1, 0xBF]), .invalidUTF8, at: 1),
        JSONRejectionCase("overlong three-byte", bytes: quoted([0xE0, 0x80, 0xAF]), .invalidUTF8, at: 1),
        JSONRejectionCase(
            "overlong four-byte", bytes: quoted([0xF0, 0x80, 0x80, 0xAF]), .invalidUTF8, at: 1),
        JSONRejectionCase(
            "UTF-8 encoded high surrogate", bytes: quoted([0xED, 0xA0, 0x80]), .invalidUTF8, at: 1),
        JSONRejectionCase(
            "UTF-8 encoded low surrogate", bytes: quoted([0xED, 0xBF, 0xBF]), .invalidUTF8, at: 1),
        JSONRejectionCase("above U+10FFFF", bytes: quoted([0xF4, 0x90, 0x80, 0x80]), .invalidUTF8, at: 1),
        JSONRejectionCase("F5 lead byte", bytes: quoted([0xF5, 0x80, 0x80, 0x80]), .invalidUTF8, at: 1),
        JSONRejectionCase("truncated sequence", bytes: quoted([0xE2, 0x82]), .invalidUTF8, at: 1),
        JSONRejectionCase("sequence cut by end of input", bytes: [0x22, 0xC3], .invalidUTF8, at: 1),
        JSONRejectionCase(
            "bad byte after 8 good ones", bytes: quoted(Array("abcdefghi".utf8) + [0xFE]), .invalidUTF8,
            at: 10),
        JSONRejectionCase(
            "bad byte in key", bytes: Array(#"{"k"#.utf8) + [0xFF] + Array(#"":1}"#.utf8), .invalidUTF8, at: 3
        ),
        JSONRejectionCase(
            "bad byte after an escape", bytes: quoted(Array(#"\n"#.utf8) + [0xC0, 0x80]), .invalidUTF8, at: 3),
        JSONRejectionCase("bad byte as a value", bytes: [0x5B, 0xFF, 0x5D], .invalidUTF8, at: 1),
        JSONRejectionCase("bad byte after the value", bytes: [0x5B, 0x5D, 0x20, 0xFF], .invalidUTF8, at: 3),
        JSONRejectionCase("bad byte at the start", bytes: [0xFF], .invalidUTF8, at: 0),
    ]

    @Test("every kind of bad input is rejected with its reason and offset", arguments: rejections)
    func rejects(testCase: JSONRejectionCase) {
        #expect(throws: JSONParseError(reason: testCase.reason, offset: testCase.offset)) {
            try JSONParser.parse(testCase.bytes, maxDepth: testCase.maxDepth)
        }
    }

    @Test("a 100,000-deep line is refused at the depth limit without exhausting the stack")
    func hostileNesting() {
        let arrays = [UInt8](repeating: UInt8(ascii: "["), count: 100_000)
        #expect(throws: JSONParseError(reason: .tooDeep(32), offset: 32)) {
            try JSONParser.parse(arrays)
        }
        let objects = Array(String(repeating: #"{"a":"#, count: 100_000).utf8)
        #expect(throws: JSONParseError(reason: .tooDeep(32), offset: 32 * 5)) {
            try JSONParser.parse(objects)
        }
    }

    @Test("a million open brackets parse iteratively even with a huge depth limit")
    func iterativeParsing() {
        let arrays = [UInt8](repeating: UInt8(ascii: "["), count: 1_000_000)
        #expect(throws: JSONParseError(reason: .unexpectedEnd, offset: 1_000_000)) {
            try JSONParser.parse(arrays, maxDepth: 2_000_000)
        }
        let mixed = Array(String(repeating: #"[{"k":"#, count: 100_000).utf8)
        #expect(throws: JSONParseError(reason: .unexpectedEnd, offset: mixed.count)) {
            try JSONParser.parse(mixed, maxDepth: 1_000_000)
        }
    }

    @Test("a duplicate among many keys is found")
    func duplicateInLargeObject() {
        var text = "{" + (0..<200).map { #""k\#($0)":\#($0)"# }.joined(separator: ",")
        let offset = text.utf8.count + 1
        text += #","k17":0}"#
        #expect(throws: JSONParseError(reason: .duplicateKey("k17"), offset: offset)) {
            try JSONParser.parse(text)
        }
    }

    @Test("special bytes are found at every position of the word-at-a-time scan")
    func scanPositions() throws {
        for prefix in 0..<20 {
            let filler = String(repeating: "a", count: prefix)
            #expect(try JSONParser.parse("\"\(filler)\"") == .string(filler))
            #expect(try JSONParser.parse("\"\(filler)\\n\(filler)\"") == .string(filler + "\n" + filler))
            #expect(try JSONParser.parse("\"\(filler)é\(filler)\"") == .string(filler + "é" + filler))
            #expect(
                try JSONParser.parse("[\"\(filler)\",\"\(filler)\"]")
                    == .array([.string(filler), .string(filler)]))
            #expect(throws: JSONParseError(reason: .controlCharacterInString, offset: 1 + prefix)) {
                try JSONParser.parse("\"\(filler)\u{1}\(filler)\"")
            }
            #expect(throws: JSONParseError(reason: .invalidUTF8, offset: 1 + prefix)) {
                try JSONParser.parse(quoted(Array(filler.utf8) + [0xFF] + Array(filler.utf8)))
            }
        }
    }

    @Test("string validation agrees with the standard library for every lead byte")
    func utf8ValidationMatchesStandardLibrary() {
        // Every second byte around the continuation range, where all the boundaries of Table 3-7 lie.
        let seconds = [0x20, 0x41, 0x7F] + Array(UInt8(0x78)...UInt8(0xC8)) + [0xE0, 0xF0, 0xFF]
        let tails: [[UInt8]] = [[], [0x80], [0xBF, 0x80], [0x41], [0x80, 0x41]]
        var mismatches: [String] = []
        var accepted = 0
        for lead in UInt8(0x80)...UInt8(0xFF) {
            for second in seconds {
                for tail in tails {
                    let content = [lead, second] + tail
                    let outcome: Result<JSONValue, JSONParseError> = Result { () throws(JSONParseError) in
                        try JSONParser.parse(quoted(content))
                    }
                    let expected: Result<JSONValue, JSONParseError>
                    if let text = String(validating: content, as: UTF8.self) {
                        expected = .success(.string(text))
                        accepted += 1
                    } else {
                        let offset = 1 + firstIllFormedOffset(in: content)
                        expected = .failure(JSONParseError(reason: .invalidUTF8, offset: offset))
                    }
                    if outcome != expected {
                        mismatches.append("\(content): got \(outcome), expected \(expected)")
                    }
                }
            }
        }
        #expect(mismatches.isEmpty, "\(mismatches.count) mismatches, first: \(mismatches.prefix(3))")
        // Both outcomes were exercised.
        #expect(accepted > 1000)
    }

    // MARK: Messages

    @Test(
        "errors read as plain English",
        arguments: [
            (JSONParseError(reason: .duplicateKey("id"), offset: 42), #"duplicate key "id" at byte 42"#),
            (JSONParseError(reason: .unexpectedEnd, offset: 3), "unexpected end of input at byte 3"),
            (
                JSONParseError(reason: .unexpectedCharacter(0x7D), offset: 7),
                "unexpected character '}' at byte 7"
            ),
            (
                JSONParseError(reason: .unexpectedCharacter(0xEF), offset: 0),
                "unexpected character 0xEF at byte 0"
            ),
            (JSONParseError(reason: .tooDeep(32), offset: 32), "nesting deeper than 32 levels at byte 32"),
            (JSONParseError(reason: .invalidUTF8, offset: 5), "invalid UTF-8 at byte 5"),
            (JSONParseError(reason: .numberTooLong, offset: 1), "number longer than 64 characters at byte 1"),
            (JSONParseError(reason: .duplicateKey("a\"\n"), offset: 9), #"duplicate key "a\"\n" at byte 9"#),
        ]
    )
    func messages(error: JSONParseError, expected: String) {
        #expect(error.message == expected)
        #expect(error.description == expected)
    }

    @Test("every reason has its own message")
    func distinctMessages() {
        let reasons: [JSONParseError.Reason] = [
            .invalidUTF8, .unexpectedEnd, .unexpectedCharacter(0x41), .trailingCharacters, .tooDeep(3),
            .duplicateKey("k"), .controlCharacterInString, .invalidEscape, .loneSurrogate, .invalidNumber,
            .numberTooLong,
        ]
        let messages = Set(reasons.map { JSONParseError(reason: $0, offset: 0).message })
        #expect(messages.count == reasons.count)
    }

    @Test("very long duplicate keys are shortened in the message but kept in the reason")
    func longKeyMessage() throws {
        let key = String(repeating: "k", count: 10_000)
        let error = JSONParseError(reason: .duplicateKey(key), offset: 1)
        #expect(error.message.count < 200)
        #expect(error.message.hasPrefix(#"duplicate key "kkkk"#))
        #expect(error.reason == .duplicateKey(key))
    }
}
