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

    /// For a question of a repeatable group: which round it belongs to, from 1.
    public var round: Int?

    init(position: Int, optionIndex: Int? = nil, sourcePosition: Int? = nil, round: Int? = nil, key: String) {
        self.position = position
        self.optionIndex = optionIndex
        self.sourcePosition = sourcePosition
        self.round = round
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
    /// A `for each` question becomes one step per option chosen; a repeatable group becomes one
    /// round of steps (keys `ID#1`, `ID#2`…) per "add another? yes".
    public func steps(given answers: [String: Answer]) -> [Step] {
        workOutSteps(given: answers)
    }

    /// Every answer the steps that apply are worked out from, in a fixed order: those of
    /// ``stepInputs``, then the "add another?" of each group, round by round, up to the first one that
    /// is not "yes" (the rounds the steps can reach). Entries may be nil; the order keeps them apart.
    /// Which steps apply depends on these answers alone (the key of the steps' memo).
    func stepInputAnswers(_ answers: [String: Answer]) -> [Answer?] {
        var inputs: [Answer?] = []
        inputs.reserveCapacity(orderedStepInputs.count + 4)
        for id in orderedStepInputs { inputs.append(answers[id]) }
        for group in orderedGroups {
            for round in 1...max(1, group.maximum) {
                let answer = answers["\(group.id)#\(round)"]
                inputs.append(answer)
                if answer != .yesNo(true) { break }
            }
        }
        return inputs
    }

    /// Whether the answer stored under this step key can change which steps apply: its question
    /// (the key up to `:` or `#`) is one of ``stepInputs``.
    func isStepInput(_ key: String) -> Bool {
        guard key.utf8.contains(where: { $0 == UInt8(ascii: ":") || $0 == UInt8(ascii: "#") }) else {
            return stepInputs.contains(key)
        }
        return stepInputs.contains(String(key.prefix { $0 != ":" && $0 != "#" }))
    }

    private func workOutSteps(given answers: [String: Answer]) -> [Step] {
        var steps: [Step] = []
        steps.reserveCapacity(questions.count + 8)
        let number: (String) -> Int? = { self.number(of: $0, given: answers) }
        var position = 0
        for section in sections {
            defer { position += section.questions.count }
            if let condition = section.condition, !condition.holds(answers, number: number) { continue }
            var offset = 0
            while offset < section.questions.count {
                let question = section.questions[offset]
                if let groupID = question.group, let group = groups[groupID] {
                    appendRounds(
                        of: group, at: position + offset, answers: answers, number: number, to: &steps)
                    offset += group.questionIDs.count
                    continue
                }
                defer { offset += 1 }
                if let condition = question.condition, !condition.holds(answers, number: number) { continue }
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

    /// The rounds of a group: one more after every "add another? yes", up to the group's maximum.
    private func appendRounds(
        of group: Group, at start: Int, answers: [String: Answer], number: (String) -> Int?,
        to steps: inout [Step]
    ) {
        var round = 1
        while true {
            for (offset, id) in group.questionIDs.enumerated() {
                let question = questions[start + offset]
                if let condition = question.condition, !condition.holds(answers, number: number) { continue }
                steps.append(Step(position: start + offset, round: round, key: "\(id)#\(round)"))
            }
            guard round < group.maximum, answers["\(group.id)#\(round)"] == .yesNo(true) else { return }
            round += 1
        }
    }

    /// A number answer, or a computed sum, by ID; nil while any part of it is unanswered.
    public func number(of id: String, given answers: [String: Answer]) -> Int? {
        if case .number(let value)? = answers[id] { return value }
        guard let value = values[id], case .sum(let parts) = value.rule else { return nil }
        var total = 0
        for part in parts {
            guard part != id, let partValue = number(of: part, given: answers) else { return nil }
            total += partValue
        }
        return total
    }

    /// A computed value as text, for `{ID}` in a question: a sum's number, or a band's label.
    public func valueText(_ id: String, given answers: [String: Answer], language: Language) -> String? {
        guard let value = values[id] else { return nil }
        switch value.rule {
        case .sum: return number(of: id, given: answers).map(String.init)
        case .bands(let source, let bands):
            guard let score = number(of: source, given: answers) else { return nil }
            return bands.sorted { $0.floor > $1.floor }.first { score >= $0.floor }?.label.text(language)
        }
    }

    /// Whether the value `id` is computed (directly or through other values) from question `question`.
    public func value(_ id: String, dependsOn question: String) -> Bool {
        var seen: Set<String> = []
        func reaches(_ id: String) -> Bool {
            guard seen.insert(id).inserted, let value = values[id] else { return false }
            switch value.rule {
            case .sum(let parts): return parts.contains(question) || parts.contains(where: reaches)
            case .bands(let source, _): return source == question || reaches(source)
            }
        }
        return reaches(id)
    }
}
