import Testing

@testable import TusoiWire

/// The text `JSONWriter` produces for `value`.
private func written(_ value: JSONValue) -> String {
    var writer = JSONWriter()
    writer.write(value)
    return String(decoding: writer.bytes, as: UTF8.self)
}

/// The escape the writer must use for each control character.
private func expectedEscape(for byte: UInt8) -> String {
    switch byte {
    case 0x08: return #"\b"#
    case 0x09: return #"\t"#
    case 0x0A: return #"\n"#
    case 0x0C: return #"\f"#
    case 0x0D: return #"\r"#
    default:
        let hex = Array("0123456789abcdef")
        return #"\u00"# + String(hex[Int(byte >> 4)]) + String(hex[Int(byte & 0xF)])
    }
}

@Suite("JSONWriter")
struct JSONWriterTests {
    @Test("scalars are written compactly")
    func scalars() {
        #expect(written(.null) == "null")
        #expect(written(.bool(true)) == "true")
        #expect(written(.bool(false)) == "false")
        #expect(written(.number("-1.5e3")) == "-1.5e3")
        #expect(written(.string("")) == #""""#)
        #expect(written(.array([])) == "[]")
        #expect(written(.object([:])) == "{}")
        #expect(written(.array([.null, .number("1"), .array([.bool(true)])])) == "[null,1,[true]]")
    }

    @Test("every control character is escaped", arguments: UInt8(0)..<UInt8(0x20))
    func controlCharacters(byte: UInt8) throws {
        let text = "a" + String(Character(Unicode.Scalar(byte))) + "b"
        #expect(written(.string(text)) == "\"a" + expectedEscape(for: byte) + "b\"")
        // What is written parses back to the same string.
        #expect(try JSONParser.parse(JSONValue.string(text).jsonText) == .string(text))
    }

    @Test("quotes and backslashes are escaped; slash, DEL and non-ASCII are written raw")
    func otherCharacters() {
        #expect(written(.string(#"say "hi""#)) == #""say \"hi\"""#)
        #expect(written(.string(#"C:\dir"#)) == #""C:\\dir""#)
        #expect(written(.string("a/b")) == #""a/b""#)
        #expect(written(.string("\u{7F}")) == "\"\u{7F}\"")
        #expect(written(.string("café 😀 中文 \u{2028}")) == "\"café 😀 中文 \u{2028}\"")
        var writer = JSONWriter()
        writer.write(.string("é"))
        #expect(writer.bytes == [0x22, 0xC3, 0xA9, 0x22])
    }

    @Test("object keys are sorted by their UTF-8 bytes")
    func keySorting() {
        let value = JSONValue.object([
            "b": .number("2"), "a": .number("1"), "B": .number("3"), "é": .number("4"), "aa": .number("5"),
            "": .number("6"), "z": .number("7"),
        ])
        #expect(written(value) == #"{"":6,"B":3,"a":1,"aa":5,"b":2,"z":7,"é":4}"#)
    }

    @Test("byte order, not Unicode collation, decides key order")
    func keySortingIsByteOrder() {
        // U+2126 OHM SIGN normalizes to U+03A9, which sorts before U+0400 as a string,
        // but its UTF-8 bytes (E2 84 A6) sort after those of U+0400 (D0 80).
        let value = JSONValue.object(["\u{2126}": .number("1"), "\u{0400}": .number("2")])
        #expect(written(value) == "{\"\u{0400}\":2,\"\u{2126}\":1}")
    }

    @Test("nested objects are sorted at every level and the output is deterministic")
    func determinism() {
        var first: [String: JSONValue] = [:]
        var second: [String: JSONValue] = [:]
        let keys = (0..<50).map { "key\($0)" }
        for key in keys {
            first[key] = .object(["y": .string(key), "x": .array([.number("1")])])
        }
        for key in keys.reversed() {
            second[key] = .object(["x": .array([.number("1")]), "y": .string(key)])
        }
        let text = written(.object(first))
        #expect(text == written(.object(second)))
        #expect(text.hasPrefix(#"{"key0":{"x":[1],"y":"key0"},"key1":{"x":[1],"y":"key1"},"key10":"#))
    }

    @Test("number lexemes are written verbatim, and invalid ones as null")
    func numbers() {
        #expect(written(.number("12345678901234567890123456789")) == "12345678901234567890123456789")
        #expect(written(.number("1E400")) == "1E400")
        #expect(written(.number("-0")) == "-0")
        for bad in ["NaN", "+1", "01", "1.", ".5", "", "-", "1e", "0x1F", "1 "] {
            #expect(written(.number(bad)) == "null", "lexeme \(bad)")
        }
        #expect(written(.integer(.min)) == "-9223372036854775808")
    }

    @Test("parse then write then parse gives the same value")
    func roundTrip() throws {
        let controls = String(String.UnicodeScalarView((0..<0x20).compactMap(Unicode.Scalar.init)))
        let value = JSONValue.object([
            "controls": .string(controls),
            "unicode": .string("😀 \u{10FFFF} \u{0} é"),
            "escapes": .string(#"\"/"#),
            "numbers": .array([.number("0"), .number("-1.25e-8"), .number("98765432109876543210")]),
            "nested": .object(["deeper": .array([.object(["k": .null]), .bool(false)])]),
        ])
        let text = value.jsonText
        let parsed = try JSONParser.parse(text)
        #expect(parsed == value)
        #expect(parsed.jsonText == text)
    }

    @Test("hand-written replies match the value writer")
    func handWrittenReply() {
        var line: [UInt8] = []
        line.append(contentsOf: #"{"id":"#.utf8)
        JSONWriter.appendInteger(7, to: &line)
        line.append(contentsOf: #","jsonrpc":"2.0","result":{"text":"#.utf8)
        JSONWriter.appendString("Line 1\nLine \"2\"", to: &line)
        line.append(contentsOf: #","tone":""#.utf8)
        JSONWriter.appendEscaped("calm\t/ok", to: &line)
        line.append(contentsOf: #""}}"#.utf8)
        let value = JSONValue.object([
            "jsonrpc": .string("2.0"),
            "id": .number("7"),
            "result": .object(["text": .string("Line 1\nLine \"2\""), "tone": .string("calm\t/ok")]),
        ])
        #expect(String(decoding: line, as: UTF8.self) == value.jsonText)
    }

    @Test("appendValue echoes a request id of any kind")
    func appendValue() {
        for (id, expected) in [
            (JSONValue.number("42"), "42"), (.string("req-1"), #""req-1""#), (.null, "null"),
        ] {
            var line: [UInt8] = []
            JSONWriter.appendValue(id, to: &line)
            #expect(String(decoding: line, as: UTF8.self) == expected)
        }
    }

    @Test(
        "appendInteger writes decimal digits",
        arguments: [
            (Int64(0), "0"), (7, "7"), (-1, "-1"), (10, "10"), (1_234_567_890, "1234567890"),
            (.max, "9223372036854775807"), (.min, "-9223372036854775808"),
        ]
    )
    func appendInteger(value: Int64, expected: String) {
        var buffer: [UInt8] = Array("x".utf8)
        JSONWriter.appendInteger(value, to: &buffer)
        #expect(String(decoding: buffer, as: UTF8.self) == "x" + expected)
    }

    @Test("appendEscaped leaves out the quotes and escapes long runs correctly")
    func appendEscaped() {
        var buffer: [UInt8] = []
        let long = String(repeating: "abc\"", count: 100) + "\u{1}"
        JSONWriter.appendEscaped(long, to: &buffer)
        let expected = String(repeating: #"abc\""#, count: 100) + #"\u0001"#
        #expect(String(decoding: buffer, as: UTF8.self) == expected)
    }

    @Test("escapes are found at every position of the word-at-a-time scan")
    func scanPositions() {
        for prefix in 0..<20 {
            let filler = String(repeating: "é", count: prefix / 2) + String(repeating: "a", count: prefix % 2)
            for (raw, escaped) in [("\"", #"\""#), ("\\", #"\\"#), ("\u{1F}", #"\u001f"#), ("\n", #"\n"#)] {
                let text = filler + raw + filler
                #expect(written(.string(text)) == "\"" + filler + escaped + filler + "\"")
            }
            #expect(written(.string(filler + filler)) == "\"" + filler + filler + "\"")
        }
    }

    @Test("a writer can be emptied and reused")
    func reuse() {
        var writer = JSONWriter(reservingCapacity: 16)
        writer.write(.string("first"))
        writer.removeAll()
        #expect(writer.bytes.isEmpty)
        writer.write(.array([.number("1")]))
        writer.write(.null)
        #expect(String(decoding: writer.bytes, as: UTF8.self) == "[1]null")
    }
}
