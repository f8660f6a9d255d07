import TusoiEngine
import TusoiStore

/// A session as the host keeps it between messages: its row, its questionnaire and campaign, its
/// state, and whether the state changed since it was last written.
struct LiveSession: Sendable {
    var id: Int64
    var questionnaireRow: Int64
    var campaignID: Int64?
    var state: SessionState
    var dirty: Bool
    /// The steps that apply to `state.answers`, kept between messages (see `Conversation.reduce`).
    var steps: [Step]? = nil
    /// Names this exact state and steps: given when the session is packed (even) or worked out
    /// ahead by the ``Speculator`` (odd), never given twice; 0 once the service changed it itself.
    /// A ``Speculation`` is taken only for the session it started from.
    var token: UInt64 = 0

    /// The token of a session not started yet: the empty state, no steps.
    static let newSessionToken: UInt64 = 1

    init(_ stored: StoredSession) {
        self.init(
            id: stored.id, questionnaireRow: stored.questionnaireRow, campaignID: stored.campaignID,
            state: stored.state, dirty: false)
    }

    init(id: Int64, questionnaireRow: Int64, campaignID: Int64?, state: SessionState, dirty: Bool) {
        self.id = id
        self.questionnaireRow = questionnaireRow
        self.campaignID = campaignID
        self.state = state
        self.dirty = dirty
    }
}
