import TusoiEngine
import TusoiStore

/// A session as the host keeps it between messages: its row, its questionnaire and campaign, its
/// state, and whether the state changed since it was last written.
struct LiveSession {
    var id: Int64
    var questionnaireRow: Int64
    var campaignID: Int64?
    var state: SessionState
    var dirty: Bool
    /// The steps that apply to `state.answers`, kept between messages (see `Conversation.reduce`).
    var steps: [Step]? = nil

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
