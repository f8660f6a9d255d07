import Foundation
import Testing
import TusoiWire

/// What the bridges need of the one JSON type: the messengers' bodies read, ids kept exact, lines written.
@Suite("JSON for the bridges")
struct BridgeJSONTests {
    @Test("parses what the bot and the messengers write, and writes it back with sorted keys")
    func roundTrip() throws {
        let text = #"{"b":[1,2.5,true,null],"a":"Chào \"đồng chí\"\n/","id":-1003141592653,"n":{}}"#
        let json = try JSONValue.parse(Data(text.utf8))
        #expect(json["id"] == .integer(-1_003_141_592_653))
        #expect(json["id"]?.int64Value == -1_003_141_592_653)
        #expect(json["b"]?.arrayValue == [1, .number("2.5"), true, nil])
        #expect(json["b"]?.arrayValue?[1].doubleValue == 2.5)
        #expect(
            json.text == #"{"a":"Chào \"đồng chí\"\n/","b":[1,2.5,true,null],"id":-1003141592653,"n":{}}"#)
        #expect(try JSONValue.parse(Data(json.text.utf8)) == json)
        #expect(json.line == Data((json.text + "\n").utf8))
    }

    @Test("escapes quotes, backslashes and control characters; other text is written as it is")
    func escapes() throws {
        let value = JSONValue.string("a\u{1}b\tc\u{2028}\"\\")
        #expect(value.text == "\"a\\u0001b\\tc\u{2028}\\\"\\\\\"")
        #expect(try JSONValue.parse(Data(value.text.utf8)) == value)
    }

    @Test("ids are text whether the messenger writes them as numbers or strings")
    func ids() {
        #expect(JSONValue.integer(42).idText == "42")
        #expect(JSONValue.string("e4ea2cd5").idText == "e4ea2cd5")
        #expect(JSONValue.double(1.5).idText == nil)
        #expect(JSONValue.number("1e3").idText == nil)
        #expect(JSONValue.double(.nan) == .null)
    }

    @Test("a body that is not JSON, or is cut short, throws with where it went wrong")
    func notJSON() {
        #expect(throws: JSONParseError.self) { try JSONValue.parse(Data("not json".utf8)) }
        #expect(throws: JSONParseError.self) { try JSONValue.parse(Data(#"{"ok":true,"result":["#.utf8)) }
    }
}
