import Testing
import TusoiTestSupport

@testable import TusoiEngine

@Suite("The words the bot understands")
struct VocabularyTests {
    let vocabulary = Fixtures.catalog.vocabulary

    @Test(
        "commands with or without diacritics, in any case, as slash commands",
        arguments: [
            ("trợ giúp", Meaning.command(.help)), ("tro giup", .command(.help)), ("/help", .command(.help)),
            ("TẠM DỪNG", .command(.stop)), ("tam dung", .command(.stop)), ("quay lai", .command(.back)),
            ("xem lại", .command(.review)), ("sửa 3", .command(.edit(3))), ("sua 12", .command(.edit(12))),
            ("edit 2", .command(.edit(2))), ("nộp", .command(.submit)),
            // The number typed without its space, as phones often do.
            ("sua2", .command(.edit(2))), ("Sửa13", .command(.edit(13))), ("nguyen van3", .command(.full(3))),
            ("chào đồng chí", .command(.greet)), ("chao", .command(.greet)),
            ("I confirm", .command(.confirm)),
            ("ngôn ngữ en", .command(.language(.en))),
            ("language vi", .command(.language(.vi))),
            ("Tôi xác nhận nội dung trên là đúng", .command(.confirm)),
        ])
    func commands(text: String, meaning: Meaning) {
        #expect(vocabulary.meanings(of: text) == [meaning])
    }

    @Test("'đúng' and 'dừng' differ with diacritics, and 'dung' without them is both: the bot asks")
    func collision() {
        #expect(vocabulary.meanings(of: "đúng") == [.yes])
        #expect(vocabulary.meanings(of: "dừng") == [.command(.stop)])
        #expect(vocabulary.meanings(of: "dung") == [.yes, .command(.stop)])
    }

    @Test("long texts and unknown words mean nothing")
    func nothing() {
        #expect(vocabulary.meanings(of: "Tôi đi họp muộn hai lần vì bận việc ở cơ quan").isEmpty)
        #expect(vocabulary.meanings(of: "sửa").isEmpty)
        #expect(vocabulary.meanings(of: "sửa abc").isEmpty)
        #expect(vocabulary.meanings(of: "sua0").isEmpty)
        #expect(vocabulary.meanings(of: "2024").isEmpty)
        #expect(vocabulary.meanings(of: "").isEmpty)
    }

    @Test(
        "leftover Telex keystrokes, where they lead to one word",
        arguments: [
            ("cos", Meaning.yes), ("khoong", .no), ("xem laij", .command(.review)),
            ("quay laij", .command(.back)),
            ("tam duwngf", .command(.stop)), ("noopj", .command(.submit)),
        ])
    func telex(text: String, meaning: Meaning) {
        #expect(vocabulary.meanings(of: text) == [meaning])
    }
}

/// The light form, built from bytes for speed, is the one the Unicode properties give.
@Suite("The light form of a text")
struct LightFormTests {
    /// The definition: lowercase NFC; an ASCII character kept when alphabetic or a digit, any other
    /// unless it is white space; runs of what is dropped become one space between kept characters.
    static func reference(_ text: String) -> String {
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

    @Test("every character up to U+3100 and 5,000 random phone texts give the reference's form")
    func sameAsReference() {
        var mismatches: [String] = []
        for value in UInt32(0)...0x3100 {
            guard let scalar = Unicode.Scalar(value) else { continue }
            let text = "Xem \(Character(scalar))lại\(Character(scalar)) "
            if Vocabulary.light(text) != Self.reference(text) { mismatches.append(String(value, radix: 16)) }
        }
        let pool = Array(
            "aăâbcdđeêghiklmnoôơpqrstuưvxyÀÁẢÃẠẦẤẨẪẬằắẳẵặèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ 0123456789.,!?;:-_/\t\n\u{A0}\u{2003}\u{3000}\u{301}\u{300}\u{303}"
        )
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<5_000 {
            let text = String(
                (0..<Int.random(in: 0...30, using: &generator)).map { _ in
                    pool.randomElement(using: &generator)!
                })
            if Vocabulary.light(text) != Self.reference(text) { mismatches.append(text) }
        }
        #expect(mismatches.isEmpty, "\(mismatches.prefix(10))")
    }
}

/// Particles trimmed the general way (split at white space, particles dropped at both ends, joined
/// by single spaces) and the fast way for plain texts must give the same text.
@Suite("Trimming particles")
struct TrimmingParticlesTests {
    let vocabulary = Fixtures.catalog.vocabulary

    /// The general rule, as ``Vocabulary/trimmingParticles(_:)`` applies it to any text.
    func reference(_ text: String) -> String {
        guard text.utf8.count <= 256 else { return text }
        let after: Set<String> = ["a", "nhe", "nha", "ah", "day"]
        let before: Set<String> = ["da", "thua", "vang"]
        var words = text.split(whereSeparator: \.isWhitespace)
        while words.count > 1, let last = words.last, after.contains(Folding.fold(String(last))) {
            words.removeLast()
        }
        while words.count > 1, let first = words.first, before.contains(Folding.fold(String(first))) {
            words.removeFirst()
        }
        return words.joined(separator: " ")
    }

    @Test("20,000 random texts of words, particles, spaces of every kind and marks: as the general rule")
    func sameAsReference() {
        let pool = [
            "dạ", "thưa", "vâng", "ạ", "à", "nhé", "nha", "đấy", "ạh", "3", "và", "5", "xem", "lại", "sửa",
            "Đồng", "chí", "1,5", ".", "🇻🇳", "e\u{301}", "\u{301}", " ", " ", "  ", "\t", "\n", "\u{A0}",
            "\u{3000}", "\r\n",
        ]
        var generator = SplitMix(state: 11)
        var mismatches: [String] = []
        for _ in 0..<20_000 {
            let text = (0..<Int.random(in: 0...9, using: &generator)).map { _ in
                pool.randomElement(using: &generator)!
            }.joined(separator: Bool.random(using: &generator) ? " " : "")
            if vocabulary.trimmingParticles(text) != reference(text) { mismatches.append(text) }
        }
        #expect(mismatches.isEmpty, "\(mismatches.prefix(5))")
    }
}

/// The near-command check's edit distance (optimal string alignment, stopping past a limit).
@Suite("Edit distance")
struct EditDistanceTests {
    /// The whole table, no early stop.
    static func reference(_ left: String, _ right: String) -> Int {
        let a = Array(left.utf8)
        let b = Array(right.utf8)
        var table = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in 0...a.count { table[i][0] = i }
        for j in 0...b.count { table[0][j] = j }
        for i in stride(from: 1, through: a.count, by: 1) {
            for j in stride(from: 1, through: b.count, by: 1) {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                table[i][j] = min(table[i - 1][j] + 1, table[i][j - 1] + 1, table[i - 1][j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    table[i][j] = min(table[i][j], table[i - 2][j - 2] + 1)
                }
            }
        }
        return table[a.count][b.count]
    }

    @Test("within the limit it is the distance; past it, it says so: 20,000 random pairs")
    func sameAsReference() {
        var generator = SplitMix(state: 5)
        let letters = Array("abcnopstu ")
        for round in 0..<20_000 {
            let left = String(
                (0..<Int.random(in: 0...9, using: &generator)).map { _ in
                    letters.randomElement(using: &generator)!
                })
            let right = String(
                (0..<Int.random(in: 0...9, using: &generator)).map { _ in
                    letters.randomElement(using: &generator)!
                })
            let limit = Int.random(in: 0...3, using: &generator)
            let expected = Self.reference(left, right)
            let found = Vocabulary.distance(left, right, limit: limit)
            #expect(
                expected <= limit ? found == expected : found > limit, "round \(round): \(left) / \(right)")
            if expected <= limit ? found != expected : found <= limit { return }
        }
    }
}

/// Greetings and the rest of a sentence, as members type them on a phone.
@Suite("Greetings and continuations")
struct GreetingAndContinuationTests {
    let vocabulary = Fixtures.catalog.vocabulary

    @Test(
        "a greeting with the words around it is a greeting; a text that only begins with one is not",
        arguments: [
            ("xin chào bác", true), ("chao buoi sang", true), ("alo alo", true), ("chào đ/c", true),
            ("chao dc", true), ("Chào đồng chí, tôi làm tiếp", true), ("hello again", true),
            ("chào cờ đầu tuần chưa đủ", false), ("chao co", false), ("bác", false),
            ("xin lỗi", false), ("tôi chào hỏi mọi người chưa đủ", false),
        ])
    func greeting(text: String, isGreeting: Bool) {
        #expect(vocabulary.meanings(of: text) == (isGreeting ? [.command(.greet)] : []))
    }

    @Test("the rest of a sentence: “và …”, “vì …” unless the question asks why; not “va chạm”, “vi phạm”")
    func continuation() {
        #expect(vocabulary.startsAsContinuation("va it phat bieu"))
        #expect(vocabulary.startsAsContinuation("nhất là khi tranh luận"))
        #expect(vocabulary.startsAsContinuation("vi mat kem", question: "Nhiệm vụ ở nơi cư trú?"))
        #expect(!vocabulary.startsAsContinuation("vi mat kem", question: "Thể hiện ra sao và vì sao?"))
        #expect(!vocabulary.startsAsContinuation("va cham voi lanh dao thi ngai"))
        #expect(!vocabulary.startsAsContinuation("vi pham loi hua voi dan"))
        #expect(!vocabulary.startsAsContinuation("it phat bieu trong cuoc hop"))
    }
}
