import Foundation
import TusoiWire

/// A line the bot wrote on its standard output, decoded.
enum BotLine: Equatable {
    /// The answer to one of the bridge's requests.
    case response(id: JSONValue, Result<JSONValue, BotError>)
    /// A message the bot starts itself (a reminder, a notification): section 4 of the protocol.
    case send(id: JSONValue, SendRequest)
    /// A request of a method this bridge does not know; answered with "Method not found".
    case unknownRequest(id: JSONValue?, method: String)
    /// Not a JSON-RPC object; logged and skipped.
    case unreadable

    static func decode(_ line: Data) -> BotLine {
        guard let json = try? JSONValue.parse(line), case .object(let members) = json else {
            return .unreadable
        }
        let id = members["id"]
        if let method = members["method"]?.stringValue {
            guard method == "send" else { return .unknownRequest(id: id, method: method) }
            guard let id, let params = members["params"], let channel = params["channel"]?.stringValue,
                let chat = params["chat"]?.idText
            else { return .unknownRequest(id: id, method: method) }
            return .send(
                id: id, SendRequest(channel: channel, chat: chat, replies: WireReply.list(params["replies"])))
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
