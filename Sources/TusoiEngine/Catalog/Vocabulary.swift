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
    /// A greeting ("chào đồng chí"): never an answer; the bot greets back and asks on.
    case greet
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
    /// The words of a member's phone habits (``PhoneWords``), in one box: a vocabulary is copied
    /// several times a message, and a box is one reference to count, not seven.
    private(set) var phoneBox = PhoneWordsBox(PhoneWords())
    private var particlesAfter: Set<String> = []
    /// Command words as the member should type them (the first of each list), and their folded
    /// forms for the near-miss lookup of ``nearCommand(_:)``.
    private var commandWords: [CommandWord] = []

    private struct CommandWord: Equatable, Sendable {
        var folded: String
        var word: String
        var meaning: Meaning
    }
    /// The longest text, in UTF-8 bytes, that can still be a known word (with particles around it).
    private var longestPhrase = 0
    /// The longest word before a number or a language code ("sửa 3", "ngôn ngữ en"), in UTF-8 bytes.
    private var longestPrefix = 0

    struct Problem {
        var key: String
        var message: String
    }

    private static let simple: [String: Meaning] = [
        "yes": .yes, "no": .no, "none": .none,
        "help": .command(.help), "stop": .command(.stop), "back": .command(.back),
        "skip": .command(.skip), "review": .command(.review), "submit": .command(.submit),
        "discard": .command(.discard), "resume": .command(.resume), "confirm": .command(.confirm),
        "done": .command(.done), "greeting": .command(.greet),
        "vietnamese": .command(.language(.vi)), "english": .command(.language(.en)),
    ]
    /// Lists a wording folder may leave out (one written before they existed).
    private static let optionalLists: Set<String> = ["greeting"]
    private static let required =
        simple.keys.filter { !optionalLists.contains($0) }
        + ["edit", "full", "language", "particles-before", "particles-after"]

    static func build(_ words: [String: [String]]) -> (Vocabulary, [Problem]) {
        var vocabulary = Vocabulary()
        var phone = PhoneWords()
        var problems: [Problem] = []
        for key in required where words[key]?.isEmpty ?? true {
            problems.append(Problem(key: key, message: "the word list \"words.\(key):\" is missing"))
        }
        for (key, list) in words {
            vocabulary.longestPhrase = max(vocabulary.longestPhrase, list.map(\.utf8.count).max() ?? 0)
            if let meaning = simple[key] {
                // Typos of a command are asked about ("tro jup"); a greeting is too short and common
                // a word for that ("xin chao" is near many texts).
                if case .command = meaning, meaning != .command(.greet), let first = list.first {
                    for word in list where Folding.fold(word).utf8.count >= 4 && !word.hasPrefix("/") {
                        vocabulary.commandWords.append(
                            CommandWord(
                                folded: Vocabulary.phonetic(Folding.fold(word)), word: first, meaning: meaning
                            ))
                    }
                }
                for word in list {
                    vocabulary.exact[Vocabulary.light(word), default: []].insert(meaning)
                    vocabulary.folded[Folding.fold(word), default: []].insert(meaning)
                }
                if key == "greeting" {
                    phone.greetingPhrases = Set(
                        list.map { Folding.fold($0).split(separator: " ").map(String.init) })
                    phone.greetingFirstWords = Set(phone.greetingPhrases.compactMap(\.first))
                }
            } else {
                let forms = Set(list.flatMap { [Vocabulary.light($0), Folding.fold($0)] })
                if ["edit", "full", "language"].contains(key) {
                    vocabulary.longestPrefix = max(
                        vocabulary.longestPrefix, forms.map(\.utf8.count).max() ?? 0)
                }
                switch key {
                case "edit": vocabulary.editPrefixes = forms
                case "full": vocabulary.fullPrefixes = forms
                case "language": vocabulary.languagePrefixes = forms
                case "particles-before": vocabulary.particlesBefore = forms
                case "particles-after": vocabulary.particlesAfter = forms
                case "continuation": phone.continuationStarts = Set(list.map { Folding.fold($0) })
                case "continuation-except":
                    phone.continuationExceptions = Set(list.map { Folding.fold($0) })
                case "continuation-reason": phone.reasonStarts = Set(list.map { Folding.fold($0) })
                case "asks-why": phone.whyWords = list.map { Folding.fold($0) }
                case "greeting-more":
                    phone.greetingMore = Set(
                        list.map { Folding.fold($0).split(separator: " ").map(String.init) })
                default: problems.append(Problem(key: key, message: "unknown word list \"words.\(key):\""))
                }
            }
        }
        vocabulary.phoneBox = PhoneWordsBox(phone)
        return (vocabulary, problems)
    }

    /// Every meaning `text` may have; empty when it is not a known word.
    public func meanings(of text: String) -> Set<Meaning> {
        guard mayBeWord(text) else { return [] }
        return lookUp(text)
    }

    /// Whether `text` is short enough to be a known word (with particles around it).
    func mayBeWord(_ text: String) -> Bool {
        text.utf8.count <= longestPhrase + 24
    }

    /// The meanings of a known word or phrase, or of a greeting (``isGreeting(_:)``).
    func lookUp(_ text: String) -> Set<Meaning> {
        let found = lookUpWords(text)
        return found.isEmpty && isGreeting(text) ? [.command(.greet)] : found
    }

    private func lookUpWords(_ text: String) -> Set<Meaning> {
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

    /// `text` without the polite particles around it ("dạ", "thưa" before; "ạ", "à", "nhé" after),
    /// as typed otherwise: "3 và 5 ạ." becomes "3 và 5", "1,5 ạ" keeps its comma.
    public func trimmingParticles(_ text: String) -> String {
        guard text.utf8.count <= 256 else { return text }
        if let unchanged = Vocabulary.plainWords(text), !hasParticle(unchanged, of: text) { return text }
        var words = text.split(whereSeparator: \.isWhitespace)
        while words.count > 1, let last = words.last, particlesAfter.contains(Folding.fold(String(last))) {
            words.removeLast()
        }
        while words.count > 1, let first = words.first, particlesBefore.contains(Folding.fold(String(first)))
        {
            words.removeFirst()
        }
        return words.joined(separator: " ")
    }

    /// Where the first word of `text` ends and its last one starts, when the text is plain: words of
    /// characters that are one scalar each (``String/standsAlone(_:)``), separated by single spaces,
    /// with none at either end. Split by ``trimmingParticles(_:)``'s rule and joined by single
    /// spaces, such a text is itself; nil for any other text, which takes the general path.
    static func plainWords(_ text: String) -> (firstEnd: String.Index, lastStart: String.Index)? {
        var firstEnd: String.Index?
        var lastStart = text.startIndex
        var previousWasSpace = true
        let scalars = text.unicodeScalars
        var index = scalars.startIndex
        while index < scalars.endIndex {
            let value = scalars[index].value
            switch value {
            case 0x20:
                if previousWasSpace { return nil }
                if firstEnd == nil { firstEnd = index }
                previousWasSpace = true
                lastStart = scalars.index(after: index)
            case 0x09...0x0D, 0x85, 0xA0: return nil
            default:
                guard String.standsAlone(value) else { return nil }
                previousWasSpace = false
            }
            index = scalars.index(after: index)
        }
        if previousWasSpace && !text.isEmpty { return nil }
        return (firstEnd ?? text.endIndex, lastStart)
    }

    /// Whether a plain text (``plainWords(_:)``) of more than one word starts with a particle said
    /// before or ends with one said after.
    private func hasParticle(_ words: (firstEnd: String.Index, lastStart: String.Index), of text: String)
        -> Bool
    {
        guard words.firstEnd < text.endIndex else { return false }
        return particlesAfter.contains(Folding.fold(String(text[words.lastStart...])))
            || particlesBefore.contains(Folding.fold(String(text[..<words.firstEnd])))
    }

    /// The command a short text was most likely meant to be, when it is one letter or two off
    /// (a typo: "tro jup", "xem lia", "nôp"), and only one command is that close.
    ///
    /// - Returns: the command's word as the member should type it, and the command.
    /// - Parameter meanings: the text's ``meanings(of:)`` when the caller has them already.
    public func nearCommand(_ text: String, meanings known: Set<Meaning>? = nil) -> (
        word: String, meaning: Meaning
    )? {
        guard text.utf8.count <= 64 else { return nil }
        let folded = Vocabulary.phonetic(stripParticles(Folding.fold(text)))
        let length = folded.utf8.count
        guard length >= 3, length <= 24, (known ?? meanings(of: text)).isEmpty else { return nil }
        let allowed = length >= 8 ? 2 : 1
        var found: [(word: String, meaning: Meaning)] = []
        for entry in commandWords where abs(entry.folded.utf8.count - length) <= allowed {
            guard Vocabulary.distance(entry.folded, folded, limit: allowed) <= allowed else { continue }
            if !found.contains(where: { $0.meaning == entry.meaning }) {
                found.append((entry.word, entry.meaning))
            }
        }
        return found.count == 1 ? found[0] : nil
    }

    /// Spellings of texting shorthand folded to the standard ones: "j" for "gi", "z" for "d",
    /// "f" for "ph" ("tro jup", "zung", "fai").
    static func phonetic(_ folded: String) -> String {
        guard folded.utf8.contains(where: { $0 == 0x6A || $0 == 0x7A || $0 == 0x66 }) else { return folded }
        var out: [UInt8] = []
        for byte in folded.utf8 {
            switch byte {
            case 0x6A: out += Array("gi".utf8)
            case 0x7A: out.append(UInt8(ascii: "d"))
            case 0x66: out += Array("ph".utf8)
            default: out.append(byte)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The optimal-string-alignment distance of two short ASCII strings (one edit: a letter wrong,
    /// missing, added, or two letters swapped), stopping early past `limit`.
    public static func distance(_ left: String, _ right: String, limit: Int) -> Int {
        var left = left
        var right = right
        return left.withUTF8 { a in right.withUTF8 { b in distance(a, b, limit: limit) } }
    }

    /// The same on bytes, with its three rows of the table on the stack: it runs for every short
    /// answer that is no command, against each command word of about its length.
    static func distance(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>, limit: Int) -> Int
    {
        if a.isEmpty || b.isEmpty { return max(a.count, b.count) }
        let width = b.count + 1
        return withUnsafeTemporaryAllocation(of: Int.self, capacity: 3 * width) { rows in
            var before = rows.baseAddress!
            var previous = before + width
            var current = previous + width
            for j in 0..<width {
                before[j] = 0
                previous[j] = j
                current[j] = 0
            }
            for i in 1...a.count {
                current[0] = i
                var best = current[0]
                for j in 1...b.count {
                    let cost = a[i - 1] == b[j - 1] ? 0 : 1
                    var value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                    if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                        value = min(value, before[j - 2] + 1)
                    }
                    current[j] = value
                    best = min(best, value)
                }
                if best > limit { return best }
                (before, previous, current) = (previous, current, before)
            }
            return previous[b.count]
        }
    }

    /// Recognises "sửa 3" and "ngôn ngữ en".
    private func parametrized(_ form: String) -> Meaning? {
        // By bytes: a form is light or folded, its words separated by single spaces.
        guard let space = form.utf8.lastIndex(of: 0x20), form.utf8[..<space].count <= longestPrefix else {
            return glued(form)
        }
        let head = String(form[..<space])
        let tail = form[form.utf8.index(after: space)...]
        if editPrefixes.contains(head), let number = Int(tail), number > 0 {
            return .command(.edit(number))
        }
        if fullPrefixes.contains(head), let number = Int(tail), number > 0 {
            return .command(.full(number))
        }
        if languagePrefixes.contains(head), let language = Language(rawValue: String(tail)) {
            return .command(.language(language))
        }
        return glued(form)
    }

    /// “sua2”, “sửa13”: a command with its number typed without the space, as phones often do.
    private func glued(_ form: String) -> Meaning? {
        let bytes = form.utf8
        guard let last = bytes.last, (0x30...0x39).contains(last), bytes.count <= longestPrefix + 4 else {
            return nil
        }
        var start = bytes.endIndex
        while start > bytes.startIndex, (0x30...0x39).contains(bytes[bytes.index(before: start)]) {
            start = bytes.index(before: start)
        }
        guard start > bytes.startIndex, let number = Int(form[start...]), number > 0 else { return nil }
        let head = String(form[..<start])
        if editPrefixes.contains(head) { return .command(.edit(number)) }
        if fullPrefixes.contains(head) { return .command(.full(number)) }
        return nil
    }

    private func stripParticles(_ form: String) -> String {
        // The first and last words found by bytes: a word that differs from the one found by
        // characters (a space followed by a combining mark) holds that mark, so it is no particle
        // either way, and the text is returned as it is in both cases.
        guard let firstSpace = form.utf8.firstIndex(of: 0x20), let lastSpace = form.utf8.lastIndex(of: 0x20)
        else {
            return form
        }
        let first = String(form[..<firstSpace])
        let last = String(form[form.utf8.index(after: lastSpace)...])
        guard particlesBefore.contains(first) || particlesAfter.contains(last) else { return form }
        // Those after first: “vâng ạ” is “vâng” (yes), not the particle “ạ” left alone.
        var words = form.split(separator: " ")
        while words.count > 1, let last = words.last, particlesAfter.contains(String(last)) {
            words.removeLast()
        }
        while words.count > 1, let first = words.first, particlesBefore.contains(String(first)) {
            words.removeFirst()
        }
        return words.joined(separator: " ")
    }

    /// Lowercase NFC with punctuation and runs of spaces folded, diacritics kept.
    ///
    /// An ASCII character is kept when it is a letter or a digit; any other character is kept unless
    /// it is white space (Unicode's White_Space property). Built as UTF-8 bytes: it runs on every
    /// message a member sends.
    static func light(_ text: String) -> String {
        let decomposed = text.unicodeScalars.contains { (0x0300...0x036F).contains($0.value) }
        let composed = decomposed ? text.precomposedStringWithCanonicalMapping : text
        var out: [UInt8] = []
        out.reserveCapacity(composed.utf8.count)
        var pendingSpace = false
        // Lowercased scalar by scalar, as `String.lowercased()` does, with a table for the Latin
        // letters Vietnamese is written in: `lowercased()` looks every scalar up in Unicode's
        // tables, which cost 30,000 instructions on a long answer.
        for original in composed.unicodeScalars {
            if let single = LowercaseTable.lowercase(original) {
                append(single, to: &out, pendingSpace: &pendingSpace)
            } else {
                for scalar in original.properties.lowercaseMapping.unicodeScalars {
                    append(scalar, to: &out, pendingSpace: &pendingSpace)
                }
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends one lowercased scalar to the light form being built: a separator becomes one space
    /// between words.
    @inline(__always)
    private static func append(_ scalar: Unicode.Scalar, to out: inout [UInt8], pendingSpace: inout Bool) {
        let value = scalar.value
        let isSeparator =
            value < 0x80
            ? !((0x61...0x7A).contains(value) || (0x41...0x5A).contains(value)
                || (0x30...0x39).contains(value))
            : isWhiteSpace(value)
        if isSeparator {
            pendingSpace = !out.isEmpty
            return
        }
        if pendingSpace {
            out.append(0x20)
            pendingSpace = false
        }
        if value < 0x80 {
            out.append(UInt8(value))
        } else {
            UTF8.encode(scalar) { out.append($0) }
        }
    }

    /// Unicode's White_Space property outside ASCII.
    @inline(__always)
    private static func isWhiteSpace(_ value: UInt32) -> Bool {
        switch value {
        case 0x85, 0xA0, 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000: return true
        default: return false
        }
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
