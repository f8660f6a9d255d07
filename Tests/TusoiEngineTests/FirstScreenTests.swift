import Testing

@testable import TusoiEngine

/// The first screen (docs/CONVERSATION.md): one greeting, and the first question held back for
/// “bắt đầu” when the greeting, the introduction and the question would not fit 600 characters.
@Suite("The first screen")
struct FirstScreenTests {
    static func form(introLength: Int) -> Questionnaire {
        let intro = String(repeating: "Phiếu thử. ", count: introLength / 11)
        let text = """
            questionnaire: dau
            version: 1
            title: Phiếu đầu
            intro: \(intro)
            [section a]
            title: A
            [question mot]
            kind: yes/no
            text: Câu một?
            """
        guard let form = QuestionnaireParser.parse(text, file: "dau.txt").questionnaire else {
            fatalError("dau.txt does not load")
        }
        return form
    }

    func replies(_ effects: [Effect]) -> [String] {
        effects.compactMap { if case .reply(let reply) = $0 { reply.text } else { nil } }
    }

    @Test("a short start asks the first question at once, with one greeting")
    func shortStart() {
        var state = SessionState()
        let effects = Conversation.reduce(
            into: &state, event: .text("chào"),
            context: Fixtures.context(FirstScreenTests.form(introLength: 100)))
        #expect(state.phase == .asking("mot"))
        #expect(replies(effects).joined().components(separatedBy: "chào").count - 1 == 1)
    }

    @Test(
        "a long start waits; whatever the member types that is not a command begins, recording nothing",
        arguments: ["bắt đầu", "bat dau", "1", "ok", "có", "xin chào"])
    func longStart(message: String) {
        let context = Fixtures.context(FirstScreenTests.form(introLength: 700))
        var state = SessionState()
        let first = replies(Conversation.reduce(into: &state, event: .text("chào"), context: context))
        #expect(state.phase == .new)
        #expect(first.joined().contains("bắt đầu"))
        #expect(!first.joined().contains("Câu một?"))
        let effects = Conversation.reduce(into: &state, event: .text(message), context: context)
        #expect(state.phase == .asking("mot"), "\(message)")
        #expect(!effects.contains { if case .record = $0 { true } else { false } }, "\(message)")
    }

    @Test("help or opening the chat again before beginning does not greet twice")
    func waitingAgain() {
        let context = Fixtures.context(FirstScreenTests.form(introLength: 700))
        var state = SessionState()
        _ = Conversation.reduce(into: &state, event: .text("chào"), context: context)
        for event in [Event.text("trợ giúp"), .open] {
            let text = replies(Conversation.reduce(into: &state, event: event, context: context)).joined()
            #expect(state.phase == .new)
            #expect(!text.contains("Xin chào"), "\(event)")
            #expect(text.contains("bắt đầu"), "\(event)")
        }
    }
}
