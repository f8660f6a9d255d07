/// What a channel can show, declared to the bot in `initialize` so that it renders every reply to fit.
public struct ChannelCapabilities: Equatable, Sendable {
    /// The longest text of one message, in UTF-16 units.
    public var maxTextLength: Int
    /// Whether the channel shows buttons; without them the bot numbers the options.
    public var buttons: Bool
    /// Whether the channel can send files; without them the bot sends documents as text.
    public var documents: Bool

    public init(maxTextLength: Int, buttons: Bool, documents: Bool) {
        self.maxTextLength = maxTextLength
        self.buttons = buttons
        self.documents = documents
    }

    /// What is assumed of a channel the bridge did not describe: short plain text, like SMS or Zalo.
    public static let plain = ChannelCapabilities(maxTextLength: 2000, buttons: false, documents: false)

    /// The entry of `channels` in the `initialize` request.
    public var json: JSONValue {
        [
            "maxTextLength": .integer(Int64(maxTextLength)), "buttons": .bool(buttons),
            "documents": .bool(documents),
        ]
    }
}
