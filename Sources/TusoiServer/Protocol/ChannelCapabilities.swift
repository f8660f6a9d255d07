/// What a channel can show, declared by the bridge in `initialize`; replies are rendered to fit.
public struct ChannelCapabilities: Equatable, Sendable {
    /// The longest text one message may carry; longer replies are split.
    public var maxTextLength: Int
    /// Whether the channel shows buttons; without them options are numbered lines.
    public var buttons: Bool
    /// Whether the channel takes files; without them a document is sent as text.
    public var documents: Bool

    public init(maxTextLength: Int, buttons: Bool, documents: Bool) {
        self.maxTextLength = maxTextLength
        self.buttons = buttons
        self.documents = documents
    }

    /// What is assumed of a channel the bridge did not describe: short plain text, like SMS or Zalo.
    public static let plain = ChannelCapabilities(maxTextLength: 2000, buttons: false, documents: false)
}
