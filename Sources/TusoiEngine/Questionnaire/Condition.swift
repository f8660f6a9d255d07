/// A condition on earlier answers that decides whether a section or question is asked.
public indirect enum Condition: Equatable, Sendable {
    /// What an answer is compared with.
    public enum Test: Equatable, Sendable {
        case isYes
        case isNo
        case isOption(String)
        case hasOption(String)
        case hasAny
        case isNone
        case answered
        /// A number answer or a computed value compared with a constant.
        case compare(Comparison, Int)
    }

    /// How a number is compared.
    public enum Comparison: String, Equatable, Sendable, CaseIterable {
        case atLeast = ">="
        case atMost = "<="
        case above = ">"
        case below = "<"
        case equal = "="

        func holds(_ lhs: Int, _ rhs: Int) -> Bool {
            switch self {
            case .atLeast: return lhs >= rhs
            case .atMost: return lhs <= rhs
            case .above: return lhs > rhs
            case .below: return lhs < rhs
            case .equal: return lhs == rhs
            }
        }
    }

    case test(question: String, Test)
    case not(Condition)
    case and(Condition, Condition)
    case or(Condition, Condition)

    /// Every question the condition reads.
    public var questions: [String] {
        switch self {
        case .test(let question, _): return [question]
        case .not(let inner): return inner.questions
        case .and(let lhs, let rhs), .or(let lhs, let rhs): return lhs.questions + rhs.questions
        }
    }

    /// Evaluates the condition against the current answers; `number` gives numbers and computed values.
    public func holds(_ answers: [String: Answer], number: (String) -> Int? = { _ in nil }) -> Bool {
        switch self {
        case .not(let inner):
            return !inner.holds(answers, number: number)
        case .and(let lhs, let rhs):
            return lhs.holds(answers, number: number) && rhs.holds(answers, number: number)
        case .or(let lhs, let rhs):
            return lhs.holds(answers, number: number) || rhs.holds(answers, number: number)
        case .test(let question, .compare(let comparison, let constant)):
            guard let value = number(question) else { return false }
            return comparison.holds(value, constant)
        case .test(let question, let test):
            guard let answer = answers[question] else { return false }
            switch (test, answer) {
            case (.isYes, .yesNo(let value)): return value
            case (.isNo, .yesNo(let value)): return !value
            case (.isOption(let id), .choice(let chosen)): return chosen == id
            case (.hasOption(let id), .choices(let chosen)): return chosen.contains(id)
            case (.hasAny, .choices(let chosen)): return !chosen.isEmpty
            case (.isNone, .choices(let chosen)): return chosen.isEmpty
            case (.answered, .skipped): return false
            case (.answered, _): return true
            default: return false
            }
        }
    }
}
