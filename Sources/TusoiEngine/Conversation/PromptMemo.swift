/// The messages that ask a step, the headings of sections and the steps' short titles in the review
/// list, remembered (``EngineMemos``): most depend
/// only on the questionnaire, the step or section and the language, and are shown again and again.
///
/// Only prompts without values from the answers (`{…}` in the question) and without a roster (a
/// `member` question) are remembered. An entry holds its questionnaire, so that the identifier in
/// its key cannot be reused by another questionnaire while the entry exists.
struct PromptMemo: Sendable {
    struct Key: Hashable, Sendable {
        var questionnaire: ObjectIdentifier
        var position: Int
        var optionIndex: Int?
        var sourcePosition: Int?
        var round: Int?
        var language: Language

        init(_ step: Step, _ questionnaire: Questionnaire, _ language: Language) {
            self.questionnaire = ObjectIdentifier(questionnaire)
            position = step.position
            optionIndex = step.optionIndex
            sourcePosition = step.sourcePosition
            round = step.round
            self.language = language
        }
    }

    struct Prompt: Sendable {
        var questionnaire: Questionnaire
        var text: String
        var buttons: [Button]
    }

    struct HeadingKey: Hashable, Sendable {
        var questionnaire: ObjectIdentifier
        var section: String
        var language: Language
    }

    struct Heading: Sendable {
        var questionnaire: Questionnaire
        var text: String
    }

    private let memo = Memo<Key, Prompt>(capacity: 2048)
    private let headings = Memo<HeadingKey, Heading>(capacity: 512)
    private let titles = Memo<Key, Heading>(capacity: 2048)

    /// The prompt remembered for this step, or the one `compose` gives, remembered from now on.
    func prompt(
        for step: Step, in questionnaire: Questionnaire, language: Language,
        compose: () -> (text: String, buttons: [Button])
    ) -> (text: String, buttons: [Button]) {
        let key = Key(step, questionnaire, language)
        let prompt = memo.value(for: key) {
            let composed = compose()
            return Prompt(questionnaire: questionnaire, text: composed.text, buttons: composed.buttons)
        }
        return (prompt.text, prompt.buttons)
    }

    /// The heading of a section remembered, or the one `compose` gives, remembered from now on.
    func heading(
        of section: Section, in questionnaire: Questionnaire, language: Language, compose: () -> String
    ) -> String {
        let key = HeadingKey(
            questionnaire: ObjectIdentifier(questionnaire), section: section.id, language: language)
        return headings.value(for: key) { Heading(questionnaire: questionnaire, text: compose()) }.text
    }

    /// A step's short title in the review list remembered, or the one `compose` gives.
    func title(of step: Step, in questionnaire: Questionnaire, language: Language, compose: () -> String)
        -> String
    {
        titles.value(for: Key(step, questionnaire, language)) {
            Heading(questionnaire: questionnaire, text: compose())
        }.text
    }
}
