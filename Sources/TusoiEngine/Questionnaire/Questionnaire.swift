/// A questionnaire: the self-review a member is guided through, as data.
///
/// Parsed from a plain-text file in `Prompts/` by ``QuestionnaireParser``; see `Prompts/README.md`.
/// Immutable, and a class so that passing it around on every message costs one reference count,
/// not a copy of its arrays.
public final class Questionnaire: Equatable, Sendable {
    public let id: String
    public let version: String
    public let title: LocalizedText
    public let intro: LocalizedText?
    public let documents: [Document]
    public let sections: [Section]
    /// The repeatable groups, by ID.
    public let groups: [String: Group]
    /// The computed values (sums, bands), by ID.
    public let values: [String: Value]
    /// Every question in the order asked.
    public let questions: [Question]
    private let questionIndex: [String: Int]
    /// For each question position, the index of its section.
    private let sectionOfPosition: [Int]
    /// The questions whose answers can change which steps apply: those read by conditions (directly
    /// or through values), the sources of `for each`, and the "add another?" of groups.
    public let stepInputs: Set<String>
    /// ``stepInputs`` and the groups in a fixed order, for the key of the steps' memo (``EngineMemos``).
    let orderedStepInputs: [String]
    let orderedGroups: [Group]

    public init(
        id: String, version: String, title: LocalizedText, intro: LocalizedText?,
        documents: [Document], sections: [Section], groups: [String: Group] = [:],
        values: [String: Value] = [:]
    ) {
        self.id = id
        self.version = version
        self.title = title
        self.intro = intro
        self.documents = documents
        self.sections = sections
        self.groups = groups
        self.values = values
        let questions = sections.flatMap(\.questions)
        self.questions = questions
        var index: [String: Int] = [:]
        for (position, question) in questions.enumerated() {
            index[question.id] = position
        }
        self.questionIndex = index
        self.sectionOfPosition = sections.enumerated().flatMap { offset, section in
            Array(repeating: offset, count: section.questions.count)
        }
        var inputs = Set(sections.compactMap(\.condition).flatMap(\.questions))
        for question in questions {
            inputs.formUnion(question.condition?.questions ?? [])
            if let source = question.forEach { inputs.insert(source) }
            if question.isGroupMore { inputs.insert(question.id) }
        }
        // A condition on a value reads every question the value is built from.
        var pending = Array(inputs)
        while let id = pending.popLast() {
            guard let value = values[id] else { continue }
            let parts: [String]
            switch value.rule {
            case .sum(let ids): parts = ids
            case .bands(let source, _): parts = [source]
            }
            for part in parts where inputs.insert(part).inserted { pending.append(part) }
        }
        self.stepInputs = inputs
        self.orderedStepInputs = inputs.sorted()
        self.orderedGroups = groups.values.sorted { $0.id < $1.id }
    }

    public static func == (lhs: Questionnaire, rhs: Questionnaire) -> Bool {
        lhs === rhs
            || (lhs.id == rhs.id && lhs.version == rhs.version && lhs.title == rhs.title
                && lhs.intro == rhs.intro
                && lhs.documents == rhs.documents && lhs.sections == rhs.sections && lhs.groups == rhs.groups
                && lhs.values == rhs.values)
    }

    /// The question with this id, if any.
    public func question(_ id: String) -> Question? {
        questionIndex[id].map { questions[$0] }
    }

    /// The position of the question with this id in the asking order.
    public func position(of id: String) -> Int? {
        questionIndex[id]
    }

    /// The section that holds the question with this id.
    public func section(of questionID: String) -> Section? {
        position(of: questionID).map { sections[sectionOfPosition[$0]] }
    }

    /// The section of the question at this position.
    public func section(atPosition position: Int) -> Section {
        sections[sectionOfPosition[position]]
    }
}

/// A document a questionnaire is based on, named in citations by its key.
public struct Document: Equatable, Sendable {
    public var key: String
    public var title: LocalizedText
}

/// A section of a questionnaire: a heading and its questions.
public struct Section: Equatable, Sendable {
    public var id: String
    public var title: LocalizedText
    public var intro: LocalizedText?
    public var condition: Condition?
    public var questions: [Question]
    /// The heading the printed form gives this section (`print-title:`), where a source confirms the
    /// form's wording; the chat's `title` otherwise.
    public var printedTitle: LocalizedText? = nil
    /// The part of the printed form the section opens or belongs to (`print-part:`, e.g. "A. NỘI DUNG
    /// KIỂM ĐIỂM"), printed once above its first section.
    public var printedPart: LocalizedText? = nil
}

/// A run of questions asked again and again (e.g. correction-plan items), each round closed by
/// "add another?".
public struct Group: Equatable, Sendable {
    public var id: String
    public var title: LocalizedText
    /// The questions of one round, in order; the last is the hidden "add another?" question.
    public var questionIDs: [String]
    /// The most rounds a member may add.
    public var maximum: Int
}

/// A number computed from answers: a sum of number answers, or the band a number falls in.
public struct Value: Equatable, Sendable {
    public enum Rule: Equatable, Sendable {
        /// The sum of these number questions (or values).
        case sum([String])
        /// The label of the highest band whose floor the source reaches.
        case bands(of: String, [(floor: Int, label: LocalizedText)])

        public static func == (lhs: Rule, rhs: Rule) -> Bool {
            switch (lhs, rhs) {
            case (.sum(let a), .sum(let b)): return a == b
            case (.bands(let a, let x), .bands(let b, let y)):
                return a == b && x.map(\.floor) == y.map(\.floor) && x.map(\.label) == y.map(\.label)
            default: return false
            }
        }
    }

    public var id: String
    public var rule: Rule
    public var line: Int
}
