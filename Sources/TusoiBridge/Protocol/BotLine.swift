import Foundation

/// A line the bot wrote on its standard output, decoded.
enum BotLine: Equatable {
    /// The answer to one of the bridge's requests.
    case response(id: JSON, Result<JSON, BotError>)
    /// A message the bot starts itself (a reminder, a notification): section 4 of the protocol.
    case send(id: JSON, SendRequest)
    /// A request of a method this bridge does not know; answered with "Method not found".
    case unknownRequest(id: JSON?, method: String)
    /// Not a JSON-RPC object; logged and skipped.
    case unreadable

    static func decode(_ line: Data) -> BotLine {
        guard let json = try? JSON.parse(line), case .object(let members) = json else { return .unreadable }
        let id = members["id"]
        if let method = members["method"]?.stringValue {
            guard method == "send" else { return .unknownRequest(id: id, method: method) }
            guard let id, let params = members["params"], let channel = params["channel"]?.stringValue,
                let chat = params["chat"]?.idText
            else { return .unknownRequest(id: id, method: method) }
            return .send(
                id: id, SendRequest(channel: channel, chat: chat, replies: Reply.list(params["replies"])))
        }
        guard let id else { return .unreadable }
        if let error = members["error"] {
            return .response(
                id: id,
                .failure(
                    BotError(
                        code: error["code"]?.int64Value ?? 0,
                        message: error["message"]?.stringValue ?? "error",
                        reason: error["data"]?["reason"]?.stringValue)))
        }
        guard let result = members["result"] else { return .unreadable }
        return .response(id: id, .success(result))
    }
}

/// The bot's `send` request: replies to deliver to a chat outside any conversation turn.
public struct SendRequest: Equatable, Sendable {
    public var channel: String
    public var chat: String
    public var replies: [Reply]

    public init(channel: String, chat: String, replies: [Reply]) {
        self.channel = channel
        self.chat = chat
        self.replies = replies
    }
}

/// An error response of the bot, with the protocol's code and its explanation for the log.
public struct BotError: Error, Equatable, Sendable {
    public var code: Int64
    public var message: String
    public var reason: String?

    /// The store could not commit: the message was not acknowledged and must be sent again later.
    public static let notStored: Int64 = -32002

    public var description: String {
        "\(code) \(message)" + (reason.map { ": \($0)" } ?? "")
    }
}
