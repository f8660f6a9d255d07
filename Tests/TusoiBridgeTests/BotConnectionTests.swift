import Foundation
import Testing
import TusoiWire

@testable import TusoiBridge

/// The supervisor and JSON-lines client against scripted bots: restarts, re-sent requests, failures.
@Suite("BotConnection")
struct BotConnectionTests {
    static let channels = ["test": ChannelCapabilities(maxTextLength: 2000, buttons: false, documents: false)]

    static func message(_ number: Int) -> InboundMessage {
        InboundMessage(
            channel: "test", chat: "c", user: "c", messageID: "m\(number)",
            content: .text("xin chào \(number)"),
            chatType: .private)
    }

    static func connect(_ command: [String], maxAttempts: Int = 5) -> (BotConnection, LogCollector) {
        var options = BotOptions(command: command, channels: channels)
        options.restartDelay = .milliseconds(20)
        options.maxRestartDelay = .milliseconds(100)
        options.notStoredDelay = .milliseconds(20)
        options.maxAttempts = maxAttempts
        let collector = LogCollector()
        let connection = BotConnection(options: options, log: collector.log) { _ in .delivered }
        return (connection, collector)
    }

    @Test("a bot that dies with requests unanswered is started again and given them all, in order")
    func restartAndResend() async throws {
        let folder = Binaries.temporaryDirectory()
        let state = folder.appendingPathComponent("state").path
        // The first run reads one request and dies; the next runs answer everything.
        let script =
            ShellBot.handshake + """
                if [ ! -e "$1" ]; then : > "$1"; IFS= read -r line; exit 3; fi

                """ + ShellBot.answerAll
        let (bot, log) = Self.connect(ShellBot.command(script, in: folder, arguments: [state]))
        try await bot.start()
        let results = await bot.send((1...3).map(Self.message))
        let texts = try results.map { try $0.get().replies }
        #expect(texts == [1, 2, 3].map { [WireReply.text("ok \($0)", buttons: [])] })
        #expect(log.text.contains("the bot exited with status 3, 3 requests unanswered"))
        #expect(log.text.contains("sent 3 unanswered requests to the bot again"))
        await bot.stop()
    }

    @Test("a message in flight each time the bot dies is given up after the set number of tries")
    func poisonMessage() async throws {
        let folder = Binaries.temporaryDirectory()
        let script = ShellBot.handshake + "IFS= read -r line\nexit 1\n"
        let (bot, _) = Self.connect(ShellBot.command(script, in: folder), maxAttempts: 2)
        try await bot.start()
        await #expect(throws: BotFailure.gaveUp(attempts: 2)) {
            try await bot.send(Self.message(1))
        }
        await bot.stop()
    }

    @Test("a message the store could not commit is sent again, and then answered")
    func notStored() async throws {
        let folder = Binaries.temporaryDirectory()
        let script =
            ShellBot.handshake + """
                IFS= read -r line
                printf '%s\\n' '{"error":{"code":-32002,"message":"Not stored","data":{"reason":"disk full"}},"id":1,"jsonrpc":"2.0"}'

                """ + ShellBot.answerAll
        let (bot, log) = Self.connect(ShellBot.command(script, in: folder))
        try await bot.start()
        let result = try await bot.send(Self.message(1))
        #expect(result.replies == [.text("ok 1", buttons: [])])
        #expect(log.text.contains("could not store request 1 (-32002 Not stored: disk full)"))
        await bot.stop()
    }

    @Test("a refused handshake, a missing program and a bot that exits at once are reported at start")
    func startFailures() async throws {
        let folder = Binaries.temporaryDirectory()
        let refusing = ShellBot.command(
            """
            IFS= read -r line
            printf '%s\\n' '{"error":{"code":-32602,"message":"Invalid params"},"id":"init","jsonrpc":"2.0"}'
            IFS= read -r line

            """, in: folder)
        await #expect(throws: BotFailure.handshake(BotError(code: -32602, message: "Invalid params"))) {
            try await Self.connect(refusing).0.start()
        }
        await #expect(throws: BotFailure.cannotStart("/nonexistent/tusoi was not found or is not executable"))
        {
            try await Self.connect(["/nonexistent/tusoi", "serve"]).0.start()
        }
        await #expect(throws: BotFailure.cannotStart("the bot exited with status 74 before its handshake")) {
            try await Self.connect(["/bin/sh", "-c", "exit 74"]).0.start()
        }
    }

    @Test("stopping closes the bot's input; the bot answers what it has and exits")
    func stop() async throws {
        let folder = Binaries.temporaryDirectory()
        let (bot, log) = Self.connect(ShellBot.command(ShellBot.handshake + ShellBot.answerAll, in: folder))
        try await bot.start()
        #expect(try await bot.send(Self.message(7)).replies == [.text("ok 1", buttons: [])])
        let pid = try #require(await bot.botProcessID)
        await bot.stop()
        #expect(await bot.botProcessID == nil)
        #expect(!log.text.contains("exited"), "a stop is not a crash (bot \(pid))")
        await #expect(throws: BotFailure.stopped) { try await bot.send(Self.message(8)) }
    }
}

/// Collects the lines of a ``BridgeLog`` for the tests.
final class LogCollector: @unchecked Sendable {
    private let lock = NSLock()
    private var lines = ""

    var log: BridgeLog {
        BridgeLog(name: "test", redactor: Redactor(secrets: ["123:secret"])) { [self] line in
            lock.lock()
            lines += line
            lock.unlock()
        }
    }

    var text: String {
        lock.lock()
        defer { lock.unlock() }
        return lines
    }
}
