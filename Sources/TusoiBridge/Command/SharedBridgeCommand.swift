import Foundation

#if canImport(Glibc)
    @preconcurrency import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// `tusoi-bridge --telegram [options] --zalo [options] -- tusoi serve …`: several messengers over one
/// bot, so that the members of one ward on Telegram and on Zalo share one store (a store has one
/// `tusoi serve`).
///
/// Each section takes the options of that messenger's own bridge (`tusoi-telegram --help`,
/// `tusoi-zalo --help`); the bot's restart options are taken from the first section. Each messenger
/// is polled, delivered to and confirmed on its own: one that fails does not hold the other back.
public enum SharedBridgeCommand {
    static let program = "tusoi-bridge"

    static let usage = """
        tusoi-bridge: connects one tusoi to Telegram and Zalo at once

        Usage:
          tusoi-bridge --telegram [options] --zalo [options] -- tusoi serve --db PATH [serve options]

        Each messenger's section takes the options of its own bridge (see tusoi-telegram --help and
        tusoi-zalo --help): --token-file (else $TELEGRAM_BOT_TOKEN, $ZALO_BOT_TOKEN), --api-base,
        --journal (recommended for both), --poll-timeout, --chat-interval, --overall-rate,
        --retry-delay, --health (one file per messenger), --lock-dir, and for Telegram
        --delete-webhook; the bot's --restart-delay and --max-restart-delay are read from the first.
        """

    /// The sections of the command line: each messenger with the words that follow its name.
    static func sections(_ own: [String]) throws(UsageError) -> [(BridgeKind, [String])] {
        var sections: [(BridgeKind, [String])] = []
        for word in own {
            switch word {
            case "--telegram", "--zalo":
                let kind: BridgeKind = word == "--telegram" ? .telegram : .zalo
                guard !sections.contains(where: { $0.0 == kind }) else {
                    throw UsageError("\(word) is given twice")
                }
                sections.append((kind, []))
            default:
                guard !sections.isEmpty else {
                    throw UsageError("options come after --telegram or --zalo, not before (\(word))")
                }
                sections[sections.count - 1].1.append(word)
            }
        }
        guard !sections.isEmpty else { throw UsageError("name the messengers: --telegram, --zalo, or both") }
        return sections
    }

    /// Runs every messenger's bridge over one bot until a signal, or until one of them fails.
    public static func run(arguments: [String], environment: [String: String]) async -> Int32 {
        let own = Array(arguments.prefix { $0 != "--" })
        if own.contains("--help") || own.contains("-h") {
            print(usage)
            return BridgeCommand.Exit.success.rawValue
        }
        let command = Array(arguments.drop { $0 != "--" })
        var parts: [(kind: BridgeKind, options: BridgeOptions, token: String)] = []
        do {
            for (kind, words) in try sections(own) {
                let options = try BridgeOptions.parse(words + command, kind: kind)
                let token = try Token.read(
                    file: options.tokenFile, variable: kind.tokenVariable, environment: environment)
                parts.append((kind, options, token))
            }
        } catch {
            FileHandle.standardError.write(Data("\(program): \(error.message)\n\n\(usage)\n".utf8))
            return BridgeCommand.Exit.usage.rawValue
        }
        let redactor = Redactor(secrets: parts.map(\.token))
        let log = BridgeLog(name: program, redactor: redactor)
        var locks: [InstanceLock] = []
        defer { locks.forEach { $0.release() } }
        for part in parts {
            do {
                locks.append(
                    try InstanceLock.acquire(
                        channel: part.kind.channel, token: part.token, directory: part.options.lockDirectory))
            } catch {
                log.error(error.message)
                return error.exitCode
            }
        }
        for part in parts {
            if let file = part.options.tokenFile, Token.isExposed(file) {
                log.error("the token file \(file) can be read by others than its owner; chmod 600 it")
            }
        }
        var messengers: [String: (any Messenger, Deliverer)] = [:]
        var bridges: [Bridge] = []
        let built = parts.map { part in
            (
                part,
                BridgeCommand.makeMessenger(
                    part.kind, options: part.options, token: part.token, redactor: redactor, log: log)
            )
        }
        for (_, (messenger, deliverer)) in built { messengers[messenger.channel] = (messenger, deliverer) }
        let bot = BridgeCommand.makeBot(options: parts[0].options, deliverers: messengers, log: log)
        for (part, (messenger, deliverer)) in built {
            bridges.append(
                Bridge(
                    messenger: messenger, bot: bot, deliverer: deliverer,
                    journal: part.options.journal.map(Journal.init(path:)), log: log,
                    errorDelay: .seconds(part.options.retryDelay), sharesBot: true,
                    deleteWebhook: part.options.deleteWebhook))
        }
        let all = bridges
        let signals = [SIGTERM, SIGINT].map { number in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number)
            source.setEventHandler { Task { for bridge in all { await bridge.stop() } } }
            source.resume()
            return source
        }
        defer { signals.forEach { $0.cancel() } }
        do {
            try await bot.start()
        } catch {
            log.error((error as? BotFailure)?.description ?? "the bot did not start")
            return BridgeCommand.Exit.unavailable.rawValue
        }
        // The first bridge to end (a signal, or a failure) ends the others: systemd then restarts
        // the whole, and no messenger runs without the others unnoticed.
        let failure: BridgeFailure? = await withTaskGroup(of: BridgeFailure?.self) { group in
            for bridge in all {
                group.addTask {
                    do throws(BridgeFailure) {
                        try await bridge.run()
                        return nil
                    } catch {
                        return error
                    }
                }
            }
            let first = await group.next() ?? nil
            for bridge in all { await bridge.stop() }
            var failure = first
            for await other in group where failure == nil { failure = other }
            return failure
        }
        await bot.stop()
        guard let failure else { return BridgeCommand.Exit.success.rawValue }
        return BridgeCommand.exitCode(for: failure, log: log)
    }
}
