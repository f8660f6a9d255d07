import Foundation

@testable import TusoiEngine

/// The real wording and a small questionnaire, shared by the engine's tests.
enum Fixtures {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    static func read(_ relative: String) -> String {
        (try? String(contentsOf: root.appendingPathComponent(relative), encoding: .utf8)) ?? ""
    }

    static let catalog: Catalog = {
        guard let catalog = Catalog.parse(read("Prompts/bot.txt"), file: "bot.txt").catalog else {
            fatalError("Prompts/bot.txt does not load")
        }
        return catalog
    }()

    static let mini: Questionnaire = {
        let text = read("Tests/TusoiServerTests/Fixtures/mini.txt")
        guard let questionnaire = QuestionnaireParser.parse(text, file: "mini.txt").questionnaire else {
            fatalError("mini.txt does not load")
        }
        return questionnaire
    }()

    static func context(_ questionnaire: Questionnaire = mini) -> ConversationContext {
        ConversationContext(questionnaire: questionnaire, catalog: catalog, now: 1_764_000_000)
    }
}
