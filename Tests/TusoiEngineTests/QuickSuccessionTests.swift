import Testing

@testable import TusoiEngine

/// Several messages in quick succession (docs/CONVERSATION.md): the time comes with each event.
@Suite("Several messages in quick succession")
struct QuickSuccessionTests {
    static let form: Questionnaire = {
        let text = """
            questionnaire: quick
            version: 1
            title: Nhanh
            [section a]
            title: A
            [question mot]
            kind: text
            text: Câu một?
            [question hai]
            kind: text
            text: Câu hai?
            [question ba]
            kind: yes/no
            text: Câu ba?
            """
        guard let form = QuestionnaireParser.parse(text, file: "quick.txt").questionnaire else {
            fatalError("quick.txt does not load")
        }
        return form
    }()

    /// Runs (text, seconds) pairs; a nil time is a bridge that sent none.
    func run(_ messages: [(String, Int64?)]) -> (SessionState, [Effect]) {
        var state = SessionState()
        var effects: [Effect] = []
        for (text, at) in messages {
            var context = Fixtures.context(QuickSuccessionTests.form)
            context.sentAt = at.map { 1_764_000_000 + $0 }
            effects += Conversation.reduce(into: &state, event: .text(text), context: context)
        }
        return (state, effects)
    }

    func recorded(_ effects: [Effect]) -> [String: Answer] {
        var answers: [String: Answer] = [:]
        for case .record(let key, let answer) in effects { answers[key] = answer }
        return answers
    }

    @Test("a second part within 5 s is held, recorded nowhere, and joins the answer on “1”")
    func joins() {
        let (held, heldEffects) = run([("chào", 0), ("Đi họp muộn", 60), ("vì bận việc", 62)])
        #expect(held.held == "vì bận việc")
        #expect(held.phase == .asking("hai"))
        #expect(recorded(heldEffects) == ["mot": .text("Đi họp muộn")])
        let (state, effects) = run([("chào", 0), ("Đi họp muộn", 60), ("vì bận việc", 62), ("1", 90)])
        #expect(recorded(effects)["mot"] == .text("Đi họp muộn, vì bận việc"))
        #expect(recorded(effects)["hai"] == nil)
        #expect(state.held == nil)
        #expect(state.phase == .asking("hai"))
    }

    @Test(
        "where the held message goes, as members type it",
        arguments: [("1 ạ", "mot"), ("dạ 1", "mot"), ("2 nhé", "hai"), ("2.", "hai")])
    func typedChoice(message: String, key: String) {
        let (state, effects) = run([("chào", 0), ("Đi họp muộn", 60), ("vì bận việc", 61), (message, 90)])
        #expect(state.held == nil)
        let joined = recorded(effects)["mot"] == .text("Đi họp muộn, vì bận việc")
        let answered = recorded(effects)["hai"] == .text("vì bận việc")
        #expect(key == "mot" ? joined && !answered : answered && !joined, "\(message)")
    }

    @Test("“2” reads the held message as the answer to the question asked")
    func answers() {
        let (state, effects) = run([("chào", 0), ("Đi họp muộn", 60), ("Đặt báo thức", 61), ("2", 80)])
        #expect(recorded(effects)["hai"] == .text("Đặt báo thức"))
        #expect(recorded(effects)["mot"] == .text("Đi họp muộn"))
        #expect(state.phase == .asking("ba"))
    }

    @Test("without a time, or 5 s or more later, the message answers the question asked")
    func notQuick() {
        for later: Int64? in [nil, 65, 200] {
            let (_, effects) = run([
                ("chào", 0), ("Đi họp muộn", later.map { _ in 60 }), ("Đặt báo thức", later),
            ])
            #expect(recorded(effects)["hai"] == .text("Đặt báo thức"), "at \(String(describing: later))")
        }
    }

    @Test("a third quick part joins the held one; a command drops it and runs, recording nothing")
    func thirdPartAndCommand() {
        let (state, _) = run([("chào", 0), ("Đi họp muộn", 60), ("vì bận", 61), ("việc nhà", 62)])
        #expect(state.held == "vì bận việc nhà")
        let (helped, effects) = run([("chào", 0), ("Đi họp muộn", 60), ("vì bận", 61), ("trợ giúp", 70)])
        #expect(helped.held == nil)
        #expect(recorded(effects).keys.sorted() == ["mot"])
        #expect(helped.phase == .asking("hai"))
    }

    @Test("a quick message for a question that does not take free text is matched as usual")
    func notFreeText() {
        let (state, effects) = run([
            ("chào", 0), ("Đi họp muộn", 60), ("Đặt báo thức", 120), ("có", 121),
        ])
        #expect(recorded(effects)["ba"] == .yesNo(true))
        #expect(state.phase == .reviewing)
    }

    @Test("words that are no answer to a checklist, right after a text answer, are held and asked about")
    func checklistNext() {
        let source = """
            questionnaire: q
            version: 1
            title: Q
            title.en: Q
            [section s]
            title: S
            title.en: S
            [question mot]
            kind: text
            text: Một?
            text.en: One?
            [question ds]
            kind: multiple
            text: Chọn?
            text.en: Choose?
            option a: A
            option a.en: A
            option b: B
            option b.en: B
            """
        let questionnaire = try! QuestionnaireParser.load(source, file: "q.txt")
        var state = SessionState()
        var effects: [Effect] = []
        for (text, at) in [("chào", Int64(0)), ("tôi hay né nặng", 60), ("ngại va chạm với lãnh đạo", 62)] {
            let context = ConversationContext(
                questionnaire: questionnaire, catalog: Fixtures.catalog, now: 1_764_000_000 + at,
                sentAt: 1_764_000_000 + at)
            effects = Conversation.reduce(into: &state, event: .text(text), context: context)
        }
        #expect(state.held == "ngại va chạm với lãnh đạo", "held, not dropped: \(effects)")
        #expect(state.phase == .asking("ds"))
    }
}
