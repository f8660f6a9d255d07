import Foundation

// libFuzzer target: any message as an answer to every kind of question of a small questionnaire,
// and through the reducer from a fresh session and from the middle of one.
let fuzzCatalog: Catalog = {
    let path = ProcessInfo.processInfo.environment["TUSOI_FUZZ_BOT"] ?? "Prompts/bot.txt"
    let text = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
    guard let catalog = Catalog.parse(text, file: path).catalog else { fatalError("cannot load \(path)") }
    return catalog
}()

let fuzzQuestionnaire: Questionnaire = {
    let path =
        ProcessInfo.processInfo.environment["TUSOI_FUZZ_FORM"] ?? "Tests/TusoiServerTests/Fixtures/kinds.txt"
    let text = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
    guard let questionnaire = QuestionnaireParser.parse(text, file: path).questionnaire else {
        fatalError("cannot load \(path)")
    }
    return questionnaire
}()

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzAnswers(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    let meanings = fuzzCatalog.vocabulary.meanings(of: text)
    let environment = MatchEnvironment(
        today: CivilDate(year: 2026, month: 11, day: 26), roster: [RosterEntry(id: "a", name: "Nguyễn Văn A")]
    )
    for question in fuzzQuestionnaire.questions {
        _ = AnswerMatcher.match(text, to: question, meanings: meanings, environment: environment)
    }
    let context = ConversationContext(
        questionnaire: fuzzQuestionnaire, catalog: fuzzCatalog, now: 1_764_000_000)
    var state = SessionState()
    for event in [Event.open, .text(text), .text(text), .button(text), .text("sửa 2"), .text(text)] {
        _ = Conversation.reduce(into: &state, event: event, context: context)
    }
    return 0
}

/// Loads the wording and the questionnaire once before fuzzing, so that the leak checker does not
/// count these lifelong globals against the first input.
@_cdecl("LLVMFuzzerInitialize")
public func fuzzInitialize(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>
) -> CInt {
    _ = fuzzCatalog.vocabulary
    _ = fuzzQuestionnaire.questions.count
    return 0
}
