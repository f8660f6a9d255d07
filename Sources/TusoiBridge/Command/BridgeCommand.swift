import Foundation

#if canImport(Glibc)
    @preconcurrency import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// `tusoi-telegram` and `tusoi-zalo`: read the command line, wire the parts, run until a signal.
public enum BridgeCommand {
    /// Exit codes after BSD's sysexits, like `tusoi`'s.
    enum Exit: Int32 {
        case success = 0
        case usage = 64
        case unavailable = 69
        case cannotCreate = 73
        /// Another program takes the bot's updates; systemd restarts the bridge and alerts.
        case conflict = 75
        case tokenRefused = 77
    }

    /// Runs the bridge with `arguments` (without the program's name) and returns the exit code.
    public static func run(_ kind: BridgeKind, arguments: [String], environment: [String: String]) async
        -> Int32
    {
        let own = arguments.prefix { $0 != "--" }
        if own.contains("--help") || own.contains("-h") {
            print(BridgeOptions.usage(kind))
            return Exit.success.rawValue
        }
        let options: BridgeOptions
        let token: String
        do {
            options = try BridgeOptions.parse(arguments, kind: kind)
            token = try Token.read(
                file: options.tokenFile, variable: kind.tokenVariable, environment: environment)
        } catch {
            FileHandle.standardError.write(
                Data("\(kind.program): \(error.message)\n\n\(BridgeOptions.usage(kind))\n".utf8))
            return Exit.usage.rawValue
        }
        let redactor = Redactor(secrets: [token])
        let log = BridgeLog(name: kind.program, redactor: redactor)
        if let file = options.tokenFile, Token.isExposed(file) {
            log.error("the token file \(file) can be read by others than its owner; chmod 600 it")
        }
        let lock: InstanceLock
        do {
            lock = try InstanceLock.acquire(
                channel: kind.channel, token: token, directory: options.lockDirectory)
        } catch {
            log.error(error.message)
            return error.exitCode
        }
        defer { lock.release() }
        let bridge = makeBridge(kind, options: options, token: token, redactor: redactor, log: log)
        let signals = [SIGTERM, SIGINT].map { number in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number)
            source.setEventHandler { Task { await bridge.stop() } }
            source.resume()
            return source
        }
        defer { signals.forEach { $0.cancel() } }
        do throws(BridgeFailure) {
            try await bridge.run()
            return Exit.success.rawValue
        } catch {
            return exitCode(for: error, log: log)
        }
    }

    /// Says why a bridge stopped, and the exit code that tells systemd.
    static func exitCode(for failure: BridgeFailure, log: BridgeLog) -> Int32 {
        switch failure {
        case .unauthorized(let reason):
            log.error("the token was refused (\(reason)); check it with the bot's creator")
            return Exit.tokenRefused.rawValue
        case .unavailable(let reason):
            log.error("the messenger cannot be reached: \(reason)")
            return Exit.unavailable.rawValue
        case .bot(let reason):
            log.error(reason)
            return Exit.unavailable.rawValue
        case .conflict(let reason):
            log.error(
                "another program takes this bot's updates (\(reason)): a webhook is set (start with "
                    + "--delete-webhook to remove it) or a bridge on another machine uses the same token")
            return Exit.conflict.rawValue
        }
    }

    static func makeBridge(
        _ kind: BridgeKind, options: BridgeOptions, token: String, redactor: Redactor, log: BridgeLog
    ) -> Bridge {
        let (messenger, deliverer) = makeMessenger(
            kind, options: options, token: token, redactor: redactor, log: log)
        let bot = makeBot(options: options, deliverers: [messenger.channel: (messenger, deliverer)], log: log)
        return Bridge(
            messenger: messenger, bot: bot, deliverer: deliverer,
            journal: options.journal.map(Journal.init(path:)),
            log: log, errorDelay: .seconds(options.retryDelay), deleteWebhook: options.deleteWebhook)
    }

    /// One messenger's API client and its delivery under that messenger's limits.
    static func makeMessenger(
        _ kind: BridgeKind, options: BridgeOptions, token: String, redactor: Redactor, log: BridgeLog
    ) -> (any Messenger, Deliverer) {
        let http = CurlHTTPClient(redactor: redactor)
        let messenger: any Messenger
        switch kind {
        case .telegram:
            messenger = TelegramMessenger(
                base: options.apiBase, token: token, http: http, redactor: redactor,
                pollTimeout: options.pollTimeout,
                buttons: options.buttons)
        case .zalo:
            messenger = ZaloMessenger(
                base: options.apiBase, token: token, http: http, redactor: redactor,
                pollTimeout: options.pollTimeout)
        }
        let limiter = RateLimiter(
            schedule: RateSchedule(perChat: options.chatInterval, overallPerSecond: options.overallRate))
        let deliverer = Deliverer(
            messenger: messenger, limiter: limiter,
            retry: Deliverer.RetryPolicy(delay: .seconds(options.retryDelay)), log: log,
            health: options.health.map { HealthReport(path: $0, channel: messenger.channel) })
        return (messenger, deliverer)
    }

    /// The bot as a supervised child, told every messenger's capabilities; the messages it starts
    /// go out through the deliverer of their channel.
    static func makeBot(
        options: BridgeOptions, deliverers: [String: (any Messenger, Deliverer)], log: BridgeLog
    ) -> BotConnection {
        var botOptions = BotOptions(
            command: options.command, channels: deliverers.mapValues { $0.0.capabilities })
        botOptions.restartDelay = .seconds(options.restartDelay)
        botOptions.maxRestartDelay = .seconds(max(options.maxRestartDelay, options.restartDelay))
        botOptions.notStoredDelay = .seconds(max(options.restartDelay, 0.1))
        let routes = deliverers.mapValues { $0.1 }
        let served = deliverers.keys.sorted().joined(separator: " and ")
        return BotConnection(options: botOptions, log: log) { request in
            guard let deliverer = routes[request.channel] else {
                return .failed("this bridge serves \(served), not \(request.channel)")
            }
            return await deliverer.deliver(request.replies, to: request.chat)
        }
    }
}
