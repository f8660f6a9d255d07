/// Reads the Zalo Bot Platform's updates into what the bridge hands to the bot.
///
/// `getUpdates` answers `{"ok": true, "result": {"event_name": "message.text.received", "message":
/// {"message_id", "from": {"id"}, "chat": {"id", "chat_type": "PRIVATE" | "GROUP"}, "date" (ms),
/// "text"}}}`; a list of such results is read as well, in case the platform starts batching.
enum ZaloUpdate {
    static func parse(result: JSON) -> [IncomingUpdate] {
        switch result {
        case .array(let items): return items.compactMap(parse(item:))
        case .object: return parse(item: result).map { [$0] } ?? []
        default: return []
        }
    }

    private static func parse(item: JSON) -> IncomingUpdate? {
        guard let message = item["message"] else { return nil }
        if let event = item["event_name"]?.stringValue, event != "message.text.received" {
            return IncomingUpdate(message: nil)
        }
        guard let chat = message["chat"]?["id"]?.idText, let messageID = message["message_id"]?.idText,
            let text = message["text"]?.stringValue, !text.isEmpty
        else { return IncomingUpdate(message: nil) }
        let type: InboundMessage.ChatType =
            message["chat"]?["chat_type"]?.stringValue == "PRIVATE" ? .private : .group
        return IncomingUpdate(
            message: InboundMessage(
                channel: ZaloMessenger.channelName, chat: chat, user: message["from"]?["id"]?.idText ?? chat,
                messageID: messageID, content: .text(text), chatType: type,
                time: message["date"]?.doubleValue.map { InboundMessage.isoTime(secondsSince1970: $0 / 1000) }
            ))
    }
}
