/// A member's answer to one question, as recorded.
public enum Answer: Equatable, Sendable {
    case yesNo(Bool)
    case choice(String)
    /// The options chosen in order of their numbers; empty means "none of these".
    case choices([String])
    case text(String)
    case number(Int)
    /// A date as `yyyy-mm-dd`.
    case date(String)
    /// A fellow member: their id in the roster and their name as shown.
    case member(id: String, name: String)
    /// An optional question the member chose to skip.
    case skipped
}
