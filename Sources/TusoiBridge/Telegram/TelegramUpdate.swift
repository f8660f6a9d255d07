/// Reads Telegram's `Update` objects into what the bridge hands to the bot.
enum TelegramUpdate {
    /// The update, or `nil` when it has no `update_id`.
    ///
    /// A message becomes a `text` (its caption if it is a photo or a file); a callback query a `button`
    /// whose message id is `cb` + the query's id (unique, and never a number Telegram uses for
    /// messages). Anything else (edited messages, stickers, members joining) is only confirmed.
    static func parse(_ json: JSON) -> IncomingUpdate? {
        guard let sequence = json["update_id"]?.int64Value else { return nil }
        if let message = json["message"] {
            return IncomingUpdate(sequence: sequence, message: inbound(from: message))
        }
        if let query = json["callback_query"] {
            return IncomingUpdate(
                sequence: sequence, message: inbound(fromQuery: query), buttonQueryID: query["id"]?.idText)
        }
        return IncomingUpdate(sequence: sequence, message: nil)
    }

    private static func inbound(from message: JSON) -> InboundMessage? {
        guard let chat = message["chat"]?["id"]?.idText, let messageID = message["message_id"]?.idText,
            let text = message["text"]?.stringValue ?? message["caption"]?.stringValue, !text.isEmpty
        else { return nil }
        return InboundMessage(
            channel: TelegramMessenger.channelName, chat: chat, user: message["from"]?["id"]?.idText ?? chat,
            messageID: messageID, content: .text(text), chatType: chatType(message["chat"]?["type"]),
            time: message["date"]?.doubleValue.map { InboundMessage.isoTime(secondsSince1970: $0) })
    }

    private static func inbound(fromQuery query: JSON) -> InboundMessage? {
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
    private static func chatType(_ type: JSON?) -> InboundMessage.ChatType {
        type?.stringValue == "private" ? .private : .group
    }
}
