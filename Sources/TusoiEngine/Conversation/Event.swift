/// Something that happens to a conversation: what the member sends, or what their facilitator does.
public enum Event: Equatable, Sendable {
    /// The member opened the conversation (a terminal chat started): greet, or pick up where they were.
    case open
    /// A text message, exactly as the member typed it.
    case text(String)
    /// A button press, carrying the payload the bot put on the button.
    case button(String)
    /// Something the bot cannot read: a photo, a sticker, a voice message, a contact, a file.
    case notText
    /// The member edited a message they had sent; the answer stays as first sent.
    case edited
    /// After the branch meeting, the secretary recorded the branch's comments on the submitted
    /// self-review and, for a rated form, the rating the branch proposes.
    case concluded(comment: String, rating: String?)
    /// The facilitator returned the submitted self-review for revision, with a comment.
    case returned(comment: String)
}
