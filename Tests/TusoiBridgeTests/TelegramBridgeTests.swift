import Foundation
import Testing
import TusoiWire

@testable import TusoiBridge

#if canImport(Glibc)
    @preconcurrency import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The built `tusoi-telegram` and `tusoi serve` against a fake Telegram Bot API. What the fake
/// receives is compared with what `tusoi serve` answers the same script when driven directly.
@Suite("tusoi-telegram against a fake Telegram", .serialized)
struct TelegramBridgeTests {
    static let capabilities = ChannelCapabilities(maxTextLength: 4096, buttons: true, documents: true)
    static let chat: Int64 = 7001

    /// Pushes a step as the member's update; returns its id and the message the bridge must make of it.
    static func push(_ step: Step, to fake: FakeTelegram, chat: Int64 = chat) -> Int64 {
        switch step {
        case .text(let text): return fake.pushText(text, chat: chat)
        case .press(let data): return fake.pushButton(data, chat: chat)
        case .media: return fake.pushSticker(chat: chat)
        }
    }

    static func confirmed(_ fake: FakeTelegram, _ id: Int64, timeout: Double = 10) -> Bool {
        fake.waitUntil(timeout: timeout) { fake.confirmedOffset > id }
    }

    /// Buttons, typed numbers, a review over 4,096 characters in two messages, the copy as a file;
    /// duplicates skipped; the bot killed twice, once with a message in flight.
    @Test("a whole self-review, with duplicates and the bot killed twice")
    func wholeReview() throws {
        let steps = Scripts.telegram
        let answers = try ReferenceRun.answers(
            channel: "telegram", capabilities: Self.capabilities, steps: steps)
        let fake = try FakeTelegram()
        defer { fake.stop() }
        let store = Binaries.temporaryDirectory().appendingPathComponent("tusoi.sqlite").path
        let bridge = try BridgeLauncher.telegram(fake, store: store)
        defer { bridge.stop() }

        var ids: [Int64] = []
        for (index, step) in steps.enumerated() {
            if index == 8 {
                // The bot dies between two messages: the next one waits for its restart.
                let pid = try #require(bridge.botPID)
                kill(pid, SIGKILL)
            }
            var stopped: Int32?
            if index == 16 {
                // The bot dies with the message in flight: it read nothing, the bridge sends it again.
                let pid = try #require(bridge.botPID)
                kill(pid, SIGSTOP)
                stopped = pid
            }
            let id = Self.push(step, to: fake)
            ids.append(id)
            if index == 4 { fake.redeliver(id) }
            if let stopped {
                Thread.sleep(forTimeInterval: 0.3)
                kill(stopped, SIGKILL)
            }
            #expect(Self.confirmed(fake, id), "step \(index) was not confirmed\n\(bridge.log)")
            if index == 11 { fake.redeliver(id) }
        }

        let expected = BridgeLauncher.parts(answers, on: Self.capabilities)
        #expect(fake.waitUntil { fake.delivered.count >= expected.count })
        Thread.sleep(forTimeInterval: 0.2)
        let delivered = fake.deliveredParts
        #expect(delivered.count == expected.count, "nothing lost, nothing sent twice\n\(bridge.log)")
        #expect(delivered == expected)
        #expect(fake.locked { fake.invalid }.isEmpty)
        let presses = steps.filter { if case .press = $0 { return true } else { return false } }.count
        #expect(fake.locked { fake.answeredQueries.count } == presses, "every button press answered once")
        #expect(bridge.botStarts == 3)
        // The duplicate given after its original was confirmed is named in the log; the one given
        // while its original is in flight looks like any update the offset has not passed yet, and is
        // skipped without a word. Either way nothing was sent twice (above).
        #expect(
            bridge.log.components(separatedBy: "delivered twice").count - 1 >= 1,
            "duplicates skipped\n\(bridge.log)")

        // The review of all answers is longer than one Telegram message: it went out in two.
        let review = try #require(
            answers.first { $0.replies.contains { reply in reply.text.contains("Các câu trả lời") } })
        #expect(review.replies.map(\.text.utf16.count).reduce(0, +) > 4096)
        #expect(OutboundPart.parts(for: review.replies, on: Self.capabilities).count >= 2)
        // The copy of the submitted self-review came as a file.
        #expect(
            delivered.contains {
                if case .document(let document) = $0 { document.name.hasSuffix(".md") } else { false }
            })

        #expect(bridge.stop() == 0)
        #expect(!bridge.log.contains(FakeTelegram.token))
        try Self.expectStoredOnce(fake, ids, answers, store: store)
    }

    @Test("HTTP 429 waits retry_after; HTTP 403 stops writing to the chat until its member writes again")
    func limits() throws {
        let fake = try FakeTelegram()
        defer { fake.stop() }
        let store = Binaries.temporaryDirectory().appendingPathComponent("tusoi.sqlite").path
        let bridge = try BridgeLauncher.telegram(fake, store: store)
        defer { bridge.stop() }
        let welcome = BridgeLauncher.parts(
            try ReferenceRun.answers(
                channel: "telegram", capabilities: Self.capabilities, steps: [.text("Chào")]),
            on: Self.capabilities)
        #expect(!welcome.isEmpty)

        fake.fail(
            next: "8001", status: 429,
            body: [
                "ok": false, "error_code": 429, "description": "Too Many Requests: retry after 1",
                "parameters": ["retry_after": 1],
            ])
        let first = fake.pushText("Chào", chat: 8001)
        #expect(Self.confirmed(fake, first))
        let attempts = fake.locked { fake.attempts.filter { $0.chat == "8001" } }
        #expect(attempts.map(\.status) == [429] + Array(repeating: 200, count: welcome.count))
        if attempts.count >= 2 {
            #expect(attempts[1].at.timeIntervalSince(attempts[0].at) >= 0.95, "waited retry_after")
        }
        #expect(fake.locked { fake.delivered.filter { $0.chat == "8001" }.map(\.part) } == welcome)

        fake.setBlocked("8002", true)
        let second = fake.pushText("Chào", chat: 8002)
        #expect(Self.confirmed(fake, second), "a blocked chat does not hold the updates back")
        #expect(
            fake.locked { fake.attempts.filter { $0.chat == "8002" }.map(\.status) } == [403], "one try only")
        #expect(bridge.waitForLog("chat 8002 blocked the bot", timeout: 5), "\(bridge.log)")

        fake.setBlocked("8002", false)
        let third = fake.pushText("0", chat: 8002)
        #expect(Self.confirmed(fake, third))
        #expect(fake.locked { fake.delivered.contains { $0.chat == "8002" } }, "written to again")
        #expect(!bridge.log.contains(FakeTelegram.token))
    }

    /// Killed at rest, with a message at the bot, and with a reply in flight: nothing is lost, and
    /// only the reply in flight is sent twice.
    @Test("the bridge killed three ways and started again")
    func bridgeKilled() throws {
        let steps = Array(Scripts.telegram.prefix(7))
        let answers = try ReferenceRun.answers(
            channel: "telegram", capabilities: Self.capabilities, steps: steps)
        let fake = try FakeTelegram()
        defer { fake.stop() }
        let store = Binaries.temporaryDirectory().appendingPathComponent("tusoi.sqlite").path
        var bridge = try BridgeLauncher.telegram(fake, store: store)
        defer { bridge.stop() }
        func restart() throws {
            bridge.signal(SIGKILL)
            #expect(bridge.wait() != nil)
            bridge = try BridgeLauncher.telegram(fake, store: store)
        }
        var heldPart: OutboundPart?
        var ids: [Int64] = []
        for (index, step) in steps.enumerated() {
            switch index {
            case 2:
                // At rest: waiting in a long poll.
                try restart()
                ids.append(Self.push(step, to: fake))
            case 3:
                // The bot has the message but has not answered: the bridge dies, the bot then stores it.
                let pid = try #require(bridge.botPID)
                kill(pid, SIGSTOP)
                ids.append(Self.push(step, to: fake))
                Thread.sleep(forTimeInterval: 0.3)
                bridge.signal(SIGKILL)
                #expect(bridge.wait() != nil)
                kill(pid, SIGCONT)
                Thread.sleep(forTimeInterval: 0.3)
                bridge = try BridgeLauncher.telegram(fake, store: store)
            case 5:
                // Telegram took a reply, the bridge died before hearing so.
                fake.hold(next: String(Self.chat))
                ids.append(Self.push(step, to: fake))
                #expect(fake.waitUntil { fake.holding })
                heldPart = fake.deliveredParts.last
                try restart()
                fake.release()
            default:
                ids.append(Self.push(step, to: fake))
            }
            #expect(Self.confirmed(fake, ids.last!), "step \(index)\n\(bridge.log)")
        }
        var expected = BridgeLauncher.parts(Array(answers.prefix(5)), on: Self.capabilities)
        expected.append(try #require(heldPart))
        expected += BridgeLauncher.parts(Array(answers.suffix(2)), on: Self.capabilities)
        #expect(fake.deliveredParts == expected)
        #expect(bridge.stop() == 0)
        try Self.expectStoredOnce(fake, ids, answers, store: store)
    }

    /// A roster of a secretary and a member, through `tusoi`'s own commands; returns their invite codes.
    static func roster(store: String) throws -> (secretary: String, member: String) {
        let commands = [
            ["branch", "add", "cb1", "Chi bộ 1"],
            ["member", "add", "--branch", "cb1", "--name", "Phạm Thu Hà", "--role", "facilitator"],
            ["member", "add", "--branch", "cb1", "--name", "Nguyễn Văn Bình"],
            ["campaign", "open", "d1", "Tự kiểm điểm", "--until", "2099-12-31"],
        ]
        for command in commands {
            let run = try ChildRunner(Binaries.tusoi, command + ["--db", store])
            #expect(run.wait() == 0, "tusoi \(command.joined(separator: " ")): \(run.log)")
        }
        let invite = try ChildRunner(Binaries.tusoi, ["invite", "--branch", "cb1", "--json", "--db", store])
        #expect(invite.wait() == 0)
        Thread.sleep(forTimeInterval: 0.05)
        let codes = try JSONValue.parse(Data(invite.outputLines.joined().utf8)).arrayValue ?? []
        func code(_ name: String) throws -> String {
            try #require(codes.first { $0["member"]?.stringValue == name }?["code"]?.stringValue)
        }
        return (try code("Phạm Thu Hà"), try code("Nguyễn Văn Bình"))
    }

    /// The real bot's reminders (`send` requests) reach the member; a member who blocked the bot is
    /// reported as blocked, and written to again once they write.
    @Test("the secretary's reminders through the bridge, delivered and blocked")
    func reminders() throws {
        let store = Binaries.temporaryDirectory().appendingPathComponent("tusoi.sqlite").path
        let codes = try Self.roster(store: store)
        let fake = try FakeTelegram()
        defer { fake.stop() }
        let bridge = try BridgeLauncher.telegram(fake, store: store)
        defer { bridge.stop() }
        func toMember() -> [FakeMessengerAPI.Delivered] {
            fake.locked { fake.delivered.filter { $0.chat == "502" } }
        }
        #expect(Self.confirmed(fake, fake.pushText(codes.secretary, chat: 501)))
        #expect(Self.confirmed(fake, fake.pushText(codes.member, chat: 502)))
        let welcomed = toMember().count
        #expect(welcomed >= 1)

        #expect(Self.confirmed(fake, fake.pushText("/nhac", chat: 501)))
        #expect(fake.waitUntil { fake.delivered.filter { $0.chat == "502" }.count > welcomed })
        let reminder = try #require(toMember().last?.part)
        guard case .text(let text, _) = reminder else {
            Issue.record("the reminder is not a text: \(reminder)")
            return
        }
        #expect(text.contains("Phạm Thu Hà nhắc"))

        fake.setBlocked("502", true)
        #expect(Self.confirmed(fake, fake.pushText("/nhac", chat: 501)))
        #expect(fake.waitUntil { fake.attempts.contains { $0.chat == "502" && $0.status == 403 } })
        #expect(bridge.waitForLog("chat 502 blocked the bot"))
        #expect(Self.confirmed(fake, fake.pushText("/nhac", chat: 501)))
        Thread.sleep(forTimeInterval: 0.3)
        #expect(fake.locked { fake.attempts.filter { $0.chat == "502" && $0.status == 403 }.count } == 1)

        fake.setBlocked("502", false)
        let before = toMember().count
        #expect(Self.confirmed(fake, fake.pushText("tiếp tục", chat: 502)))
        #expect(toMember().count > before, "written to again once the member wrote")
        #expect(bridge.stop() == 0)
        #expect(!bridge.log.contains(FakeTelegram.token))
    }

    /// Every message is in the store exactly once: sent again as the bridge sent it, each one is a
    /// replay with the very replies the reference run got.
    static func expectStoredOnce(
        _ fake: FakeTelegram, _ ids: [Int64], _ answers: [MessageResult], store: String
    )
        throws
    {
        let messages = try ids.map { id in try #require(TelegramUpdate.parse(fake.update(id))?.message) }
        let again = try ReferenceRun.replay(
            messages, channel: "telegram", capabilities: capabilities, store: store)
        #expect(again.allSatisfy { $0.replay })
        #expect(again.map(\.replies) == answers.map(\.replies))
    }
}

extension WireReply {
    /// The text of a text reply, empty for a document.
    var text: String {
        if case .text(let text, _) = self { return text }
        return ""
    }
}
