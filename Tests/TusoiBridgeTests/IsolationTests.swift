import Foundation
import Testing
import TusoiWire

@testable import TusoiBridge

/// The built `tusoi-telegram` under the faults an operator meets in the first week: one chat whose
/// sends keep failing, an API that answers 500 for a while, a webhook left set, a second bridge on
/// the same token.
@Suite("tusoi-telegram: one bad chat or a bad minute stalls no one", .serialized)
struct IsolationTests {
    static func store() -> String {
        Binaries.temporaryDirectory().appendingPathComponent("tusoi.sqlite").path
    }

    @Test("a chat whose every send answers 500 holds up neither the other chats nor the poll")
    func failingChat() throws {
        let fake = try FakeTelegram()
        defer { fake.stop() }
        let health = Binaries.temporaryDirectory().appendingPathComponent("health.json").path
        let bridge = try BridgeLauncher.telegram(fake, store: Self.store(), extra: ["--health", health])
        defer { bridge.stop() }
        fake.setFailing("9100", 500)
        fake.pushText("Chào", chat: 9100)
        #expect(fake.waitUntil { fake.attempts.contains { $0.chat == "9100" } }, "\(bridge.log)")
        let start = Date()
        for chat in Int64(9101)...9105 { fake.pushText("Chào", chat: chat) }
        let others = fake.waitUntil(timeout: 10) {
            Set(fake.delivered.map(\.chat)).isSuperset(of: (9101...9105).map(String.init))
        }
        #expect(others, "\(bridge.log)")
        // Before, the poll waited for the failing chat's retries (backing off to 60 s), for ever.
        #expect(Date().timeIntervalSince(start) < 8, "the other members were answered at once")
        let polls = fake.locked { fake.polls }
        #expect(fake.waitUntil(timeout: 5) { fake.polls >= polls + 2 }, "polling goes on")
        #expect(fake.locked { fake.attempts.filter { $0.chat == "9100" }.count } >= 2, "the chat is retried")

        // Its member's reply goes out once the messenger takes it again, in order.
        fake.setFailing("9100", nil)
        #expect(
            fake.waitUntil(timeout: 15) { fake.delivered.contains { $0.chat == "9100" } }, "\(bridge.log)")
        let status = try JSONValue.parse(Data(contentsOf: URL(fileURLWithPath: health)))
        #expect(status["channel"]?.stringValue == "telegram")
        #expect((status["serverErrors"]?.int64Value ?? 0) >= 1, "\(status.text)")
        #expect(status["lastPoll"]?.stringValue != nil)
        #expect(!status.text.contains("Chào"), "the status never holds what members wrote")
    }

    @Test("getUpdates answering 500 for 16 s: members are answered within a few seconds of the API's return")
    func failingPolls() throws {
        let fake = try FakeTelegram()
        defer { fake.stop() }
        // The default retry delay, as in production: 1 s, doubling with jitter, at most 5 s (before:
        // doubling to 60 s, so that the poll after 16 s of failures came at 31 s).
        fake.locked { fake.pollsFailUntil = Date().addingTimeInterval(16) }
        let bridge = try BridgeLauncher.telegram(fake, store: Self.store(), extra: ["--retry-delay", "1"])
        defer { bridge.stop() }
        fake.pushText("Chào", chat: 9200)
        let back = fake.locked { fake.pollsFailUntil! }
        #expect(
            fake.waitUntil(timeout: 40) { fake.delivered.contains { $0.chat == "9200" } }, "\(bridge.log)")
        let late = Date().timeIntervalSince(back)
        #expect(late < 9, "answered \(late) s after the API came back")
    }

    @Test("a webhook left set: 409 ends the bridge with 75 and says why; --delete-webhook removes it")
    func webhook() throws {
        let fake = try FakeTelegram()
        defer { fake.stop() }
        fake.locked { fake.webhookActive = true }
        let refused = try BridgeLauncher.telegram(fake, store: Self.store())
        #expect(refused.wait(timeout: 20) == 75, "\(refused.log)")
        #expect(refused.waitForLog("--delete-webhook", timeout: 5), "\(refused.log)")

        let bridge = try BridgeLauncher.telegram(fake, store: Self.store(), extra: ["--delete-webhook"])
        defer { bridge.stop() }
        fake.pushText("Chào", chat: 9300)
        #expect(fake.waitUntil { fake.delivered.contains { $0.chat == "9300" } }, "\(bridge.log)")
        #expect(fake.locked { fake.webhookDeletions } == 1)
    }

    @Test("a second bridge on the same token exits 75 at once and names the first")
    func oneInstancePerToken() throws {
        let fake = try FakeTelegram()
        defer { fake.stop() }
        let locks = Binaries.temporaryDirectory().path
        let first = try BridgeLauncher.telegram(fake, store: Self.store(), extra: ["--lock-dir", locks])
        defer { first.stop() }
        #expect(first.waitForLog("connected to telegram", timeout: 10), "\(first.log)")
        let second = try BridgeLauncher.telegram(fake, store: Self.store(), extra: ["--lock-dir", locks])
        #expect(second.wait(timeout: 10) == 75)
        #expect(second.waitForLog("another bridge (process", timeout: 5), "\(second.log)")
        #expect(!second.log.contains(FakeTelegram.token))
        // The first goes on answering.
        fake.pushText("Chào", chat: 9400)
        #expect(fake.waitUntil { fake.delivered.contains { $0.chat == "9400" } }, "\(first.log)")
    }
}
