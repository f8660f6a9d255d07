/// Reads a member's message as an answer to one question, the way Vietnamese members type.
///
/// Numbers always work ("1" is the first option, "1, 3 và 5" several); words work too, with or
/// without diacritics. When a message could mean two things, the result says so instead of guessing.
public enum AnswerMatcher {
    /// The outcome of reading one message.
    public enum Outcome: Equatable, Sendable {
        case answer(Answer)
        /// The message does not fit; re-ask with this message.
        case reask(MessageKey, [String: String])
    }

    public static func match(
        _ text: String, to question: Question, meanings: Set<Meaning>,
        environment: MatchEnvironment = MatchEnvironment(today: CivilDate(year: 2026, month: 1, day: 1))
    ) -> Outcome {
        switch question.kind {
        case .yesNo: return matchYesNo(text, meanings: meanings)
        case .single: return matchSingle(text, question: question)
        case .multiple: return matchMultiple(text, question: question, meanings: meanings)
        case .text, .longText:
            let trimmed = trimmedText(text)
            return trimmed.isEmpty ? .reask(.reaskText, [:]) : .answer(.text(trimmed))
        case .number: return matchNumber(text, question: question)
        case .date:
            guard let date = DateReader.read(text, today: environment.today) else {
                return .reask(.reaskDate, [:])
            }
            if question.notBeforeToday && date < environment.today {
                return .reask(.reaskDatePast, ["date": date.vietnamese])
            }
            return .answer(.date(date.description))
        case .member: return matchMember(text, roster: environment.roster)
        }
    }

    private static func matchNumber(_ text: String, question: Question) -> Outcome {
        let low = question.minimum ?? 0
        let high = question.maximum ?? 1_000_000
        let range = ["min": String(low), "max": String(high)]
        // The first number in the text: "25", "25 điểm", "25/30"; not "-5", "27,5" or "1.000".
        let words = Folding.fold(text).split(separator: " ")
        guard let first = words.first, let value = Int(first), first.count <= 9 else {
            return .reask(.reaskNumber, range)
        }
        let raw = trimmedText(text).unicodeScalars
        if raw.first == "-" { return .reask(.reaskNumber, range) }
        if let end = raw.firstIndex(where: { !("0"..."9").contains($0) }), end < raw.endIndex,
            raw[end] == "," || raw[end] == ".",
            raw.index(after: end) < raw.endIndex, ("0"..."9").contains(raw[raw.index(after: end)])
        {
            return .reask(.reaskNumber, range)
        }
        // "6 5" or "6, 5": two numbers where one is asked. Which one was meant is the member's to say
        // ("25/30" is a score out of a maximum: the first one).
        let numbers = words.filter { $0.allSatisfy(\.isNumber) }
        if numbers.count > 1 && !raw.contains("/") {
            return .reask(.reaskNumberOne, range.merging(["text": trimmedText(text)]) { $1 })
        }
        guard value >= low && value <= high else { return .reask(.reaskNumberRange, range) }
        return .answer(.number(value))
    }

    private static func matchMember(_ text: String, roster: [RosterEntry]) -> Outcome {
        guard !roster.isEmpty else {
            let trimmed = trimmedText(text)
            return trimmed.isEmpty ? .reask(.reaskText, [:]) : .answer(.text(trimmed))
        }
        let folded = Folding.fold(text)
        if let number = Int(folded) {
            guard (1...roster.count).contains(number) else {
                return .reask(.reaskOutOfRange, ["number": String(number), "max": String(roster.count)])
            }
            return .answer(.member(id: roster[number - 1].id, name: roster[number - 1].name))
        }
        let names = roster.map { Folding.fold($0.name) }
        var found = names.indices.filter { names[$0] == folded }
        if found.isEmpty && folded.count >= 2 {
            found = names.indices.filter { names[$0].hasPrefix(folded) || names[$0].contains(" " + folded) }
        }
        if found.count == 1 { return .answer(.member(id: roster[found[0]].id, name: roster[found[0]].name)) }
        if found.count > 1 {
            let numbers = found.map { String($0 + 1) }.joined(separator: ", ")
            return .reask(.reaskAmbiguous, ["text": text, "numbers": numbers])
        }
        return .reask(.reaskSingle, ["max": String(roster.count)])
    }

    /// The text without leading and trailing white space.
    static func trimmedText(_ text: String) -> String {
        let scalars = text.unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
            let last = scalars.lastIndex(where: { !$0.properties.isWhitespace })
        else { return "" }
        return String(scalars[first...last])
    }

    private static func matchYesNo(_ text: String, meanings: Set<Meaning>) -> Outcome {
        let yes = meanings.contains(.yes)
        let no = meanings.contains(.no)
        if yes != no { return .answer(.yesNo(yes)) }
        switch Folding.fold(text) {
        case "1": return .answer(.yesNo(true))
        case "2": return .answer(.yesNo(false))
        default: return .reask(.reaskYesNo, [:])
        }
    }

    private static func matchSingle(_ text: String, question: Question) -> Outcome {
        let folded = Folding.fold(text)
        let count = question.options.count
        if let number = Int(folded) {
            guard (1...count).contains(number) else {
                return .reask(.reaskOutOfRange, ["number": String(number), "max": String(count)])
            }
            return .answer(.choice(question.options[number - 1].id))
        }
        let candidates = labelMatches(folded, in: question.options)
        if candidates.count == 1 { return .answer(.choice(question.options[candidates[0]].id)) }
        if candidates.count > 1 {
            let numbers = candidates.map { String($0 + 1) }.joined(separator: ", ")
            return .reask(.reaskAmbiguous, ["text": text, "numbers": numbers])
        }
        return .reask(.reaskSingle, ["max": String(count)])
    }

    /// The options whose label (in either language) the folded text names: whole label first, then a part.
    static func labelMatches(_ folded: String, in options: [Option]) -> [Int] {
        guard !folded.isEmpty else { return [] }
        let labels = options.map { [Folding.fold($0.label.vi), Folding.fold($0.label.en)] }
        let whole = labels.indices.filter { labels[$0].contains(folded) }
        if !whole.isEmpty { return whole }
        guard folded.count >= 3 else { return [] }
        let parts = labels.indices.filter { index in
            labels[index].contains { $0.hasPrefix(folded) || $0.contains(" " + folded) }
        }
        if !parts.isEmpty || folded.utf8.count < 5 { return parts }
        // One letter wrong, missing, added or swapped ("hoan thah tot"): the option whose label, or
        // the start of it, is that close, when only one is.
        return labels.indices.filter { index in
            labels[index].contains { label in nearlyStarts(label, with: folded) }
        }
    }

    /// Whether `label` is `text`, or starts with it, but for one typo.
    static func nearlyStarts(_ label: String, with text: String) -> Bool {
        let length = text.utf8.count
        for cut in [length - 1, length, length + 1] where cut > 0 && cut <= label.utf8.count {
            let start = String(decoding: label.utf8.prefix(cut), as: UTF8.self)
            // A whole word of the label must end where the text ends, or the label ends.
            let end = label.utf8.dropFirst(cut).first
            guard end == nil || end == 0x20 else { continue }
            if Vocabulary.distance(start, text, limit: 1) <= 1 { return true }
        }
        return false
    }

    private static let fillerWords: Set<String> = ["va", "and", "voi", "so", "cac", "cau", "y"]

    private static func matchMultiple(_ text: String, question: Question, meanings: Set<Meaning>) -> Outcome {
        let count = question.options.count
        let allowsNone = question.none != nil
        let reask: Outcome =
            allowsNone
            ? .reask(.reaskMultiple, ["max": String(count)])
            : .reask(.reaskMultipleNoNone, ["max": String(count)])
        if meanings.contains(.none) || meanings.contains(.no) {
            return allowsNone ? .answer(.choices([])) : reask
        }
        guard let numbers = numberList(text) else {
            let candidates = labelMatches(Folding.fold(text), in: question.options)
            if candidates.count == 1 { return .answer(.choices([question.options[candidates[0]].id])) }
            if candidates.count > 1 {
                let numbers = candidates.map { String($0 + 1) }.joined(separator: ", ")
                return .reask(.reaskAmbiguous, ["text": text, "numbers": numbers])
            }
            return reask
        }
        if numbers == [0] { return allowsNone ? .answer(.choices([])) : reask }
        if numbers.contains(0) { return .reask(.reaskNoneWithOthers, [:]) }
        if let wrong = numbers.first(where: { $0 > count }) {
            return .reask(.reaskOutOfRange, ["number": String(wrong), "max": String(count)])
        }
        let chosen = Set(numbers).sorted()
        return .answer(.choices(chosen.map { question.options[$0 - 1].id }))
    }

    /// Reads "1, 3 và 5", "1 3 5", "2-4" as numbers; nil when the text holds anything else.
    static func numberList(_ text: String) -> [Int]? {
        var numbers: [Int] = []
        var pendingRange = false
        var digits = ""
        var word = ""
        func flushWord() -> Bool {
            defer { word = "" }
            return word.isEmpty || fillerWords.contains(Folding.fold(word))
        }
        func flushDigits() -> Bool {
            guard !digits.isEmpty else { return true }
            defer { digits = "" }
            guard digits.count <= 4, let value = Int(digits) else { return false }
            if pendingRange, let start = numbers.last {
                pendingRange = false
                guard start <= value, value - start <= 100 else { return false }
                if start < value { numbers.append(contentsOf: (start + 1)...value) }
            } else {
                numbers.append(value)
            }
            return true
        }
        for scalar in text.unicodeScalars {
            if ("0"..."9").contains(scalar) {
                guard flushWord() else { return nil }
                digits.unicodeScalars.append(scalar)
            } else if scalar == "-" || scalar == "\u{2013}" {
                guard flushWord(), flushDigits(), !numbers.isEmpty, !pendingRange else { return nil }
                pendingRange = true
            } else if scalar.properties.isAlphabetic || (0x0300...0x036F).contains(scalar.value) {
                guard flushDigits() else { return nil }
                word.unicodeScalars.append(scalar)
            } else {
                guard flushDigits(), flushWord() else { return nil }
            }
        }
        guard flushDigits(), flushWord(), !pendingRange, !numbers.isEmpty else { return nil }
        return numbers
    }

    /// The number a message is made of, with nothing else but spaces and particles ("1", "2 ạ"); nil
    /// for anything with words.
    static func bareNumber(_ message: String) -> String? {
        let trimmed = AnswerMatcher.trimmedText(message)
        guard !trimmed.hasMoreCharacters(than: 8) else { return nil }
        let digits = trimmed.filter(\.isNumber)
        let rest = Folding.fold(trimmed.filter { !$0.isNumber }).trimmingCharacters(in: .whitespaces)
        guard !digits.isEmpty, digits.count <= 3, ["", "a", "nhe", "nha", "."].contains(rest) else {
            return nil
        }
        return String(digits)
    }
}
