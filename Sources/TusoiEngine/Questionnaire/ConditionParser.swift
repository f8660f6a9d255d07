/// Parses the condition language of `when:` lines: tests joined by `and`, `or`, `not` and parentheses.
enum ConditionParser {
    struct Problem: Error, Equatable {
        var message: String
    }

    static func parse(_ text: String) -> Result<Condition, Problem> {
        var tokens: [String] = []
        var current = ""
        for character in text {
            if character == "(" || character == ")" || character == " " || character == "\t" {
                if !current.isEmpty { tokens.append(current) }
                current = ""
                if character == "(" || character == ")" { tokens.append(String(character)) }
            } else {
                current.append(character)
            }
        }
        if !current.isEmpty { tokens.append(current) }
        var parser = TokenStream(tokens: tokens)
        do throws(Problem) {
            let condition = try parser.parseOr()
            if let extra = parser.peek { throw Problem(message: "unexpected \"\(extra)\"") }
            return .success(condition)
        } catch {
            return .failure(error)
        }
    }

    private struct TokenStream {
        var tokens: [String]
        var position = 0

        var peek: String? { position < tokens.count ? tokens[position] : nil }

        mutating func next() throws(Problem) -> String {
            guard let token = peek else { throw Problem(message: "the condition ends too early") }
            position += 1
            return token
        }

        mutating func parseOr() throws(Problem) -> Condition {
            var condition = try parseAnd()
            while peek == "or" {
                position += 1
                condition = .or(condition, try parseAnd())
            }
            return condition
        }

        mutating func parseAnd() throws(Problem) -> Condition {
            var condition = try parseNot()
            while peek == "and" {
                position += 1
                condition = .and(condition, try parseNot())
            }
            return condition
        }

        mutating func parseNot() throws(Problem) -> Condition {
            let token = try next()
            if token == "not" { return .not(try parseNot()) }
            if token == "(" {
                let inner = try parseOr()
                guard try next() == ")" else { throw Problem(message: "a \"(\" is not closed") }
                return inner
            }
            guard isValidID(token) else { throw Problem(message: "\"\(token)\" is not a question ID") }
            let verb = try next()
            if verb == "answered" { return .test(question: token, .answered) }
            let value = try next()
            if let comparison = Condition.Comparison(rawValue: verb) {
                guard let constant = Int(value) else {
                    throw Problem(message: "\"\(verb)\" needs a whole number after it, not \"\(value)\"")
                }
                return .test(question: token, .compare(comparison, constant))
            }
            switch (verb, value) {
            case ("is", "yes"): return .test(question: token, .isYes)
            case ("is", "no"): return .test(question: token, .isNo)
            case ("is", "none"): return .test(question: token, .isNone)
            case ("has", "any"): return .test(question: token, .hasAny)
            case ("is", _) where isValidID(value): return .test(question: token, .isOption(value))
            case ("has", _) where isValidID(value): return .test(question: token, .hasOption(value))
            default:
                throw Problem(
                    message:
                        "expected \"QUESTION is VALUE\", \"QUESTION has OPTION\", \"QUESTION answered\" or \"NUMBER >= N\""
                )
            }
        }
    }
}
