/// Renders a member's answers as a document: the copy they receive and the secretary reads.
public enum TranscriptRenderer {
    /// The answers that apply, section by section, as Markdown.
    public static func markdown(
        questionnaire: Questionnaire, answers: [String: Answer], language: Language, catalog: Catalog
    ) -> String {
        let turn = Turn(
            state: SessionState(language: language, answers: answers),
            context: ConversationContext(questionnaire: questionnaire, catalog: catalog, now: 0))
        var out = "# \(questionnaire.title.text(language))\n\n"
        out += "\(questionnaire.id) \(questionnaire.version)\n"
        var currentSection: String?
        for step in questionnaire.steps(given: answers) {
            let question = questionnaire.questions[step.position]
            if let section = questionnaire.section(of: question.id), section.id != currentSection {
                currentSection = section.id
                out += "\n## \(section.title.text(language))\n"
            }
            var title = question.text.text(language)
            if let option = step.option(in: questionnaire) {
                title = Catalog.fill(title, ["option": option.label.text(language)])
            }
            let answer = answers[step.key]
            let described =
                answer.map { turn.describe($0, for: step) } ?? catalog.text(.answerMissing, language)
            out += "\n**\(title)**\n\n\(described)\n"
        }
        return out
    }
}
