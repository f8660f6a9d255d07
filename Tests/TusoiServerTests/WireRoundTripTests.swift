import Testing
import TusoiWire

@testable import TusoiServer

/// The bridges and the bot share one wire: a message a bridge writes (``InboundMessage/params``, the
/// same bytes its `message` request carries) is read by the bot as exactly that message, through the
/// fast path and through the JSON tree alike.
struct WireRoundTripTests {
    static let messages: [InboundMessage] = [
        InboundMessage(
            channel: "telegram", chat: "-1003141592653", user: "42", messageID: "7",
            content: .text("Dạ, em xin trả lời: có ạ"), chatType: .group, time: "2026-12-06T21:00:00Z"),
        InboundMessage(
            channel: "zalo", chat: "e4ea2cd5", user: "e4ea2cd5", messageID: "m1", content: .text("")),
        InboundMessage(
            channel: "telegram", chat: "5", user: "5", messageID: "cb:991", content: .button("opt:3")),
        InboundMessage(channel: "zalo", chat: "u", user: "u", messageID: "9", content: .kind(.media)),
        InboundMessage(channel: "telegram", chat: "5", user: "5", messageID: "10#2", content: .kind(.edited)),
        InboundMessage(
            channel: "telegram", chat: "5", user: "5", messageID: "11",
            content: .text("dòng 1\n\"trích\" \\ \u{1}\t🙂")),
    ]

    @Test("what a bridge writes, the bot reads as the same message", arguments: messages)
    func sameMessage(_ message: InboundMessage) throws {
        let line: JSONValue = ["jsonrpc": "2.0", "id": 17, "method": "message", "params": message.params]
        let bytes = Array(line.text.utf8)
        for fully in [false, true] {
            let request = try bytes.withUnsafeBytes { buffer throws(ProtocolError) in
                fully ? try Request.decodeFully(buffer) : try Request.decode(buffer)
            }
            #expect(request == .message(id: 17, message), "fully: \(fully)")
        }
        #expect(InboundMessage(params: message.params) == message)
    }
}
