import Foundation
import Testing
import TusoiStore

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

    @Test("serve with --store and --db together exits 64 and says why")
    func bothRefused() throws {
        let process = try BinaryProcess(arguments: ["serve", "--store", "postgres://h/d", "--db", "x.sqlite"])
        process.closeInput()
        #expect(process.wait() == 64)
        // Standard error is read on its own handler: give it a moment after the exit.
        var waited = 0
        while !process.errorText.contains("not both"), waited < 40 {
            Thread.sleep(forTimeInterval: 0.05)
            waited += 1
        }
        #expect(process.errorText.contains("give --store or --db, not both"))
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
