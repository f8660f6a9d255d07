import Foundation
import Testing
import TusoiEngine
import TusoiWire

@testable import TusoiServer
@testable import TusoiStore

/// `tusoi conclude`: the branch's conclusion from the command line, through the same decider and
/// applier as `/ketluan`; refused while `tusoi serve` holds the store; the member told by the outbox
/// and asked to take it in the next time they write.
@Suite("The branch's conclusion from the command line", .serialized)
struct ConcludeCommandTests {
    static let initialize =
        #"{"jsonrpc":"2.0","id":"init","method":"initialize","params":{"protocolVersion":"1","channels":{"t":{"documents":true}}}}"#
        + "\n"

    /// A file store where An (member 2, number 2 of cb24) has submitted; Hà, An and Bình are linked.
    func submitted() throws -> String {
        let store = GoldenHarness.temporaryStore()
        let harness = try AuthorizationTests.Harness(path: store)
        for (user, code) in [("u1", "HAAAAAAAA2"), ("u2", "ANAAAAAAA2"), ("u3", "BBBBBBBBB2")] {
            harness.send(user, code)
        }
        for answer in ["có", "Đi họp muộn.", "1", "Chưa đọc kỹ", "2", "bỏ qua", "nộp", "xác nhận"] {
            harness.send("u2", answer)
        }
        harness.store.close()
        return store
    }

    func tusoi(_ arguments: [String], store: String) throws -> (code: Int32?, out: String, err: String) {
        let process = try BinaryProcess(
            arguments: arguments + ["--db", store], environment: ["TUSOI_LANG": ""])
        process.closeInput()
        let code = process.wait()
        return (code, process.outputLines.joined(separator: "\n"), process.errorText)
    }

    func rows(_ store: String, _ sql: String) throws -> [[String]] {
        let opened = try SessionStore(path: store)
        defer { opened.close() }
        let statement = try opened.database.prepare(sql)
        var rows: [[String]] = []
        while try statement.step() {
            rows.append((0..<statement.columnCount).map { statement.text($0) ?? "" })
        }
        return rows
    }

    @Test("recorded like /ketluan: kept in the history, queued for the member, audited as the operator's")
    func conclude() throws {
        let store = try submitted()
        let run = try tusoi(
            [
                "conclude", "--member", "2", "--branch", "cb24", "--rating", "Hoàn thành tốt nhiệm vụ",
                "--comment",
                "Chi bộ ghi nhận đồng chí tự phê bình nghiêm túc.",
            ], store: store)
        #expect(run.code == 0, "\(run.err)")
        #expect(
            run.out.hasPrefix(
                "Đã ghi kết luận của chi bộ về bản tự kiểm điểm của đồng chí Nguyễn Văn An. Tin báo cho đồng chí (1 tài khoản)"
            ))
        let event = try #require(
            try rows(store, "SELECT kind, document FROM session_events ORDER BY id").last)
        #expect(event[0] == "concluded")
        let document = try JSONParser.parse(Array(event[1].utf8))
        #expect(document["comment"] == .string("Chi bộ ghi nhận đồng chí tự phê bình nghiêm túc."))
        #expect(document["rating"] == .string("Hoàn thành tốt nhiệm vụ"))
        #expect(document["by"] == .string("operator"))
        let outbox = try #require(
            try rows(store, "SELECT chat_id, kind, replies FROM outbox ORDER BY id").last)
        #expect(outbox[0] == "u2" && outbox[1] == "concluded")
        #expect(outbox[2].contains("Chi bộ ghi nhận đồng chí tự phê bình nghiêm túc."))
        #expect(outbox[2].contains("Chi bộ đề xuất xếp loại: Hoàn thành tốt nhiệm vụ."))
        let audit = try rows(
            store, "SELECT actor, action, subject, channel FROM audit WHERE action LIKE 'conclude%'")
        #expect(audit == [["operator", "conclude", "member 2", "cli"]])

        // The next serve sends the notice; An's next message is the answer to it.
        let server = try BinaryProcess(arguments: ["serve", "--db", store])
        server.send(Self.initialize)
        // The answer to the handshake, then what the outbox holds: the secretary's notice of An's
        // submission (never sent: no serve ran since), and the conclusion to An.
        #expect(server.waitForLines(3))
        let sent =
            server.outputLines.first { $0.contains(#""method":"send""#) && $0.contains(#""chat":"u2""#) }
            ?? ""
        #expect(sent.contains("Chi bộ ghi nhận đồng chí tự phê bình nghiêm túc."))
        let message: JSONValue = .object([
            "jsonrpc": .string("2.0"), "id": .string("a1"), "method": .string("message"),
            "params": .object([
                "channel": .string("t"), "chat": .string("u2"), "user": .string("u2"),
                "messageId": .string("x1"),
                "text": .string("tiep thu a"),
            ]),
        ])
        server.send(message.jsonText + "\n")
        server.closeInput()
        #expect(server.wait() == 0)
        #expect(
            server.outputLines.contains {
                $0.contains(#""id":"a1""#) && $0.contains("Đã ghi nhận đồng chí tiếp thu ý kiến của chi bộ.")
            })
        let kinds = try rows(store, "SELECT kind FROM session_events ORDER BY id").map { $0[0] }
        #expect(kinds.suffix(2) == ["concluded", "took-in"])
    }

    @Test(
        "a rating as the operator writes it is the one /ketluan reads",
        arguments: [
            ("tốt", "tot"), ("Hoàn thành tốt nhiệm vụ", "tot"), ("hoan thanh xuat sac", "xuat sac"),
            ("Hoàn thành nhiệm vụ", "hoan thanh"), ("KHÔNG hoàn thành nhiệm vụ", "khong hoan thanh"),
            ("good", "good"), ("great", nil), ("tốt lắm", nil),
        ] as [(String, String?)])
    func rating(written: String, read: String?) {
        #expect(ConcludeCommand.rating(written) == read)
    }

    @Test(
        "refused with a clear message, audited, nothing recorded: not submitted, unknown, another branch, bad usage"
    )
    func refusals() throws {
        let store = try submitted()
        let notSubmitted = try tusoi(
            ["conclude", "--member", "3", "--comment", "Cần nộp bài."], store: store)
        #expect(notSubmitted.code == 65)
        #expect(notSubmitted.err.contains("đồng chí Trần Thị Bình chưa nộp bản tự kiểm điểm"))
        #expect(
            try tusoi(["conclude", "--member", "99", "--comment", "Cần cố gắng."], store: store).code == 65)
        let elsewhere = try tusoi(
            ["conclude", "--member", "2", "--branch", "cb25", "--comment", "X."], store: store)
        #expect(elsewhere.code == 65)
        #expect(elsewhere.err.contains("không thuộc chi bộ cb25"))
        #expect(try tusoi(["conclude", "--member", "2"], store: store).code == 64)
        #expect(
            try tusoi(["conclude", "--member", "2", "--rating", "great", "--comment", "X."], store: store)
                .code == 64)
        // A comment that starts with a rating word would be read as the rating: the operator says which.
        #expect(
            try tusoi(["conclude", "--member", "2", "--comment", "Tốt, cần phát huy."], store: store).code
                == 64)
        #expect(try rows(store, "SELECT count(*) FROM session_events WHERE kind = 'concluded'") == [["0"]])
        #expect(try rows(store, "SELECT count(*) FROM audit WHERE action = 'conclude-refused'") == [["3"]])
    }

    @Test("while tusoi serve holds the store: refused with exit 75, pointing to /ketluan; nothing written")
    func served() throws {
        let store = try submitted()
        let server = try BinaryProcess(arguments: ["serve", "--db", store])
        server.send(Self.initialize)
        #expect(server.waitForLines(1))
        let run = try tusoi(["conclude", "--member", "2", "--comment", "Chi bộ ghi nhận."], store: store)
        #expect(run.code == 75)
        #expect(run.err.contains("/ketluan"))
        server.closeInput()
        #expect(server.wait() == 0)
        #expect(try rows(store, "SELECT count(*) FROM session_events WHERE kind = 'concluded'") == [["0"]])
    }
}
