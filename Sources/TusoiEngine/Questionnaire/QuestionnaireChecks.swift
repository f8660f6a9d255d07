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
        case .test(let id, let test):
            guard let target = questionnaire.question(id), let at = questionnaire.position(of: id) else {
                report(line, "the condition names an unknown question \"\(id)\"", .error)
                return
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
            case .answered: fits = true
            }
            if !fits {
                report(
                    line, "the condition does not fit question \(id), which is \(target.kind.rawValue)",
                    .error)
            }
        }
    }
}
