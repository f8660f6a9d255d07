import TusoiEngine

/// How an answer is written in the store: a kind and a text value, readable with plain SQL.
public enum AnswerCoding {
    /// The kind of the row that withdraws a step's answer (it must be asked again).
    public static let cleared = "cleared"
    /// The `(kind, value)` columns of an answer.
    public static func encode(_ answer: Answer) -> (kind: String, value: String) {
        switch answer {
        case .yesNo(let value): return ("yes/no", value ? "yes" : "no")
        case .choice(let id): return ("single", id)
        case .choices(let ids): return ("multiple", ids.joined(separator: ","))
        case .text(let text): return ("text", text)
        case .number(let value): return ("number", String(value))
        case .date(let iso): return ("date", iso)
        case .member(let id, let name): return ("member", id + "\t" + name)
        case .skipped: return ("skipped", "")
        }
    }

    /// The answer stored as `(kind, value)`, or nil for a kind this version does not know.
    public static func decode(kind: String, value: String) -> Answer? {
        switch kind {
        case "yes/no": return value == "yes" ? .yesNo(true) : value == "no" ? .yesNo(false) : nil
        case "single": return .choice(value)
        case "multiple": return .choices(value.isEmpty ? [] : value.split(separator: ",").map(String.init))
        case "text": return .text(value)
        case "number": return Int(value).map(Answer.number)
        case "date": return .date(value)
        case "member":
            let parts = value.split(separator: "\t", maxSplits: 1, omittingEmptySubsequences: false)
            guard parts.count == 2 else { return nil }
            return .member(id: String(parts[0]), name: String(parts[1]))
        case "skipped": return .skipped
        default: return nil
        }
    }

    /// The answers that stand after these rows, read in order: each row replaces the answer of its
    /// question, a `cleared` row withdraws it. Every backend reads its answer rows through this.
    ///
    /// - Throws: ``StoreError/corruptSession(_:)`` for a row of a kind this version does not know.
    public static func standing(_ rows: some Sequence<(key: String, kind: String, value: String)>) throws
        -> [String: Answer]
    {
        var answers: [String: Answer] = [:]
        for row in rows {
            if row.kind == cleared {
                answers[row.key] = nil
                continue
            }
            guard let answer = decode(kind: row.kind, value: row.value) else {
                throw StoreError.corruptSession("an answer of unknown kind")
            }
            answers[row.key] = answer
        }
        return answers
    }
}
