import Testing

@testable import TusoiEngine

/// The host's memos change no reply: the same conversations, with memos shared by every member and
/// without any, give the same effects message by message, on the real questionnaires.
@Suite("The host's memos change nothing the member sees")
struct EngineMemosTests {
    /// What members type, in a mix that visits checklists, yes/no, texts, groups, edits and the review.
    static let script = [
        "chào", "bắt đầu", "1 3", "khong co", "co", "Chưa đọc kỹ nghị quyết.", "xong", "không", "tiep", "2",
        "xem lại", "sửa 2", "1", "bỏ qua", "?", "không", "Học tập đều đặn.", "31/12/2027", "không", "1",
        "nộp", "xác nhận",
    ]

    static func run(_ questionnaire: Questionnaire, memos: EngineMemos?, members: Int) -> [[Effect]] {
        let context = ConversationContext(
            questionnaire: questionnaire, catalog: Fixtures.catalog, now: 1_764_000_000, memos: memos)
        var states = Array(repeating: SessionState(), count: members)
        var steps: [[Step]?] = Array(repeating: nil, count: members)
        var effects: [[Effect]] = []
        // Members take turns, each at their own point, so the memos are shared between them.
        for (index, text) in script.enumerated() {
            for member in 0..<members {
                let typed = member % 2 == 0 || index % 3 != 0 ? text : "ok"
                effects.append(
                    Conversation.reduce(
                        into: &states[member], event: .text(typed), context: context, steps: &steps[member]))
            }
        }
        return effects
    }

    @Test(
        "with and without memos, message by message",
        arguments: ["Prompts/tu-soi-tu-sua.txt", "Prompts/kiem-diem-2b.txt", "Prompts/kiem-diem-2c.txt"])
    func same(file: String) throws {
        let questionnaire = try #require(
            QuestionnaireParser.parse(Fixtures.read(file), file: file).questionnaire)
        let memos = EngineMemos()
        let remembered = Self.run(questionnaire, memos: memos, members: 3)
        let worked = Self.run(questionnaire, memos: nil, members: 3)
        #expect(remembered.count == worked.count)
        for (index, pair) in zip(remembered, worked).enumerated() where pair.0 != pair.1 {
            Issue.record("message \(index): \(pair.0) against \(pair.1)")
            break
        }
        // A second pass, with the memos already filled by the first, gives the same again.
        #expect(Self.run(questionnaire, memos: memos, members: 3) == worked)
    }
}
