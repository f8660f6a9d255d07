import Foundation

/// A member's message or button press, as a bridge hands it to the bot (`message` request).
///
/// The one type both sides use: the bridges build it from a messenger's update, the bot decodes it
/// from the line (strictly, in `Request`) and hands it to its deciders.
public struct InboundMessage: Equatable, Sendable {
    /// What the member sent: exactly one of a text, a button's data, and a kind of message with no
    /// text to read (`media`: a photo, sticker, voice message, contact, file; `edited`: an edit).
    public enum Content: Equatable, Sendable {
        case text(String)
        case button(String)
        case kind(Kind)
    }

    /// A message that carries no text to read: said so to the member, nothing is recorded as an answer.
    public enum Kind: String, Equatable, Sendable {
        /// A photo, sticker, voice message, video, contact, location or file.
        case media
        /// An edit of a message sent before.
        case edited
    }

    /// Where the message was written; in a group the bot only asks the member to write privately.
    public enum ChatType: String, Equatable, Sendable {
        case `private`
        case group
    }

    public var channel: String
    public var chat: String
    public var user: String
    /// The messenger's id of the message, unique within the chat: the key of the bot's idempotency.
    public var messageID: String
    public var content: Content
    public var chatType: ChatType
    /// When the member sent it, as ISO 8601 text (kept with the message).
    public var time: String?

    public init(
        channel: String, chat: String, user: String, messageID: String, content: Content,
        chatType: ChatType = .private, time: String? = nil
    ) {
        self.channel = channel
        self.chat = chat
        self.user = user
        self.messageID = messageID
        self.content = content
        self.chatType = chatType
        self.time = time
    }

    /// The text, when the message is one.
    public var text: String? {
        if case .text(let text) = content { return text }
        return nil
    }

    /// The data of the button pressed, when the message is a button press.
    public var button: String? {
        if case .button(let data) = content { return data }
        return nil
    }

    /// The kind of a message with no text to read.
    public var kind: Kind? {
        if case .kind(let kind) = content { return kind }
        return nil
    }

    /// The key under which duplicates are recognised: the chat and the message's id.
    public var key: String { chat + "\u{1F}" + messageID }

    /// The `params` of the `message` request.
    public var params: JSONValue {
        var members: [String: JSONValue] = [
            "channel": .string(channel), "chat": .string(chat), "user": .string(user),
            "messageId": .string(messageID), "chatType": .string(chatType.rawValue),
        ]
        switch content {
        case .text(let text): members["text"] = .string(text)
        case .button(let data): members["button"] = .string(data)
        case .kind(let kind): members["kind"] = .string(kind.rawValue)
        }
        if let time { members["time"] = .string(time) }
        return .object(members)
    }

    /// Reads the `params` of a `message` request back (the journal stores them).
    public init?(params: JSONValue) {
        guard let channel = params["channel"]?.stringValue, let chat = params["chat"]?.stringValue,
            let user = params["user"]?.stringValue, let messageID = params["messageId"]?.stringValue
        else { return nil }
        let content: Content
        if let text = params["text"]?.stringValue {
            content = .text(text)
        } else if let data = params["button"]?.stringValue {
            content = .button(data)
        } else if let kind = params["kind"]?.stringValue.flatMap(Kind.init(rawValue:)) {
            content = .kind(kind)
        } else {
            return nil
        }
        let chatType = params["chatType"]?.stringValue.flatMap(ChatType.init(rawValue:)) ?? .group
        self.init(
            channel: channel, chat: chat, user: user, messageID: messageID, content: content,
            chatType: chatType, time: params["time"]?.stringValue)
    }

    /// A time in seconds since 1970 as the ISO 8601 text of the protocol's `time` field.
    public static func isoTime(secondsSince1970 seconds: Double) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: Date(timeIntervalSince1970: seconds))
    }
}
