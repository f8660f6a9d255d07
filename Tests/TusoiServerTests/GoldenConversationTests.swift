import Foundation
import Testing

@Suite("Golden conversations through the server")
struct GoldenConversationTests {
    static let names: [String] = {
        let folder = GoldenHarness.directory.appendingPathComponent("Golden")
        let files = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return files.filter { $0.hasSuffix(".in.jsonl") }.map { String($0.dropLast(".in.jsonl".count)) }
            .sorted()
    }()

    @Test("replays exactly", arguments: names)
    func replay(name: String) throws {
        let path = GoldenHarness.temporaryStore()
        defer { try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent) }
        let output = try GoldenHarness.run(name, storePath: path)
        try GoldenHarness.compare(name, output)
    }

    @Test("replays exactly on the in-memory twin of the store", arguments: names)
    func replayInMemory(name: String) throws {
        let path = GoldenHarness.memoryPrefix + name
        defer { GoldenHarness.forgetMemoryStore(path) }
        try GoldenHarness.compare(name, try GoldenHarness.run(name, storePath: path))
    }

    /// Sessions are kept packed between batches (``PackedSession``): with every line a batch of its
    /// own, each message unpacks the session the last one packed, and the conversation must not change.
    @Test(
        "replays exactly with every line a batch of its own (sessions packed between messages)",
        arguments: names)
    func replayLineByLine(name: String) throws {
        let path = GoldenHarness.temporaryStore()
        defer { try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent) }
        try GoldenHarness.compare(name, try GoldenHarness.run(name, storePath: path, lineBatches: true))
    }

    /// The server reads and decodes lines on a thread of its own, which also works out members'
    /// turns ahead (``Speculator``); without it, every turn is worked out as the message is handled.
    /// The conversations are the same either way, and the turns worked out ahead are taken.
    @Test(
        "replays exactly without the reading thread, and with it takes turns worked out ahead",
        arguments: names)
    func replayWithoutReadingAhead(name: String) throws {
        let path = GoldenHarness.temporaryStore()
        defer { try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent) }
        let alone = try GoldenHarness.runCounting(name, storePath: path, readsAhead: false)
        #expect(alone.speculated == 0)
        try GoldenHarness.compare(name, alone.output)
        let again = GoldenHarness.temporaryStore()
        defer { try? FileManager.default.removeItem(atPath: (again as NSString).deletingLastPathComponent) }
        let ahead = try GoldenHarness.runCounting(name, storePath: again)
        let messages = GoldenConversationTests.messageResults(ahead.output).count
        // Every conversation with a member writing twice in a session has turns to take.
        if messages >= 8 {
            #expect(ahead.speculated > 0, "\(name): no turn worked out ahead was taken of \(messages)")
        }
    }

    /// Every reply the bot sent can be had again from the store alone, byte for byte and in order:
    /// the whole conversation sent a second time is answered by replays only, each the line first
    /// sent (marked as a replay), whatever the store keeps of it and however it keeps it.
    @Test(
        "every reply is kept: the whole conversation sent again gets the same lines, as replays",
        arguments: names)
    func repliesKept(name: String) throws {
        let path = GoldenHarness.temporaryStore()
        defer { try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent) }
        let first = try GoldenHarness.run(name, storePath: path)
        let again = try GoldenHarness.run(name, storePath: path, replaying: true)
        let answered = GoldenConversationTests.messageResults(first)
        let replayed = GoldenConversationTests.messageResults(again)
        #expect(!answered.isEmpty || name == "malformed")
        #expect(
            replayed.count == answered.count,
            "\(name): \(replayed.count) replays for \(answered.count) messages")
        for (original, replay) in zip(answered, replayed) {
            let expected = original.replacingOccurrences(of: #""replay":false"#, with: #""replay":true"#)
            #expect(replay == expected, "\(name): a reply came back different from the store")
        }
    }

    /// The results of messages (lines with a `replay` flag), in order.
    static func messageResults(_ output: String) -> [String] {
        output.split(separator: "\n").map(String.init).filter { $0.contains(#""replay":"#) }
    }

    @Test("every golden input has its output")
    func everyInputHasOutput() {
        #expect(GoldenConversationTests.names.count >= 6)
        for name in GoldenConversationTests.names {
            let out = GoldenHarness.directory.appendingPathComponent("Golden/\(name).out.jsonl")
            #expect(FileManager.default.fileExists(atPath: out.path), "\(name).out.jsonl is missing")
        }
    }
}
