import Foundation
import TusoiWire

@testable import TusoiBridge

/// What the fake Telegram and Zalo APIs share: the `/bot<TOKEN>/<method>` routing, the record of what
/// was sent, and the failures a test scripts (429, 403, a reply held in flight).
class FakeMessengerAPI: @unchecked Sendable {
    struct Delivered: Equatable, Sendable {
        var chat: String
        var part: OutboundPart
        var at: Date
    }

    /// A failure answered to the next message sent to `chat`.
    struct ScriptedFailure {
        var chat: String
        var status: Int
        var body: JSONValue
    }

    let token: String
    let condition = NSCondition()
    private(set) var server: FakeHTTPServer!
    // Guarded by `condition`.
    private(set) var delivered: [Delivered] = []
    private(set) var attempts: [(chat: String, at: Date, status: Int)] = []
    private(set) var invalid: [String] = []
    private var scripted: [ScriptedFailure] = []
    private var blocked: Set<String> = []
    /// Chats every send to which is answered with this status.
    private var failing: [String: Int] = [:]
    private var holdChat: String?
    private(set) var holding = false
    private var released = false

    init(token: String) throws {
        self.token = token
        server = try FakeHTTPServer { [unowned self] request in self.route(request) }
    }

    var base: String { server.base }

    func stop() {
        release()
        server.stop()
    }

    // MARK: - For the tests

    func locked<T>(_ body: () -> T) -> T {
        condition.lock()
        defer { condition.unlock() }
        return body()
    }

    /// Waits until `predicate` (evaluated under the lock) holds, at most `timeout` seconds.
    @discardableResult
    func waitUntil(timeout: Double = 10, _ predicate: () -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        condition.lock()
        defer { condition.unlock() }
        while !predicate() {
            if !condition.wait(until: deadline) { return predicate() }
        }
        return true
    }

    func fail(next chat: String, status: Int, body: JSONValue) {
        locked { scripted.append(ScriptedFailure(chat: chat, status: status, body: body)) }
    }

    /// Every message to `chat` is answered `status` (a server error) until set to `nil`.
    func setFailing(_ chat: String, _ status: Int?) {
        locked { failing[chat] = status }
    }

    func setBlocked(_ chat: String, _ isBlocked: Bool) {
        locked {
            if isBlocked { blocked.insert(chat) } else { blocked.remove(chat) }
        }
    }

    /// The next message to `chat` is delivered, but its answer is held until ``release()``.
    func hold(next chat: String) {
        locked {
            holdChat = chat
            holding = false
            released = false
        }
    }

    func release() {
        locked {
            released = true
            condition.broadcast()
        }
    }

    var deliveredParts: [OutboundPart] { locked { delivered.map(\.part) } }

    // MARK: - For the subclasses

    /// Handles a method; `nil` means "not found".
    func dispatch(_ method: String, _ request: FakeHTTPServer.Request) -> FakeHTTPServer.Response? {
        nil
    }

    static func ok(_ result: JSONValue) -> FakeHTTPServer.Response {
        FakeHTTPServer.Response(
            status: 200, body: Data(JSONValue.object(["ok": true, "result": result]).text.utf8))
    }

    static func failure(_ status: Int, _ description: String, extra: [String: JSONValue] = [:])
        -> FakeHTTPServer.Response
    {
        var body: [String: JSONValue] = [
            "ok": false, "error_code": .integer(Int64(status)), "description": .string(description),
        ]
        body.merge(extra) { $1 }
        return FakeHTTPServer.Response(status: status, body: Data(JSONValue.object(body).text.utf8))
    }

    /// Records a message sent to `chat`: scripted failures and blocked chats first, then the
    /// delivery (held if the test asked), then `ok`.
    func deliver(_ part: OutboundPart, to chat: String, invalidReason: String?) -> FakeHTTPServer.Response {
        condition.lock()
        defer { condition.unlock() }
        defer { condition.broadcast() }
        if let invalidReason {
            invalid.append(invalidReason)
            attempts.append((chat, Date(), 400))
            return Self.failure(400, "Bad Request: \(invalidReason)")
        }
        if let index = scripted.firstIndex(where: { $0.chat == chat }) {
            let failure = scripted.remove(at: index)
            attempts.append((chat, Date(), failure.status))
            return FakeHTTPServer.Response(status: failure.status, body: Data(failure.body.text.utf8))
        }
        if let status = failing[chat] {
            attempts.append((chat, Date(), status))
            return Self.failure(status, "Internal Server Error")
        }
        if blocked.contains(chat) {
            attempts.append((chat, Date(), 403))
            return Self.failure(403, "Forbidden: bot was blocked by the user")
        }
        attempts.append((chat, Date(), 200))
        delivered.append(Delivered(chat: chat, part: part, at: Date()))
        if holdChat == chat {
            holdChat = nil
            holding = true
            condition.broadcast()
            while !released { condition.wait() }
        }
        return Self.ok(["message_id": .integer(Int64(delivered.count))])
    }

    private func route(_ request: FakeHTTPServer.Request) -> FakeHTTPServer.Response {
        let prefix = "/bot\(token)/"
        guard request.method == "POST", request.path.hasPrefix(prefix) else {
            return Self.failure(401, "Unauthorized")
        }
        let method = String(request.path.dropFirst(prefix.count))
        return dispatch(method, request) ?? Self.failure(404, "Not Found: method \(method)")
    }
}
