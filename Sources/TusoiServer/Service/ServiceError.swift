/// A failure of the service that an operator can act on.
public enum ServiceError: Error, Equatable, Sendable, CustomStringConvertible {
    case unknownQuestionnaire(String, known: String)
    case missingQuestionnaire(row: Int64)

    public var description: String {
        switch self {
        case .unknownQuestionnaire(let id, let known):
            return
                "no questionnaire \"\(id)\" in the Prompts folder (found: \(known.isEmpty ? "none" : known))"
        case .missingQuestionnaire(let row):
            return "the store has no questionnaire row \(row): the store is damaged"
        }
    }
}
