/// The messages that ask a step, remembered per catalog: most prompts depend only on the
/// questionnaire, the step and the language, and are asked again and again.
///
/// Only prompts without values from the answers (`{…}` in the question) and without a roster (a
/// `member` question) are remembered. An entry holds its questionnaire, so that the identifier in
/// its key cannot be reused by another questionnaire while the entry exists.
struct PromptMemo: Equatable, Sendable {
    struct Key: Hashable, Sendable {
        var questionnaire: ObjectIdentifier
        var position: Int
        var optionIndex: Int?
        var sourcePosition: Int?
        var round: Int?
        var language: Language
    }

    struct Prompt: Sendable {
        var questionnaire: Questionnaire
        var text: String
        var buttons: [Button]
    }

    private let memo = Memo<Key, Prompt>(capacity: 2048)

    /// The prompt remembered for this step, or the one `compose` gives, remembered from now on.
    func prompt(
        for step: Step, in questionnaire: Questionnaire, language: Language,
        compose: () -> (text: String, buttons: [Button])
    ) -> (text: String, buttons: [Button]) {
        let key = Key(
            questionnaire: ObjectIdentifier(questionnaire), position: step.position,
            optionIndex: step.optionIndex, sourcePosition: step.sourcePosition, round: step.round,
            language: language)
        let prompt = memo.value(for: key) {
            let composed = compose()
            return Prompt(questionnaire: questionnaire, text: composed.text, buttons: composed.buttons)
        }
        return (prompt.text, prompt.buttons)
    }

    /// The memo is not part of the catalog's value.
    static func == (lhs: PromptMemo, rhs: PromptMemo) -> Bool { true }
}
