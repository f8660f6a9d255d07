import Foundation
import Testing

@testable import TusoiBridge

@Suite("Reading the messengers' updates")
struct UpdateParsingTests {
    static func json(_ text: String) throws -> JSON {
        try JSON.parse(Data(text.utf8))
    }

    @Test("a Telegram message from a private chat")
    func telegramPrivate() throws {
        let update = try #require(
            TelegramUpdate.parse(
                try Self.json(
                    #"{"update_id":7,"message":{"message_id":42,"date":1790000000,"text":"co","chat":{"id":5001,"type":"private"},"from":{"id":5001}}}"#
                )))
        #expect(update.sequence == 7)
        #expect(
            update.message
                == InboundMessage(
                    channel: "telegram", chat: "5001", user: "5001", messageID: "42", content: .text("co"),
                    chatType: .private, time: "2026-09-21T14:13:20Z"))
    }

    @Test("a Telegram group or supergroup is a group; a photo's caption is its text")
    func telegramGroup() throws {
        let update = TelegramUpdate.parse(
            try Self.json(
                #"{"update_id":8,"message":{"message_id":3,"caption":"ảnh","chat":{"id":-100123,"type":"supergroup"},"from":{"id":5001}}}"#
            ))
        #expect(update?.message?.chatType == .group)
        #expect(update?.message?.chat == "-100123")
        #expect(update?.message?.user == "5001")
        #expect(update?.message?.content == .text("ảnh"))
    }

    @Test("a Telegram button press becomes the button's data, keyed by the query id")
    func telegramButton() throws {
        let update = try #require(
            TelegramUpdate.parse(
                try Self.json(
                    #"{"update_id":9,"callback_query":{"id":"4382","data":"a/6/no","from":{"id":5001},"message":{"message_id":1,"chat":{"id":5001,"type":"private"}}}}"#
                )))
        #expect(update.buttonQueryID == "4382")
        #expect(update.message?.messageID == "cb4382")
        #expect(update.message?.content == .button("a/6/no"))
    }

    @Test("stickers and edited messages are confirmed, not handed to the bot")
    func telegramOther() throws {
        let sticker = TelegramUpdate.parse(
            try Self.json(
                #"{"update_id":10,"message":{"message_id":4,"sticker":{},"chat":{"id":1,"type":"private"}}}"#)
        )
        #expect(sticker == IncomingUpdate(sequence: 10, message: nil))
        let edited = TelegramUpdate.parse(try Self.json(#"{"update_id":11,"edited_message":{}}"#))
        #expect(edited == IncomingUpdate(sequence: 11, message: nil))
        #expect(TelegramUpdate.parse(try Self.json(#"{"message":{}}"#)) == nil)
    }

    @Test("a Zalo text, as the platform documents it; a group; a sticker; a list of results")
    func zalo() throws {
        let text = try Self.json(
            #"{"message":{"chat":{"id":"e4ea","chat_type":"PRIVATE"},"text":"Xin chào","message_id":"16f6","date":1766619597466,"from":{"id":"e4ea"}},"event_name":"message.text.received"}"#
        )
        #expect(
            ZaloUpdate.parse(result: text).first?.message
                == InboundMessage(
                    channel: "zalo", chat: "e4ea", user: "e4ea", messageID: "16f6",
                    content: .text("Xin chào"),
                    chatType: .private, time: "2025-12-24T23:39:57Z"))
        let group = try Self.json(
            #"{"message":{"chat":{"id":"g1","chat_type":"GROUP"},"text":"hi","message_id":"m","from":{"id":"u1"}}}"#
        )
        #expect(ZaloUpdate.parse(result: group).first?.message?.chatType == .group)
        let sticker = try Self.json(
            #"{"event_name":"message.sticker.received","message":{"chat":{"id":"e4ea"},"message_id":"s"}}"#)
        #expect(ZaloUpdate.parse(result: sticker) == [IncomingUpdate(message: nil)])
        #expect(ZaloUpdate.parse(result: .array([text, text])).count == 2)
        #expect(ZaloUpdate.parse(result: .null).isEmpty)
    }
}
