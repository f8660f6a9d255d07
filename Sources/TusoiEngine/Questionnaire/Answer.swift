/// A member's answer to one question, as recorded.
public enum Answer: Hashable, Sendable {
    case yesNo(Bool)
    case choice(String)
    /// The options chosen in order of their numbers; empty means "none of these".
    case choices([String])
    case text(String)
    case number(Int)
    /// A date as `yyyy-mm-dd`.
    case date(String)
    /// A fellow member: their id in the roster and their name as shown. Boxed (`indirect`), so that
    /// an answer is no larger than a string: sessions held in memory keep a dictionary of them.
    indirect case member(id: String, name: String)
    /// An optional question the member chose to skip.
    case skipped
}
