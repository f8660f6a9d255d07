/// A failure of the service that an operator can act on.
public enum ServiceError: Error, Equatable, Sendable, CustomStringConvertible {
    case unknownQuestionnaire(String, known: String)
    case missingQuestionnaire(row: Int64)
    case unknownBranch(String)

    public var description: String {
        switch self {
        case .unknownQuestionnaire(let id, let known):
            return
                "no questionnaire \"\(id)\" in the Prompts folder (found: \(known.isEmpty ? "none" : known))"
        case .missingQuestionnaire(let row):
            return "the store has no questionnaire row \(row): the store is damaged"
        case .unknownBranch(let code):
            return "no branch with the code \(code), or no member in it"
        }
    }
}
