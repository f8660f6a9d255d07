import Testing

@testable import TusoiEngine

/// Citations read as people write them, in the member's language, never as internal keys.
@Suite("Citations shown to members")
struct CitationTests {
    static let questionnaire: Questionnaire = {
        let text = Fixtures.read("Prompts/tu-soi-tu-sua.txt")
        return QuestionnaireParser.parse(text, file: "tu-soi-tu-sua.txt").questionnaire!
    }()

    @Test(
        "a key becomes the document's name and number; the rest is said in the member's language",
        arguments: [
            ("QD37, điều 3", Language.vi, "Quy định 37-QĐ/TW, Điều 3"),
            ("QD37, điều 3", .en, "Regulation 37-QĐ/TW, Article 3"),
            ("NQ04, nhóm I, biểu hiện 5", .vi, "Nghị quyết 04-NQ/TW, nhóm I, biểu hiện 5"),
            ("NQ04, nhóm I, biểu hiện 5", .en, "Resolution 04-NQ/TW, group I, item 5"),
            ("KL21", .vi, "Kết luận 21-KL/TW"),
            ("QD08", .en, "Regulation 08-QĐi/TW"),
            ("XYZ, điều 1", .vi, "XYZ, điều 1"),
        ])
    func citation(cite: String, language: Language, expected: String) {
        #expect(CitationTests.questionnaire.citationText(cite, language: language) == expected)
    }

    @Test("no question of the real questionnaires shows an internal key to a member")
    func noKeys() {
        for name in ["tu-soi-tu-sua", "kiem-diem-2b", "kiem-diem-2c"] {
            let text = Fixtures.read("Prompts/\(name).txt")
            let questionnaire = QuestionnaireParser.parse(text, file: name).questionnaire!
            let keys = questionnaire.documents.map(\.key)
            for question in questionnaire.questions {
                for cite in [question.citation] + question.options.map(\.citation) {
                    guard let cite else { continue }
                    for language in [Language.vi, .en] {
                        let shown = questionnaire.citationText(cite, language: language)
                        #expect(
                            !keys.contains { shown.hasPrefix($0 + ",") || shown == $0 }, "\(name): \(shown)")
                    }
                }
            }
        }
    }

    static func load(_ name: String) -> Questionnaire {
        QuestionnaireParser.parse(Fixtures.read("Prompts/\(name).txt"), file: "\(name).txt").questionnaire!
    }

    @Test(
        "the form for members outside the political system cites its guidance, form and article",
        arguments: [
            ("HD43, Mẫu 2C", Language.vi, "Hướng dẫn 43-HD/BTCTW, Mẫu 2C"),
            ("HD43, Mẫu 2C", .en, "Guidance 43-HD/BTCTW, Form 2C"),
            ("QD366, Điều 11", .vi, "Quy định 366-QĐ/TW, Điều 11"),
            ("QD366, Điều 11", .en, "Regulation 366-QĐ/TW, Article 11"),
            ("NQ04, nhóm II", .en, "Resolution 04-NQ/TW, group II"),
        ])
    func citation2C(cite: String, language: Language, expected: String) {
        #expect(CitationTests.load("kiem-diem-2c").citationText(cite, language: language) == expected)
    }

    /// Every text of a questionnaire a member can see, in both languages, citations as shown.
    static func memberTexts(_ questionnaire: Questionnaire) -> [String] {
        var texts = [questionnaire.title] + (questionnaire.intro.map { [$0] } ?? [])
        texts += questionnaire.sections.flatMap { [$0.title] + ($0.intro.map { [$0] } ?? []) }
        for question in questionnaire.questions {
            texts += [question.text] + [question.help, question.reask, question.none].compactMap { $0 }
            texts += question.options.map(\.label)
        }
        let cites = questionnaire.questions.flatMap { [$0.citation] + $0.options.map(\.citation) }.compactMap
        { $0 }
        return texts.flatMap { [$0.vi, $0.en] }
            + cites.flatMap { cite in
                [Language.vi, .en].map { questionnaire.citationText(cite, language: $0) }
            }
    }

    @Test("a form's letter is shown only where a source confirms it: 2C, and no letter for the other form")
    func formLetters() {
        let other = CitationTests.memberTexts(CitationTests.load("kiem-diem-2b"))
        #expect(!other.contains { $0.contains("Mẫu 2") || $0.contains("Mẫu 02") || $0.contains("Form 2") })
        let outside = CitationTests.memberTexts(CitationTests.load("kiem-diem-2c"))
        #expect(outside.contains { $0.contains("Mẫu 2C") })
        #expect(!outside.contains { $0.contains("Mẫu 2A") || $0.contains("Mẫu 2B") })
    }

    @Test("no member-facing text says an item is unverified, and the no-longer-used quota is gone")
    func noDoubtSownAndNoQuota() {
        for name in ["tu-soi-tu-sua", "kiem-diem-2b", "kiem-diem-2c"] {
            for text in CitationTests.memberTexts(CitationTests.load(name)) {
                #expect(!text.contains("xác minh") && !text.contains("20%"), "\(name): \(text)")
            }
        }
    }

    @Test(
        "the 2022 campaign file has no self-rating and names QĐ 37 as that campaign's rules, never as today's"
    )
    func campaign2022() {
        let questionnaire = CitationTests.load("tu-soi-tu-sua")
        #expect(
            !questionnaire.questions.contains { $0.kind == .single }, "reports would count it as a rating")
        #expect(questionnaire.question("xep-loai") == nil && questionnaire.question("xep-loai-ly-do") == nil)
        var shown = [questionnaire.intro].compactMap { $0 }
        shown += questionnaire.sections.compactMap(\.intro) + questionnaire.questions.map(\.text)
        let naming = shown.filter { $0.vi.contains("37-QĐ/TW") }
        #expect(naming.count >= 2, "the intro and the section's question")
        for text in naming {
            #expect(text.vi.contains("2022") && text.en.contains("2022"), "\(text.vi)")
        }
        let documents = Set(questionnaire.documents.map(\.key))
        #expect(documents.isSuperset(of: ["NQ04", "NQ12", "CT05", "QD37", "QD08", "QD101", "QD55", "KL21"]))
    }
}
