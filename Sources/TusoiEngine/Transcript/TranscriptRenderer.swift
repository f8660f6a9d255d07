import Foundation

/// Renders a member's answers as a document: the copy they receive and the secretary reads.
public enum TranscriptRenderer {
    /// One section of a transcript: its title and each question that applies with its answer.
    public struct Section: Equatable, Sendable {
        public var title: String
        public var items: [(question: String, answer: String)]

        public static func == (lhs: Section, rhs: Section) -> Bool {
            lhs.title == rhs.title && lhs.items.elementsEqual(rhs.items) { $0 == $1 }
        }
    }

    /// The answers that apply, section by section, as plain text (for the paper form, the exports).
    public static func sections(
        questionnaire: Questionnaire, answers: [String: Answer], language: Language, catalog: Catalog
    ) -> [Section] {
        let turn = Turn(
            state: SessionState(language: language, answers: answers),
            context: ConversationContext(questionnaire: questionnaire, catalog: catalog, now: 0))
        var sections: [Section] = []
        var currentSection: String?
        for step in turn.steps {
            let section = questionnaire.section(atPosition: step.position)
            if section.id != currentSection {
                currentSection = section.id
                sections.append(Section(title: section.title.text(language), items: []))
            }
            var title = turn.questionText(step)
            if let round = step.round { title = "[\(round)] " + title }
            let described =
                answers[step.key].map { turn.describe($0, for: step) }
                ?? catalog.text(.answerMissing, language)
            sections[sections.count - 1].items.append((title, described))
        }
        return sections
    }

    /// The answers that apply, section by section, as Markdown.
    public static func markdown(
        questionnaire: Questionnaire, answers: [String: Answer], language: Language, catalog: Catalog
    ) -> String {
        var out = "# \(questionnaire.title.text(language))\n\n"
        out += "\(questionnaire.id) \(questionnaire.version)\n"
        for section in sections(
            questionnaire: questionnaire, answers: answers, language: language, catalog: catalog)
        {
            out += "\n## \(escape(section.title))\n"
            for item in section.items {
                out += "\n**\(escape(item.question))**\n\n\(escape(item.answer))\n"
            }
        }
        return out
    }

    public static func escapeMarkdown(_ text: String) -> String { escape(text) }

    static func escape(_ text: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
            // No raw HTML, and no link or image: "[text](javascript:…)" stays text.
            let line = String(line).replacingOccurrences(of: "<", with: "&lt;")
                .replacingOccurrences(of: "[", with: "\\[").replacingOccurrences(of: "]", with: "\\]")
            let trimmed = line.drop { $0 == " " }
            guard let first = trimmed.first else { return line }
            // A heading, a quote, a list item, a rule or a setext underline ("---", "==="), a table,
            // or an ordered list item ("1. ", "2) ") cannot start a line.
            let ordered =
                first.isNumber
                && trimmed.drop(while: \.isNumber).first.map { ".)".contains($0) } ?? false
            let marker = "#>=-+*_|`~".contains(first) || ordered
            return marker ? "\\" + trimmed : line
        }.joined(separator: "\n")
    }
}
