import Foundation
import TusoiWire

@testable import TusoiBridge

/// One thing a member does in a scripted conversation.
enum Step: Equatable, Sendable {
    case text(String)
    /// Presses the button with this data (it must be on the last reply).
    case press(String)
    /// Sends something that is not text (a sticker, a photo).
    case media
}

/// `tusoi serve` driven directly through pipes with a script: the reference of what a bridge must
/// deliver for the same script, and the store to check afterwards.
enum ReferenceRun {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// The bot's answers to `steps`, one per step, in a fresh store.
    static func answers(channel: String, capabilities: ChannelCapabilities, steps: [Step]) throws
        -> [MessageResult]
    {
        let store = Binaries.temporaryDirectory().appendingPathComponent("reference.sqlite").path
        let messages = steps.enumerated().map { index, step in
            InboundMessage(
                channel: channel, chat: "7001", user: "7001", messageID: "r\(index)",
                content: step.content, chatType: .private)
        }
        return try replay(
            messages, channel: channel, capabilities: capabilities, store: store, expectButtons: steps)
    }

    /// Sends `messages` to `tusoi serve` on `store` and returns its answers.
    static func replay(
        _ messages: [InboundMessage], channel: String, capabilities: ChannelCapabilities, store: String,
        expectButtons steps: [Step] = []
    ) throws -> [MessageResult] {
        let bot = try ChildRunner(Binaries.tusoi, ["serve", "--db", store])
        defer { bot.stop() }
        bot.write(BotWire.initialize(channels: [channel: capabilities]).text)
        var answers: [MessageResult] = []
        var offered: [String] = []
        for (index, message) in messages.enumerated() {
            if index < steps.count, case .press(let data) = steps[index], !offered.contains(data) {
                throw Failure(description: "step \(index): no button \(data) on the last reply (\(offered))")
            }
            bot.write(BotWire.message(id: index + 1, message).text)
            let deadline = Date().addingTimeInterval(10)
            while bot.outputLines.count < index + 2 && Date() < deadline {
                Thread.sleep(forTimeInterval: 0.002)
            }
            guard bot.outputLines.count >= index + 2,
                case .response(_, .success(let result)) = BotLine.decode(
                    Data(bot.outputLines[index + 1].utf8))
            else { throw Failure(description: "step \(index): no answer from tusoi serve\n\(bot.log)") }
            let answer = MessageResult(
                replay: result["replay"]?.boolValue ?? false, replies: WireReply.list(result["replies"]))
            answers.append(answer)
            offered = answer.replies.flatMap { reply -> [String] in
                if case .text(_, let buttons) = reply { return buttons.map(\.data) }
                return []
            }
        }
        return answers
    }
}

extension Step {
    var content: InboundMessage.Content {
        switch self {
        case .text(let text): return .text(text)
        case .press(let data): return .button(data)
        case .media: return .kind(.media)
        }
    }
}

extension Data {
    var text: String { String(decoding: self, as: UTF8.self) }
}
