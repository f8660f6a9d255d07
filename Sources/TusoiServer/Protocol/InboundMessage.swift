/// A member's message as a bridge delivers it.
public struct InboundMessage: Equatable, Sendable {
    /// Whether the chat is one-to-one with the bot or a group.
    public enum ChatType: String, Equatable, Sendable {
        case `private`
        case group
    }

    /// A message that carries no text to read: said so to the member, nothing is recorded as an answer.
    public enum Kind: String, Equatable, Sendable {
        /// A photo, sticker, voice message, video, contact, location or file.
        case media
        /// An edit of a message sent before.
        case edited
    }

    public var channel: String
    public var chat: String
    public var user: String
    /// The messenger's id of the message, unique within (channel, chat): the key of idempotency.
    public var messageID: String
    /// When the member sent it, as the bridge reports it (ISO 8601), kept for the transcript.
    public var time: String?
    public var text: String?
    public var button: String?
    public var kind: Kind?
    public var chatType: ChatType

    public init(
        channel: String, chat: String, user: String, messageID: String, time: String? = nil,
        text: String? = nil,
        button: String? = nil, kind: Kind? = nil, chatType: ChatType = .private
    ) {
        self.kind = kind
        self.channel = channel
        self.chat = chat
        self.user = user
        self.messageID = messageID
        self.time = time
        self.text = text
        self.button = button
        self.chatType = chatType
    }
}
