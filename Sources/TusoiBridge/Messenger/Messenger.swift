import TusoiWire

/// A messenger's bot API, as the bridge uses it: receive updates, confirm them, send messages.
///
/// Each messenger has one implementation (``TelegramMessenger``, ``ZaloMessenger``); the bridge's
/// loop, the bot and the delivery are shared.
public protocol Messenger: Sendable {
    /// The channel's name in the protocol (`telegram`, `zalo`).
    var channel: String { get }
    /// What the channel can show; declared to the bot in the handshake.
    var capabilities: ChannelCapabilities { get }

    /// Checks the token with the messenger and returns the bot's name, for the log.
    func identify() async throws(MessengerError) -> String

    /// Waits for the next updates (a long poll) and returns them, oldest first; may return none.
    func receive() async throws(MessengerError) -> [IncomingUpdate]

    /// Marks `update` as done: it is not to be delivered again. Called in the order received.
    func confirm(_ update: IncomingUpdate) async

    /// Tells the messenger that everything confirmed so far is done, before the bridge stops.
    func flushConfirmations() async

    /// Tells the messenger that a button press was handled (Telegram then stops its spinner).
    func acknowledgeButton(_ update: IncomingUpdate) async

    /// Sends one message to `chat`.
    func send(_ part: OutboundPart, to chat: String) async throws(SendFailure)

    /// Removes a webhook set on the bot, so that polling gets the updates (`--delete-webhook`).
    func deleteWebhook() async throws(MessengerError)
}

/// One update from the messenger: a member's message or button press, or something the bot does not
/// handle (an edited message, a sticker), which is only confirmed.
public struct IncomingUpdate: Equatable, Sendable {
    /// The messenger's sequence number of the update (Telegram's `update_id`), if it has one.
    public var sequence: Int64?
    /// What to hand to the bot, if anything.
    public var message: InboundMessage?
    /// The id of the button press to acknowledge (Telegram's callback query id).
    public var buttonQueryID: String?

    public init(sequence: Int64? = nil, message: InboundMessage?, buttonQueryID: String? = nil) {
        self.sequence = sequence
        self.message = message
        self.buttonQueryID = buttonQueryID
    }
}

/// Why the messenger could not be asked for updates.
public enum MessengerError: Error, Equatable, Sendable {
    /// The token was refused: nothing will work until the operator fixes it.
    case unauthorized(String)
    /// The network or the messenger failed; asking again later may work (after `retryAfter`, if said).
    case unavailable(String, retryAfter: Double? = nil)
    /// Another program takes this bot's updates: a webhook is set, or a second bridge polls with the
    /// same token (Telegram answers 409 Conflict).
    case conflict(String)
    /// The request was cancelled because the bridge is stopping.
    case cancelled
}
