extension Turn {
    /// Carries out a navigation command; each one answers, and none loses an answer.
    mutating func run(_ command: Command) {
        switch command {
        case .help:
            var parts = [text(.help)]
            if case .asking(let key) = state.phase, let step = step(forKey: key),
                let help = questionnaire.questions[step.position].help
            {
                parts.insert(text(.helpQuestion, ["help": help.text(language)]), at: 0)
            }
            preface.append(parts.joined(separator: "\n\n"))
            repeatCurrentBriefly()
        case .stop:
            // A text held to be asked about stays held through the pause (and its answer with it).
            if state.held != nil, let previous = previousAnswer { state.lastAnswer = previous }
            state.paused = true
            effects.append(.paused)
            say(text(.paused))
        case .resume:
            if waitingToBegin { return advance() }
            if state.phase == .new { return start() }
            if state.held != nil { return askAgainWhereHeldBelongs() }
            // On a `member` question with a long list, “tiếp” shows the next page (then the first).
            if case .asking(let key) = state.phase, currentQuestionKind(key) == .member,
                context.roster.count > Turn.rosterPageSize
            {
                let next = state.rosterPage + 1
                state.rosterPage = next * Turn.rosterPageSize < context.roster.count ? next : 0
            }
            repeatCurrent()
        case .greet:
            // “Chào đồng chí” after a pause, or a day later, is a greeting, never an answer: greeted
            // back (once, if the pause already did) and the question asked again.
            if waitingToBegin { return advance() }
            if state.phase == .new { return start() }
            let welcome = text(.welcomeBack)
            if state.phase != .submitted, !preface.contains(welcome) { preface.append(welcome) }
            if state.held != nil { return askAgainWhereHeldBelongs() }
            repeatCurrent()
        case .language(let language):
            state.language = language
            preface.append(text(.languageChanged))
            repeatCurrent()
        case .back: back()
        case .skip: skip()
        case .review: review()
        case .edit(let number): edit(number)
        case .submit: requestSubmit()
        case .done:
            if case .asking(let key) = state.phase, currentQuestionKind(key) == .longText {
                return finishDraft()
            }
            repeatCurrent()
        case .full(let number):
            showFullText(number)
        case .confirm:
            switch state.phase {
            case .confirmingSubmit: submit()
            case .confirmingDiscard: discard()
            default: repeatCurrent()
            }
        case .discard:
            switch state.phase {
            case .new, .submitted, .confirmingDiscard: repeatCurrent()
            case .asking(let key):
                state.phase = .confirmingDiscard(returnTo: key)
                say(text(.discardConfirm), buttons: discardButtons)
            default:
                state.phase = .confirmingDiscard(returnTo: nil)
                say(text(.discardConfirm), buttons: discardButtons)
            }
        }
    }

    /// A button press: an answer to the question it was shown with, or a confirmation.
    mutating func handleButton(_ payload: String) {
        let parts = payload.split(separator: "/", maxSplits: 2).map(String.init)
        switch (parts.first, state.phase) {
        case ("c", .confirmingSubmit) where parts == ["c", "submit-yes"]:
            return submit()
        case ("c", .confirmingSubmit) where parts == ["c", "submit-no"]:
            return cancelSubmit()
        case ("c", .confirmingDiscard) where parts == ["c", "discard-yes"]:
            return discard()
        case ("c", .confirmingDiscard(let returnTo)) where parts == ["c", "discard-no"]:
            return cancelDiscard(returnTo)
        case ("c", .reviewing) where parts == ["c", "submit"]:
            return requestSubmit()
        case ("c", .new) where payload == Turn.beginPayload:
            return advance()
        case ("c", .asking) where parts == ["c", "done"]:
            return run(.done)
        case ("c", .asking) where payload == Turn.joinPayload && state.held != nil:
            return joinHeld()
        case ("c", .asking) where payload == Turn.answerPayload && state.held != nil:
            return answerHeld()
        case ("a", .asking(let key)) where parts.count == 3:
            if let step = step(forKey: key), String(step.position) == parts[1] {
                let question = questionnaire.questions[step.position]
                switch (question.kind, parts[2]) {
                case (.yesNo, "yes"): return accept(.yesNo(true), for: key)
                case (.yesNo, "no"): return accept(.yesNo(false), for: key)
                case (.single, let id) where question.option(id) != nil: return accept(.choice(id), for: key)
                default: break
                }
            }
        default: break
        }
        if state.phase == .new { return start() }
        reaskCurrent(.staleButton, [:])
    }

    private mutating func back() {
        switch state.phase {
        case .asking(let key):
            guard let index = steps.firstIndex(where: { $0.key == key }), index > 0 else {
                return reaskCurrent(.backAtStart, [:])
            }
            ask(steps, index - 1, showingCurrent: true)
        case .reviewing, .confirmingSubmit:
            guard !steps.isEmpty else { return repeatCurrent() }
            ask(steps, steps.count - 1, showingCurrent: true)
        default:
            repeatCurrent()
        }
    }

    private mutating func skip() {
        guard case .asking(let key) = state.phase, let step = step(forKey: key) else {
            return repeatCurrent()
        }
        guard questionnaire.questions[step.position].optional else { return reaskCurrent(.cannotSkip, [:]) }
        preface.append(text(.skipped))
        accept(.skipped, for: key)
    }

    private mutating func edit(_ number: Int) {
        guard state.phase != .submitted else { return say(text(.alreadySubmitted)) }
        let numbered = numberedSteps()
        guard let step = numbered.first(where: { $0.number == number })?.step,
            let index = steps.firstIndex(where: { $0.key == step.key })
        else {
            if number >= 1 && number <= state.numbered.count {
                return reaskCurrent(.editGone, ["number": String(number)])
            }
            let max = numbered.map(\.number).max() ?? 0
            return reaskCurrent(.editUnknown, ["number": String(number), "max": String(max)])
        }
        ask(steps, index, showingCurrent: true)
    }
}

extension Turn {
    /// A question longer than this (a list) is not sent again after help or an official wording:
    /// the member is pointed to it instead (docs/CONVERSATION.md, the message budget).
    static let longPrompt = 400

    /// Asks the current question again, or, when it is a long one still on the member's screen,
    /// says to answer it there (“tiếp” shows it again).
    mutating func repeatCurrentBriefly() {
        if case .asking(let key) = state.phase, let step = step(forKey: key) {
            let prompt = prompt(for: step)
            if prompt.text.count > Turn.longPrompt {
                return say(text(.questionAbove), buttons: prompt.buttons)
            }
        }
        repeatCurrent()
    }

    func currentQuestionKind(_ key: String) -> Question.Kind? {
        step(forKey: key).map { questionnaire.questions[$0.position].kind }
    }

    /// Shows the official wording of option `number` of the current question where it is confirmed,
    /// and otherwise says where to read it; never presents a summary as a quote.
    mutating func showFullText(_ number: Int) {
        guard case .asking(let key) = state.phase, let step = step(forKey: key) else {
            return reaskCurrent(.fullTextUnknown, ["number": String(number)])
        }
        let question = questionnaire.questions[step.position]
        guard number >= 1, number <= question.options.count else {
            return reaskCurrent(.fullTextUnknown, ["number": String(number)])
        }
        let option = question.options[number - 1]
        let citation =
            (option.citation ?? question.citation).map { questionnaire.citationText($0, language: language) }
            ?? questionnaire.title.text(language)
        if let full = option.fullText {
            preface.append(text(.fullText, ["number": String(number), "citation": citation, "text": full]))
        } else {
            preface.append(text(.fullTextMissing, ["number": String(number), "citation": citation]))
        }
        repeatCurrentBriefly()
    }
}
