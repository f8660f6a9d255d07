/// A member's phone habits in the vocabulary: a greeting that is no answer, and a message that
/// begins as the rest of the sentence before it (docs/CONVERSATION.md).
extension Vocabulary {
    /// Whether `text` begins as the rest of a sentence does: its first word, or first two, are one of
    /// the `words.continuation` ("và ít phát biểu", "vi mat kem", "nhất là khi tranh luận").
    ///
    /// Not the words that merely begin so ("va chạm", "vi phạm": `words.continuation-except`), nor a
    /// reason ("vì …": `words.continuation-reason`) when the question asked, `question`, asks why.
    public func startsAsContinuation(_ text: String, question: @autoclosure () -> String = "") -> Bool {
        guard !phoneBox.words.continuationStarts.isEmpty else { return false }
        let words = Folding.fold(String(text.prefix(40))).split(separator: " ").prefix(2).map(String.init)
        guard let first = words.first else { return false }
        let pair = words.count == 2 ? first + " " + words[1] : ""
        if phoneBox.words.continuationExceptions.contains(pair) { return false }
        let start =
            phoneBox.words.continuationStarts.contains(pair)
            ? pair : phoneBox.words.continuationStarts.contains(first) ? first : nil
        guard let start else { return false }
        if phoneBox.words.reasonStarts.contains(start) {
            let asked = Folding.fold(question())
            if phoneBox.words.whyWords.contains(where: { asked.contains($0) }) { return false }
        }
        return true
    }

    /// Whether `text` is only a greeting: a phrase of `words.greeting`, repeated or followed by words
    /// of `words.greeting-more` (“xin chào bác”, “chao buoi sang”, “alo alo”, “chào đ/c, tôi làm tiếp”).
    func isGreeting(_ text: String) -> Bool {
        guard !phoneBox.words.greetingPhrases.isEmpty, text.utf8.count <= 96 else { return false }
        // Most texts that are no word are answers: their first word alone tells them apart.
        let firstWord = text.prefix { !$0.isWhitespace && $0 != "," && $0 != "!" && $0 != "." }
        guard phoneBox.words.greetingFirstWords.contains(Folding.fold(String(firstWord))) else {
            return false
        }
        var words = Folding.fold(text).split(separator: " ").map(String.init)[...]
        var greeted = false
        func match(_ phrases: Set<[String]>) -> Int? {
            for length in stride(from: min(4, words.count), through: 1, by: -1)
            where phrases.contains(Array(words.prefix(length))) {
                return length
            }
            return nil
        }
        while !words.isEmpty {
            if let length = match(phoneBox.words.greetingPhrases) {
                words = words.dropFirst(length)
                greeted = true
            } else if greeted, let length = match(phoneBox.words.greetingMore) {
                words = words.dropFirst(length)
            } else {
                return false
            }
        }
        return greeted
    }
}

/// The words of a member's phone habits: greetings and the rest of a sentence (`words.greeting`,
/// `words.greeting-more`, `words.continuation…`, `words.asks-why`), folded.
struct PhoneWords: Equatable, Sendable {
    /// Words that begin the rest of a sentence ("và", "vì", "nhất là").
    var continuationStarts: Set<String> = []
    /// Beginnings that look like those and are words of their own ("va chạm", "vi phạm").
    var continuationExceptions: Set<String> = []
    /// Continuations that give a reason ("vì"): an answer to a question asking why begins so too.
    var reasonStarts: Set<String> = []
    /// What a question asking why says ("vì sao", "nguyên nhân").
    var whyWords: [String] = []
    /// Greetings, split into words; their first words; the words that may follow one.
    var greetingPhrases: Set<[String]> = []
    var greetingFirstWords: Set<String> = []
    var greetingMore: Set<[String]> = []
}

/// ``PhoneWords`` behind one reference, set once when the vocabulary is built.
final class PhoneWordsBox: Equatable, Sendable {
    let words: PhoneWords

    init(_ words: PhoneWords) {
        self.words = words
    }

    static func == (left: PhoneWordsBox, right: PhoneWordsBox) -> Bool { left.words == right.words }
}
