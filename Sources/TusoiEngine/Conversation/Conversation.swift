/// The conversation engine: one pure reducer from (session, event) to (new session, effects).
///
/// It does no I/O and reads no clock; the host applies the returned effects in one transaction.
public enum Conversation {
    /// Advances `state` by one event and returns what the host must do.
    public static func reduce(
        into state: inout SessionState, event: Event, context: ConversationContext
    ) -> [Effect] {
        var steps: [Step]?
        return reduce(into: &state, event: event, context: context, steps: &steps)
    }

    /// The same, for a host that keeps `steps` (the steps that apply to `state.answers`) between
    /// messages to save working them out again: pass nil the first time, then what the last call left.
    public static func reduce(
        into state: inout SessionState, event: Event, context: ConversationContext, steps: inout [Step]?
    ) -> [Effect] {
        // The state is moved into the turn, not copied: a copy left behind would make the first
        // change of each of its tables (the answers) copy the whole table.
        var turn = Turn(state: consume state, context: context, steps: steps)
        turn.handle(event)
        state = turn.state
        steps = turn.steps
        return turn.effects
    }
}

/// One run of the reducer: the state being changed and the effects collected so far.
struct Turn {
    var state: SessionState
    let context: ConversationContext
    var effects: [Effect] = []
    /// The steps that apply to the current answers; kept in step with `state.answers` by ``setAnswers(_:)``.
    private(set) var steps: [Step]
    /// Text that goes before the next reply in the same message (a confirmation, a heading).
    var preface: [String] = []
    /// The short answer the member sent last, if this message may continue it (taken from the
    /// state when the event arrives; the state keeps it only until the next message).
    var previousAnswer: LastAnswer?

    init(state: SessionState, context: ConversationContext, steps: [Step]? = nil) {
        self.state = state
        self.context = context
        self.steps = steps ?? context.steps(given: state.answers)
    }

    /// Replaces the whole state (discarding a draft) and recomputes which steps apply.
    mutating func reset(to newState: SessionState) {
        state = newState
        steps = context.steps(given: state.answers)
    }

    /// Changes one answer and recomputes which steps apply, when the answer can change them.
    mutating func setAnswer(_ answer: Answer, for key: String) {
        state.answers[key] = answer
        if questionnaire.isStepInput(key) {
            steps = context.steps(given: state.answers)
        }
    }

    var questionnaire: Questionnaire { context.questionnaire }
    var language: Language { state.language }

    func text(_ key: MessageKey, _ values: [String: String] = [:]) -> String {
        context.catalog.text(key, language, values)
    }

    mutating func say(_ body: String, buttons: [Button] = [], attachment: Attachment? = nil) {
        let text = (preface + [body]).filter { !$0.isEmpty }.joined(separator: "\n\n")
        preface = []
        state.buttons = buttons.map(\.payload)
        effects.append(.reply(Reply(text: text, buttons: buttons, attachment: attachment)))
    }

    mutating func handle(_ event: Event) {
        previousAnswer = state.lastAnswer
        state.lastAnswer = nil
        if case .returned(let comment) = event { return reopen(comment: comment) }
        if case .concluded(let comment, let rating) = event {
            return conclude(comment: comment, rating: rating)
        }
        if state.paused || event == .open {
            state.paused = false
            if state.phase != .new && state.phase != .submitted { preface.append(text(.welcomeBack)) }
        }
        switch event {
        case .open:
            if state.phase == .new && !waitingToBegin { start() } else { repeatCurrent() }
        case .notText:
            preface.append(text(.textOnly))
            run(.resume)
        case .edited:
            preface.append(text(.editNotRecorded))
            run(.resume)
        case .button(let payload): handleButton(payload)
        case .text(let message): handleText(message)
        case .returned, .concluded: break
        }
    }

    mutating func handleText(_ message: String) {
        let vocabulary = context.catalog.vocabulary
        if state.held != nil {
            let commands = context.meanings(of: message).filter { isCommand($0) }
            // A greeting, a pause or “tiếp tục” keeps the held text: asked about again afterwards.
            let keeps = commands.contains {
                [.command(.greet), .command(.stop), .command(.resume)].contains($0)
            }
            if handleWhileHolding(message, commands: !commands.isEmpty, keepsHeld: keeps) { return }
        }
        // A number that names a shown option means that option; while a long answer is written, only
        // the "done" option ("1. Xong" on a channel without buttons) is a number, the rest is text.
        if message.utf8.count <= 32, let number = Int(Folding.fold(vocabulary.trimmingParticles(message))),
            number >= 1,
            number <= state.buttons.count,
            !isWritingLongText || (state.buttons[number - 1] == Turn.donePayload && !state.draft.isEmpty)
        {
            return handleButton(state.buttons[number - 1])
        }
        let meanings = context.meanings(of: message)
        // A closure, not the method itself: a method reference would copy the whole turn.
        var applicable = meanings.filter { isApplicable($0) }
        if applicable.contains(.none) || (applicable.contains(.no) && !isApplicable(.yes)) {
            // On a checklist "không" and "không có" both mean "none of these".
            applicable.remove(.no)
            applicable.insert(.none)
        }
        if state.phase == .submitted, state.conclusion != nil {
            // The answer to the branch's conclusion: “tiếp thu” (or yes), else what they add.
            let folded = Folding.fold(message)
            if applicable.contains(.yes) || applicable.contains(.command(.confirm))
                || folded.hasPrefix("tiep thu")
            {
                return takeIn(addition: nil)
            }
            if applicable.isEmpty, !AnswerMatcher.trimmedText(message).isEmpty {
                return takeIn(addition: message)
            }
        }
        if applicable.count > 1 {
            return reaskCurrent(.unclear, ["text": message])
        }
        if case .command(let command)? = applicable.first {
            return run(command)
        }
        switch state.phase {
        case .new:
            // After the greeting, any message that is not a command begins; nothing is recorded.
            if waitingToBegin { return advance() }
            start()
        case .asking(let key):
            guard let step = step(forKey: key) else { return advance() }
            let question = questionnaire.questions[step.position]
            // Only punctuation ("?", "..."): a question back, not an answer.
            if Folding.fold(message).isEmpty && !AnswerMatcher.trimmedText(message).isEmpty {
                return run(.help)
            }
            let freeText =
                question.kind == .longText || question.kind == .text
                || (question.kind == .member && context.roster.isEmpty)
            // A command with a typo ("tro jup", "xem lia") is asked about, never stored as an answer.
            if applicable.isEmpty, let near = vocabulary.nearCommand(message, meanings: meanings) {
                let outcome =
                    freeText
                    ? nil
                    : AnswerMatcher.match(
                        vocabulary.trimmingParticles(message), to: question, meanings: applicable,
                        environment: context.matchEnvironment)
                if case .answer = outcome {
                } else {
                    return reaskCurrent(.didYouMean, ["word": near.word])
                }
            }
            if mayContinuePreviousAnswer(message, asking: key, question: question) {
                return hold(message)
            }
            // “Không” (or “k”, “no”) as the whole answer to an optional question of free text: the
            // member has nothing to say there, which is skipping it, not the text “không” (the
            // branch's committee would read “k” as the member's comment to it).
            if freeText, question.optional, state.draft.isEmpty,
                meanings.contains(.no) || meanings.contains(.none)
            {
                return run(.skip)
            }
            // A bare number where words are asked (a text, the start of a long answer, a member's name
            // with no list to number them): most often meant for a list shown earlier (“1. Nộp”), so
            // asked about, never stored as the answer.
            if question.kind == .longText || question.kind == .text || (question.kind == .member && freeText),
                state.draft.isEmpty,
                let number = AnswerMatcher.bareNumber(message)
            {
                return reaskCurrent(.reaskBareNumber, ["number": number])
            }
            if question.kind == .longText {
                return addToDraft(message)
            }
            let typed = freeText ? message : vocabulary.trimmingParticles(message)
            switch AnswerMatcher.match(
                typed, to: question, meanings: applicable, environment: context.matchEnvironment)
            {
            case .answer(let answer): accept(answer, for: key)
            case .reask(let messageKey, let values):
                // Words that are no answer here, sent right after a text answer (a checklist came
                // next): most likely the rest of that answer, so held and asked about, not dropped.
                if !freeText, cameQuicklyAfterText(message, asking: key), Folding.fold(message).count > 3 {
                    return hold(message)
                }
                // A question's own re-ask is for an answer it cannot take; words that fit several of
                // its options are asked about as such (“hoàn thành” on a rating: which one?).
                if let custom = question.reask, messageKey != .reaskAmbiguous {
                    preface.append(Catalog.fill(custom.text(language), values))
                    return repeatCurrent()
                }
                reaskCurrent(messageKey, values)
            }
        case .confirmingSubmit:
            if applicable.contains(.yes) { return submit() }
            if applicable.contains(.no) { return cancelSubmit() }
            say(text(.submitConfirm, ["count": String(steps.count)]), buttons: confirmButtons)
        case .confirmingDiscard(let returnTo):
            if applicable.contains(.yes) { return discard() }
            if applicable.contains(.no) { return cancelDiscard(returnTo) }
            say(text(.discardConfirm), buttons: discardButtons)
        case .reviewing:
            showReview(header: nil)
        case .submitted:
            say(text(.alreadySubmitted))
        }
    }

    /// Whether the member is in the middle of a long answer, where "1" is text, not a button.
    var isWritingLongText: Bool {
        guard case .asking(let key) = state.phase else { return false }
        return currentQuestion(key)?.kind == .longText
    }

    func isCommand(_ meaning: Meaning) -> Bool {
        if case .command = meaning { return true }
        return false
    }

    /// Whether a meaning can apply now: commands always, yes/no/none only where an answer takes them.
    private func isApplicable(_ meaning: Meaning) -> Bool {
        switch meaning {
        case .command: return true
        case .yes, .no:
            switch state.phase {
            case .confirmingSubmit, .confirmingDiscard: return true
            case .asking(let key):
                // "không" answers a checklist too: none of these.
                let kind = currentQuestion(key)?.kind
                return kind == .yesNo || (meaning == .no && kind == .multiple)
            default: return false
            }
        case .none:
            guard case .asking(let key) = state.phase, let question = currentQuestion(key) else {
                return false
            }
            return question.kind == .multiple
        }
    }

    private func currentQuestion(_ key: String) -> Question? {
        step(forKey: key).map { questionnaire.questions[$0.position] }
    }

    /// The step with this key among those that apply now, or nil if it no longer applies.
    func step(forKey key: String) -> Step? {
        steps.first { $0.key == key }
    }

    /// Adds one message to a long text answer and asks for more.
    mutating func addToDraft(_ message: String) {
        let part = AnswerMatcher.trimmedText(message)
        guard !part.isEmpty, case .asking(let key) = state.phase else { return reaskCurrent(.reaskText, [:]) }
        if state.draftKey != key {
            state.draft = []
            state.draftKey = key
        }
        state.draft.append(part)
        say(text(.longTextMore, ["count": String(state.draft.count)]), buttons: [doneButton])
    }

    /// Ends a long text answer: its parts become one answer.
    mutating func finishDraft() {
        guard case .asking(let key) = state.phase, state.draftKey == key, !state.draft.isEmpty else {
            return reaskCurrent(.reaskText, [:])
        }
        accept(.text(state.draft.joined(separator: "\n\n")), for: key)
    }

    /// After an answer changed, clears the answers given to questions that showed a total built on it,
    /// so that they are asked again with the new total.
    mutating func clearAnswersShowing(valuesOf key: String) {
        let changed = questionnaire.values.keys.filter { questionnaire.value($0, dependsOn: key) }
        guard !changed.isEmpty else { return }
        for step in steps where state.answers[step.key] != nil {
            let text = questionnaire.questions[step.position].text
            let mentions = changed.contains { text.vi.contains("{\($0)}") || text.en.contains("{\($0)}") }
            if mentions {
                state.answers[step.key] = nil
                effects.append(.clear(key: step.key))
            }
        }
        steps = context.steps(given: state.answers)
    }

    var doneButton: Button { Button(label: text(.doneButton), payload: Turn.donePayload) }
    static let donePayload = "c/done"

    mutating func accept(_ answer: Answer, for key: String) {
        if state.draftKey == key {
            state.draft = []
            state.draftKey = nil
        }
        let edited = state.answers[key] != nil
        let changed = edited && state.answers[key] != answer
        if case .text = answer, let at = context.sentAt, currentQuestionKind(key) == .text {
            state.lastAnswer = LastAnswer(key: key, at: at)
        }
        setAnswer(answer, for: key)
        effects.append(.record(key: key, answer: answer))
        if changed { clearAnswersShowing(valuesOf: key) }
        advance(afterEditing: edited ? key : nil)
    }

    /// Asks the first step that applies and has no answer yet, or shows the review when none is left.
    ///
    /// After an edit (`afterEditing` is the step changed) with nothing left to ask, only the changed
    /// item is shown, with how to see everything or submit: the whole review is sent when asked.
    mutating func advance(afterEditing edited: String? = nil) {
        guard let index = steps.firstIndex(where: { state.answers[$0.key] == nil }) else {
            state.phase = .reviewing
            if state.numbered.isEmpty { state.numbered = context.shared(steps.map(\.key)) }
            if let edited,
                let (number, step) = numberedSteps().first(where: { $0.step.key == edited }).map({ $0 }),
                let answer = state.answers[edited]
            {
                preface.append(
                    text(
                        .editedItem,
                        [
                            "number": String(number), "question": shortTitle(of: step),
                            "answer": describe(answer, for: step),
                        ]))
                return say(
                    text(.editedFooter), buttons: [Button(label: text(.submitButton), payload: "c/submit")])
            }
            return say(
                text(.allAnswered, ["count": String(steps.count)]),
                buttons: [Button(label: text(.submitButton), payload: "c/submit")])
        }
        ask(steps, index)
    }

    /// Asks step `index` of `steps`, with the section heading when it opens a section.
    mutating func ask(_ steps: [Step], _ index: Int, showingCurrent: Bool = false) {
        let step = steps[index]
        state.phase = .asking(step.key)
        state.rosterPage = 0
        let section: Section? = questionnaire.section(atPosition: step.position)
        let previous =
            index > 0 ? questionnaire.section(atPosition: steps[index - 1].position) : nil
        if let section, section.id != previous?.id {
            preface.append(sectionHeading(section))
        }
        if showingCurrent, let answer = state.answers[step.key] {
            preface.append(text(.editCurrent, ["answer": describe(answer, for: step)]))
        }
        let prompt = prompt(for: step)
        say(prompt.text, buttons: prompt.buttons)
    }

    /// Says `key` and asks the current step again, without moving.
    mutating func reaskCurrent(_ key: MessageKey, _ values: [String: String]) {
        preface.append(text(key, values))
        repeatCurrent()
    }

    /// Shows the current step again (or whatever the phase is waiting for).
    mutating func repeatCurrent() {
        switch state.phase {
        case .asking(let key):
            guard let index = steps.firstIndex(where: { $0.key == key }) else {
                return advance()
            }
            let step = steps[index]
            let prompt = prompt(for: step)
            say(prompt.text, buttons: prompt.buttons)
        case .new:
            if waitingToBegin { askToBegin() } else { start() }
        case .reviewing: showReview(header: nil)
        case .confirmingSubmit:
            say(text(.submitConfirm, ["count": String(steps.count)]), buttons: confirmButtons)
        case .confirmingDiscard: say(text(.discardConfirm), buttons: discardButtons)
        case .submitted: say(text(.alreadySubmitted))
        }
    }

    var discardButtons: [Button] {
        [
            Button(label: text(.answerYes), payload: "c/discard-yes"),
            Button(label: text(.answerNo), payload: "c/discard-no"),
        ]
    }

    var confirmButtons: [Button] {
        [
            Button(label: text(.confirmButton), payload: "c/submit-yes"),
            Button(label: text(.cancelButton), payload: "c/submit-no"),
        ]
    }
}
