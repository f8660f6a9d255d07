import Foundation
import TusoiEngine
import TusoiWire

/// `tusoi chat`: a self-review in the terminal, on the same store and engine as the server.
enum ChatCommand {
    static func run(_ arguments: Arguments, environment: [String: String]) -> ExitCode {
        var arguments = arguments
        if arguments.flag("--help") {
            print(Tusoi.usage(ProcessInfo.processInfo.environment))
            return .success
        }
        let options: CommonOptions
        let user: String
        do {
            options = try CommonOptions(&arguments, environment: environment)
            user =
                try arguments.option("--user") ?? environment["USER"].flatMap { $0.isEmpty ? nil : $0 }
                ?? "local"
            try arguments.finish()
        } catch {
            return Tusoi.usageFailure(error)
        }
        let service: ChatService
        switch options.openService(environment: environment) {
        case .success(let opened): service = opened
        case .failure(let failure):
            Log.error(failure.message)
            return failure.code
        }
        let renderer = ReplyRenderer(
            capabilities: ChannelCapabilities(maxTextLength: 100_000, buttons: false, documents: false))
        var sequence = 0
        func send(_ text: String?) -> ChatService.Outcome? {
            sequence += 1
            let now = systemNow()
            let message = InboundMessage(
                channel: "terminal", chat: user, user: user,
                messageID: "\(UInt64(Date().timeIntervalSince1970 * 1_000_000))-\(sequence)",
                content: .text(text ?? ""))
            do {
                return try service.store.transaction {
                    let outcome = try service.handle(message, now: now, opening: text == nil)
                    try service.flush(now: now)
                    return outcome
                }
            } catch {
                service.forgetCache()
                Log.error("your last message was not saved: \(error)")
                return nil
            }
        }
        func show(_ outcome: ChatService.Outcome?) {
            guard let outcome else { return }
            for part in renderer.render(outcome.replies) {
                if case .text(let text, _) = part { print(text + "\n") }
            }
            flushStandardOutput()
        }
        // In the language the member chose in the conversation ("ngôn ngữ en"), not the command line's.
        func resume() -> String {
            let session = try? service.store.latestSession(channel: "terminal", user: user)
            return service.library.catalog.text(.terminalResume, session?.state.language ?? .vi)
        }
        show(send(nil))
        while true {
            print("> ", terminator: "")
            flushStandardOutput()
            guard let line = readLine() else {
                print("\n" + resume())
                break
            }
            let outcome = send(line)
            show(outcome)
            if outcome?.paused == true {
                print(resume())
                break
            }
        }
        service.store.close()
        return .success
    }
}
