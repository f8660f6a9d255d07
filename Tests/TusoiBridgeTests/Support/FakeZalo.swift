import Foundation
import TusoiWire

@testable import TusoiBridge

/// A fake Zalo Bot Platform API: `getMe`, `getUpdates` (long poll, one update at a time, gone once
/// handed out, `408 Request timeout` when none came), `sendMessage` (texts of 1 to 2000 characters).
final class FakeZalo: FakeMessengerAPI, @unchecked Sendable {
    static let token = "2839201:zalo-FAKE_token-0123456789"

    // Guarded by `condition`.
    private var queue: [JSONValue] = []
    private var nextMessageID = 1
    private(set) var handedOut = 0

    init() throws {
        try super.init(token: Self.token)
    }

    /// A member's text; returns its message id (to push it again as a duplicate). Dated a minute
    /// apart, as a member who reads each question writes.
    @discardableResult
    func pushText(_ text: String, chat: String, messageID: String? = nil, type: String = "PRIVATE") -> String
    {
        locked {
            let id = messageID ?? "zm\(nextMessageID)"
            nextMessageID += 1
            queue.append([
                "event_name": "message.text.received",
                "message": [
                    "message_id": .string(id),
                    "date": .integer(1_790_000_000_000 + 60_000 * Int64(nextMessageID)),
                    "text": .string(text),
                    "chat": ["id": .string(chat), "chat_type": .string(type)],
                    "from": ["id": .string(chat), "display_name": "Bình"],
                ],
            ])
            condition.broadcast()
            return id
        }
    }

    /// A sticker: the bot is told a message with nothing to read came; returns its message id.
    @discardableResult
    func pushSticker(chat: String) -> String {
        locked {
            let id = "zs\(nextMessageID)"
            nextMessageID += 1
            queue.append([
                "event_name": "message.sticker.received",
                "message": [
                    "message_id": .string(id), "chat": ["id": .string(chat), "chat_type": "PRIVATE"],
                    "from": ["id": .string(chat)], "sticker": "bd0b2c1a",
                ],
            ])
            condition.broadcast()
            return id
        }
    }

    /// Whether every update was handed out; only inside ``waitUntil(timeout:_:)``, which holds the lock.
    var queueIsEmptyUnlocked: Bool { queue.isEmpty }

    override func dispatch(_ method: String, _ request: FakeHTTPServer.Request) -> FakeHTTPServer.Response? {
        let parameters = (try? JSONValue.parse(request.body)) ?? [:]
        switch method {
        case "getMe":
            return Self.ok(["id": "2839201", "account_name": "bot.tusoi", "account_type": "BASIC"])
        case "getUpdates":
            let timeout = min(Double(parameters["timeout"]?.stringValue ?? "0") ?? 0, 5)
            let deadline = Date().addingTimeInterval(timeout)
            condition.lock()
            defer { condition.unlock() }
            while queue.isEmpty, condition.wait(until: deadline) {}
            guard !queue.isEmpty else { return Self.failure(408, "Request timeout") }
            handedOut += 1
            condition.broadcast()
            return Self.ok(queue.removeFirst())
        case "sendMessage":
            let chat = parameters["chat_id"]?.stringValue ?? ""
            let text = parameters["text"]?.stringValue ?? ""
            let invalid = text.isEmpty || text.utf16.count > 2000 ? "text must be 1 to 2000 characters" : nil
            return deliver(.text(text, buttons: []), to: chat, invalidReason: invalid)
        default:
            return nil
        }
    }
}
