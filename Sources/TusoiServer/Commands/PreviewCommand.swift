import Foundation
import TusoiEngine
import TusoiWire

/// `tusoi preview FILE`: walk through a questionnaire in the terminal, with no store at all.
enum PreviewCommand {
    static func run(_ arguments: Arguments, environment: [String: String]) -> ExitCode {
        var arguments = arguments
        if arguments.flag("--help") {
            print(Tusoi.usage(ProcessInfo.processInfo.environment))
            return .success
        }
        let files: [String]
        let prompts: String?
        do {
            prompts = try arguments.option("--prompts")
            files = try arguments.positional()
        } catch {
            return Tusoi.usageFailure(error)
        }
        guard files.count == 1, let file = files.first else {
            return Tusoi.usageFailure(
                UsageError(.wrongArguments, ["command": "preview"], english: "preview needs exactly one FILE")
            )
        }
        guard let directory = PromptLibrary.locate(explicit: prompts, environment: environment),
            let botText = try? String(contentsOfFile: directory + "/bot.txt", encoding: .utf8),
            let text = try? String(contentsOfFile: file, encoding: .utf8)
        else {
            Log.error("cannot read \(file), or the bot's wording (give --prompts DIR)")
            return .dataError
        }
        let catalog: Catalog
        let questionnaire: Questionnaire
        do {
            catalog = try Catalog.load(botText, file: directory + "/bot.txt")
            questionnaire = try QuestionnaireParser.load(text, file: file)
        } catch {
            Log.error("there are errors (run tusoi check):\n\(error)")
            return .dataError
        }
        var state = SessionState(language: Console.language(environment))
        let renderer = ReplyRenderer(
            capabilities: ChannelCapabilities(maxTextLength: 100_000, buttons: false, documents: false))
        func show(_ effects: [Effect]) {
            let replies = effects.compactMap { effect -> Reply? in
                if case .reply(let reply) = effect { return reply }
                return nil
            }
            for part in renderer.render(replies) {
                if case .text(let text, _) = part { print(text + "\n") }
            }
        }
        print("(preview of \(questionnaire.id) \(questionnaire.version): nothing is stored)\n")
        let roster = [RosterEntry(id: "a", name: "Nguyễn Văn A"), RosterEntry(id: "b", name: "Trần Thị B")]
        func step(_ event: Event) -> [Effect] {
            Conversation.reduce(
                into: &state, event: event,
                context: ConversationContext(
                    questionnaire: questionnaire, catalog: catalog, now: systemNow(), roster: roster))
        }
        show(step(.open))
        while true {
            print("> ", terminator: "")
            flushStandardOutput()
            guard let line = readLine() else { break }
            let effects = step(.text(line))
            show(effects)
            if effects.contains(.paused) || effects.contains(.submitted) { break }
        }
        return .success
    }
}
