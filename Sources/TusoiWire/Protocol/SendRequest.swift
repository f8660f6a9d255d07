/// The bot's `send` request: replies to deliver to a chat outside any conversation turn.
public struct SendRequest: Equatable, Sendable {
    public var channel: String
    public var chat: String
    public var replies: [WireReply]

    public init(channel: String, chat: String, replies: [WireReply]) {
        self.channel = channel
        self.chat = chat
        self.replies = replies
    }
}
