/// Finds questions whose conditions can never hold, by trying every telling combination of the
/// answers they read (each option, none, all, each constant compared with and its neighbours).
enum Reachability {
    /// The questions that no combination of answers brings up.
    static func neverAsked(in questionnaire: Questionnaire) -> [Question] {
        var result: [Question] = []
        for section in questionnaire.sections {
            for question in section.questions {
                let conditions = [section.condition, question.condition].compactMap { $0 }
                guard !conditions.isEmpty else { continue }
                let condition = conditions.dropFirst().reduce(conditions[0]) { .and($0, $1) }
                if !canHold(condition, in: questionnaire) { result.append(question) }
            }
        }
        return result
    }

    static func canHold(_ condition: Condition, in questionnaire: Questionnaire) -> Bool {
        var constants: [String: Set<Int>] = [:]
        collectConstants(condition, into: &constants)
        let ids = Array(Set(condition.questions)).sorted()
        let domains: [[Answer?]] = ids.map { id in
            var domain: [Answer?] = [nil]
            guard let question = questionnaire.question(id) else {
                // A computed value: numbers around each constant it is compared with.
                return domain
            }
            switch question.kind {
            case .yesNo: domain += [.yesNo(true), .yesNo(false)]
            case .single: domain += question.options.map { .choice($0.id) }
            case .multiple:
                domain += [.choices([]), .choices(question.options.map(\.id))]
                domain += question.options.map { .choices([$0.id]) }
            case .number:
                let near = (constants[id] ?? []).flatMap { [$0 - 1, $0, $0 + 1] }
                domain += Set(near + [question.minimum ?? 0, question.maximum ?? 0]).map { .number($0) }
            case .text, .longText, .member: domain += [.text("x"), .skipped]
            case .date: domain += [.date("2000-01-01")]
            }
            return domain
        }
        var combination = [Int](repeating: 0, count: ids.count)
        var tried = 0
        while tried < 50_000 {
            tried += 1
            var answers: [String: Answer] = [:]
            for (index, id) in ids.enumerated() {
                if let answer = domains[index][combination[index]] { answers[id] = answer }
            }
            let holds = condition.holds(answers) { id in
                if case .number(let value)? = answers[id] { return value }
                // Values: any number near the constants could come out of a sum; try them all.
                return questionnaire.number(of: id, given: answers)
            }
            if holds { return true }
            var position = 0
            while position < ids.count {
                combination[position] += 1
                if combination[position] < domains[position].count { break }
                combination[position] = 0
                position += 1
            }
            if position == ids.count { break }
        }
        // Conditions on computed values are not enumerated: assume they can hold.
        return tried >= 50_000 || condition.questions.contains { questionnaire.values[$0] != nil }
    }

    private static func collectConstants(_ condition: Condition, into constants: inout [String: Set<Int>]) {
        switch condition {
        case .test(let id, .compare(_, let value)): constants[id, default: []].insert(value)
        case .test: break
        case .not(let inner): collectConstants(inner, into: &constants)
        case .and(let lhs, let rhs), .or(let lhs, let rhs):
            collectConstants(lhs, into: &constants)
            collectConstants(rhs, into: &constants)
        }
    }
}
