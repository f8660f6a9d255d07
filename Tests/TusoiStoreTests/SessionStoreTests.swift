import Foundation
import Testing
import TusoiEngine
import TusoiTestSupport

@testable import TusoiStore

@Suite("The session store")
struct SessionStoreTests {
    func temporaryPath() -> String {
        TemporaryFolders.make("tusoi-store").appendingPathComponent("s.sqlite").path
    }

    @Test("a session's state survives encoding, including awkward characters")
    func sessionCoding() throws {
        var state = SessionState(
            phase: .confirmingDiscard(returnTo: "q:opt"), language: .en, paused: true, submittedAt: 42,
            buttons: ["a/1/yes", "c/no\twith\\tab\nline"],
            draft: ["\u{0301}starts with a combining mark", "\u{200D}"], draftKey: "q#2")
        state.answers = [:]
        state.numbered = ["vi-pham", "chi-tiet:xa-dan", "ke-hoach#2"]
        state.lastAnswer = LastAnswer(key: "mo-ta", at: 1_764_000_060)
        state.held = "và học nghị quyết\ntrực tuyến"
        state.rosterPage = 2
        #expect(try SessionCoding.decode(SessionCoding.encode(state)) == state)
        // The format itself: stores written by earlier versions hold exactly these lines.
        #expect(
            SessionCoding.encode(state) == """
                phase confirm-discard q:opt
                lang en
                paused
                submitted 42
                b a/1/yes
                b c/no\\twith\\\\tab\\nline
                draft q#2
                d \u{0301}starts with a combining mark
                d \u{200D}
                n vi-pham
                n chi-tiet:xa-dan
                n ke-hoach#2
                last 1764000060 mo-ta
                held và học nghị quyết\\ntrực tuyến
                page 2
                """)
        for phase: SessionState.Phase in [.new, .asking("x"), .reviewing, .confirmingSubmit, .submitted] {
            let other = SessionState(phase: phase)
            #expect(try SessionCoding.decode(SessionCoding.encode(other)) == other)
        }
        #expect(throws: StoreError.self) { try SessionCoding.decode("phase dancing") }
    }

    @Test("every kind of answer survives the store's columns")
    func answerCoding() {
        let answers: [Answer] = [
            .yesNo(true), .yesNo(false), .choice("tot"), .choices([]), .choices(["a", "b"]),
            .text("Dòng 1\nDòng 2, có dấu phẩy"), .skipped,
        ]
        for answer in answers {
            let (kind, value) = AnswerCoding.encode(answer)
            #expect(AnswerCoding.decode(kind: kind, value: value) == answer)
        }
        #expect(AnswerCoding.decode(kind: "hologram", value: "") == nil)
    }

    @Test("answers keep every revision; the current one is the last; a session reloads with its answers")
    func revisions() throws {
        let store = try SessionStore(path: ":memory:")
        let row = try store.questionnaireRow(name: "q", version: "1", source: "text", now: 1)
        #expect(try store.questionnaireRow(name: "q", version: "1", source: "text", now: 2) == row)
        let id = try store.createSession(
            channel: "t", user: "u", chat: "c", questionnaireRow: row, state: SessionState(), now: 1)
        try store.transaction {
            try store.recordAnswer(sessionID: id, key: "a", answer: .yesNo(true), inboundID: nil, now: 1)
            try store.recordAnswer(sessionID: id, key: "b", answer: .text("x"), inboundID: nil, now: 1)
            try store.recordAnswer(sessionID: id, key: "a", answer: .yesNo(false), inboundID: nil, now: 2)
            try store.updateSession(id: id, state: SessionState(phase: .asking("c")), now: 2)
        }
        let history = try store.answerHistory(sessionID: id)
        #expect(history.map(\.key) == ["a", "b", "a"])
        #expect(history.map(\.revision) == [1, 1, 2])
        let session = try #require(try store.latestSession(channel: "t", user: "u"))
        #expect(session.state.phase == .asking("c"))
        #expect(session.state.answers == ["a": .yesNo(false), "b": .text("x")])
        #expect(try store.latestSession(channel: "t", user: "other") == nil)
    }

    @Test("a submission's version is the answers up to the message that submitted it, within one second too")
    func versions() throws {
        let store = try SessionStore(path: ":memory:")
        let row = try store.questionnaireRow(name: "q", version: "1", source: "text", now: 1)
        let id = try store.createSession(
            channel: "t", user: "u", chat: "c", questionnaireRow: row, state: SessionState(), now: 1)
        var count = 0
        // Every message at the same second: only the order of the messages tells the versions apart.
        func message() throws -> Int64 {
            count += 1
            return try store.recordInbound(
                InboundRecord(
                    channel: "t", chat: "c", messageID: "m\(count)", user: "u", sessionID: id, sentAt: nil,
                    receivedAt: 5, text: "x", button: nil, replies: "[]"))
        }
        try store.transaction {
            try store.recordAnswer(
                sessionID: id, key: "a", answer: .yesNo(true), inboundID: try message(), now: 5)
            try store.recordAnswer(
                sessionID: id, key: "b", answer: .text("x"), inboundID: try message(), now: 5)
            try store.recordEvent(
                sessionID: id, kind: "submitted", inboundID: try message(), now: 5, document: "v1")
            try store.recordEvent(sessionID: id, kind: "returned", inboundID: nil, now: 5, document: "why")
            try store.recordAnswer(
                sessionID: id, key: "a", answer: .yesNo(false), inboundID: try message(), now: 5)
            try store.clearAnswer(sessionID: id, key: "b", inboundID: try message(), now: 5)
            try store.recordEvent(
                sessionID: id, kind: "submitted", inboundID: try message(), now: 5, document: "v2")
        }
        #expect(try store.answers(sessionID: id, asOfSubmission: 1) == ["a": .yesNo(true), "b": .text("x")])
        #expect(try store.answers(sessionID: id, asOfSubmission: 2) == ["a": .yesNo(false)])
        #expect(try store.answers(sessionID: id, asOfSubmission: 3) == nil)
        #expect(try store.answers(sessionID: id, asOfSubmission: 0) == nil)
    }

    @Test("a question awaiting a secretary's yes is kept per identity, replaced by a newer one, and cleared")
    func confirmations() throws {
        let store = try SessionStore(path: ":memory:")
        try store.transaction {
            let branch = try store.addBranch(code: "cb24", name: "Chi bộ 24", committee: "")
            for name in ["Hà", "An"] {
                _ = try store.addMember(
                    branchID: branch, name: name, role: .member, phone: nil, email: nil, now: 0)
            }
        }
        let first = PendingConfirmation(
            actorID: 1, action: .unlink, memberID: 2, memberChannel: nil, askedAt: 10)
        let second = PendingConfirmation(
            actorID: 1, action: .unlink, memberID: 2, memberChannel: "zalo", askedAt: 20)
        try store.setPendingConfirmation(channel: "t", user: "u1", first)
        #expect(try store.pendingConfirmation(channel: "t", user: "u1") == first)
        #expect(try store.pendingConfirmation(channel: "zalo", user: "u1") == nil)
        try store.setPendingConfirmation(channel: "t", user: "u1", second)
        #expect(try store.pendingConfirmation(channel: "t", user: "u1") == second)
        try store.setPendingConfirmation(channel: "t", user: "u1", nil)
        #expect(try store.pendingConfirmation(channel: "t", user: "u1") == nil)
    }

    @Test("a message's replies are found again by (channel, chat, message id), and only that way")
    func idempotency() throws {
        let store = try SessionStore(path: ":memory:")
        let record = InboundRecord(
            channel: "zalo", chat: "c", messageID: "m1", user: "u", sessionID: nil, sentAt: nil,
            receivedAt: 1,
            text: "có", button: nil, replies: "[]")
        try store.recordInbound(record)
        #expect(try store.replies(channel: "zalo", chat: "c", messageID: "m1") == "[]")
        #expect(try store.replies(channel: "zalo", chat: "other", messageID: "m1") == nil)
        #expect(throws: SQLiteError.self) { try store.recordInbound(record) }
    }

    @Test("each reply text is stored once: a thousand messages with three texts make three rows")
    func repliesStoredOnce() throws {
        let store = try SessionStore(path: ":memory:")
        let texts = [#"[{"text":"Câu 1"}]"#, #"[{"text":"Câu 2"}]"#, #"[{"text":"Đã ghi."}]"#]
        try store.transaction {
            for number in 0..<1000 {
                try store.recordInbound(
                    InboundRecord(
                        channel: "zalo", chat: "c\(number % 40)", messageID: "m\(number)", user: "u",
                        sessionID: nil, sentAt: nil, receivedAt: 1, text: "có", button: nil,
                        replies: texts[number % 3]))
            }
        }
        #expect(try store.database.scalarInt("SELECT count(*) FROM replies") == 3)
        #expect(try store.database.scalarInt("SELECT count(*) FROM inbound") == 1000)
        for number in [0, 1, 2, 500, 999] {
            #expect(
                try store.replies(channel: "zalo", chat: "c\(number % 40)", messageID: "m\(number)")
                    == texts[number % 3])
        }
    }

    @Test("a long reply and a submitted version are kept deflated, and read back as they were")
    func longTextsPacked() throws {
        let store = try SessionStore(path: ":memory:")
        let review =
            "[{\"text\":\""
            + (1...60).map { "\($0). Câu trả lời của đồng chí: đi họp đúng giờ" }
            .joined(separator: "\\n") + "\"}]"
        let short = #"[{"text":"Đã ghi."}]"#
        let row = try store.questionnaireRow(name: "q", version: "1", source: "s", now: 1)
        let session = try store.createSession(
            channel: "zalo", user: "u", chat: "c", questionnaireRow: row, state: SessionState(), now: 1)
        for (id, text) in [("long", review), ("short", short)] {
            try store.recordInbound(
                InboundRecord(
                    channel: "zalo", chat: "c", messageID: id, user: "u", sessionID: nil, sentAt: nil,
                    receivedAt: 1, text: "xem lại", button: nil, replies: text))
        }
        try store.recordEvent(sessionID: session, kind: "submitted", inboundID: nil, now: 2, document: review)
        let types = try store.database.query("SELECT typeof(body), length(body) FROM replies ORDER BY id") {
            ($0.text(0) ?? "", $0.int64(1))
        }
        #expect(types.map(\.0) == ["blob", "text"])
        #expect(
            types[0].1 * 2 < Int64(review.utf8.count),
            "deflated to \(types[0].1) of \(review.utf8.count) bytes")
        #expect(try store.replies(channel: "zalo", chat: "c", messageID: "long") == review)
        #expect(try store.replies(channel: "zalo", chat: "c", messageID: "short") == short)
        #expect(
            try store.database.query("SELECT typeof(document) FROM session_events") { $0.text(0) } == ["blob"]
        )
        #expect(try store.submittedDocument(sessionID: session)?.document == review)
        #expect(try store.history(sessionID: session).first?.document == review)
    }

    @Test("a savepoint undoes only the failing message")
    func savepoint() throws {
        let store = try SessionStore(path: ":memory:")
        struct Failure: Error {}
        try store.transaction {
            try store.recordInbound(
                InboundRecord(
                    channel: "t", chat: "c", messageID: "1", user: "u", sessionID: nil, sentAt: nil,
                    receivedAt: 1,
                    text: "a", button: nil, replies: "[]"))
            #expect(throws: Failure.self) {
                try store.savepoint {
                    try store.recordInbound(
                        InboundRecord(
                            channel: "t", chat: "c", messageID: "2", user: "u", sessionID: nil, sentAt: nil,
                            receivedAt: 1, text: "b", button: nil, replies: "[]"))
                    throw Failure()
                }
            }
        }
        #expect(try store.replies(channel: "t", chat: "c", messageID: "1") != nil)
        #expect(try store.replies(channel: "t", chat: "c", messageID: "2") == nil)
    }

    @Test("another program's database and a damaged file are refused with a clear reason")
    func notAStore() throws {
        let foreign = temporaryPath()
        let other = try Database(path: foreign)
        try other.execute("CREATE TABLE invoices(id INTEGER PRIMARY KEY)")
        other.close()
        #expect(throws: StoreError.notAStore(path: foreign, reason: "it is another program's database")) {
            try SessionStore(path: foreign)
        }
        let garbage = temporaryPath()
        try Data(repeating: 0x41, count: 8192).write(to: URL(fileURLWithPath: garbage))
        #expect {
            try SessionStore(path: garbage)
        } throws: { error in
            guard case StoreError.notAStore(_, let reason) = error else { return false }
            return reason.contains("not a SQLite database")
        }
    }

    @Test("a new store is owner-only, at the current schema version, and reopens")
    func freshStore() throws {
        let path = temporaryPath()
        let store = try SessionStore(path: path)
        #expect(try store.database.userVersion == Schema.migrations.count)
        store.database.close()
        let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? NSNumber
        #expect(mode?.intValue == 0o600)
        let again = try SessionStore(path: path)
        #expect(try again.database.userVersion == Schema.migrations.count)
    }
}
