/// What the host must do after a step of the reducer, in order, inside one transaction.
public enum Effect: Equatable, Sendable {
    /// Send this message to the member.
    case reply(Reply)
    /// Record this answer as a new revision of the step's answer; nothing is overwritten.
    case record(key: String, answer: Answer)
    /// The step's answer no longer stands (it was about a total that changed): ask it again.
    /// Its earlier revisions stay in the history.
    case clear(key: String)
    /// The member submitted their self-review.
    case submitted
    /// The member discarded their draft; their earlier answers stay in the history.
    case discarded
    /// The member stopped for now.
    case paused
    /// A submitted self-review was returned for revision and is open again.
    case reopened
    /// The branch's conclusion was told to the member (a submitted self-review only).
    case concluded
    /// The member answered the branch's conclusion: took it in, with what they add to their plan.
    case tookIn(addition: String?)
}

/// A message from the bot: text, optional buttons, optional attached file.
public struct Reply: Equatable, Sendable {
    public var text: String
    /// Buttons, shown as buttons where the channel has them and as numbered lines where it does not.
    public var buttons: [Button]
    public var attachment: Attachment?

    public init(text: String, buttons: [Button] = [], attachment: Attachment? = nil) {
        self.text = text
        self.buttons = buttons
        self.attachment = attachment
    }
}

/// A button: what it says, and the payload sent back when it is pressed (at most 64 bytes).
public struct Button: Equatable, Sendable {
    public var label: String
    public var payload: String

    public init(label: String, payload: String) {
        self.label = label
        self.payload = payload
    }
}

/// A file sent to the member, such as the copy of their submitted self-review.
public struct Attachment: Equatable, Sendable {
    public var name: String
    public var mediaType: String
    public var text: String
    /// The same document as readable plain text, for a channel that takes no files (Zalo, a
    /// terminal): headings, numbered items and answers, never markup. Empty when the reply's text
    /// already says all of it; nil for a document that is plain text already.
    public var plainText: String?

    public init(name: String, mediaType: String, text: String, plainText: String? = nil) {
        self.name = name
        self.mediaType = mediaType
        self.text = text
        self.plainText = plainText
    }
}
