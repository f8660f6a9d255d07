/// The bot's answer to a `message`: the replies to send, and whether it had seen the message before.
///
/// Receiving it is the acknowledgement: everything the message caused is committed to the store.
public struct MessageResult: Equatable, Sendable {
    public var replay: Bool
    public var replies: [WireReply]

    public init(replay: Bool, replies: [WireReply]) {
        self.replay = replay
        self.replies = replies
    }
}
