import Foundation
import TusoiWire

/// A client of a Telegram-style bot API: `POST <base>/bot<TOKEN>/<method>`, answered with
/// `{"ok": true, "result": ...}` or `{"ok": false, "error_code": ..., "description": ...,
/// "parameters": {"retry_after": ...}}`. Telegram's Bot API is that; Zalo's Bot Platform copies it.
struct BotAPI: Sendable {
    /// The API's address without a trailing slash, e.g. `https://api.telegram.org`.
    let base: String
    /// Checked by ``BridgeCommand`` to hold only letters, digits, `:`, `_` and `-`.
    let token: String
    let http: any HTTPClient
    let redactor: Redactor

    /// An answer other than `ok`, or no answer at all.
    enum Failure: Error, Equatable {
        case network(String)
        case cancelled
        case api(status: Int, code: Int, description: String, retryAfter: Double?)
    }

    /// Seconds without a byte after which a call that is not a long poll is given up.
    static let idleTimeout = 10.0

    /// A call; `longPoll` is the seconds the messenger may hold it open before answering.
    func call(_ method: String, _ parameters: JSONValue, longPoll: Int? = nil) async throws(Failure)
        -> JSONValue
    {
        try await post(
            method, contentType: "application/json", body: Data(parameters.text.utf8),
            timeout: longPoll.map { Double($0) + 15 } ?? 30, idle: longPoll == nil ? Self.idleTimeout : nil)
    }

    func call(_ method: String, _ form: Multipart) async throws(Failure) -> JSONValue {
        try await post(
            method, contentType: form.contentType, body: form.finished(), timeout: 60, idle: Self.idleTimeout)
    }

    private func post(_ method: String, contentType: String, body: Data, timeout: Double, idle: Double?)
        async throws(Failure)
        -> JSONValue
    {
        guard let url = URL(string: "\(base)/bot\(token)/\(method)") else {
            throw .network("the API address is not a valid URL")
        }
        let response: HTTPResponse
        do {
            response = try await http.post(
                HTTPRequest(
                    url: url, contentType: contentType, body: body, timeout: timeout, idleTimeout: idle))
        } catch {
            throw error.cancelled ? .cancelled : .network(redactor.clean(error.reason))
        }
        let json = try? JSONValue.parse(response.body)
        if response.status == 200, json?["ok"]?.boolValue == true {
            return json?["result"] ?? .null
        }
        let code = json?["error_code"]?.int64Value.map(Int.init) ?? response.status
        let description = json?["description"]?.stringValue ?? "HTTP \(response.status)"
        throw .api(
            status: response.status, code: code, description: redactor.clean(String(description.prefix(300))),
            retryAfter: json?["parameters"]?["retry_after"]?.doubleValue)
    }
}

extension BotAPI.Failure {
    /// The failure of a send, in the terms the delivery acts on.
    var sendFailure: SendFailure {
        switch self {
        case .network(let reason): return .unavailable(reason)
        case .cancelled: return .unavailable("cancelled")
        case .api(let status, let code, let description, let retryAfter):
            if code == 429 || status == 429 { return .rateLimited(retryAfter: retryAfter ?? 1) }
            if code == 403 || status == 403 { return .blocked }
            if code == 400 || status == 400 { return .rejected(description) }
            return .unavailable("\(code) \(description)", status: status)
        }
    }

    /// The failure of a poll or of `getMe`, in the terms the bridge's loop acts on.
    var messengerError: MessengerError {
        switch self {
        case .network(let reason): return .unavailable(reason)
        case .cancelled: return .cancelled
        case .api(let status, let code, let description, let retryAfter):
            if code == 401 || status == 401 || code == 404 || status == 404 {
                return .unauthorized("\(code) \(description)")
            }
            if code == 409 || status == 409 { return .conflict(description) }
            return .unavailable("\(code) \(description)", retryAfter: retryAfter)
        }
    }
}
