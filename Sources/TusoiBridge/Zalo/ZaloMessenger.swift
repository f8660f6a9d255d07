import TusoiWire

/// The Zalo Bot Platform's API (`https://bot-api.zaloplatforms.com/bot<TOKEN>/<method>`): `getMe`,
/// long-polled `getUpdates` that hands out one update at a time with nothing to confirm, and
/// `sendMessage` with texts of 1 to 2000 characters. No buttons and no files: the bot numbers the
/// options and sends documents as text.
///
/// An update is gone from Zalo once `getUpdates` returned it, so the bridge's journal (`--journal`)
/// is what keeps it across a crash of the bridge; duplicates are recognised by message id.
public actor ZaloMessenger: Messenger {
    static let channelName = "zalo"
    public nonisolated let channel = ZaloMessenger.channelName
    public nonisolated let capabilities = ChannelCapabilities(
        maxTextLength: 2000, buttons: false, documents: false)
    private let api: BotAPI
    private let pollTimeout: Int

    /// - Parameters:
    ///   - base: the API's address, `https://bot-api.zaloplatforms.com` unless a test points elsewhere.
    ///   - pollTimeout: seconds a `getUpdates` waits for an update.
    public init(base: String, token: String, http: any HTTPClient, redactor: Redactor, pollTimeout: Int) {
        api = BotAPI(base: base, token: token, http: http, redactor: redactor)
        self.pollTimeout = pollTimeout
    }

    public func identify() async throws(MessengerError) -> String {
        do {
            let me = try await api.call("getMe", [:])
            return me["account_name"]?.stringValue ?? me["id"]?.idText ?? "the bot"
        } catch {
            throw error.messengerError
        }
    }

    public func receive() async throws(MessengerError) -> [IncomingUpdate] {
        do {
            // The platform documents `timeout` as a string of seconds.
            let result = try await api.call(
                "getUpdates", ["timeout": .string(String(pollTimeout))], longPoll: pollTimeout)
            return ZaloUpdate.parse(result: result)
        } catch {
            // "Request timeout": no message came during the long poll.
            if case .api(_, 408, _, _) = error { return [] }
            throw error.messengerError
        }
    }

    public func confirm(_ update: IncomingUpdate) {}

    public func flushConfirmations() {}

    public func acknowledgeButton(_ update: IncomingUpdate) {}

    /// Not offered: the command line accepts `--delete-webhook` for Telegram only.
    public func deleteWebhook() {}

    public func send(_ part: OutboundPart, to chat: String) async throws(SendFailure) {
        guard case .text(let text, _) = part else {
            throw .rejected("Zalo bots cannot send files")
        }
        do {
            _ = try await api.call("sendMessage", ["chat_id": .string(chat), "text": .string(text)])
        } catch {
            throw error.sendFailure
        }
    }
}
