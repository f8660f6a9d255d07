import Foundation
import TusoiWire

/// The lines the bridge writes to the bot: requests and its answers to the bot's own requests.
enum BotWire {
    /// The id of the handshake; every run of the bot gets it first.
    static let initializeID: JSONValue = "init"

    static func initialize(channels: [String: ChannelCapabilities]) -> Data {
        line([
            "jsonrpc": "2.0", "id": initializeID, "method": "initialize",
            "params": ["protocolVersion": "1", "channels": .object(channels.mapValues(\.json))],
        ])
    }

    static func message(id: Int, _ message: InboundMessage) -> Data {
        line(["jsonrpc": "2.0", "id": .integer(Int64(id)), "method": "message", "params": message.params])
    }

    /// The answer to one of the bot's requests: `{}` when it succeeded, an error otherwise.
    static func answer(id: JSONValue, _ outcome: SendOutcome) -> Data {
        switch outcome {
        case .delivered:
            return line(["jsonrpc": "2.0", "id": id, "result": [:]])
        case .blocked:
            return line(["jsonrpc": "2.0", "id": id, "error": ["code": 1, "message": "blocked"]])
        case .failed(let reason):
            return line(["jsonrpc": "2.0", "id": id, "error": ["code": 2, "message": .string(reason)]])
        }
    }

    static func methodNotFound(id: JSONValue, method: String) -> Data {
        line([
            "jsonrpc": "2.0", "id": id,
            "error": [
                "code": -32601, "message": "Method not found",
                "data": ["reason": .string("this bridge does not handle \"\(method)\"")],
            ],
        ])
    }

    private static func line(_ json: JSONValue) -> Data {
        Data((json.text + "\n").utf8)
    }
}

/// How sending a list of replies to a chat ended.
public enum SendOutcome: Equatable, Sendable {
    case delivered
    /// The member blocked the bot (HTTP 403): nothing more is sent to that chat.
    case blocked
    /// The messenger refused for another reason, said in plain English for the log.
    case failed(String)
}
