/// Something that happens to a conversation: for now, what the member sends.
public enum Event: Equatable, Sendable {
    /// The member opened the conversation (a terminal chat started): greet, or pick up where they were.
    case open
    /// A text message, exactly as the member typed it.
    case text(String)
    /// A button press, carrying the payload the bot put on the button.
    case button(String)
}
