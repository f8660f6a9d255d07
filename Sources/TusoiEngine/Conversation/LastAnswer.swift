/// The short text answer the member sent last, and when: a message that follows it within
/// ``Conversation/quickSuccession`` seconds, before the member could have read the next question,
/// may be the rest of that answer (docs/CONVERSATION.md, "Several messages in quick succession").
public struct LastAnswer: Equatable, Sendable {
    /// The step the answer was recorded for.
    public var key: String
    /// When the message arrived, in seconds since 1970 (the protocol's `time`).
    public var at: Int64

    public init(key: String, at: Int64) {
        self.key = key
        self.at = at
    }
}
