import Foundation
import Testing
import TusoiWire

@testable import TusoiBridge

/// `tusoi-bridge`: Telegram and Zalo over one bot and one store, as a ward with members on both.
@Suite("tusoi-bridge: two messengers, one store", .serialized)
struct SharedBridgeTests {
    @Test("the command line: a section per messenger, each with its own bridge's options")
    func sections() throws {
        let parsed = try SharedBridgeCommand.sections(
            ["--telegram", "--token-file", "t", "--zalo", "--journal", "j"])
        #expect(parsed.map(\.0) == [.telegram, .zalo])
        #expect(parsed.map(\.1) == [["--token-file", "t"], ["--journal", "j"]])
        for wrong in [[], ["--journal", "j", "--zalo"], ["--zalo", "--zalo"]] {
            #expect(throws: UsageError.self) { try SharedBridgeCommand.sections(wrong) }
        }
    }

    @Test("a Telegram member and a Zalo member are answered by one tusoi serve, into one store")
    func bothMessengers() throws {
        let telegram = try FakeTelegram()
        let zalo = try FakeZalo()
        defer {
            telegram.stop()
            zalo.stop()
        }
        let folder = Binaries.temporaryDirectory()
        let store = folder.appendingPathComponent("tusoi.sqlite").path
        var arguments: [String] = []
        for (name, fake) in [("telegram", telegram as FakeMessengerAPI), ("zalo", zalo)] {
            let tokenFile = folder.appendingPathComponent("\(name).token").path
            _ = FileManager.default.createFile(
                atPath: tokenFile, contents: Data((fake.token + "\n").utf8),
                attributes: [.posixPermissions: 0o600])
            arguments +=
                ["--\(name)", "--token-file", tokenFile, "--api-base", fake.base] + BridgeLauncher.fastOptions
        }
        arguments += ["--", Binaries.tusoi, "serve", "--db", store]
        let bridge = try ChildRunner(Binaries.shared, arguments)
        defer { _ = bridge.stop() }

        let telegramIDs = [telegram.pushText("chào", chat: 7001)]
        let zaloIDs = [zalo.pushText("chào", chat: "z-lan")]
        #expect(telegram.waitUntil { telegram.delivered.count >= 1 }, "\(bridge.log)")
        #expect(zalo.waitUntil { zalo.delivered.count >= 1 }, "\(bridge.log)")
        // Each messenger got its own member's replies.
        #expect(telegram.locked { telegram.delivered.allSatisfy { $0.chat == "7001" } })
        #expect(zalo.locked { zalo.delivered.allSatisfy { $0.chat == "z-lan" } })
        #expect(bridge.waitForLog("connected to telegram") && bridge.waitForLog("connected to zalo"))
        #expect(bridge.stop() == 0, "\(bridge.log)")
        #expect(!bridge.log.contains(telegram.token) && !bridge.log.contains(zalo.token))

        // One store holds both: each message, sent to that store again, is a replay.
        let again =
            try ReferenceRun.replay(
                try telegramIDs.map { id in try #require(TelegramUpdate.parse(telegram.update(id))?.message)
                },
                channel: "telegram", capabilities: TelegramBridgeTests.capabilities, store: store)
            + ReferenceRun.replay(
                zaloIDs.map {
                    InboundMessage(
                        channel: "zalo", chat: "z-lan", user: "z-lan", messageID: $0, content: .text("chào"),
                        chatType: .private)
                }, channel: "zalo", capabilities: ZaloBridgeTests.capabilities, store: store)
        #expect(again.count == 2 && again.allSatisfy(\.replay), "\(again)")
    }
}
