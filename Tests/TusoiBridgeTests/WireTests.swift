import Foundation
import Testing
import TusoiWire

@testable import TusoiBridge

@Suite("The protocol's lines")
struct WireTests {
    @Test("the handshake declares the channel's capabilities")
    func initialize() {
        let line = BotWire.initialize(channels: [
            "telegram": ChannelCapabilities(maxTextLength: 4096, buttons: true, documents: true)
        ])
        #expect(
            line.text
                == #"{"id":"init","jsonrpc":"2.0","method":"initialize","params":{"channels":{"telegram":{"buttons":true,"documents":true,"maxTextLength":4096}},"protocolVersion":"1"}}"#
                + "\n")
    }

    @Test("a message carries the chat type, and a button instead of a text")
    func message() {
        let message = InboundMessage(
            channel: "telegram", chat: "5", user: "5", messageID: "cb9", content: .button("a/6/no"),
            chatType: .private)
        #expect(
            BotWire.message(id: 3, message).text
                == #"{"id":3,"jsonrpc":"2.0","method":"message","params":{"button":"a/6/no","channel":"telegram","chat":"5","chatType":"private","messageId":"cb9","user":"5"}}"#
                + "\n")
        #expect(InboundMessage(params: message.params) == message)
    }

    @Test("answers to the bot's requests: done, blocked, failed")
    func answers() {
        #expect(
            BotWire.answer(id: "b-42", .delivered).text == #"{"id":"b-42","jsonrpc":"2.0","result":{}}"#
                + "\n")
        #expect(
            BotWire.answer(id: "b-42", .blocked).text
                == #"{"error":{"code":1,"message":"blocked"},"id":"b-42","jsonrpc":"2.0"}"# + "\n")
        #expect(
            BotWire.answer(id: 7, .failed("no")).text
                == #"{"error":{"code":2,"message":"no"},"id":7,"jsonrpc":"2.0"}"# + "\n")
    }

    @Test("lines from the bot: a result with replies and a document, an error, a send request, junk")
    func botLines() {
        let result = BotLine.decode(
            Data(
                #"{"id":1,"jsonrpc":"2.0","result":{"replay":true,"replies":[{"text":"Tự xếp loại?","buttons":[{"label":"Tốt","data":"a/22/tot"}]},{"document":{"name":"a.md","mediaType":"text/markdown","base64":"IyBB"}}]}}"#
                    .utf8))
        guard case .response(.integer(1), .success(let json)) = result else {
            Issue.record("not a result: \(result)")
            return
        }
        #expect(
            WireReply.list(json["replies"]) == [
                .text("Tự xếp loại?", buttons: [WireButton(label: "Tốt", data: "a/22/tot")]),
                .document(WireDocument(name: "a.md", mediaType: "text/markdown", contents: Data("# A".utf8))),
            ])
        #expect(
            BotLine.decode(
                Data(#"{"error":{"code":-32002,"message":"Not stored"},"id":2,"jsonrpc":"2.0"}"#.utf8))
                == .response(id: 2, .failure(BotError(code: -32002, message: "Not stored"))))
        #expect(
            BotLine.decode(
                Data(
                    #"{"jsonrpc":"2.0","id":"b-1","method":"send","params":{"channel":"zalo","chat":"8","replies":[{"text":"Nhắc"}]}}"#
                        .utf8))
                == .send(
                    id: "b-1", SendRequest(channel: "zalo", chat: "8", replies: [.text("Nhắc", buttons: [])]))
        )
        #expect(
            BotLine.decode(Data(#"{"jsonrpc":"2.0","id":"b-2","method":"ping"}"#.utf8))
                == .unknownRequest(id: "b-2", method: "ping"))
        #expect(BotLine.decode(Data("tusoi: log line".utf8)) == .unreadable)
    }
}
