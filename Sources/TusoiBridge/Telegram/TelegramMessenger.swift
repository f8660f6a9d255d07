import Foundation
import TusoiWire

/// Telegram's Bot API: long-polled `getUpdates` confirmed by offset, `sendMessage` with inline
/// keyboards, `sendDocument`, `answerCallbackQuery`.
///
/// The offset moves past an update only once the bridge confirmed it and every update before it
/// (confirmations come in any order: each chat's replies go out at their own pace); Telegram learns
/// the new offset with the next `getUpdates`, so updates that were not confirmed when either process
/// died are delivered again.
public actor TelegramMessenger: Messenger {
    static let channelName = "telegram"
    public nonisolated let channel = TelegramMessenger.channelName
    public nonisolated let capabilities: ChannelCapabilities
    private let api: BotAPI
    private let pollTimeout: Int
    /// Updates received and not confirmed yet.
    private var unconfirmed: Set<Int64> = []
    /// The highest update received.
    private var highest: Int64?
    /// The first update still to be delivered: every update below it is confirmed.
    private var offset: Int64? {
        unconfirmed.min() ?? highest.map { $0 + 1 }
    }
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
        var parameters: [String: JSONValue] = [
            "timeout": .integer(Int64(timeout)), "limit": .integer(Int64(limit)),
            "allowed_updates": ["message", "edited_message", "callback_query"],
        ]
        let asked = offset
        if let asked { parameters["offset"] = .integer(asked) }
        let result: JSONValue
        do {
            result = try await api.call("getUpdates", .object(parameters), longPoll: timeout)
        } catch {
            throw error.messengerError
        }
        toldOffset = asked
        var updates: [IncomingUpdate] = []
        for update in (result.arrayValue ?? []).compactMap(TelegramUpdate.parse) {
            guard let sequence = update.sequence else { continue }
            if sequence > (highest ?? .min) {
                highest = sequence
                unconfirmed.insert(sequence)
            } else if let asked, sequence >= asked, !unconfirmed.contains(sequence) {
                // Confirmed out of order after this poll was asked for: not a second delivery, only
                // an offset Telegram had not been told yet.
                continue
            }
            updates.append(update)
        }
        return updates
    }

    public func confirm(_ update: IncomingUpdate) {
        guard let sequence = update.sequence else { return }
        unconfirmed.remove(sequence)
        if sequence > (highest ?? .min) { highest = sequence }
    }

    public func flushConfirmations() async {
        guard offset != nil, offset != toldOffset else { return }
        // Asking with the new offset is how Telegram learns it; what this returns stays unconfirmed.
        _ = try? await getUpdates(timeout: 0, limit: 1)
    }

    /// Answered once more if the first answer got no reply: Telegram shows a spinner on the button
    /// until it is answered.
    public func acknowledgeButton(_ update: IncomingUpdate) async {
        guard let id = update.buttonQueryID else { return }
        for _ in 0..<2 {
            do {
                _ = try await api.call("answerCallbackQuery", ["callback_query_id": .string(id)])
                return
            } catch {
                // A query older than Telegram keeps (about 15 minutes) is refused for good.
                if case .api(let status, _, _, _) = error, status == 400 { return }
            }
        }
    }

    public func deleteWebhook() async throws(MessengerError) {
        do {
            // Pending updates are kept: they are members' messages.
            _ = try await api.call("deleteWebhook", ["drop_pending_updates": false])
        } catch {
            throw error.messengerError
        }
    }

    public func send(_ part: OutboundPart, to chat: String) async throws(SendFailure) {
        do {
            switch part {
            case .text(let text, let buttons):
                var parameters: [String: JSONValue] = ["chat_id": .string(chat), "text": .string(text)]
                if !buttons.isEmpty {
                    // One button a row: the labels are whole phrases.
                    let rows = buttons.map {
                        JSONValue.array([["text": .string($0.label), "callback_data": .string($0.data)]])
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
