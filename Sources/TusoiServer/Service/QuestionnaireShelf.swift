import TusoiEngine
import TusoiStore

/// The questionnaires sessions are pinned to, read once: from the prompt library when the text is the
/// current one, else from the copy the store keeps.
public final class QuestionnaireShelf {
    public let store: any BotStore
    public let library: PromptLibrary
    private let defaultID: String
    private var defaultRow: Int64?
    private var loaded: [Int64: Questionnaire] = [:]

    /// - Parameter defaultID: the questionnaire sessions start on when no campaign says otherwise.
    public init(store: any BotStore, library: PromptLibrary, defaultID: String) throws(ServiceError) {
        guard library.questionnaires[defaultID] != nil else {
            let known = library.questionnaires.keys.sorted().joined(separator: ", ")
            throw .unknownQuestionnaire(defaultID, known: known)
        }
        self.store = store
        self.library = library
        self.defaultID = defaultID
    }

    /// The store's row of the default questionnaire's current text (stored on first use).
    public func defaultRow(now: Int64) throws -> Int64 {
        if let defaultRow { return defaultRow }
        let row = try row(of: defaultID, now: now)
        defaultRow = row
        return row
    }

    /// The questionnaire sessions start on when no campaign says otherwise.
    public func defaultQuestionnaire() throws -> Questionnaire {
        guard let entry = library.questionnaires[defaultID] else {
            throw ServiceError.unknownQuestionnaire(defaultID, known: "")
        }
        return entry.questionnaire
    }

    /// The store's row of a questionnaire of the library, storing its text on first use.
    public func row(of id: String, now: Int64) throws -> Int64 {
        guard let entry = library.questionnaires[id] else {
            throw ServiceError.unknownQuestionnaire(
                id, known: library.questionnaires.keys.sorted().joined(separator: ", "))
        }
        let row = try store.questionnaireRow(
            name: entry.questionnaire.id, version: entry.questionnaire.version, source: entry.source, now: now
        )
        loaded[row] = entry.questionnaire
        return row
    }

    /// The questionnaire of a stored row.
    public func questionnaire(row: Int64) throws -> Questionnaire {
        if let questionnaire = loaded[row] { return questionnaire }
        guard let stored = try store.questionnaireSource(row: row) else {
            throw ServiceError.missingQuestionnaire(row: row)
        }
        let questionnaire = try QuestionnaireParser.load(stored.source, file: "store:questionnaire/\(row)")
        loaded[row] = questionnaire
        return questionnaire
    }

    /// Forgets what it read: after a failed transaction, rows it stored may not exist.
    public func forget() {
        defaultRow = nil
        loaded.removeAll()
    }
}
