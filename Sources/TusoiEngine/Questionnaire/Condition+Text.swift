extension Condition: CustomStringConvertible {
    /// The condition written back in the file's syntax.
    public var description: String {
        switch self {
        case .test(let question, let test):
            switch test {
            case .isYes: return "\(question) is yes"
            case .isNo: return "\(question) is no"
            case .isOption(let option): return "\(question) is \(option)"
            case .hasOption(let option): return "\(question) has \(option)"
            case .hasAny: return "\(question) has any"
            case .isNone: return "\(question) is none"
            case .answered: return "\(question) answered"
            case .compare(let comparison, let value): return "\(question) \(comparison.rawValue) \(value)"
            }
        case .not(let inner): return "not (\(inner))"
        case .and(let lhs, let rhs): return "(\(lhs) and \(rhs))"
        case .or(let lhs, let rhs): return "(\(lhs) or \(rhs))"
        }
    }
}
