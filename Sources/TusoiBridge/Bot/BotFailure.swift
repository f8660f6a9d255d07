/// Why the bot did not answer a request.
public enum BotFailure: Error, Equatable, Sendable {
    /// The bot's command could not be started, or the bot exited before its first handshake.
    case cannotStart(String)
    /// The bot refused the handshake (for instance an unsupported protocol version).
    case handshake(BotError)
    /// The bot answered the request with an error other than "not stored".
    case refused(BotError)
    /// The bot died this many times while the request was in flight.
    case gaveUp(attempts: Int)
    /// The connection was stopped before the bot answered.
    case stopped

    public var description: String {
        switch self {
        case .cannotStart(let reason): return "the bot cannot be started: \(reason)"
        case .handshake(let error): return "the bot refused the handshake: \(error.description)"
        case .refused(let error): return "the bot refused the message: \(error.description)"
        case .gaveUp(let attempts): return "the bot died \(attempts) times with the message in flight"
        case .stopped: return "the bridge is stopping"
        }
    }
}
