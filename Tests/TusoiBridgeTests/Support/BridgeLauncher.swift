import Foundation
import TusoiWire

@testable import TusoiBridge

/// Starts the built bridges against a fake API, with intervals and timeouts short enough for tests.
enum BridgeLauncher {
    /// Options that keep the tests fast: a one-second long poll, no spacing between messages, quick
    /// restarts and retries; and a lock folder of its own, since tests running at once share tokens.
    static var fastOptions: [String] {
        [
            "--poll-timeout", "1", "--chat-interval", "0", "--overall-rate", "1000", "--restart-delay",
            "0.05",
            "--max-restart-delay", "0.2", "--retry-delay", "0.05", "--lock-dir",
            Binaries.temporaryDirectory().path,
        ]
    }

    static func telegram(_ fake: FakeMessengerAPI, store: String, extra: [String] = []) throws -> ChildRunner
    {
        try start(Binaries.telegram, fake, store: store, extra: extra)
    }

    static func zalo(_ fake: FakeMessengerAPI, store: String, extra: [String] = []) throws -> ChildRunner {
        try start(Binaries.zalo, fake, store: store, extra: extra)
    }

    private static func start(_ program: String, _ fake: FakeMessengerAPI, store: String, extra: [String])
        throws
        -> ChildRunner
    {
        let tokenFile = URL(fileURLWithPath: store).deletingLastPathComponent().appendingPathComponent(
            "token"
        ).path
        _ = FileManager.default.createFile(
            atPath: tokenFile, contents: Data((fake.token + "\n").utf8),
            attributes: [.posixPermissions: 0o600])
        return try ChildRunner(
            program,
            ["--token-file", tokenFile, "--api-base", fake.base] + fastOptions + extra
                + ["--", Binaries.tusoi, "serve", "--db", store])
    }

    /// The parts a channel must receive for the bot's answers, in order.
    static func parts(_ answers: [MessageResult], on capabilities: ChannelCapabilities) -> [OutboundPart] {
        answers.flatMap { OutboundPart.parts(for: $0.replies, on: capabilities) }
    }
}
