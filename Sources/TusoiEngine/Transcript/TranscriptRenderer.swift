import Foundation

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
        for step in turn.steps {
            let section = questionnaire.section(atPosition: step.position)
            if section.id != currentSection {
                currentSection = section.id
                out += "\n## \(escape(section.title.text(language)))\n"
            }
            var title = turn.questionText(step)
            if let round = step.round { title = "[\(round)] " + title }
            let answer = answers[step.key]
            let described =
                answer.map { turn.describe($0, for: step) } ?? catalog.text(.answerMissing, language)
            out += "\n**\(escape(title))**\n\n\(escape(described))\n"
        }
        return out
    }

    /// Neutralises Markdown in text a member (or an editor) wrote: a line cannot become a heading, a
    /// quote, a list item or a rule, and no HTML gets through, in the document the secretary reads.
    public static func escapeMarkdown(_ text: String) -> String { escape(text) }

    static func escape(_ text: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
            let line = String(line).replacingOccurrences(of: "<", with: "&lt;")
            let trimmed = line.drop { $0 == " " }
            guard let first = trimmed.first else { return line }
            let marker = "#>=".contains(first) || ("-+*".contains(first) && trimmed.dropFirst().first == " ")
            return marker ? "\\" + trimmed : line
        }.joined(separator: "\n")
    }
}
