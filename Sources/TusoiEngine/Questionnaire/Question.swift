/// One question of a questionnaire.
public struct Question: Equatable, Sendable {
    /// What kind of answer a question takes.
    public enum Kind: String, Equatable, Sendable {
        case yesNo = "yes/no"
        case single
        case multiple
        case text
        /// Text over several messages, until the member sends "xong" (done).
        case longText = "long text"
        /// A whole number between `minimum` and `maximum`.
        case number
        /// A calendar date, read the Vietnamese way ("15/3", "cuối tháng 6").
        case date
        /// A fellow member of the branch, chosen from the roster.
        case member

        /// Every kind, as written in files.
        public static let names = "yes/no, single, multiple, text, long text, number, date or member"
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
    /// For a number: the smallest and largest answer accepted.
    public var minimum: Int?
    public var maximum: Int?
    /// For a date (a deadline): a date before the day it is answered is refused (`min: today`).
    public var notBeforeToday = false
    /// The repeatable group the question belongs to, if any.
    public var group: String?
    /// For the hidden "add another?" question that closes each round of a group.
    public var isGroupMore = false
    /// Where the answer goes in the branch meeting's packet (`meeting:` in the file), if anywhere.
    public var meeting: MeetingUse?
    /// A few words naming the question (`short:`), for the review list and the copy sent in the
    /// chat; without it they show the question's first 90 characters.
    public var short: LocalizedText?

    /// The parts of the meeting packet a question can feed.
    public enum MeetingUse: String, Equatable, Sendable, CaseIterable {
        /// A shortcoming the member named (a manifestation chosen, a description).
        case shortcoming
        /// An item of the member's correction plan.
        case plan
        /// Feedback to the branch committee (chi ủy).
        case committee
    }

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
