import Foundation
import Testing
import TusoiEngine
import TusoiStore
import TusoiWire

@testable import TusoiServer

/// A session keeps the questionnaire text it started with, whatever happens to `Prompts/` later.
@Suite("Sessions pinned to their questionnaire version")
struct PinningTests {
    func library(questionText: String, version: String) throws -> PromptLibrary {
        var library = try GoldenHarness.library()
        let source = """
            questionnaire: pin
            version: \(version)
            title: Ghim
            title.en: Pin
            [section s]
            title: S
            title.en: S
            [question q]
            kind: text
            text: \(questionText)
            text.en: \(questionText)
            [question r]
            kind: yes/no
            text: Câu hai?
            text.en: Second?
            """
        let questionnaire = try QuestionnaireParser.load(source, file: "pin.txt")
        library.questionnaires["pin"] = PromptLibrary.Entry(
            questionnaire: questionnaire, source: source, file: "pin.txt")
        return library
    }

    func send(_ service: ChatService, user: String, id: String, text: String) throws -> String {
        let message = InboundMessage(
            channel: "t", chat: user, user: user, messageID: id, content: .text(text))
        return try service.store.transaction {
            let outcome = try service.handle(message, now: 1)
            try service.flush(now: 1)
            return outcome.replies.map(\.text).joined(separator: "\n")
        }
    }

    @Test("an edited questionnaire reaches new members; a member already in progress stays on the old text")
    func pinned() throws {
        let path = GoldenHarness.temporaryStore()
        let old = try ChatService(
            store: try SessionStore(path: path), library: try library(questionText: "Câu cũ?", version: "1"),
            questionnaireID: "pin")
        #expect(try send(old, user: "a", id: "1", text: "chào").contains("Câu cũ?"))
        (old.store as! SessionStore).database.close()

        // The file is edited (new wording, new version) and the server restarts.
        let new = try ChatService(
            store: try SessionStore(path: path), library: try library(questionText: "Câu mới?", version: "2"),
            questionnaireID: "pin")
        #expect(try send(new, user: "a", id: "2", text: "xem lại").contains("Câu cũ?"))
        #expect(try send(new, user: "b", id: "1", text: "chào").contains("Câu mới?"))
        #expect(
            try (new.store as! SessionStore).database.query("SELECT version FROM questionnaires ORDER BY id")
            { $0.text(0) } == [
                "1", "2",
            ])
    }
}
