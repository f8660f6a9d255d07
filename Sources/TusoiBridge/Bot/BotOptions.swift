import TusoiWire

/// How the bot is started and supervised.
public struct BotOptions: Sendable {
    /// The bot's command line, e.g. `["tusoi", "serve", "--db", "/var/lib/tusoi/tusoi.sqlite"]`.
    public var command: [String]
    /// The channels declared in the handshake, by name.
    public var channels: [String: ChannelCapabilities]
    /// The delay before the first restart after the bot died; it doubles with each failure in a row.
    public var restartDelay: Duration = .milliseconds(500)
    public var maxRestartDelay: Duration = .seconds(30)
    /// How long to wait before sending again a message that the bot's store could not commit.
    public var notStoredDelay: Duration = .seconds(2)
    /// A request in flight each time the bot died this many times is given up, so that a message that
    /// crashes the bot cannot hold every other member back.
    public var maxAttempts = 5
    /// How long ``BotConnection/stop()`` waits for the bot to exit before terminating it.
    public var stopTimeout: Duration = .seconds(10)

    public init(command: [String], channels: [String: ChannelCapabilities]) {
        self.command = command
        self.channels = channels
    }
}
