import Foundation

/// What a short message can mean, whatever the member's typing habits.
public enum Meaning: Hashable, Sendable {
    case yes
    case no
    case none
    case command(Command)
}

/// A navigation command a member can send at any point.
public enum Command: Hashable, Sendable {
    case help
    case stop
    case back
    case skip
    case review
    case edit(Int)
    case submit
    case discard
    case resume
    case confirm
    case language(Language)
    /// A long answer is complete.
    case done
    /// Show the official wording (or the source) of item N of the current question.
    case full(Int)
}

/// The words the bot understands, from the `words.…` lines of `Prompts/bot.txt`.
///
/// A message is looked up first as typed (lowercase, diacritics kept), then without diacritics.
/// Without diacritics some words collide (`dừng` "stop" and `đúng` "right" both fold to `dung`);
/// the lookup then returns every meaning and the caller asks rather than guesses.
public struct Vocabulary: Equatable, Sendable {
    private var exact: [String: Set<Meaning>] = [:]
    private var folded: [String: Set<Meaning>] = [:]
    private var editPrefixes: Set<String> = []
    private var fullPrefixes: Set<String> = []
    private var languagePrefixes: Set<String> = []
    private var particlesBefore: Set<String> = []
    private var particlesAfter: Set<String> = []
    /// The longest text, in UTF-8 bytes, that can still be a known word (with particles around it).
    private var longestPhrase = 0
    /// What ``meanings(of:)`` found for short texts seen before: members send the same few words.
    private let seen = SeenTexts()

    /// The memo of ``meanings(of:)``; not part of the vocabulary's value.
    private struct SeenTexts: Equatable, Sendable {
        let memo = Memo<ExactText, Set<Meaning>>(capacity: 4096)

        static func == (lhs: SeenTexts, rhs: SeenTexts) -> Bool { true }
    }

    struct Problem {
        var key: String
        var message: String
    }

    private static let simple: [String: Meaning] = [
        "yes": .yes, "no": .no, "none": .none,
        "help": .command(.help), "stop": .command(.stop), "back": .command(.back),
        "skip": .command(.skip), "review": .command(.review), "submit": .command(.submit),
        "discard": .command(.discard), "resume": .command(.resume), "confirm": .command(.confirm),
        "done": .command(.done),
        "vietnamese": .command(.language(.vi)), "english": .command(.language(.en)),
    ]
    private static let required =
        Array(simple.keys) + ["edit", "full", "language", "particles-before", "particles-after"]

    static func build(_ words: [String: [String]]) -> (Vocabulary, [Problem]) {
        var vocabulary = Vocabulary()
        var problems: [Problem] = []
        for key in required where words[key]?.isEmpty ?? true {
            problems.append(Problem(key: key, message: "the word list \"words.\(key):\" is missing"))
        }
        for (key, list) in words {
            vocabulary.longestPhrase = max(vocabulary.longestPhrase, list.map(\.utf8.count).max() ?? 0)
            if let meaning = simple[key] {
                for word in list {
                    vocabulary.exact[Vocabulary.light(word), default: []].insert(meaning)
                    vocabulary.folded[Folding.fold(word), default: []].insert(meaning)
                }
            } else {
                let forms = Set(list.flatMap { [Vocabulary.light($0), Folding.fold($0)] })
                switch key {
                case "edit": vocabulary.editPrefixes = forms
                case "full": vocabulary.fullPrefixes = forms
                case "language": vocabulary.languagePrefixes = forms
                case "particles-before": vocabulary.particlesBefore = forms
                case "particles-after": vocabulary.particlesAfter = forms
                default: problems.append(Problem(key: key, message: "unknown word list \"words.\(key):\""))
                }
            }
        }
        return (vocabulary, problems)
    }

    /// Every meaning `text` may have; empty when it is not a known word.
    public func meanings(of text: String) -> Set<Meaning> {
        guard text.utf8.count <= longestPhrase + 24 else { return [] }
        return seen.memo.value(for: ExactText(text: text)) { lookUp(text) }
    }

    private func lookUp(_ text: String) -> Set<Meaning> {
        if !text.utf8.allSatisfy({ $0 < 0x80 }) {
            let lightForm = stripParticles(Vocabulary.light(text))
            if let found = exact[lightForm] { return found }
            if let command = parametrized(lightForm) { return [command] }
        }
        let foldedForm = stripParticles(Folding.fold(text))
        if let found = folded[foldedForm] { return found }
        if let command = parametrized(foldedForm) { return [command] }
        // Leftover Telex keystrokes ("cos", "khoong", "xem laij"), only when they lead to one word.
        guard foldedForm.utf8.count <= 24 else { return [] }
        let telexForm = Vocabulary.withoutTelex(foldedForm)
        if telexForm != foldedForm, let found = folded[stripParticles(telexForm)], found.count == 1 {
            return found
        }
        return []
    }

    /// Recognises "sửa 3" and "ngôn ngữ en".
    private func parametrized(_ form: String) -> Meaning? {
        guard let space = form.lastIndex(of: " ") else { return nil }
        let head = String(form[..<space])
        let tail = form[form.index(after: space)...]
        if editPrefixes.contains(head), let number = Int(tail), number > 0 {
            return .command(.edit(number))
        }
        if fullPrefixes.contains(head), let number = Int(tail), number > 0 {
            return .command(.full(number))
        }
        if languagePrefixes.contains(head), let language = Language(rawValue: String(tail)) {
            return .command(.language(language))
        }
        return nil
    }

    private func stripParticles(_ form: String) -> String {
        guard let firstSpace = form.firstIndex(of: " "), let lastSpace = form.lastIndex(of: " ") else {
            return form
        }
        let first = String(form[..<firstSpace])
        let last = String(form[form.index(after: lastSpace)...])
        guard particlesBefore.contains(first) || particlesAfter.contains(last) else { return form }
        var words = form.split(separator: " ")
        while words.count > 1, let first = words.first, particlesBefore.contains(String(first)) {
            words.removeFirst()
        }
        while words.count > 1, let last = words.last, particlesAfter.contains(String(last)) {
            words.removeLast()
        }
        return words.joined(separator: " ")
    }

    /// Lowercase NFC with punctuation and runs of spaces folded, diacritics kept.
    static func light(_ text: String) -> String {
        let decomposed = text.unicodeScalars.contains { (0x0300...0x036F).contains($0.value) }
        let lowered = (decomposed ? text.precomposedStringWithCanonicalMapping : text).lowercased()
        var out = ""
        var pendingSpace = false
        for scalar in lowered.unicodeScalars {
            let isSeparator =
                scalar.isASCII
                ? !(scalar.properties.isAlphabetic || ("0"..."9").contains(scalar))
                : scalar.properties.isWhitespace
            if isSeparator {
                pendingSpace = !out.isEmpty
                continue
            }
            if pendingSpace {
                out.unicodeScalars.append(" ")
                pendingSpace = false
            }
            out.unicodeScalars.append(scalar)
        }
        return out
    }

    /// Undoes Telex keystrokes left in folded words: doubled vowels and `dd` (â ê ô đ), `w` (ă ơ ư),
    /// and a final tone key (s f r x j) after a vowel.
    static func withoutTelex(_ form: String) -> String {
        form.split(separator: " ").map { word -> String in
            var letters = Array(word.utf8)
            guard letters.count >= 2, letters.allSatisfy({ (0x61...0x7A).contains($0) }) else {
                return String(word)
            }
            let vowels = Set("aeiouy".utf8)
            if let last = letters.last, "sfrxj".utf8.contains(last), let before = letters.dropLast().last,
                vowels.contains(before) || "mnptcgh".utf8.contains(before)
            {
                letters.removeLast()
            }
            var out: [UInt8] = []
            for letter in letters {
                if let previous = out.last, previous == letter, "aeod".utf8.contains(letter) { continue }
                if letter == UInt8(ascii: "w") {
                    if let previous = out.last, "aou".utf8.contains(previous) { continue }
                    out.append(UInt8(ascii: "u"))
                    continue
                }
                out.append(letter)
            }
            return String(decoding: out, as: UTF8.self)
        }.joined(separator: " ")
    }
}
