import TusoiWire

/// Reads the Zalo Bot Platform's updates into what the bridge hands to the bot.
///
/// `getUpdates` answers `{"ok": true, "result": {"event_name": "message.text.received", "message":
/// {"message_id", "from": {"id"}, "chat": {"id", "chat_type": "PRIVATE" | "GROUP"}, "date" (ms),
/// "text"}}}`; a list of such results is read as well, in case the platform starts batching. Other
/// events (`message.image.received`, `message.sticker.received`, `message.unsupported.received`)
/// become the kind `media`, so that the bot asks for an answer in words. `chat_type` is compared
/// without regard to case; without one, a chat whose id is the sender's is private.
enum ZaloUpdate {
    static func parse(result: JSONValue) -> [IncomingUpdate] {
        switch result {
        case .array(let items): return items.compactMap(parse(item:))
        case .object: return parse(item: result).map { [$0] } ?? []
        default: return []
        }
    }

    private static func parse(item: JSONValue) -> IncomingUpdate? {
        guard let message = item["message"] else { return nil }
        guard let chat = message["chat"]?["id"]?.idText, let messageID = message["message_id"]?.idText else {
            return IncomingUpdate(message: nil)
        }
        let event = item["event_name"]?.stringValue ?? "message.text.received"
        let content: InboundMessage.Content
        if event == "message.text.received" {
            guard let text = message["text"]?.stringValue, !text.isEmpty else {
                return IncomingUpdate(message: nil)
            }
            content = .text(text)
        } else if event.hasPrefix("message.") {
            content = .kind(.media)
        } else {
            return IncomingUpdate(message: nil)
        }
        let user = message["from"]?["id"]?.idText ?? chat
        let type: InboundMessage.ChatType
        switch message["chat"]?["chat_type"]?.stringValue?.lowercased() {
        case "private"?: type = .private
        case nil: type = chat == user ? .private : .group
        default: type = .group
        }
        return IncomingUpdate(
            message: InboundMessage(
                channel: ZaloMessenger.channelName, chat: chat, user: user, messageID: messageID,
                content: content, chatType: type,
                time: message["date"]?.doubleValue.map { InboundMessage.isoTime(secondsSince1970: $0 / 1000) }
            ))
    }
}
