/// Where one member is in their self-review: the whole state the reducer needs, as plain data.
public struct SessionState: Equatable, Sendable {
    /// The stage of the conversation.
    public enum Phase: Equatable, Sendable {
        /// Nothing said yet: the next message gets the greeting and the first question.
        case new
        /// Waiting for the answer to the step with this key.
        case asking(String)
        /// Every question answered; showing the review, waiting for "submit" or "edit N".
        case reviewing
        case confirmingSubmit
        /// Waiting to confirm discarding the draft; remembers the step to return to.
        case confirmingDiscard(returnTo: String?)
        case submitted
    }

    public var phase: Phase
    public var language: Language
    /// The current answer of every step answered, keyed by step key (see ``Step``).
    public var answers: [String: Answer]
    /// Set by "stop"; the next message is greeted with "welcome back".
    public var paused: Bool
    /// When the self-review was submitted, in seconds since 1970.
    public var submittedAt: Int64?
    /// The payloads of the buttons last shown, so that "2" presses the second one on a channel without buttons.
    public var buttons: [String]
    /// The parts of a long text answer sent so far, until the member says it is done.
    public var draft: [String]
    /// The step the draft belongs to; it is kept if the member goes elsewhere and comes back.
    public var draftKey: String?
    /// The facilitator's comment while a submitted self-review is returned for revision; cleared
    /// when the member submits again.
    public var returnNote: String?
    /// The branch's conclusion on the submitted self-review, as told to the member, while the
    /// member has not yet answered it (took it in, or added to their plan).
    public var conclusion: String?
    /// The step keys in the order the review numbered them ("sửa N" is the key at N - 1): fixed from
    /// the first numbered list the member sees, so that a follow-up an edit adds takes the next free
    /// number instead of renumbering what the member already saw. Emptied when the draft is discarded.
    public var numbered: [String] = []
    /// When the member's last message arrived (the protocol's `time`, in seconds since 1970), and
    /// what it answered: for telling a second part of the same answer from the next answer.
    public var lastAnswer: LastAnswer?
    /// A message that came too soon after a short answer to tell where it belongs, held (never
    /// recorded) until the member says: the rest of that answer, or the answer to the question asked.
    public var held: String?
    /// The page of the branch's list shown for a `member` question (20 names a page, from 0);
    /// back to the first page whenever a question is asked anew.
    public var rosterPage: Int = 0

    public init(
        phase: Phase = .new, language: Language = .vi, answers: [String: Answer] = [:], paused: Bool = false,
        submittedAt: Int64? = nil, buttons: [String] = [], draft: [String] = [], draftKey: String? = nil,
        returnNote: String? = nil
    ) {
        self.phase = phase
        self.language = language
        self.answers = answers
        self.paused = paused
        self.submittedAt = submittedAt
        self.buttons = buttons
        self.draft = draft
        self.draftKey = draftKey
        self.returnNote = returnNote
    }
}
