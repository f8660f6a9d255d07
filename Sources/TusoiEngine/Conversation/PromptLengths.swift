extension Questionnaire {
    /// Every question whose message, as the bot renders it (text, numbered options, notes), is longer
    /// than `limit` characters in either language: such a message would be cut on Zalo.
    public func longPrompts(catalog: Catalog, limit: Int = 2000, file: String) -> [Diagnostic] {
        var problems: [Diagnostic] = []
        for language in Language.allCases {
            let turn = Turn(
                state: SessionState(language: language),
                context: ConversationContext(questionnaire: self, catalog: catalog, now: 0))
            for (position, question) in questions.enumerated() {
                var variants: [Step] = [
                    Step(position: position, round: question.group == nil ? nil : 1, key: question.id)
                ]
                if let source = question.forEach, let sourcePosition = self.position(of: source) {
                    variants = questions[sourcePosition].options.indices.map {
                        Step(
                            position: position, optionIndex: $0, sourcePosition: sourcePosition,
                            key: question.id)
                    }
                }
                let longest =
                    variants.map { step -> Int in
                        let prompt = turn.prompt(for: step)
                        let buttons = prompt.buttons.map { "\n0. " + $0.label }.joined()
                        return (prompt.text + buttons).count
                    }.max() ?? 0
                if longest > limit {
                    problems.append(
                        Diagnostic(
                            file: file, line: question.line, severity: .warning,
                            message:
                                "question \(question.id) renders to \(longest) characters in \(language.rawValue), "
                                + "more than the \(limit) of one Zalo message"))
                }
            }
        }
        return problems
    }
}
