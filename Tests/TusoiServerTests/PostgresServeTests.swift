import Foundation
import Testing
import TusoiStore
import TusoiWire

@testable import TusoiServer

/// The PostgreSQL server of the tests (`TUSOI_TEST_POSTGRES`); nil when they run without one.
let testPostgresURL: String? = ProcessInfo.processInfo.environment["TUSOI_TEST_POSTGRES"].flatMap {
    $0.isEmpty ? nil : $0
}

let postgresSkipped: Comment =
    "TUSOI_TEST_POSTGRES is not set: nothing was run on PostgreSQL (.ci/run starts a throwaway server and sets it)"

/// A schema of its own in the test server, and the URL of a store in it; dropped by `drop()`.
struct ScratchSchema {
    let url: String
    private let schema: String
    private let admin: PostgresConnection

    init() throws {
        let base = try #require(testPostgresURL)
        schema = "t_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        admin = try PostgresConnection(url: base)
        try admin.execute("CREATE SCHEMA \(schema)")
        url = base + (base.contains("?") ? "&" : "?") + "options=-csearch_path%3D\(schema)"
    }

    func drop() {
        try? admin.execute("DROP SCHEMA \(schema) CASCADE")
        admin.close()
    }
}

@Suite("The store chosen on the command line")
struct StoreAddressTests {
    @Test(
        "--store or --db, else TUSOI_STORE, else TUSOI_DB, else ./tusoi.sqlite; both at once is a usage error"
    )
    func precedence() throws {
        func parse(_ words: [String], _ environment: [String: String] = [:]) throws -> String {
            var arguments = Arguments(words)
            return try StoreAddress.parse(&arguments, environment: environment)
        }
        let both = ["TUSOI_STORE": "postgresql:///a", "TUSOI_DB": "b.sqlite"]
        #expect(try parse([]) == "tusoi.sqlite")
        #expect(try parse([], ["TUSOI_DB": "b.sqlite"]) == "b.sqlite")
        #expect(try parse([], both) == "postgresql:///a")
        #expect(try parse(["--db", "c.sqlite"], both) == "c.sqlite")
        #expect(try parse(["--store", "postgres://h/d"], both) == "postgres://h/d")
        #expect(throws: UsageError.self) { try parse(["--store", "postgres://h/d", "--db", "c.sqlite"]) }
        #expect(PostgresStore.isAddress("postgres://h/d") && PostgresStore.isAddress("postgresql:///d"))
        #expect(!PostgresStore.isAddress("postgres.sqlite"))
        #expect(StoreAddress.display("postgresql://u:secret@h/d") == "postgresql://u:***@h/d")
    }

    @Test("libpq is loaded only for a PostgreSQL store; when it cannot be, the store is refused and says why")
    func libpqMissing() throws {
        let process = try BinaryProcess(
            arguments: ["progress", "--store", "postgresql:///x?host=/nonexistent"],
            environment: ["TUSOI_LIBPQ": "/nonexistent/libpq.so.5", "TUSOI_LANG": "en"])
        process.closeInput()
        #expect(process.wait() == 74)
        #expect(
            process.errorText.contains(
                "PostgreSQL's client library could not be loaded (/nonexistent/libpq.so.5"))
        // A SQLite store never needs it.
        let store = GoldenHarness.temporaryStore()
        let sqlite = try BinaryProcess(
            arguments: ["progress", "--db", store], environment: ["TUSOI_LIBPQ": "/nonexistent/libpq.so.5"])
        sqlite.closeInput()
        #expect(sqlite.wait() == 0)
    }

    @Test("serve with --store and --db together exits 64 and says why")
    func bothRefused() throws {
        for (language, said) in [
            ("en", "tusoi: error: --store and --db exclude each other"),
            ("vi", "tusoi: lỗi: --store và --db không dùng cùng nhau"),
        ] {
            let process = try BinaryProcess(
                arguments: ["serve", "--store", "postgres://h/d", "--db", "x.sqlite"],
                environment: ["TUSOI_LANG": language])
            process.closeInput()
            #expect(process.wait() == 64)
            #expect(process.errorText.hasPrefix(said))
        }
    }
}

@Suite("tusoi on PostgreSQL", .serialized, .enabled(if: testPostgresURL != nil, postgresSkipped))
struct PostgresServeTests {
    @Test("the golden conversations replay exactly on PostgreSQL", arguments: GoldenConversationTests.names)
    func golden(name: String) throws {
        let scratch = try ScratchSchema()
        defer { scratch.drop() }
        let output = try GoldenHarness.run(name, storePath: scratch.url)
        try GoldenHarness.compare(name, output)
    }

    @Test("serve --store answers, replays, refuses a second writer; the commands work on the same store")
    func serveAndCommands() throws {
        let scratch = try ScratchSchema()
        defer { scratch.drop() }
        let prompts = GoldenHarness.directory.appendingPathComponent("Fixtures").path
        let serve = ["serve", "--store", scratch.url, "--prompts", prompts, "--questionnaire", "mini"]
        let first = try BinaryProcess(arguments: serve)
        first.send(
            EndToEndTests.initialize + EndToEndTests.message(chat: 1, number: 1, text: "chào")
                + EndToEndTests.message(chat: 1, number: 2, text: "không")
                + EndToEndTests.message(chat: 1, number: 2, text: "không"))
        #expect(first.waitForLines(4))
        let second = try BinaryProcess(arguments: serve, environment: [:])
        second.closeInput()
        #expect(second.wait() == 75)
        first.closeInput()
        #expect(first.wait() == 0)
        let lines = first.outputLines
        #expect(lines.count == 4)
        #expect(lines[2].contains(#""replay":false"#) && lines[3].contains(#""replay":true"#))
        #expect(!first.errorText.contains("secret"))

        func command(_ words: [String]) throws -> (Int32?, [String]) {
            let process = try BinaryProcess(arguments: words, environment: ["TUSOI_STORE": scratch.url])
            process.closeInput()
            return (process.wait(), process.outputLines)
        }
        #expect(try command(["branch", "add", "cb1", "Chi bộ 1"]).0 == 0)
        #expect(try command(["member", "add", "--branch", "cb1", "--name", "Nguyễn Văn An"]).0 == 0)
        let invite = try command(["invite", "--branch", "cb1", "--json"])
        #expect(invite.0 == 0)
        #expect(invite.1.joined().contains("Nguyễn Văn An"))
        let progress = try command(["progress", "--json"])
        #expect(progress.0 == 0)
        #expect(progress.1.joined().contains("not-started"))
        let audit = try command(["audit", "--json"])
        #expect(audit.0 == 0)
        #expect(audit.1.joined().contains("invite"))
    }
}

@Suite(
    "Several serve processes on one PostgreSQL store", .serialized,
    .enabled(if: testPostgresURL != nil, postgresSkipped))
struct SharedServeTests {
    /// The mini questionnaire walked through and revisited: every reply depends on the state the
    /// message before left.
    static let script = ["chào", "không", "0", "2", "sửa 1", "có", "Đã sửa", "0", "2"]

    static func serve(_ url: String, shared: Bool) throws -> BinaryProcess {
        let prompts = GoldenHarness.directory.appendingPathComponent("Fixtures").path
        let process = try BinaryProcess(
            arguments: ["serve", "--store", url, "--prompts", prompts, "--questionnaire", "mini"]
                + (shared ? ["--shared-store"] : []))
        process.send(EndToEndTests.initialize)
        return process
    }

    static let chats = 20

    /// Sends the script of every chat, one step of every chat at a time (the processes handle them
    /// at once), each chat's next message to the next process, and waits for the step's
    /// acknowledgements; returns every acknowledgement line by its request id.
    static func converse(_ processes: [BinaryProcess]) throws -> [String: String] {
        var expected = processes.map { _ in 1 }
        for (number, text) in script.enumerated() {
            var lines = processes.map { _ in "" }
            for chat in 1...chats {
                // Each chat alternates between the processes, one message here, the next there.
                let index = (number + chat) % processes.count
                lines[index] += EndToEndTests.message(chat: chat, number: number + 1, text: text)
                expected[index] += 1
            }
            for (index, process) in processes.enumerated() {
                process.send(lines[index])
            }
            for (index, process) in processes.enumerated() {
                #expect(process.waitForLines(expected[index]))
            }
        }
        var answers: [String: String] = [:]
        for line in processes.flatMap(\.outputLines) {
            guard let start = line.range(of: #""id":""#),
                let end = line[start.upperBound...].firstIndex(of: "\"")
            else { continue }
            answers[String(line[start.upperBound..<end])] = line
        }
        return answers
    }

    @Test("one chat's messages alternating between two processes get the replies one process gives, in order")
    func alternating() throws {
        let alone = try ScratchSchema()
        defer { alone.drop() }
        let reference = try Self.serve(alone.url, shared: false)
        let expected = try Self.converse([reference])
        // The review the shared processes are asked for below, asked here too: showing it fixes the
        // numbers of the items an edit added (SessionState.numbered), part of the state compared.
        let review = (1...Self.chats).map { EndToEndTests.message(chat: $0, number: 99, text: "xem lại") }
            .joined()
        let shown = reference.outputLines.count
        reference.send(review)
        #expect(reference.waitForLines(shown + Self.chats))
        reference.closeInput()
        #expect(reference.wait() == 0)

        let shared = try ScratchSchema()
        defer { shared.drop() }
        let first = try Self.serve(shared.url, shared: true)
        let second = try Self.serve(shared.url, shared: true)
        #expect(first.waitForLines(1) && second.waitForLines(1))
        let answers = try Self.converse([first, second])
        // The same message through both processes at once (a bridge resending): one handles it, the
        // other waits for its commit and answers the stored replies as a replay.
        let again = (1...Self.chats).map { EndToEndTests.message(chat: $0, number: 99, text: "xem lại") }
            .joined()
        let before = [first.outputLines.count, second.outputLines.count]
        first.send(again)
        second.send(again)
        #expect(first.waitForLines(before[0] + Self.chats) && second.waitForLines(before[1] + Self.chats))
        let twice =
            Array(first.outputLines.dropFirst(before[0])) + Array(second.outputLines.dropFirst(before[1]))
        #expect(twice.filter { $0.contains(#""replay":true"#) }.count == Self.chats)
        #expect(twice.filter { $0.contains(#""replay":false"#) }.count == Self.chats)
        #expect(!twice.contains { $0.contains(#""error""#) })
        let sole = try Self.serve(shared.url, shared: false)
        sole.closeInput()
        #expect(sole.wait() == 75)
        for process in [first, second] {
            process.closeInput()
            #expect(process.wait() == 0)
        }
        #expect(expected.count == Self.script.count * Self.chats + 1)
        #expect(answers.count == expected.count)
        for (id, want) in expected.sorted(by: { $0.key < $1.key }) {
            #expect(answers[id] == want, "message \(id)")
        }
        // The record: the same answers, none lost or doubled, as the single process stored.
        let one = try PostgresStore(url: alone.url)
        defer { one.close() }
        let two = try PostgresStore(url: shared.url)
        defer { two.close() }
        for user in (1...Self.chats).map({ "u\($0)" }) {
            let mine = try #require(try two.latestSession(channel: "zalo", user: user))
            let reference = try #require(try one.latestSession(channel: "zalo", user: user))
            #expect(mine.state == reference.state)
            #expect(
                try two.answerHistory(sessionID: mine.id).map { "\($0.key)#\($0.revision)" }
                    == one.answerHistory(sessionID: reference.id).map { "\($0.key)#\($0.revision)" })
        }
    }

    @Test("--shared-store on a SQLite file is a usage error")
    func sqliteRefused() throws {
        let process = try BinaryProcess(arguments: [
            "serve", "--db", GoldenHarness.temporaryStore(), "--shared-store",
        ])
        process.closeInput()
        #expect(process.wait() == 64)
    }
}

@Suite("kill -9 of serve on PostgreSQL", .serialized, .enabled(if: testPostgresURL != nil, postgresSkipped))
struct PostgresKillTests {
    @Test("kill -9 at random moments loses no acknowledged answer and stores none twice")
    func killAndRestart() throws {
        let scratch = try ScratchSchema()
        defer { scratch.drop() }
        let prompts = GoldenHarness.directory.appendingPathComponent("Fixtures").path
        let arguments = ["serve", "--store", scratch.url, "--prompts", prompts, "--questionnaire", "mini"]
        let chats = 400
        var pending: [(id: String, line: String)] = []
        for (number, text) in EndToEndTests.script.enumerated() {
            for chat in 0..<chats {
                pending.append(
                    ("c\(chat)-m\(number)", EndToEndTests.message(chat: chat, number: number, text: text)))
            }
        }
        var acknowledged: Set<String> = []
        var interrupted = 0
        var generator = SystemRandomNumberGenerator()
        var round = 0
        var attempts = 0
        while round < 10, !pending.isEmpty, attempts < 60 {
            attempts += 1
            let server = try BinaryProcess(arguments: arguments)
            server.send(EndToEndTests.initialize + pending.map(\.line).joined())
            if round < 9 {
                Thread.sleep(forTimeInterval: Double.random(in: 0.02...0.12, using: &generator))
                server.kill()
            } else {
                server.closeInput()
            }
            let code = server.wait()
            // The killed process's PostgreSQL session may hold the writer lock a moment longer.
            if code == 75 {
                Thread.sleep(forTimeInterval: 0.1)
                continue
            }
            if round == 9 { #expect(code == 0) }
            for line in server.outputLines where line.contains(#""result":{"replay""#) {
                if let start = line.range(of: #""id":""#),
                    let end = line[start.upperBound...].firstIndex(of: "\"")
                {
                    acknowledged.insert(String(line[start.upperBound..<end]))
                }
            }
            pending.removeAll { acknowledged.contains($0.id) }
            if round < 9 && !pending.isEmpty { interrupted += 1 }
            round += 1
        }
        #expect(interrupted >= 2, "the kills must land while the stream is flowing")
        #expect(pending.isEmpty, "every message is acknowledged in the end")

        let reopened = try PostgresStore(url: scratch.url)
        defer { reopened.close() }
        let duplicates = try reopened.connection.fetchAll(
            sql: "SELECT count(*) FROM answers GROUP BY session_id, question_key HAVING count(*) > 1"
        ) { $0.int64(0) }
        #expect(duplicates.isEmpty, "no answer stored twice")
        for chat in 0..<chats {
            let session = try #require(try reopened.latestSession(channel: "zalo", user: "u\(chat)"))
            #expect(session.state.phase == .reviewing, "chat \(chat) went on to the end")
            #expect(
                try reopened.answerHistory(sessionID: session.id).map(\.key) == [
                    "vi-pham", "bieu-hien", "xep-loai",
                ])
        }
    }
}

@Suite("migrate-store", .serialized, .enabled(if: testPostgresURL != nil, postgresSkipped))
struct MigrateStoreTests {
    func tusoi(_ words: [String]) throws -> (Int32?, [String]) {
        let process = try BinaryProcess(arguments: words)
        process.closeInput()
        return (process.wait(), process.outputLines)
    }

    func export(_ store: [String], to file: String, format: String) throws -> String {
        let prompts = GoldenHarness.packageRoot.appendingPathComponent("Prompts").path
        let (code, _) = try tusoi(
            [
                "export", "--branch", "cb24", "--drafts", "--format", format, "--output", file, "--prompts",
                prompts,
            ]
                + store)
        #expect(code == 0)
        return try String(contentsOfFile: file, encoding: .utf8)
    }

    @Test(
        "a ward's store moves to PostgreSQL: the same exports, progress and audit; a second copy is refused")
    func migrate() throws {
        let path = GoldenHarness.temporaryStore()
        defer { try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent) }
        _ = try GoldenHarness.run("staff-return", storePath: path)
        let scratch = try ScratchSchema()
        defer { scratch.drop() }
        let (code, lines) = try tusoi(["migrate-store", "--from", path, "--to", scratch.url])
        #expect(code == 0)
        #expect(lines.contains { $0.hasPrefix("answers: ") })
        for command in [
            ["progress", "--json"], ["audit", "--json", "--limit", "1000"], ["member", "list", "--json"],
        ] {
            let sqlite = try tusoi(command + ["--db", path])
            let postgres = try tusoi(command + ["--store", scratch.url])
            #expect(sqlite.0 == 0 && postgres.0 == 0)
            #expect(sqlite.1 == postgres.1, "\(command[0])")
        }
        let folder = (path as NSString).deletingLastPathComponent
        for format in ["json", "md", "html"] {
            let sqlite = try export(["--db", path], to: folder + "/a.\(format)", format: format)
            let postgres = try export(["--store", scratch.url], to: folder + "/b.\(format)", format: format)
            #expect(!sqlite.isEmpty)
            #expect(sqlite == postgres, "export \(format)")
        }
        // New rows continue the copied ids.
        let sqliteStore = try SessionStore(path: path)
        defer { sqliteStore.close() }
        let postgresStore = try PostgresStore(url: scratch.url)
        defer { postgresStore.close() }
        #expect(
            try sqliteStore.addBranch(code: "new", name: "Mới", committee: "")
                == postgresStore.addBranch(code: "new", name: "Mới", committee: ""))
        #expect(try tusoi(["migrate-store", "--from", path, "--to", scratch.url]).0 == 73)
        #expect(try tusoi(["migrate-store", "--from", folder + "/none.sqlite", "--to", scratch.url]).0 == 66)
        #expect(try tusoi(["migrate-store", "--from", path]).0 == 64)
    }
}

@Suite("A serve that reconnects to PostgreSQL", .enabled(if: testPostgresURL != nil, postgresSkipped))
struct PostgresReconnectServeTests {
    func send(_ service: ChatService, id: String, text: String) throws -> String {
        let message = InboundMessage(
            channel: "t", chat: "u1", user: "u1", messageID: id, content: .text(text))
        return try service.store.transaction {
            let outcome = try service.handle(message, now: 1)
            try service.flush(now: 1)
            return outcome.replies.map(\.text).joined(separator: "\n")
        }
    }

    @Test("after its connection was made again, the sessions in memory are read again from the store")
    func cacheForgotten() throws {
        let scratch = try ScratchSchema()
        defer { scratch.drop() }
        let store = try PostgresStore(url: scratch.url)
        defer { store.close() }
        try store.claimSoleWriter()
        let service = try ChatService(store: store, library: GoldenHarness.library(), questionnaireID: "mini")
        _ = try send(service, id: "m1", text: "chào")
        let admin = try PostgresConnection(url: scratch.url)
        defer { admin.close() }
        let before = try #require(
            try admin.fetchOne(sql: "SELECT id, state FROM sessions") { ($0.int64(0), $0.text(1)) })
        #expect(try store.currentAnswers(sessionID: before.0).isEmpty)
        let asked = try send(service, id: "m2", text: "không")
        // Meanwhile (the connection lost, another writer at work) the session went back a step.
        try admin.execute(sql: "DELETE FROM answers WHERE session_id = $1", arguments: before.0)
        try admin.execute(sql: "UPDATE sessions SET state = $1 WHERE id = $2", arguments: before.1, before.0)
        let pid = try #require(try store.connection.fetchOne(sql: "SELECT pg_backend_pid()") { $0.int64(0) })
        try admin.execute(sql: "SELECT pg_terminate_backend($1::int, 5000)", arguments: pid)
        // The first question again, as a fresh store would ask it; the cached state would have gone on.
        let again = try send(service, id: "m3", text: "không")
        #expect(again == asked)
        #expect(store.connections == 2)
    }
}
