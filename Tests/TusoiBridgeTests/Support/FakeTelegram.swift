import Foundation
import TusoiWire

@testable import TusoiBridge

/// A fake Telegram Bot API: `getMe`, `getUpdates` (long poll, confirmation by offset), `sendMessage`
/// (texts of at most 4096 UTF-16 units, callback data of at most 64 bytes), `sendDocument`
/// (multipart), `answerCallbackQuery`.
final class FakeTelegram: FakeMessengerAPI, @unchecked Sendable {
    static let token = "123456:AAH-fake_Telegram-token"

    // Guarded by `condition`.
    /// Updates not confirmed yet; a `forced` one is handed out once more whatever the offset says.
    private var queue: [(id: Int64, update: JSONValue, forced: Bool)] = []
    private var history: [Int64: JSONValue] = [:]
    private var nextUpdateID: Int64 = 100
    private var nextMessageID: Int64 = 1
    /// The highest offset the bridge asked with: every update below it is confirmed.
    private(set) var confirmedOffset: Int64 = 0
    private(set) var answeredQueries: [String] = []
    private(set) var polls = 0
    /// A webhook left set: `getUpdates` answers 409 until `deleteWebhook`.
    var webhookActive = false
    private(set) var webhookDeletions = 0
    /// `getUpdates` answers 500 until then.
    var pollsFailUntil: Date?

    init() throws {
        try super.init(token: Self.token)
    }

    // MARK: - Updates the tests push

    /// A member's text message; returns its update id.
    /// Messages are dated a minute apart, as a member who reads each question writes them (a
    /// quicker one may be held by the bot as the rest of the previous answer).
    @discardableResult
    func pushText(_ text: String, chat: Int64, from user: Int64? = nil, type: String = "private") -> Int64 {
        locked {
            let messageID = nextMessageID
            nextMessageID += 1
            return enqueue([
                "message": [
                    "message_id": .integer(messageID), "date": .integer(1_790_000_000 + 60 * messageID),
                    "text": .string(text),
                    "chat": ["id": .integer(chat), "type": .string(type)],
                    "from": ["id": .integer(user ?? chat), "is_bot": false, "first_name": "Bình"],
                ]
            ])
        }
    }

    /// A sticker; returns its update id.
    @discardableResult
    func pushSticker(chat: Int64) -> Int64 {
        locked {
            let messageID = nextMessageID
            nextMessageID += 1
            return enqueue([
                "message": [
                    "message_id": .integer(messageID), "date": .integer(1_790_000_000 + 60 * messageID),
                    "sticker": ["emoji": "👍"],
                    "chat": ["id": .integer(chat), "type": "private"],
                    "from": ["id": .integer(chat), "is_bot": false, "first_name": "Bình"],
                ]
            ])
        }
    }

    /// A press of an inline button; returns its update id.
    @discardableResult
    func pushButton(_ data: String, chat: Int64) -> Int64 {
        locked {
            let queryID = "q\(nextUpdateID)"
            return enqueue([
                "callback_query": [
                    "id": .string(queryID), "data": .string(data),
                    "from": ["id": .integer(chat), "is_bot": false, "first_name": "Bình"],
                    "message": ["message_id": 1, "chat": ["id": .integer(chat), "type": "private"]],
                ]
            ])
        }
    }

    /// Hands an update out once more, with its id, even if it was confirmed: a duplicate delivery.
    func redeliver(_ id: Int64) {
        locked {
            queue.append((id, history[id]!, true))
            condition.broadcast()
        }
    }

    /// The update pushed with this id.
    func update(_ id: Int64) -> JSONValue {
        locked { history[id] ?? .null }
    }

    func isConfirmed(_ id: Int64) -> Bool {
        locked { confirmedOffset > id }
    }

    private func enqueue(_ fields: [String: JSONValue]) -> Int64 {
        let id = nextUpdateID
        nextUpdateID += 1
        var update = fields
        update["update_id"] = .integer(id)
        history[id] = .object(update)
        queue.append((id, .object(update), false))
        condition.broadcast()
        return id
    }

    // MARK: - The API

    override func dispatch(_ method: String, _ request: FakeHTTPServer.Request) -> FakeHTTPServer.Response? {
        switch method {
        case "getMe":
            return Self.ok(["id": 123456, "is_bot": true, "username": "tusoi_test_bot"])
        case "getUpdates":
            let refusal: FakeHTTPServer.Response? = locked {
                polls += 1
                if webhookActive {
                    return Self.failure(
                        409,
                        "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook")
                }
                if let until = pollsFailUntil, Date() < until {
                    return Self.failure(500, "Internal Server Error")
                }
                return nil
            }
            return refusal ?? getUpdates((try? JSONValue.parse(request.body)) ?? [:])
        case "deleteWebhook":
            locked {
                webhookActive = false
                webhookDeletions += 1
            }
            return Self.ok(true)
        case "sendMessage":
            return sendMessage((try? JSONValue.parse(request.body)) ?? [:])
        case "sendDocument":
            return sendDocument(request)
        case "answerCallbackQuery":
            let id = (try? JSONValue.parse(request.body))?["callback_query_id"]?.stringValue ?? ""
            locked {
                answeredQueries.append(id)
                condition.broadcast()
            }
            return Self.ok(true)
        default:
            return nil
        }
    }

    private func getUpdates(_ parameters: JSONValue) -> FakeHTTPServer.Response {
        let timeout = min(parameters["timeout"]?.doubleValue ?? 0, 5)
        let limit = Int(parameters["limit"]?.int64Value ?? 100)
        let deadline = Date().addingTimeInterval(timeout)
        condition.lock()
        defer { condition.unlock() }
        if let offset = parameters["offset"]?.int64Value {
            confirmedOffset = max(confirmedOffset, offset)
            queue.removeAll { $0.id < offset && !$0.forced }
        }
        condition.broadcast()
        while queue.isEmpty, condition.wait(until: deadline) {}
        let batch = queue.prefix(limit)
        for index in queue.indices.prefix(limit) { queue[index].forced = false }
        return Self.ok(.array(batch.map(\.update)))
    }

    private func sendMessage(_ parameters: JSONValue) -> FakeHTTPServer.Response {
        let chat = parameters["chat_id"]?.idText ?? ""
        let text = parameters["text"]?.stringValue ?? ""
        let rows = parameters["reply_markup"]?["inline_keyboard"]?.arrayValue ?? []
        let buttons = rows.flatMap { $0.arrayValue ?? [] }.map {
            WireButton(label: $0["text"]?.stringValue ?? "", data: $0["callback_data"]?.stringValue ?? "")
        }
        var invalid: String?
        if text.isEmpty || text.utf16.count > 4096 {
            invalid = "message text is empty or too long (\(text.utf16.count))"
        } else if buttons.contains(where: { $0.data.isEmpty || $0.data.utf8.count > 64 }) {
            invalid = "BUTTON_DATA_INVALID"
        }
        return deliver(.text(text, buttons: buttons), to: chat, invalidReason: invalid)
    }

    private func sendDocument(_ request: FakeHTTPServer.Request) -> FakeHTTPServer.Response {
        let fields = MultipartReader.parse(request)
        guard let chat = fields["chat_id"].map({ String(decoding: $0.contents, as: UTF8.self) }),
            let file = fields["document"], let name = file.filename
        else {
            return deliver(
                .text("", buttons: []), to: "?", invalidReason: "sendDocument needs chat_id and a document")
        }
        let document = WireDocument(name: name, mediaType: file.mediaType ?? "", contents: file.contents)
        return deliver(.document(document), to: chat, invalidReason: nil)
    }
}

/// Reads a `multipart/form-data` body into its fields.
enum MultipartReader {
    struct Field {
        var filename: String?
        var mediaType: String?
        var contents: Data
    }

    static func parse(_ request: FakeHTTPServer.Request) -> [String: Field] {
        guard let type = request.headers["content-type"], let range = type.range(of: "boundary=") else {
            return [:]
        }
        let boundary = Data(("--" + type[range.upperBound...]).utf8)
        var fields: [String: Field] = [:]
        var rest = request.body[...]
        while let start = rest.range(of: boundary) {
            rest = rest[start.upperBound...]
            guard let end = rest.range(of: boundary) else { break }
            var part = rest[..<end.lowerBound]
            if part.starts(with: Data("\r\n".utf8)) { part = part.dropFirst(2) }
            if part.count >= 2 { part = part.dropLast(2) }
            guard let split = part.range(of: Data("\r\n\r\n".utf8)) else { continue }
            let head = String(decoding: part[..<split.lowerBound], as: UTF8.self)
            let contents = Data(part[split.upperBound...])
            var name: String?
            var filename: String?
            var mediaType: String?
            for line in head.components(separatedBy: "\r\n") {
                let lower = line.lowercased()
                if lower.hasPrefix("content-disposition:") {
                    name = quoted("name", in: line)
                    filename = quoted("filename", in: line)
                } else if lower.hasPrefix("content-type:") {
                    mediaType = line.dropFirst("content-type:".count).trimmingCharacters(in: .whitespaces)
                }
            }
            if let name { fields[name] = Field(filename: filename, mediaType: mediaType, contents: contents) }
        }
        return fields
    }

    private static func quoted(_ key: String, in line: String) -> String? {
        guard let range = line.range(of: "; \(key)=\"") else { return nil }
        let rest = line[range.upperBound...]
        guard let end = rest.firstIndex(of: "\"") else { return nil }
        return String(rest[..<end])
    }
}
