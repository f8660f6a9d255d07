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
        for name in ["tu-soi-tu-sua", "kiem-diem-2b"] {
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
}
