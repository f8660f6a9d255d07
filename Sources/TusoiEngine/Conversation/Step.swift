/// One thing to ask: a question, or for a `for each` follow-up, the question about one chosen option.
public struct Step: Equatable, Sendable {
    /// The question's position in the questionnaire.
    public var position: Int
    /// For a `for each` follow-up: the position of the option it is about, in the question it follows.
    public var optionIndex: Int?
    /// For a `for each` follow-up: the position of the question it follows.
    public var sourcePosition: Int?
    /// The key answers are stored under: the question ID, with `:OPTION` for a follow-up.
    public var key: String

    init(position: Int, optionIndex: Int? = nil, sourcePosition: Int? = nil, key: String) {
        self.position = position
        self.optionIndex = optionIndex
        self.sourcePosition = sourcePosition
        self.key = key
    }

    /// The option a `for each` follow-up is about.
    public func option(in questionnaire: Questionnaire) -> Option? {
        guard let optionIndex, let sourcePosition else { return nil }
        return questionnaire.questions[sourcePosition].options[optionIndex]
    }
}

extension Questionnaire {
    /// The steps that apply given these answers, in asking order.
    ///
    /// Conditions are evaluated against the current answers, so editing an answer turns
    /// follow-ups on and off; answers to steps that no longer apply stay recorded but unused.
    public func steps(given answers: [String: Answer]) -> [Step] {
        var steps: [Step] = []
        steps.reserveCapacity(questions.count + 8)
        var position = 0
        for section in sections {
            defer { position += section.questions.count }
            if let condition = section.condition, !condition.holds(answers) { continue }
            for (offset, question) in section.questions.enumerated() {
                if let condition = question.condition, !condition.holds(answers) { continue }
                guard let source = question.forEach else {
                    steps.append(Step(position: position + offset, key: question.id))
                    continue
                }
                guard case .choices(let chosen)? = answers[source],
                    let sourcePosition = self.position(of: source)
                else { continue }
                let options = questions[sourcePosition].options
                for optionID in chosen {
                    if let index = options.firstIndex(where: { $0.id == optionID }) {
                        steps.append(
                            Step(
                                position: position + offset, optionIndex: index,
                                sourcePosition: sourcePosition,
                                key: question.id + ":" + optionID))
                    }
                }
            }
        }
        return steps
    }
}
