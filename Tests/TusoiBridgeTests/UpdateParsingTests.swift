import Foundation
import Testing
import TusoiWire

@testable import TusoiBridge

@Suite("Reading the messengers' updates")
struct UpdateParsingTests {
    static func json(_ text: String) throws -> JSONValue {
        try JSONValue.parse(Data(text.utf8))
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

    @Test(
        "a sticker, a voice message, a contact become the kind media; an edit the kind edited, once per edit")
    func telegramOther() throws {
        for field in ["sticker", "voice", "contact", "photo", "location"] {
            let update = TelegramUpdate.parse(
                try Self.json(
                    #"{"update_id":10,"message":{"message_id":4,"\#(field)":{},"chat":{"id":1,"type":"private"},"from":{"id":1}}}"#
                ))
            #expect(update?.message?.content == .kind(.media), "\(field)")
            #expect(update?.message?.messageID == "4")
        }
        let edited = try #require(
            TelegramUpdate.parse(
                try Self.json(
                    #"{"update_id":11,"edited_message":{"message_id":4,"edit_date":1790000100,"text":"khong","chat":{"id":1,"type":"private"},"from":{"id":1}}}"#
                )))
        #expect(edited.message?.content == .kind(.edited))
        #expect(
            edited.message?.messageID == "e4-1790000100", "a second edit of the same message is answered too")
        // A member joining a group: nothing the member wrote.
        let joined = TelegramUpdate.parse(
            try Self.json(
                #"{"update_id":12,"message":{"message_id":5,"new_chat_members":[],"chat":{"id":-1,"type":"group"}}}"#
            ))
        #expect(joined == IncomingUpdate(sequence: 12, message: nil))
        #expect(TelegramUpdate.parse(try Self.json(#"{"message":{}}"#)) == nil)
    }

    @Test("/start CODE from a deep link is the code; /start alone stays /start")
    func startPayload() throws {
        let update = TelegramUpdate.parse(
            try Self.json(
                #"{"update_id":13,"message":{"message_id":6,"text":"/start ABCDE-FGHJK","chat":{"id":2,"type":"private"},"from":{"id":2}}}"#
            ))
        #expect(update?.message?.content == .text("ABCDE-FGHJK"))
        #expect(TelegramUpdate.startPayload("/start@tusoi_bot ABCDEFGHJK") == "ABCDEFGHJK")
        #expect(TelegramUpdate.startPayload("/start") == nil)
        #expect(TelegramUpdate.startPayload("/starting x") == nil)
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
        #expect(ZaloUpdate.parse(result: sticker).first?.message?.content == .kind(.media))
        let lower = try Self.json(
            #"{"message":{"chat":{"id":"e4ea","chat_type":"private"},"text":"hi","message_id":"m","from":{"id":"e4ea"}}}"#
        )
        #expect(ZaloUpdate.parse(result: lower).first?.message?.chatType == .private, "case does not matter")
        let untyped = try Self.json(
            #"{"message":{"chat":{"id":"e4ea"},"text":"hi","message_id":"m","from":{"id":"e4ea"}}}"#)
        #expect(
            ZaloUpdate.parse(result: untyped).first?.message?.chatType == .private, "the member's own chat")
        let untypedGroup = try Self.json(
            #"{"message":{"chat":{"id":"g9"},"text":"hi","message_id":"m","from":{"id":"e4ea"}}}"#)
        #expect(ZaloUpdate.parse(result: untypedGroup).first?.message?.chatType == .group)
        #expect(ZaloUpdate.parse(result: .array([text, text])).count == 2)
        #expect(ZaloUpdate.parse(result: .null).isEmpty)
    }
}
