/// The first screen (docs/CONVERSATION.md): one greeting, the introduction, and the first
/// question at once only when all of it fits one phone screen.
extension Turn {
    /// The greeting, the questionnaire's introduction and the first question, when together they
    /// fit one phone screen (``Turn/firstScreen``); otherwise the greeting and the introduction,
    /// and the first question once the member says to begin.
    mutating func start() {
        preface.append(text(.greeting, ["title": questionnaire.title.text(language)]))
        if let intro = questionnaire.intro { preface.append(intro.text(language)) }
        if let index = steps.firstIndex(where: { state.answers[$0.key] == nil }) {
            var first = Turn(state: state, context: context, steps: steps)
            first.preface = preface
            first.ask(steps, index)
            if case .reply(let reply)? = first.effects.last,
                reply.text.characterCount + reply.buttons.reduce(0, { $0 + $1.label.characterCount + 4 })
                    > Turn.firstScreen
            {
                return askToBegin()
            }
        }
        advance()
    }

    mutating func askToBegin() {
        say(text(.beginPrompt), buttons: [Button(label: text(.beginButton), payload: Turn.beginPayload)])
    }

    /// The most characters the first screen (greeting, introduction, first question) may take.
    static let firstScreen = 600
    static let beginPayload = "c/begin"

    /// Whether the member was greeted and has not yet said to begin.
    var waitingToBegin: Bool { state.phase == .new && state.buttons == [Turn.beginPayload] }
}
