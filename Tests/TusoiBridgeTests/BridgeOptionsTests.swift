import Testing

@testable import TusoiBridge

@Suite("The bridges' command line")
struct BridgeOptionsTests {
    @Test("options before --, the bot's command after")
    func parse() throws {
        let options = try BridgeOptions.parse(
            [
                "--token-file", "/etc/tusoi/token", "--api-base", "http://127.0.0.1:8080/", "--poll-timeout",
                "5",
                "--chat-interval", "0.5", "--journal", "/var/lib/tusoi/zalo.journal", "--no-buttons", "--",
                "tusoi", "serve", "--db", "x.sqlite",
            ], kind: .telegram)
        #expect(options.tokenFile == "/etc/tusoi/token")
        #expect(options.apiBase == "http://127.0.0.1:8080")
        #expect(options.pollTimeout == 5)
        #expect(options.chatInterval == 0.5)
        #expect(options.overallRate == 30)
        #expect(options.journal == "/var/lib/tusoi/zalo.journal")
        #expect(!options.buttons)
        #expect(options.command == ["tusoi", "serve", "--db", "x.sqlite"])
        #expect(
            try BridgeOptions.parse(["--", "tusoi", "serve"], kind: .zalo).apiBase
                == "https://bot-api.zaloplatforms.com")
    }

    @Test(
        "mistakes are named",
        arguments: [
            (["tusoi", "serve"], "the bot's command comes after --, e.g. -- tusoi serve --db tusoi.sqlite"),
            (["--"], "no command after --"),
            (
                ["--poll-timeout", "-1", "--", "tusoi"],
                "--poll-timeout must be a number of at least 0.0, not \"-1\""
            ),
            (["--token-file", "--", "tusoi"], "--token-file needs a value"),
            (["--verbose", "--", "tusoi"], "unknown option --verbose"),
            (["--no-buttons", "--", "tusoi"], "unknown option --no-buttons"),
            (
                ["--api-base", "ftp://x", "--", "tusoi"],
                "--api-base must start with https:// (or http:// for a local test server)"
            ),
        ])
    func mistakes(words: [String], message: String) {
        #expect(throws: UsageError(message)) { try BridgeOptions.parse(words, kind: .zalo) }
    }
}
