import Foundation
import Testing
import TusoiWire

@testable import TusoiBridge

/// An in-memory messenger: records what is sent, fails as scripted per chat.
actor RecordingMessenger: Messenger {
    nonisolated let channel = "test"
    nonisolated let capabilities = ChannelCapabilities(maxTextLength: 200, buttons: true, documents: false)
    private(set) var sent: [(chat: String, part: OutboundPart)] = []
    private(set) var tries = 0
    private var failures: [String: [SendFailure]] = [:]

    func script(_ chat: String, _ list: [SendFailure]) {
        failures[chat] = list
    }

    func identify() -> String { "test" }
    func receive() -> [IncomingUpdate] { [] }
    func confirm(_ update: IncomingUpdate) {}
    func flushConfirmations() {}
    func acknowledgeButton(_ update: IncomingUpdate) {}
    func deleteWebhook() {}

    func send(_ part: OutboundPart, to chat: String) throws(SendFailure) {
        tries += 1
        if var list = failures[chat], !list.isEmpty {
            let failure = list.removeFirst()
            failures[chat] = list
            throw failure
        }
        sent.append((chat, part))
    }
}

@Suite("Delivering replies")
struct DelivererTests {
    static func make() -> (Deliverer, RecordingMessenger, LogCollector) {
        let messenger = RecordingMessenger()
        let log = LogCollector()
        let deliverer = Deliverer(
            messenger: messenger,
            limiter: RateLimiter(schedule: RateSchedule(perChat: 0, overallPerSecond: 10_000)),
            retry: Deliverer.RetryPolicy(delay: .milliseconds(10), maxDelay: .milliseconds(40)), log: log.log)
        return (deliverer, messenger, log)
    }

    static let two: [WireReply] = [.text("Một", buttons: []), .text("Hai", buttons: [])]

    @Test("too many requests: waits retry_after, then sends, once")
    func rateLimited() async {
        let (deliverer, messenger, _) = Self.make()
        await messenger.script("a", [.rateLimited(retryAfter: 0.1)])
        let clock = ContinuousClock()
        let start = clock.now
        #expect(await deliverer.deliver(Self.two, to: "a") == .delivered)
        #expect(clock.now - start >= .milliseconds(95))
        #expect(await messenger.sent.map(\.part) == [.text("Một", buttons: []), .text("Hai", buttons: [])])
    }

    @Test("blocked: the rest is not sent, nor anything after, until the member writes again")
    func blocked() async {
        let (deliverer, messenger, log) = Self.make()
        await messenger.script("a", [.blocked])
        #expect(await deliverer.deliver(Self.two, to: "a") == .blocked)
        #expect(await deliverer.deliver(Self.two, to: "a") == .blocked)
        #expect(await messenger.tries == 1)
        #expect(log.text.contains("chat a blocked the bot"))
        await deliverer.unblock("a")
        #expect(await deliverer.deliver(Self.two, to: "a") == .delivered)
        #expect(await messenger.sent.count == 2)
    }

    @Test("a refused message is skipped and said; the next ones go; network failures are retried")
    func refusedAndRetried() async {
        let (deliverer, messenger, _) = Self.make()
        await messenger.script("a", [.rejected("Bad Request: chat not found")])
        #expect(await deliverer.deliver(Self.two, to: "a") == .failed("Bad Request: chat not found"))
        #expect(await messenger.sent.map(\.part) == [.text("Hai", buttons: [])])
        await messenger.script("b", [.unavailable("timeout"), .unavailable("timeout")])
        #expect(await deliverer.deliver(Self.two, to: "b") == .delivered)
        #expect(await messenger.sent.filter { $0.chat == "b" }.count == 2)
    }

    @Test("stopping gives up a message that waits for the network, so that the bridge can stop")
    func stopWhileUnavailable() async throws {
        let (deliverer, messenger, _) = Self.make()
        await messenger.script("a", Array(repeating: .unavailable("network is down"), count: 1000))
        let delivery = Task { await deliverer.deliver(Self.two, to: "a") }
        try await Task.sleep(for: .milliseconds(100))
        await deliverer.stop()
        #expect(await delivery.value == Deliverer.abandoned)
        #expect(await messenger.sent.isEmpty)
    }
}
