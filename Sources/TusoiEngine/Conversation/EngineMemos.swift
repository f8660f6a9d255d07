/// What the reducer remembers between messages to avoid repeating pure work: the steps that apply
/// for a combination of answers, the prompts and headings composed, and what a short message means.
///
/// Owned by the host (one per catalog: a serving process keeps one beside its wording) and handed to
/// the reducer in its ``ConversationContext``; the engine's values (questionnaires, catalogs) hold
/// no hidden state. Without it the reducer works everything out each time, with the same results:
/// each memo is kept because a benchmark showed it was needed (docs/PERFORMANCE.md, "What was done").
/// Shared across threads: every memo takes its own lock.
public final class EngineMemos: Sendable {
    let prompts = PromptMemo()
    let steps = Memo<StepsKey, RememberedSteps>(capacity: 512)
    let meanings = Memo<ExactText, Set<Meaning>>(capacity: 4096)
    /// The review's fixed numbering (``SessionState/numbered``) is the same list of keys for every
    /// member who answered the same steps: one shared array instead of one per session kept in memory.
    let keyLists = Memo<[String], [String]>(capacity: 256)

    public init() {}

    /// The steps of one questionnaire for the answers they are worked out from.
    struct StepsKey: Hashable, Sendable {
        var questionnaire: ObjectIdentifier
        var inputs: [Answer?]
    }

    /// An entry holds its questionnaire, so that the identifier in its key cannot be reused by
    /// another questionnaire while the entry exists.
    struct RememberedSteps: Sendable {
        var questionnaire: Questionnaire
        var steps: [Step]
    }
}

extension ConversationContext {
    /// The steps that apply given these answers (``Questionnaire/steps(given:)``), remembered when the
    /// host gave memos: sessions at the same point share them.
    func steps(given answers: [String: Answer]) -> [Step] {
        guard let memos else { return questionnaire.steps(given: answers) }
        let key = EngineMemos.StepsKey(
            questionnaire: ObjectIdentifier(questionnaire), inputs: questionnaire.stepInputAnswers(answers))
        return memos.steps.value(for: key) {
            EngineMemos.RememberedSteps(
                questionnaire: questionnaire, steps: questionnaire.steps(given: answers))
        }.steps
    }

    /// `keys`, as an array shared with every earlier list of the same keys when the host gave memos.
    func shared(_ keys: [String]) -> [String] {
        guard let memos else { return keys }
        return memos.keyLists.value(for: keys) { keys }
    }

    /// Every meaning `text` may have (``Vocabulary/meanings(of:)``), remembered for short texts when
    /// the host gave memos: members send the same few words.
    func meanings(of text: String) -> Set<Meaning> {
        let vocabulary = catalog.vocabulary
        guard let memos, vocabulary.mayBeWord(text) else { return vocabulary.meanings(of: text) }
        return memos.meanings.value(for: ExactText(text: text)) { vocabulary.lookUp(text) }
    }
}
