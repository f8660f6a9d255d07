/// The command line of a bridge: options, then `--` and the bot's command.
struct BridgeOptions: Equatable {
    var tokenFile: String?
    var apiBase: String
    var pollTimeout = 30
    /// Seconds between two messages to one chat.
    var chatInterval = 1.0
    /// Messages per second over all chats.
    var overallRate = 30.0
    var restartDelay = 0.5
    var maxRestartDelay = 30.0
    var retryDelay = 1.0
    var journal: String?
    var health: String?
    /// Where the one-instance-per-token lock file goes.
    var lockDirectory = "/tmp"
    var deleteWebhook = false
    var buttons = true
    var command: [String] = []

    static func usage(_ kind: BridgeKind) -> String {
        """
        \(kind.program): connects tusoi to \(kind == .telegram ? "Telegram" : "Zalo")

        Usage:
          \(kind.program) [options] -- tusoi serve --db PATH [serve options]

        Options:
          --token-file PATH      the bot token (else $\(kind.tokenVariable)); keep the file owner-only
          --api-base URL         the API's address (default \(kind.defaultAPIBase))
          --journal PATH         keep messages in progress in this file (owner-only), taken up
                                 after a crash \(kind == .zalo ? "(else they are lost)" : "(fewer replies sent twice)"); recommended
          --health PATH          write the bridge's status line here (last poll, chats waiting,
                                 retries, 429s, 5xx), replaced at most once a second
          --lock-dir DIR         where the lock that keeps one bridge per token goes (default /tmp)
          --poll-timeout SECS    how long one getUpdates waits (default 30)
          --chat-interval SECS   at least this long between two messages to a chat (default 1)
          --overall-rate N       at most N messages a second in all (default 30)
          --restart-delay SECS   wait before restarting a bot that died; doubles (default 0.5)
          --max-restart-delay SECS                                            (default 30)
          --retry-delay SECS     wait after a network failure; doubles up to 30 (default 1)
        """
            + (kind == .telegram
                ? "\n  --no-buttons           number the options instead of inline buttons"
                    + "\n  --delete-webhook       remove a webhook left set on this bot, then poll" : "")
    }

    /// Reads the words after the program's name.
    ///
    /// - Throws: ``UsageError`` with a message for the operator.
    static func parse(_ words: [String], kind: BridgeKind) throws(UsageError) -> BridgeOptions {
        var options = BridgeOptions(apiBase: kind.defaultAPIBase)
        guard let separator = words.firstIndex(of: "--") else {
            throw UsageError("the bot's command comes after --, e.g. -- tusoi serve --db tusoi.sqlite")
        }
        options.command = Array(words[(separator + 1)...])
        guard !options.command.isEmpty else { throw UsageError("no command after --") }
        var index = 0
        let own = Array(words[..<separator])
        func value(_ name: String) throws(UsageError) -> String {
            index += 1
            guard index < own.count else { throw UsageError("\(name) needs a value") }
            return own[index]
        }
        func number(_ name: String, minimum: Double) throws(UsageError) -> Double {
            let text = try value(name)
            guard let number = Double(text), number >= minimum, number.isFinite else {
                throw UsageError("\(name) must be a number of at least \(minimum), not \"\(text)\"")
            }
            return number
        }
        while index < own.count {
            let word = own[index]
            switch word {
            case "--token-file": options.tokenFile = try value(word)
            case "--api-base": options.apiBase = try value(word)
            case "--journal": options.journal = try value(word)
            case "--poll-timeout": options.pollTimeout = Int(try number(word, minimum: 0))
            case "--chat-interval": options.chatInterval = try number(word, minimum: 0)
            case "--overall-rate": options.overallRate = try number(word, minimum: 0.01)
            case "--restart-delay": options.restartDelay = try number(word, minimum: 0.001)
            case "--max-restart-delay": options.maxRestartDelay = try number(word, minimum: 0.001)
            case "--retry-delay": options.retryDelay = try number(word, minimum: 0.001)
            case "--health": options.health = try value(word)
            case "--lock-dir": options.lockDirectory = try value(word)
            case "--no-buttons" where kind == .telegram: options.buttons = false
            case "--delete-webhook" where kind == .telegram: options.deleteWebhook = true
            default: throw UsageError("unknown option \(word)")
            }
            index += 1
        }
        while options.apiBase.hasSuffix("/") { options.apiBase.removeLast() }
        guard options.apiBase.hasPrefix("https://") || options.apiBase.hasPrefix("http://") else {
            throw UsageError("--api-base must start with https:// (or http:// for a local test server)")
        }
        return options
    }
}

/// A mistake on the command line: reported with the usage, exit code 64.
struct UsageError: Error, Equatable {
    var message: String

    init(_ message: String) {
        self.message = message
    }
}
