import Foundation
import Testing
import TusoiStore
import TusoiWire

@testable import TusoiServer

/// A store written before replies were kept once (schema 5, `Fixtures/schema5`: two self-reviews
/// sent to `tusoi serve` of 047779c) is moved to the new shape when opened, and every message it
/// holds is answered again, as a replay, with the very line that build sent.
@Suite("A store of schema 5 moves to one row per reply text")
struct RecordMigrationTests {
    static let fixture = GoldenHarness.directory.appendingPathComponent("Fixtures/schema5")

    @Test("every reply of the old store comes back byte for byte, and each text is stored once")
    func migration() throws {
        let path = GoldenHarness.temporaryStore()
        defer { try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent) }
        let dump = try String(contentsOf: Self.fixture.appendingPathComponent("store.sql"), encoding: .utf8)
        do {
            let old = try Database(path: path)
            try old.execute(dump)
            #expect(try old.query("PRAGMA user_version") { $0.int64(0) } == [5])
        }
        let store = try SessionStore(path: path)
        #expect(try store.database.query("PRAGMA user_version") { $0.int64(0) } == [6])
        let messages = try store.database.query("SELECT count(*) FROM inbound") { $0.int64(0) }.first ?? 0
        let texts = try store.database.query("SELECT count(*) FROM replies") { $0.int64(0) }.first ?? 0
        let unlinked =
            try store.database.query("SELECT count(*) FROM inbound WHERE reply_id IS NULL") { $0.int64(0) }
            .first
        #expect(messages == 65)
        #expect(texts > 0 && texts < messages, "\(texts) reply texts for \(messages) messages")
        #expect(unlinked == 0)

        let service = try ChatService(
            store: store, library: try GoldenHarness.library(), questionnaireID: "tu-soi-tu-sua")
        let server = Server(service: service, clock: { 1_764_000_000 })
        let input = try Data(contentsOf: Self.fixture.appendingPathComponent("messages.jsonl"))
        var source = MemoryLineSource(batches: [Array(input)])
        var sink = MemoryLineSink()
        server.run(source: &source, sink: &sink)
        store.close()
        let sent = try String(
            contentsOf: Self.fixture.appendingPathComponent("replies.jsonl"), encoding: .utf8)
        let first = GoldenConversationTests.messageResults(sent)
        let again = GoldenConversationTests.messageResults(String(decoding: sink.bytes, as: UTF8.self))
        #expect(first.count == 65)
        #expect(again.count == first.count)
        for (original, replay) in zip(first, again) {
            #expect(
                replay == original.replacingOccurrences(of: #""replay":false"#, with: #""replay":true"#))
        }
    }
}
