/// The checks that need the whole questionnaire: IDs, references, conditions and citations.
enum QuestionnaireChecks {
    static func check(_ questionnaire: Questionnaire, file: String, into diagnostics: inout [Diagnostic]) {
        func report(_ line: Int, _ message: String, _ severity: Diagnostic.Severity = .error) {
            diagnostics.append(Diagnostic(file: file, line: line, severity: severity, message: message))
        }
        if questionnaire.questions.isEmpty {
            report(1, "the questionnaire has no question")
        }
        var seen: [String: Int] = [:]
        for section in questionnaire.sections {
            if questionnaire.sections.filter({ $0.id == section.id }).count > 1 {
                report(1, "section ID \"\(section.id)\" is used more than once")
            }
        }
        let documentKeys = Set(questionnaire.documents.map(\.key))
        checkValues(questionnaire, report: report)
        for question in questionnaire.questions where question.group != nil && question.forEach != nil {
            report(question.line, "\"for each:\" cannot be used inside a repeatable group")
        }
        for id in questionnaire.values.keys where questionnaire.question(id) != nil {
            report(questionnaire.values[id]?.line ?? 1, "value ID \"\(id)\" is also a question ID")
        }
        for (position, question) in questionnaire.questions.enumerated() {
            if let first = seen[question.id] {
                report(question.line, "question ID \"\(question.id)\" is already used on line \(first)")
            }
            seen[question.id] = seen[question.id] ?? question.line
            var optionIDs: Set<String> = []
            for option in question.options where !optionIDs.insert(option.id).inserted {
                report(question.line, "question \(question.id) has option \"\(option.id)\" twice")
            }
            let conditions = [question.condition, questionnaire.section(of: question.id)?.condition]
            for condition in conditions.compactMap({ $0 }) {
                checkCondition(
                    condition, askedAt: position, in: questionnaire, line: question.line, report: report)
            }
            if let source = question.forEach {
                if let target = questionnaire.question(source), let at = questionnaire.position(of: source) {
                    if target.kind != .multiple {
                        report(question.line, "\"for each: \(source)\" needs a multiple-choice question")
                    } else if at >= position {
                        report(question.line, "\"for each: \(source)\" must name a question asked earlier")
                    }
                } else {
                    report(question.line, "\"for each:\" names an unknown question \"\(source)\"")
                }
            }
            let citations = [question.citation] + question.options.map(\.citation)
            for citation in citations.compactMap({ $0 }) {
                let key = citation.split(whereSeparator: { $0 == "," || $0 == " " }).first.map(String.init)
                if let key, !documentKeys.contains(key) {
                    report(
                        question.line, "citation \"\(citation)\" does not start with a document KEY", .warning
                    )
                }
            }
        }
        if !diagnostics.contains(where: { $0.severity == .error }) {
            for question in Reachability.neverAsked(in: questionnaire) {
                report(
                    question.line, "question \(question.id) is never asked: its condition can never hold",
                    .warning)
            }
        }
    }

    private static func checkCondition(
        _ condition: Condition, askedAt position: Int, in questionnaire: Questionnaire, line: Int,
        report: (Int, String, Diagnostic.Severity) -> Void
    ) {
        switch condition {
        case .not(let inner):
            checkCondition(inner, askedAt: position, in: questionnaire, line: line, report: report)
        case .and(let lhs, let rhs), .or(let lhs, let rhs):
            checkCondition(lhs, askedAt: position, in: questionnaire, line: line, report: report)
            checkCondition(rhs, askedAt: position, in: questionnaire, line: line, report: report)
        case .test(let id, .compare):
            if let value = questionnaire.values[id] {
                if case .bands = value.rule {
                    report(line, "value \(id) is a band (a label); compare its source number instead", .error)
                }
                return
            }
            guard let target = questionnaire.question(id), let at = questionnaire.position(of: id) else {
                report(line, "the condition names an unknown question or value \"\(id)\"", .error)
                return
            }
            if at >= position {
                report(line, "the condition reads \"\(id)\", which is not asked before this question", .error)
            }
            if target.kind != .number {
                report(line, "only numbers can be compared, and \(id) is \(target.kind.rawValue)", .error)
            }
        case .test(let id, let test):
            guard let target = questionnaire.question(id), let at = questionnaire.position(of: id) else {
                report(line, "the condition names an unknown question \"\(id)\"", .error)
                return
            }
            if target.group != nil {
                report(line, "a condition cannot read \(id), which is inside a repeatable group", .error)
            }
            if at >= position {
                report(line, "the condition reads \"\(id)\", which is not asked before this question", .error)
            }
            let fits: Bool
            switch test {
            case .isYes, .isNo: fits = target.kind == .yesNo
            case .isOption(let option):
                fits = target.kind == .single
                if fits && target.option(option) == nil {
                    report(line, "question \(id) has no option \"\(option)\"", .error)
                }
            case .hasOption(let option):
                fits = target.kind == .multiple
                if fits && target.option(option) == nil {
                    report(line, "question \(id) has no option \"\(option)\"", .error)
                }
            case .hasAny, .isNone: fits = target.kind == .multiple
            case .answered, .compare: fits = true
            }
            if !fits {
                report(
                    line, "the condition does not fit question \(id), which is \(target.kind.rawValue)",
                    .error)
            }
        }
    }

    /// Sums add numbers (or other sums) without going round in a circle; bands read a number.
    private static func checkValues(
        _ questionnaire: Questionnaire, report: (Int, String, Diagnostic.Severity) -> Void
    ) {
        for value in questionnaire.values.values.sorted(by: { $0.line < $1.line }) {
            switch value.rule {
            case .sum(let parts):
                for part in parts {
                    if let question = questionnaire.question(part) {
                        if question.kind != .number {
                            report(
                                value.line, "value \(value.id) adds \(part), which is not a number question",
                                .error)
                        }
                    } else if questionnaire.values[part] == nil {
                        report(value.line, "value \(value.id) adds an unknown question \"\(part)\"", .error)
                    }
                }
                if reaches(value.id, from: value.id, in: questionnaire, seen: []) {
                    report(value.line, "value \(value.id) is part of a circle of sums", .error)
                }
            case .bands(let source, _):
                let isNumber = questionnaire.question(source)?.kind == .number
                let isSum: Bool
                if case .sum? = questionnaire.values[source]?.rule { isSum = true } else { isSum = false }
                if !isNumber && !isSum {
                    report(
                        value.line, "value \(value.id) reads \"\(source)\", which is not a number or a sum",
                        .error)
                }
            }
        }
    }

    private static func reaches(
        _ target: String, from id: String, in questionnaire: Questionnaire, seen: Set<String>
    )
        -> Bool
    {
        guard case .sum(let parts)? = questionnaire.values[id]?.rule else { return false }
        for part in parts {
            if part == target { return true }
            if !seen.contains(part), reaches(target, from: part, in: questionnaire, seen: seen.union([id])) {
                return true
            }
        }
        return false
    }
}
