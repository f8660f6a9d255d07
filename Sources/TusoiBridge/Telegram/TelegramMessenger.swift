import Foundation

/// Telegram's Bot API: long-polled `getUpdates` confirmed by offset, `sendMessage` with inline
/// keyboards, `sendDocument`, `answerCallbackQuery`.
///
/// The offset moves past an update only once the bridge confirms it (after the bot acknowledged it and
/// its replies went out); Telegram learns the new offset with the next `getUpdates`, so updates that
/// were not confirmed when either process died are delivered again.
public actor TelegramMessenger: Messenger {
    static let channelName = "telegram"
    public nonisolated let channel = TelegramMessenger.channelName
    public nonisolated let capabilities: ChannelCapabilities
    private let api: BotAPI
    private let pollTimeout: Int
    /// The first update still to be delivered: every update below it is confirmed.
    private var offset: Int64?
    /// The offset Telegram was last told.
    private var toldOffset: Int64?

    /// - Parameters:
    ///   - base: the API's address, `https://api.telegram.org` unless a test points elsewhere.
    ///   - pollTimeout: seconds a `getUpdates` waits for an update.
    ///   - buttons: whether options are shown as inline buttons (else the bot numbers them).
    public init(
        base: String, token: String, http: any HTTPClient, redactor: Redactor, pollTimeout: Int,
        buttons: Bool = true
    ) {
        api = BotAPI(base: base, token: token, http: http, redactor: redactor)
        self.pollTimeout = pollTimeout
        capabilities = ChannelCapabilities(maxTextLength: 4096, buttons: buttons, documents: true)
    }

    public func identify() async throws(MessengerError) -> String {
        do {
            let me = try await api.call("getMe", [:])
            return me["username"]?.stringValue.map { "@" + $0 } ?? "the bot"
        } catch {
            throw error.messengerError
        }
    }

    public func receive() async throws(MessengerError) -> [IncomingUpdate] {
        try await getUpdates(timeout: pollTimeout, limit: 100)
    }

    private func getUpdates(timeout: Int, limit: Int) async throws(MessengerError) -> [IncomingUpdate] {
        var parameters: [String: JSON] = [
            "timeout": .integer(Int64(timeout)), "limit": .integer(Int64(limit)),
            "allowed_updates": ["message", "callback_query"],
        ]
        let asked = offset
        if let asked { parameters["offset"] = .integer(asked) }
        let result: JSON
        do {
            result = try await api.call("getUpdates", .object(parameters), longPoll: timeout)
        } catch {
            throw error.messengerError
        }
        toldOffset = asked
        return (result.arrayValue ?? []).compactMap(TelegramUpdate.parse)
    }

    public func confirm(_ update: IncomingUpdate) {
        guard let sequence = update.sequence else { return }
        offset = max(offset ?? 0, sequence + 1)
    }

    public func flushConfirmations() async {
        guard offset != nil, offset != toldOffset else { return }
        // Asking with the new offset is how Telegram learns it; what this returns stays unconfirmed.
        _ = try? await getUpdates(timeout: 0, limit: 1)
    }

    public func acknowledgeButton(_ update: IncomingUpdate) async {
        guard let id = update.buttonQueryID else { return }
        _ = try? await api.call("answerCallbackQuery", ["callback_query_id": .string(id)])
    }

    public func send(_ part: OutboundPart, to chat: String) async throws(SendFailure) {
        do {
            switch part {
            case .text(let text, let buttons):
                var parameters: [String: JSON] = ["chat_id": .string(chat), "text": .string(text)]
                if !buttons.isEmpty {
                    // One button a row: the labels are whole phrases.
                    let rows = buttons.map {
                        JSON.array([["text": .string($0.label), "callback_data": .string($0.data)]])
                    }
                    parameters["reply_markup"] = ["inline_keyboard": .array(rows)]
                }
                _ = try await api.call("sendMessage", .object(parameters))
            case .document(let document):
                var form = Multipart()
                form.field("chat_id", chat)
                form.file(
                    "document", filename: document.name, mediaType: document.mediaType,
                    contents: document.contents)
                _ = try await api.call("sendDocument", form)
            }
        } catch {
            throw error.sendFailure
        }
    }
}
