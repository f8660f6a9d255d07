import Foundation
import Testing

@testable import TusoiBridge

@Suite("JSON")
struct JSONTests {
    @Test("parses what the bot and the messengers write, and writes it back with sorted keys")
    func roundTrip() throws {
        let text = #"{"b":[1,2.5,true,null],"a":"Chào \"đồng chí\"\n/","id":-1003141592653,"n":{}}"#
        let json = try JSON.parse(Data(text.utf8))
        #expect(json["id"] == .integer(-1_003_141_592_653))
        #expect(json["b"]?.arrayValue == [.integer(1), .double(2.5), .bool(true), .null])
        #expect(
            json.text == #"{"a":"Chào \"đồng chí\"\n/","b":[1,2.5,true,null],"id":-1003141592653,"n":{}}"#)
        #expect(try JSON.parse(Data(json.text.utf8)) == json)
    }

    @Test("escapes control characters and the line separators JavaScript chokes on")
    func escapes() {
        #expect(JSON.string("a\u{1}b\tc\u{2028}").text == #""a\u0001b\tc\u2028""#)
    }

    @Test("ids are text whether the messenger writes them as numbers or strings")
    func ids() {
        #expect(JSON.integer(42).idText == "42")
        #expect(JSON.string("e4ea2cd5").idText == "e4ea2cd5")
        #expect(JSON.double(1.5).idText == nil)
        #expect(JSON.double(3).int64Value == 3)
    }

    @Test("a line that is not JSON throws")
    func notJSON() {
        #expect(throws: (any Error).self) { try JSON.parse(Data("not json".utf8)) }
    }
}
