import Testing

@testable import TusoiEngine

@Suite("The reducer")
struct ConversationTests {
    /// Runs messages through the reducer and returns the final state and every effect.
    func run(_ texts: [String], from state: SessionState = SessionState()) -> (SessionState, [Effect]) {
        var state = state
        var effects: [Effect] = []
        for text in texts {
            effects += Conversation.reduce(into: &state, event: .text(text), context: Fixtures.context())
        }
        return (state, effects)
    }

    @Test("the same session and event always give the same state and effects")
    func deterministic() {
        let first = run(["chào", "có", "Đi muộn", "1, 3"])
        let second = run(["chào", "có", "Đi muộn", "1, 3"])
        #expect(first.0 == second.0)
        #expect(first.1 == second.1)
    }

    @Test("answers are recorded as effects, in order, and the state points at the next step")
    func records() {
        let (state, effects) = run(["chào", "có", "Đi muộn", "1, 3"])
        let records = effects.compactMap { effect -> String? in
            if case .record(let key, _) = effect { return key }
            return nil
        }
        #expect(records == ["vi-pham", "mo-ta", "bieu-hien"])
        #expect(state.phase == .asking("chi-tiet:lam-bieng"))
        #expect(state.answers["bieu-hien"] == .choices(["lam-bieng", "xa-dan"]))
    }

    @Test("an answer that does not fit changes nothing but the reply")
    func reaskKeepsState() {
        let (before, _) = run(["chào"])
        var after = before
        let effects = Conversation.reduce(into: &after, event: .text("có lẽ"), context: Fixtures.context())
        #expect(after == before)
        #expect(effects.count == 1)
    }

    @Test("editing an answer turns a follow-up off and another on; the old answer stays only in the history")
    func editRecomputes() {
        let (state, _) = run(["chào", "có", "Đi muộn", "0", "2", "bỏ qua", "sửa 1", "không"])
        let steps = Fixtures.mini.steps(given: state.answers).map(\.key)
        #expect(!steps.contains("mo-ta"))
        #expect(!steps.contains("ly-do"))
        #expect(state.phase == .reviewing)
        // The review numbered mo-ta 2 and bieu-hien 3; the numbers stay although mo-ta went away.
        let (gone, goneEffects) = run(["sửa 2"], from: state)
        #expect(gone.phase == .reviewing)
        let goneText = goneEffects.compactMap { effect -> String? in
            if case .reply(let reply) = effect { return reply.text }
            return nil
        }
        #expect(goneText.first?.hasPrefix("Câu 2 không còn") == true)
        let (edited, _) = run(["sửa 3", "3"], from: state)
        #expect(Fixtures.mini.steps(given: edited.answers).map(\.key).contains("chi-tiet:xa-dan"))
        #expect(edited.phase == .asking("chi-tiet:xa-dan"))
    }

    @Test("submitting needs a confirmation and yields a document with the answers")
    func submit() {
        let (state, effects) = run(["chào", "không", "0", "2", "nộp", "xác nhận"])
        #expect(state.phase == .submitted)
        #expect(state.submittedAt == 1_764_000_000)
        #expect(effects.contains(.submitted))
        let document = effects.compactMap { effect -> TusoiEngine.Attachment? in
            if case .reply(let reply) = effect { return reply.attachment }
            return nil
        }.first
        #expect(document?.text.contains("Hoàn thành tốt nhiệm vụ") == true)
    }

    @Test("a number presses the button of that number on a channel without buttons")
    func numberPressesButton() {
        let (state, _) = run(["chào", "không", "0", "2", "nộp", "1"])
        #expect(state.phase == .submitted)
    }
}

@Suite("The reducer, on the points a review found")
struct ConversationReviewTests {
    func run(_ events: [Event], questionnaire: Questionnaire = Fixtures.mini) -> SessionState {
        var state = SessionState()
        for event in events {
            _ = Conversation.reduce(into: &state, event: event, context: Fixtures.context(questionnaire))
        }
        return state
    }

    @Test("an old submit-confirmation button does not confirm a discard, nor the other way round")
    func confirmationsDiffer() {
        let discarding = run([.text("chào"), .text("không"), .text("0"), .text("2"), .text("hủy")])
        #expect(discarding.phase == .confirmingDiscard(returnTo: nil))
        var state = discarding
        _ = Conversation.reduce(into: &state, event: .button("c/submit-yes"), context: Fixtures.context())
        #expect(state.phase == .confirmingDiscard(returnTo: nil))
        #expect(state.answers.count == 3)
        let submitting = run([
            .text("chào"), .text("không"), .text("0"), .text("2"), .text("nộp"), .button("c/discard-yes"),
        ])
        #expect(submitting.phase == .confirmingSubmit)
    }

    @Test("a long answer in progress survives going elsewhere and coming back; '1' is the shown '1. Xong'")
    func draftKept() {
        let kinds = try! QuestionnaireParser.load(
            Fixtures.read("Tests/TusoiServerTests/Fixtures/kinds.txt"), file: "kinds.txt")
        let state = run(
            [
                .text("chào"), .text("Phần một."), .text("xem lại"), .text("tiếp tục"), .text("Phần hai."),
                .text("xong"),
            ],
            questionnaire: kinds)
        #expect(state.answers["uu-diem"] == .text("Phần một.\n\nPhần hai."))
        #expect(state.draft.isEmpty && state.draftKey == nil)
        // "1" names the option shown after a part ("1. Xong" where there are no buttons): done.
        let done = run([.text("chào"), .text("Phần một."), .text("1")], questionnaire: kinds)
        #expect(done.answers["uu-diem"] == .text("Phần một."))
        // Before any part, "1" names no option: asked about, never stored as the answer.
        let first = run([.text("chào"), .text("1"), .text("xong")], questionnaire: kinds)
        #expect(first.answers["uu-diem"] == nil && first.draft.isEmpty)
    }

    @Test("numbers must be whole: -5, 27,5 and 1.000 are asked again")
    func wholeNumbers() throws {
        let kinds = try QuestionnaireParser.load(
            Fixtures.read("Tests/TusoiServerTests/Fixtures/kinds.txt"), file: "kinds.txt")
        let question = try #require(kinds.question("diem-chung"))
        for text in ["-5", "27,5", "1.000", "2.5 điểm"] {
            #expect(
                AnswerMatcher.match(text, to: question, meanings: [])
                    == .reask(.reaskNumber, ["min": "0", "max": "30"]))
        }
        #expect(AnswerMatcher.match("25/30", to: question, meanings: []) == .answer(.number(25)))
    }
}
