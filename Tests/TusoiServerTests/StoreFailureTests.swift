import Foundation
import Testing
import TusoiEngine

@testable import TusoiServer
@testable import TusoiStore

/// What the server answers when the store fails: every line still gets its answer, a failed message
/// leaves nothing behind (on disk or in memory), and the other messages of the batch stand.
@Suite("Store failures", .serialized)
struct StoreFailureTests {
    static let initialize =
        #"{"jsonrpc":"2.0","id":"init","method":"initialize","params":{"protocolVersion":"1"}}"#

    static func message(_ user: String, _ id: String, _ text: String) -> String {
        #"{"jsonrpc":"2.0","id":"\#(user)-\#(id)","method":"message","params":{"channel":"t","chat":"\#(user)","user":"\#(user)","messageId":"\#(id)","text":"\#(text)"}}"#
    }

    static func lines(_ texts: [String]) -> [LineReader.Line] {
        texts.map { .line(Array($0.utf8)) }
    }

    func server(_ path: String, busyTimeout: Int32 = 5000) throws -> (Server, SessionStore) {
        let store = try SessionStore(path: path, options: .durable, busyTimeoutMilliseconds: busyTimeout)
        let service = try ChatService(
            store: store, library: try GoldenHarness.library(), questionnaireID: "mini")
        return (Server(service: service, clock: { 1_764_000_000 }), store)
    }

    @Test("a message that fails is answered Not stored and undone; a new member after it still starts")
    func failedMessage() throws {
        let path = GoldenHarness.temporaryStore()
        let (server, store) = try server(path)
        // The very first message of the store fails after it registered the questionnaire and a session.
        try store.database.execute(
            """
            CREATE TEMP TRIGGER boom BEFORE INSERT ON inbound WHEN NEW.message_id = 'boom'
            BEGIN SELECT RAISE(ABORT, 'injected'); END
            """)
        let output = String(
            decoding: server.process(
                Self.lines([
                    Self.initialize, Self.message("x", "boom", "chào"), Self.message("y", "1", "chào"),
                ])),
            as: UTF8.self)
        let replies = output.split(separator: "\n")
        #expect(replies.count == 3)
        #expect(replies[1].contains(#""code":-32002"#) && replies[1].contains(#""id":"x-boom""#))
        #expect(replies[2].contains(#""id":"y-1","jsonrpc":"2.0","result""#))
        #expect(try store.latestSession(channel: "t", user: "x") == nil)
        #expect(try store.latestSession(channel: "t", user: "y") != nil)
    }

    /// Lines in batches; before the second, the store's write-ahead log is deleted (a clean-up script).
    struct DeletingLogSource: LineSource {
        var batches: [[String]]
        let log: String
        var served = 0

        mutating func nextBatch() -> (lines: [LineReader.Line], ended: Bool) {
            if served == 1 { try? FileManager.default.removeItem(atPath: log) }
            guard served < batches.count else { return ([], true) }
            defer { served += 1 }
            return (StoreFailureTests.lines(batches[served]), false)
        }
    }

    /// Commits are synced behind them (`LogSync`): a batch is acknowledged only once the log is synced.
    /// A log that cannot be synced any more stops the server before it acknowledges anything else.
    @Test(
        "the store's log deleted while serving: nothing more acknowledged, the server stops, nothing acknowledged lost"
    )
    func deletedLog() throws {
        let path = GoldenHarness.temporaryStore()
        let (serving, store) = try server(path)
        serving.readsAhead = false
        var source = DeletingLogSource(
            batches: [
                [Self.initialize, Self.message("a", "1", "chào")], [Self.message("b", "1", "chào")],
                [Self.message("c", "1", "chào")],
            ], log: path + "-wal")
        var sink = MemoryLineSink()
        serving.run(source: &source, sink: &sink)
        let replies = sink.text.split(separator: "\n")
        #expect(replies.count == 2)
        #expect(replies.last?.contains(#""id":"a-1""#) == true)
        #expect(!sink.text.contains(#""id":"b-1""#) && !sink.text.contains(#""id":"c-1""#))
        #expect(serving.syncFailure?.contains("the store's log \(path)-wal was deleted while in use") == true)
        #expect(source.served == 2, "the server stopped reading at the failed sync")
        // Closing copies the open log into the database file: what was acknowledged is there.
        store.close()
        let (again, reopened) = try server(path)
        let resent = String(
            decoding: again.process(Self.lines([Self.initialize, Self.message("a", "1", "chào")])),
            as: UTF8.self)
        #expect(resent.contains(#""replay":true"#))
        #expect(try reopened.latestSession(channel: "t", user: "a") != nil)
    }

    /// A batch that answers nothing (a bridge's delivery confirmations) still committed: it is synced
    /// like any other, or a delivered message could be sent again after a power cut.
    @Test("a batch with nothing to write is synced all the same")
    func silentBatchSynced() throws {
        let path = GoldenHarness.temporaryStore()
        let (serving, store) = try server(path)
        serving.readsAhead = false
        let sync = try #require(try store.syncCommitsBehind() as? LogSync)
        let syncs = Counter()
        sync.syncFile = { descriptor in
            syncs.count += 1
            return fsync(descriptor)
        }
        let confirmation = #"{"jsonrpc":"2.0","id":"b-7","result":{}}"#
        var source = MemoryLineSource(batches: [
            Array((Self.initialize + "\n" + Self.message("a", "1", "chào") + "\n").utf8),
            Array((confirmation + "\n").utf8),
        ])
        var sink = MemoryLineSink()
        serving.run(source: &source, sink: &sink)
        #expect(sink.text.split(separator: "\n").count == 2)
        // The first batch, the confirmation's, the end of the input (an empty batch), and the last
        // sync when serving ends.
        #expect(syncs.count == 4)
    }

    final class Counter: @unchecked Sendable {
        var count = 0
    }

    @Test("when the store is locked, every line is still answered: messages with Not stored")
    func lockedStore() throws {
        let path = GoldenHarness.temporaryStore()
        let (server, _) = try server(path, busyTimeout: 50)
        let other = try Database(path: path)
        try other.execute("BEGIN IMMEDIATE")
        let output = String(
            decoding: server.process(Self.lines([Self.initialize, Self.message("a", "1", "chào")])),
            as: UTF8.self)
        try other.execute("ROLLBACK")
        let replies = output.split(separator: "\n")
        #expect(replies.count == 2)
        #expect(replies[0].contains(#""result":{"protocolVersion""#))
        #expect(replies[1].contains(#""code":-32002"#) && replies[1].contains("locked"))
        // Once the lock is gone the same message goes through.
        let retry = String(
            decoding: server.process(Self.lines([Self.message("a", "1", "chào")])), as: UTF8.self)
        #expect(retry.contains(#""replay":false"#))
    }

    /// A batch is first handled without a savepoint a message; a failure sends it round again, each
    /// message in its own savepoint. The messages around the failing one must come out as if it had
    /// never been sent: stored once, answered as without it, and the conversation goes on from them.
    @Test("a message failing in the middle of a batch: those around it stored once, answered as without it")
    func failureMidBatch() throws {
        let clean = GoldenHarness.temporaryStore()
        let failing = GoldenHarness.temporaryStore()
        let (quiet, _) = try server(clean)
        let (troubled, store) = try server(failing)
        try store.database.execute(
            """
            CREATE TEMP TRIGGER boom BEFORE INSERT ON inbound WHEN NEW.message_id = 'boom'
            BEGIN SELECT RAISE(ABORT, 'injected'); END
            """)
        let before = [Self.initialize, Self.message("x", "1", "chào"), Self.message("y", "1", "chào")]
        let after = [Self.message("x", "2", "bắt đầu"), Self.message("y", "2", "bắt đầu")]
        let expected = String(decoding: quiet.process(Self.lines(before + after)), as: UTF8.self)
        let got = String(
            decoding: troubled.process(Self.lines(before + [Self.message("z", "boom", "chào")] + after)),
            as: UTF8.self)
        var lines = got.split(separator: "\n").map(String.init)
        #expect(lines.count == 6)
        #expect(lines.contains { $0.contains(#""code":-32002"#) && $0.contains(#""id":"z-boom""#) })
        lines.removeAll { $0.contains(#""id":"z-boom""#) }
        #expect(lines == expected.split(separator: "\n").map(String.init))
        #expect(try store.database.scalarInt("SELECT count(*) FROM inbound") == 4)
        #expect(troubled.stats.messages == 4 && troubled.stats.errors == 1)
        // The next batch goes on from the sessions as stored, in memory and on disk alike.
        let next = [Self.message("x", "3", "1"), Self.message("x", "1", "chào")]
        #expect(
            String(decoding: troubled.process(Self.lines(next)), as: UTF8.self)
                == String(decoding: quiet.process(Self.lines(next)), as: UTF8.self))
    }
}
