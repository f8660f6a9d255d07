/// One question of a questionnaire.
public struct Question: Equatable, Sendable {
    /// What kind of answer a question takes.
    public enum Kind: String, Equatable, Sendable {
        case yesNo = "yes/no"
        case single
        case multiple
        case text
    }

    public var id: String
    public var kind: Kind
    public var text: LocalizedText
    public var help: LocalizedText?
    public var reask: LocalizedText?
    public var citation: String?
    public var optional: Bool
    public var condition: Condition?
    /// For a follow-up asked once per option chosen: the multiple-choice question it follows.
    public var forEach: String?
    public var options: [Option]
    /// For a multiple-choice question: the label of answer 0, "none of these".
    public var none: LocalizedText?
    /// The line of the question's header in its file, for messages about it.
    public var line: Int

    /// The option with this id, if any.
    public func option(_ id: String) -> Option? {
        options.first { $0.id == id }
    }
}

/// An option of a single- or multiple-choice question.
public struct Option: Equatable, Sendable {
    public var id: String
    public var label: LocalizedText
    public var citation: String?
    /// The official wording, present only where it is confirmed verbatim.
    public var fullText: String?
}
