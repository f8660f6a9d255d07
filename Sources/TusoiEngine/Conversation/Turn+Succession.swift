/// Several messages in quick succession (docs/CONVERSATION.md): a member who sends one short answer
/// in two messages must not have the second part recorded as the answer to the next question.
extension Conversation {
    /// Seconds after a short text answer within which a text for a question that takes free text
    /// is asked about: too soon to have read the next question.
    public static let quickSuccession: Int64 = 5
    /// Seconds within which a message that begins as the rest of a sentence ("và…", "vì…") is asked
    /// about too: typed on a phone, the second half of an answer can take this long.
    public static let continuationWindow: Int64 = 90
}

extension Turn {
    static let joinPayload = "c/join"
    static let answerPayload = "c/answer"

    /// Whether `message`, sent for the question `key`, may be the rest of the short answer just
    /// recorded: it came within ``Conversation/quickSuccession`` seconds of it (both times from the
    /// protocol), and the question takes free text, so that it would be recorded as it is.
    func mayContinuePreviousAnswer(_ message: String, asking key: String, question: Question) -> Bool {
        guard cameQuicklyAfterText(message, asking: key) else { return false }
        switch question.kind {
        case .text: return true
        case .longText: return state.draftKey != key || state.draft.isEmpty
        case .member: return context.roster.isEmpty
        default: return false
        }
    }

    /// Whether `message` came within ``Conversation/quickSuccession`` of a text answer to another
    /// question, by the protocol's times, or within ``Conversation/continuationWindow`` beginning as
    /// the rest of a sentence: it may be the rest of that answer.
    func cameQuicklyAfterText(_ message: String, asking key: String) -> Bool {
        guard let previous = previousAnswer, previous.key != key, let at = context.sentAt, at >= previous.at,
            case .text? = state.answers[previous.key], !AnswerMatcher.trimmedText(message).isEmpty
        else { return false }
        return at - previous.at < Conversation.quickSuccession
            || (at - previous.at < Conversation.continuationWindow
                && context.catalog.vocabulary.startsAsContinuation(
                    message, question: step(forKey: key).map(questionText) ?? ""))
    }

    /// Holds the message, recording nothing, and asks where it belongs.
    mutating func hold(_ message: String) {
        let part = AnswerMatcher.trimmedText(message)
        state.held = state.held.map { $0 + " " + part } ?? part
        if let previous = previousAnswer {
            state.lastAnswer = LastAnswer(key: previous.key, at: context.sentAt ?? previous.at)
        }
        askWhereHeldBelongs()
    }

    /// After a pause or a greeting: the held text is asked about again, its answer kept for “1”.
    mutating func askAgainWhereHeldBelongs() {
        if let previous = previousAnswer { state.lastAnswer = previous }
        askWhereHeldBelongs()
    }

    mutating func askWhereHeldBelongs() {
        guard let held = state.held, case .asking(let key) = state.phase, let step = step(forKey: key) else {
            state.held = nil
            return repeatCurrent()
        }
        // A long message is quoted by its beginning: the question must stay short on a phone.
        let quoted = held.count > 160 ? String(held.prefix(160)) + "…" : held
        say(
            text(.quickSuccession, ["text": quoted, "question": shortTitle(of: step)]),
            buttons: [
                Button(label: text(.quickJoinButton), payload: Turn.joinPayload),
                Button(label: text(.quickAnswerButton), payload: Turn.answerPayload),
            ])
    }

    /// A message while one is held: 1 or 2 (or the buttons) says where it goes, a command drops it
    /// and runs, another quick part joins it, anything else asks again.
    mutating func handleWhileHolding(_ message: String, commands: Bool, keepsHeld: Bool = false) -> Bool {
        if commands {
            if !keepsHeld { state.held = nil }
            return false
        }
        switch Folding.fold(context.catalog.vocabulary.trimmingParticles(message)) {
        case "1":
            joinHeld()
            return true
        case "2":
            answerHeld()
            return true
        default: break
        }
        if let previous = previousAnswer, let at = context.sentAt, at >= previous.at,
            at - previous.at < Conversation.quickSuccession
        {
            hold(message)
            return true
        }
        if let previous = previousAnswer { state.lastAnswer = previous }
        preface.append(text(.quickReask))
        askWhereHeldBelongs()
        return true
    }

    /// The held message is the rest of the previous answer: it is added to it, and the question
    /// asked is asked again.
    mutating func joinHeld() {
        defer { state.held = nil }
        guard let held = state.held, let previous = previousAnswer ?? state.lastAnswer,
            case .text(let earlier)? = state.answers[previous.key]
        else { return repeatCurrent() }
        // Parts typed as one sentence read as one: a comma between them, unless the first ended its
        // sentence already.
        let ended = earlier.last.map { ".!?…;:,".contains($0) } ?? true
        let whole = earlier + (ended ? " " : ", ") + held
        let joined = Answer.text(whole)
        setAnswer(joined, for: previous.key)
        effects.append(.record(key: previous.key, answer: joined))
        state.lastAnswer = nil
        preface.append(text(.quickJoined, ["answer": whole]))
        state.held = nil
        repeatCurrent()
    }

    /// The held message answers the question asked: it is read as any answer would be.
    mutating func answerHeld() {
        guard let held = state.held else { return repeatCurrent() }
        state.held = nil
        state.lastAnswer = nil
        previousAnswer = nil
        handleText(held)
    }
}
