/// One thing to ask: a question, or for a `for each` follow-up, the question about one chosen option.
public struct Step: Equatable, Sendable {
    /// The question's position in the questionnaire.
    public var position: Int
    /// The option a `for each` follow-up is about.
    public var option: Option?

    /// The key answers are stored under: the question ID, with `:OPTION` for a follow-up.
    public func key(in questionnaire: Questionnaire) -> String {
        let id = questionnaire.questions[position].id
        guard let option else { return id }
        return id + ":" + option.id
    }
}

extension Questionnaire {
    /// The steps that apply given these answers, in asking order.
    ///
    /// Conditions are evaluated against the current answers, so editing an answer turns
    /// follow-ups on and off; answers to steps that no longer apply stay recorded but unused.
    public func steps(given answers: [String: Answer]) -> [Step] {
        var steps: [Step] = []
        for section in sections {
            if let condition = section.condition, !condition.holds(answers) { continue }
            for question in section.questions {
                if let condition = question.condition, !condition.holds(answers) { continue }
                guard let position = position(of: question.id) else { continue }
                if let source = question.forEach {
                    guard case .choices(let chosen)? = answers[source],
                        let sourceQuestion = self.question(source)
                    else { continue }
                    for optionID in chosen {
                        if let option = sourceQuestion.option(optionID) {
                            steps.append(Step(position: position, option: option))
                        }
                    }
                } else {
                    steps.append(Step(position: position, option: nil))
                }
            }
        }
        return steps
    }
}
