import TusoiWire

/// Reads Telegram's `Update` objects into what the bridge hands to the bot.
enum TelegramUpdate {
    /// The update, or `nil` when it has no `update_id`.
    ///
    /// A message becomes a `text` (its caption if it is a photo or a file with one); a message with
    /// nothing to read (a photo without caption, a sticker, a voice message, a contact) becomes the
    /// kind `media`, and an edited message the kind `edited`, so that the bot tells the member what
    /// to do. `/start CODE` (a deep link `t.me/bot?start=CODE`) becomes the text `CODE`. A callback
    /// query becomes a `button` whose message id is `cb` + the query's id (unique, and never a number
    /// Telegram uses for messages). Anything else (members joining a group) is only confirmed.
    static func parse(_ json: JSONValue) -> IncomingUpdate? {
        guard let sequence = json["update_id"]?.int64Value else { return nil }
        if let message = json["message"] {
            return IncomingUpdate(sequence: sequence, message: inbound(from: message))
        }
        if let edited = json["edited_message"] {
            return IncomingUpdate(sequence: sequence, message: inbound(fromEdit: edited))
        }
        if let query = json["callback_query"] {
            return IncomingUpdate(
                sequence: sequence, message: inbound(fromQuery: query), buttonQueryID: query["id"]?.idText)
        }
        return IncomingUpdate(sequence: sequence, message: nil)
    }

    /// What a member can send that the bot cannot read.
    static let mediaFields = [
        "photo", "sticker", "voice", "audio", "video", "video_note", "animation", "document", "contact",
        "location", "venue", "poll", "dice",
    ]

    private static func inbound(from message: JSONValue) -> InboundMessage? {
        guard let chat = message["chat"]?["id"]?.idText, let messageID = message["message_id"]?.idText else {
            return nil
        }
        let content: InboundMessage.Content
        if let text = message["text"]?.stringValue ?? message["caption"]?.stringValue, !text.isEmpty {
            content = .text(startPayload(text) ?? text)
        } else if mediaFields.contains(where: { message[$0] != nil }) {
            content = .kind(.media)
        } else {
            // A service message (a member joined, a title changed): nothing the member wrote.
            return nil
        }
        return InboundMessage(
            channel: TelegramMessenger.channelName, chat: chat, user: message["from"]?["id"]?.idText ?? chat,
            messageID: messageID, content: content, chatType: chatType(message["chat"]?["type"]),
            time: message["date"]?.doubleValue.map { InboundMessage.isoTime(secondsSince1970: $0) })
    }

    /// An edit: keyed by the message and the edit's time, so that each edit is answered once.
    private static func inbound(fromEdit message: JSONValue) -> InboundMessage? {
        guard let chat = message["chat"]?["id"]?.idText, let messageID = message["message_id"]?.idText else {
            return nil
        }
        let edit = message["edit_date"]?.idText ?? "0"
        return InboundMessage(
            channel: TelegramMessenger.channelName, chat: chat, user: message["from"]?["id"]?.idText ?? chat,
            messageID: "e\(messageID)-\(edit)", content: .kind(.edited),
            chatType: chatType(message["chat"]?["type"]),
            time: message["edit_date"]?.doubleValue.map { InboundMessage.isoTime(secondsSince1970: $0) })
    }

    /// `CODE` of `/start CODE` (or `/start@bot CODE`), the payload of a deep link; `nil` otherwise.
    static func startPayload(_ text: String) -> String? {
        let words = text.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
        guard words.count == 2, words[0] == "/start" || words[0].hasPrefix("/start@") else { return nil }
        let payload = words[1].trimmingCharacters(in: .whitespaces)
        return payload.isEmpty ? nil : payload
    }

    private static func inbound(fromQuery query: JSONValue) -> InboundMessage? {
        guard let id = query["id"]?.idText, let user = query["from"]?["id"]?.idText,
            let data = query["data"]?.stringValue, !data.isEmpty
        else { return nil }
        let chat = query["message"]?["chat"]
        return InboundMessage(
            channel: TelegramMessenger.channelName, chat: chat?["id"]?.idText ?? user, user: user,
            messageID: "cb" + id, content: .button(data),
            chatType: chat.map { chatType($0["type"]) } ?? .private)
    }

    /// Telegram's `private` is private; `group`, `supergroup` and `channel` are groups.
    private static func chatType(_ type: JSONValue?) -> InboundMessage.ChatType {
        type?.stringValue == "private" ? .private : .group
    }
}
