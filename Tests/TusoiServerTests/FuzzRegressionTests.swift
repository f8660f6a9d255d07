import Foundation
import Testing
import TusoiEngine

@testable import TusoiServer

/// Every input that once crashed a fuzz target (`Scripts/fuzz`), replayed through the same code.
@Suite("Fuzz crashes stay fixed")
struct FuzzRegressionTests {
    static let root = GoldenHarness.packageRoot.appendingPathComponent("Tests/Fuzz/crashes")

    static func inputs(_ target: String) -> [String] {
        let folder = root.appendingPathComponent(target)
        return ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).sorted()
            .map { folder.appendingPathComponent($0).path }
    }

    static let catalog = try! GoldenHarness.library().catalog
    static let kinds = try! GoldenHarness.library().questionnaires["kinds"]!.questionnaire

    @Test("saved crashes of answer matching and the reducer", arguments: inputs("answers"))
    func answers(path: String) throws {
        let text = String(decoding: try Data(contentsOf: URL(fileURLWithPath: path)), as: UTF8.self)
        let meanings = Self.catalog.vocabulary.meanings(of: text)
        let environment = MatchEnvironment(today: CivilDate(year: 2026, month: 11, day: 26))
        var outcomes = 0
        for question in Self.kinds.questions {
            _ = AnswerMatcher.match(text, to: question, meanings: meanings, environment: environment)
            outcomes += 1
        }
        var state = SessionState()
        let context = ConversationContext(
            questionnaire: Self.kinds, catalog: Self.catalog, now: 1_764_000_000)
        let effects = Conversation.reduce(into: &state, event: .text(text), context: context)
        #expect(outcomes == Self.kinds.questions.count)
        #expect(!effects.isEmpty)
    }

    @Test("saved crashes of the protocol decoder", arguments: inputs("protocol"))
    func protocolLines(path: String) throws {
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        let result = bytes.withUnsafeBytes { raw in
            Result { () throws(ProtocolError) in try Request.decode(raw) }
        }
        if case .failure(let error) = result { #expect(!error.reason.isEmpty) }
    }

    @Test("saved crashes of the questionnaire parser", arguments: inputs("questionnaire"))
    func questionnaires(path: String) throws {
        let text = String(decoding: try Data(contentsOf: URL(fileURLWithPath: path)), as: UTF8.self)
        let result = QuestionnaireParser.parse(text, file: "crash.txt")
        #expect(result.questionnaire != nil || !result.diagnostics.isEmpty)
    }
}
