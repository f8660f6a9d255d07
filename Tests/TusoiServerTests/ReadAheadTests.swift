import Foundation
import Testing
import TusoiStore
import TusoiTestSupport

@testable import TusoiServer

/// The server's reading thread works out members' turns ahead (``Speculator``) while the batch
/// before is stored; the service takes such a turn only if it started from the very session, event,
/// questionnaire, roster and time. Members write in random order, in batches of random size, some
/// twice in a batch or in the batch right after (their turn worked out from a turn not stored yet),
/// with commands, media, a message sent again (a replay): whatever the reading thread guessed, the
/// replies and the record must be those of a server that reads and handles in turn.
@Suite("Turns worked out ahead on the reading thread")
struct ReadAheadTests {
    /// What members type, besides the self-review's own script.
    static let detours = [
        "xem lại", "tam dung", "tiếp tục", "sua 2", "?", "khong hieu", "1", "2", "có", "ko", "bo qua",
        "quay lai", "gui",
    ]
    static let script = [
        "Chào đồng chí", "bắt đầu", "3", "Chưa dành thời gian đọc kỹ nghị quyết.", "0", "khong co", "khong",
        "Đi làm đúng giờ, nhận việc khó, gương mẫu ở khu dân cư.", "xong", "bo qua", "5",
        "Phát ngôn trong nhóm cơ quan còn thiếu cân nhắc.", "Đề nghị thông báo lịch sinh hoạt sớm.", "không",
        "Học nghị quyết; cẩn trọng khi phát ngôn.", "Chưa học kỹ nghị quyết.", "31/12", "xem lại", "nộp",
        "xác nhận",
    ]

    /// `chats` members writing `perChat` messages each, interleaved at random, cut into batches
    /// of 1 to `largest` lines; a handshake first.
    static func workload(seed: UInt64, chats: Int, perChat: Int, largest: Int) -> [[UInt8]] {
        var random = SplitMix(state: seed)
        var order = (0..<chats).flatMap { chat in Array(repeating: chat, count: perChat) }
        order.shuffle(using: &random)
        var step = Array(repeating: 0, count: chats)
        var lines = [
            #"{"jsonrpc":"2.0","id":"init","method":"initialize","params":{"protocolVersion":"1","channels":{"zalo":{"maxTextLength":2000}}}}"#
        ]
        for (count, chat) in order.enumerated() {
            let roll = Int.random(in: 0..<100, using: &random)
            let content: String
            if roll < 3 {
                content = #""kind":"media""#
            } else if roll < 22 {
                content = #""text":"\#(detours.randomElement(using: &random)!)""#
            } else {
                let text = script[step[chat] % script.count]
                content = #""text":"\#(text.count > 25 ? "\(text) (đảng viên \(chat))" : text)""#
            }
            // Now and then the bridge sends a message again (after a restart of its own).
            let replay = roll == 99 && step[chat] > 0
            let messageID = replay ? step[chat] - 1 : step[chat]
            if !replay { step[chat] += 1 }
            let time = roll % 4 == 0 ? #","time":"2026-11-26T08:00:0\#(roll % 10)Z""# : ""
            lines.append(
                #"{"jsonrpc":"2.0","id":\#(count),"method":"message","params":{"channel":"zalo","chat":"u\#(chat)","user":"u\#(chat)","messageId":"m\#(messageID)"\#(time),\#(content)}}"#
            )
        }
        var batches: [[UInt8]] = []
        var index = 0
        while index < lines.count {
            let size = Int.random(in: 1...largest, using: &random)
            let end = min(lines.count, index + size)
            batches.append(Array(lines[index..<end].joined(separator: "\n").utf8) + [0x0A])
            index = end
        }
        return batches
    }

    /// The output, the record and the count of turns taken from the reading thread.
    static func serve(_ batches: [[UInt8]], readsAhead: Bool, roster: Bool, alwaysAhead: Bool = true) throws
        -> (
            output: String, record: [String], speculated: Int
        )
    {
        let path = GoldenHarness.temporaryStore()
        defer { try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent) }
        let store = try SessionStore(path: path)
        let service = try ChatService(
            store: store, library: try GoldenHarness.library(), questionnaireID: "tu-soi-tu-sua")
        if roster {
            service.roster = { _, user in GoldenHarness.roster.filter { $0.id != user } }
        }
        let server = Server(service: service, clock: { 1_764_000_000 })
        server.readsAhead = readsAhead
        server.worksAheadWhenIdle = alwaysAhead
        var source = MemoryLineSource(batches: batches)
        var sink = MemoryLineSink()
        server.run(source: &source, sink: &sink)
        let record =
            try store.database.query(
                """
                SELECT i.id, i.chat_id, i.message_id, i.session_id, coalesce(i.text, ''), hex(r.body)
                FROM inbound i JOIN replies r ON r.id = i.reply_id ORDER BY i.id
                """
            ) { row in
                "\(row.int64(0))|\(row.text(1) ?? "")|\(row.text(2) ?? "")|\(row.int64(3))|\(row.text(4) ?? "")|"
                    + (row.text(5) ?? "")
            }
            + store.database.query(
                "SELECT session_id, question_key, kind, value, inbound_id FROM answers ORDER BY id"
            ) { row in (0..<5).map { row.text($0) ?? "" }.joined(separator: "|") }
            + store.database.query("SELECT id, status, state FROM sessions ORDER BY id") { row in
                (0..<3).map { row.text($0) ?? "" }.joined(separator: "|")
            }
        store.close()
        return (sink.text, record, server.stats.speculated)
    }

    @Test(
        "replies and record are those of a server reading in turn",
        arguments: [(UInt64(1), false), (2, true), (3, false)])
    func sameAsInTurn(seed: UInt64, roster: Bool) throws {
        let batches = Self.workload(seed: seed, chats: 40, perChat: 24, largest: 60)
        let inTurn = try Self.serve(batches, readsAhead: false, roster: roster)
        let ahead = try Self.serve(batches, readsAhead: true, roster: roster)
        #expect(inTurn.speculated == 0)
        let messages = 40 * 24
        #expect(
            ahead.speculated > messages / 2, "only \(ahead.speculated) of \(messages) turns were taken")
        #expect(inTurn.record.count > messages)
        #expect(ahead.record == inTurn.record)
        let inTurnLines = inTurn.output.split(separator: "\n")
        let aheadLines = ahead.output.split(separator: "\n")
        #expect(aheadLines.count == inTurnLines.count)
        for (index, (line, expected)) in zip(aheadLines, inTurnLines).enumerated() where line != expected {
            Issue.record("line \(index + 1) differs:\n\(line)\nexpected:\n\(expected)")
            break
        }
    }

    /// As `serve` runs: turns are worked out ahead only while the service is busy with the batch
    /// before (how many depends on the threads' timing), never changing a reply.
    @Test("as served: turns worked out ahead only while the service is busy, the same replies and record")
    func sameAsInTurnWhenServed() throws {
        let batches = Self.workload(seed: 4, chats: 30, perChat: 20, largest: 40)
        let inTurn = try Self.serve(batches, readsAhead: false, roster: false)
        let ahead = try Self.serve(batches, readsAhead: true, roster: false, alwaysAhead: false)
        #expect(ahead.record == inTurn.record)
        #expect(ahead.output == inTurn.output)
    }
}
