/// Why the messenger did not take a message.
public enum SendFailure: Error, Equatable, Sendable {
    /// Too many requests (HTTP 429): wait this many seconds, then send it again.
    case rateLimited(retryAfter: Double)
    /// The member blocked the bot (HTTP 403).
    case blocked
    /// The messenger refused this message for good (HTTP 400), with its description.
    case rejected(String)
    /// The network or the messenger failed; sending it again later may work. `status` is the HTTP
    /// status the messenger answered with, if it answered.
    case unavailable(String, status: Int? = nil)
}
