import Foundation
import Testing
import TusoiEngine
import TusoiStore
import TusoiWire

@testable import TusoiServer

/// The built binary driven through real pipes: clean shutdown, file permissions, kill -9 and restart.
@Suite("End to end through the built binary", .serialized)
struct EndToEndTests {
    static let initialize =
        #"{"jsonrpc":"2.0","id":"init","method":"initialize","params":{"protocolVersion":"1"}}"# + "\n"

    static func message(chat: Int, number: Int, text: String) -> String {
        let params: JSONValue = .object([
            "channel": .string("zalo"), "chat": .string("u\(chat)"), "user": .string("u\(chat)"),
            "messageId": .string("m\(number)"), "text": .string(text),
        ])
        let request: JSONValue = .object([
            "jsonrpc": .string("2.0"), "id": .string("c\(chat)-m\(number)"), "method": .string("message"),
            "params": params,
        ])
        return request.jsonText + "\n"
    }

    /// The mini questionnaire answered: no violation, none of the manifestations, rated "good".
    static let script = ["chào", "không", "0", "2"]

    func arguments(_ store: String) -> [String] {
        [
            "serve", "--db", store, "--prompts",
            GoldenHarness.directory.appendingPathComponent("Fixtures").path,
            "--questionnaire", "mini",
        ]
    }

    /// `tusoi serve` on `store`, once it has acknowledged the handshake and a first member's “chào”.
    func serving(_ store: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> BinaryProcess {
        let server = try BinaryProcess(arguments: arguments(store))
        server.send(Self.initialize + Self.message(chat: 1, number: 1, text: "chào"))
        #expect(server.waitForLines(2), sourceLocation: sourceLocation)
        return server
    }

    @Test("serve answers over pipes, exits 0 at end of input, and creates the store owner-only")
    func cleanRun() throws {
        let store = GoldenHarness.temporaryStore()
        let server = try BinaryProcess(arguments: arguments(store))
        server.send(Self.initialize + Self.message(chat: 1, number: 1, text: "chào"))
        server.closeInput()
        #expect(server.wait() == 0)
        let lines = server.outputLines
        #expect(lines.count == 2)
        #expect(lines.last?.contains(#""id":"c1-m1""#) == true)
        let attributes = try FileManager.default.attributesOfItem(atPath: store)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
    }

    @Test("a second serve on a store already served is refused at start (exit 75); the first goes on")
    func secondWriter() throws {
        let store = GoldenHarness.temporaryStore()
        let first = try serving(store)
        let second = try BinaryProcess(arguments: arguments(store))
        second.send(Self.initialize + Self.message(chat: 1, number: 2, text: "không"))
        #expect(second.wait() == 75)
        #expect(second.outputLines.isEmpty)
        #expect(second.errorText.contains("is served by process \(first.process.processIdentifier) already"))
        first.send(Self.message(chat: 1, number: 3, text: "không"))
        #expect(first.waitForLines(3))
        first.closeInput()
        #expect(first.wait() == 0)
        // Once the first has stopped, the store can be served again.
        let third = try BinaryProcess(arguments: arguments(store))
        third.send(Self.initialize)
        third.closeInput()
        #expect(third.wait() == 0)
    }

    @Test("SIGTERM ends serve cleanly with exit 0 after committing")
    func terminate() throws {
        let store = GoldenHarness.temporaryStore()
        let server = try serving(store)
        server.process.terminate()
        #expect(server.wait() == 0)
        let reopened = try SessionStore(path: store)
        #expect(try reopened.latestSession(channel: "zalo", user: "u1") != nil)
    }

    /// `serve` writes a batch's acknowledgements once the log is synced, on its output thread.
    @Test("the store's log deleted under serve: the next message is not acknowledged, serve exits 74")
    func deletedLog() throws {
        let store = GoldenHarness.temporaryStore()
        let server = try serving(store)
        try FileManager.default.removeItem(atPath: store + "-wal")
        server.send(Self.message(chat: 2, number: 1, text: "chào"))
        #expect(server.wait() == 74)
        #expect(server.outputLines.count == 2)
        #expect(!server.outputLines.joined().contains(#""id":"c2-m1""#))
        #expect(server.errorText.contains("stopped; no message after this point was acknowledged"))
        #expect(server.errorText.contains("-wal"))
        // What was acknowledged is in the store: closing copied the open log into it.
        let reopened = try SessionStore(path: store)
        #expect(try reopened.latestSession(channel: "zalo", user: "u1") != nil)
    }

    @Test("the store's log deleted under an idle serve: it stops within seconds (exit 74), nothing lost")
    func deletedLogWhileIdle() throws {
        let store = GoldenHarness.temporaryStore()
        let server = try serving(store)
        try FileManager.default.removeItem(atPath: store + "-wal")
        // Nothing more is sent: the source wakes every 5 s, and the sync then finds the log gone.
        #expect(server.wait() == 74)
        #expect(server.errorText.contains("was deleted while in use"))
        let reopened = try SessionStore(path: store)
        #expect(try reopened.latestSession(channel: "zalo", user: "u1") != nil)
    }

    @Test("a store whose disk failed a sync is not served (exit 74, what to do) until its mark is removed")
    func failedSyncMark() throws {
        let store = GoldenHarness.temporaryStore()
        let first = try BinaryProcess(arguments: arguments(store))
        first.send(Self.initialize + Self.message(chat: 1, number: 1, text: "chào"))
        first.closeInput()
        #expect(first.wait() == 0)
        try "2026-12-07T03:00:00Z the disk failed a sync of \(store)-wal: Input/output error\n"
            .write(toFile: store + ".sync-failed", atomically: false, encoding: .utf8)
        let refused = try BinaryProcess(arguments: arguments(store))
        refused.send(Self.initialize)
        #expect(refused.wait() == 74)
        #expect(refused.outputLines.isEmpty)
        #expect(refused.errorText.contains("Input/output error"))
        #expect(
            refused.errorText.contains(
                "check the disk, restart the machine, then remove \(store).sync-failed"))
        try FileManager.default.removeItem(atPath: store + ".sync-failed")
        let served = try BinaryProcess(arguments: arguments(store))
        served.send(Self.initialize + Self.message(chat: 1, number: 1, text: "chào"))
        served.closeInput()
        #expect(served.wait() == 0)
        #expect(served.outputLines.last?.contains(#""replay":true"#) == true)
    }

    @Test("SIGTERM while the bridge was writing a line: the part written is not answered (it is sent again)")
    func terminateMidLine() throws {
        let store = GoldenHarness.temporaryStore()
        let server = try BinaryProcess(arguments: arguments(store))
        let next = Self.message(chat: 1, number: 2, text: "không")
        server.send(
            Self.initialize + Self.message(chat: 1, number: 1, text: "chào") + String(next.prefix(40)))
        #expect(server.waitForLines(2))
        server.process.terminate()
        #expect(server.wait() == 0)
        #expect(server.outputLines.count == 2)
        #expect(!server.outputLines.joined().contains("-32700"))
    }

    @Test("kill -9 at random moments loses no acknowledged answer and stores none twice")
    func killAndRestart() throws {
        let store = GoldenHarness.temporaryStore()
        let chats = 300
        // Every chat's script, interleaved; each line keeps its order within its chat.
        var pending: [(id: String, line: String)] = []
        for (number, text) in Self.script.enumerated() {
            for chat in 0..<chats {
                pending.append(("c\(chat)-m\(number)", Self.message(chat: chat, number: number, text: text)))
            }
        }
        var acknowledged: Set<String> = []
        var interrupted = 0
        var generator = SystemRandomNumberGenerator()
        for round in 0..<12 where !pending.isEmpty {
            let server = try BinaryProcess(arguments: arguments(store))
            server.send(Self.initialize + pending.map(\.line).joined())
            if round < 11 {
                // Killed after a random share of the lines came back (up to a third), never after a
                // fixed time: on a loaded machine a sleep can outlast the whole stream.
                // The first is killed as it starts (opening or migrating the store).
                let lines = Int.random(in: 1...max(1, pending.count / 3), using: &generator)
                if round > 0 { _ = server.waitForLines(1 + lines, seconds: 20) }
                server.kill()
                _ = server.wait()
            } else {
                server.closeInput()
                #expect(server.wait() == 0)
            }
            for line in server.outputLines where line.contains(#""result":{"replay""#) {
                if let start = line.range(of: #""id":""#),
                    let end = line[start.upperBound...].firstIndex(of: "\"")
                {
                    acknowledged.insert(String(line[start.upperBound..<end]))
                }
            }
            pending.removeAll { acknowledged.contains($0.id) }
            if round < 11 && !pending.isEmpty { interrupted += 1 }
        }
        #expect(interrupted >= 2, "the kills must land while the stream is flowing")
        #expect(pending.isEmpty, "every message is acknowledged in the end")

        let reopened = try SessionStore(path: store)
        let duplicates = try reopened.database.query(
            "SELECT count(*) FROM answers GROUP BY session_id, question_key HAVING count(*) > 1"
        ) { $0.int64(0) }
        #expect(duplicates.isEmpty, "no answer stored twice")
        for chat in 0..<chats {
            let session = try #require(try reopened.latestSession(channel: "zalo", user: "u\(chat)"))
            #expect(session.state.phase == .reviewing, "chat \(chat) went on to the end")
            let history = try reopened.answerHistory(sessionID: session.id)
            #expect(history.map(\.key) == ["vi-pham", "bieu-hien", "xep-loai"])
        }
    }
}
