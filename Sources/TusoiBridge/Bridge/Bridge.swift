/// The bridge's loop: receive a batch of updates, hand their messages to the bot, send the replies,
/// and only then confirm the updates to the messenger.
///
/// Confirming last means a crash of either process loses nothing: the messenger delivers the
/// unconfirmed updates again (or the journal holds them), the bot answers them as replays without a
/// second effect, and the bridge sends those replies again (at least once; see docs/BRIDGES.md).
/// Within one run, a redelivered message is recognised by its chat and message id and skipped.
public actor Bridge {
    private let messenger: any Messenger
    private let bot: BotConnection
    private let deliverer: Deliverer
    private let journal: Journal?
    private let log: BridgeLog
    private let errorDelay: Duration
    /// Whether another part of the process starts and stops the bot (several messengers, one bot).
    private let sharesBot: Bool
    private var done = RecentMemory<Bool>(capacity: 10_000)
    private var stopRequested = false
    private var poll: Task<[IncomingUpdate], any Error>?

    /// - Parameter errorDelay: the wait after a failed poll; doubles up to a minute while failures last.
    public init(
        messenger: any Messenger, bot: BotConnection, deliverer: Deliverer, journal: Journal?, log: BridgeLog,
        errorDelay: Duration = .seconds(1), sharesBot: Bool = false
    ) {
        self.sharesBot = sharesBot
        self.messenger = messenger
        self.bot = bot
        self.deliverer = deliverer
        self.journal = journal
        self.log = log
        self.errorDelay = errorDelay
    }

    /// Runs until ``stop()``: the bot is started, the journal taken up, then updates are polled.
    ///
    /// - Throws: ``BridgeFailure`` when the token is refused or the bot cannot be started.
    public func run() async throws(BridgeFailure) {
        let name = try await identify()
        log.info("connected to \(messenger.channel) as \(name)")
        if !sharesBot {
            do {
                try await bot.start()
            } catch {
                throw .bot((error as? BotFailure)?.description ?? "the bot did not start")
            }
        }
        if let journal {
            let left = journal.load()
            if !left.isEmpty {
                log.info("taking up \(left.count) messages left in progress by the last run")
                try await process(left.map { IncomingUpdate(message: $0) })
            }
        }
        var failures = 0
        while !stopRequested {
            let task = Task { [messenger] in try await messenger.receive() }
            poll = task
            let updates: [IncomingUpdate]
            do {
                updates = try await task.value
                failures = 0
            } catch MessengerError.unauthorized(let reason) {
                throw .unauthorized(reason)
            } catch {
                if stopRequested { break }
                failures += 1
                var delay = min(errorDelay * (1 << min(failures - 1, 20)), .seconds(60))
                if case MessengerError.unavailable(_, let retryAfter?) = error {
                    delay = max(delay, .seconds(retryAfter))
                }
                log.error(
                    "receiving from \(messenger.channel) failed (\(Bridge.describe(error))); again in \(delay.seconds) s"
                )
                try? await Task.sleep(for: delay)
                continue
            }
            poll = nil
            try await process(updates)
        }
        await messenger.flushConfirmations()
        if !sharesBot { await bot.stop() }
        log.info("stopped \(messenger.channel)")
    }

    /// Ends the loop: a poll in progress is cancelled, a batch in progress is finished first (unless
    /// the messenger cannot be reached: then it is left unconfirmed, to be delivered again).
    public func stop() async {
        stopRequested = true
        poll?.cancel()
        await deliverer.stop()
    }

    private func identify() async throws(BridgeFailure) -> String {
        var failures = 0
        while true {
            do throws(MessengerError) {
                return try await messenger.identify()
            } catch {
                if case .unauthorized(let reason) = error { throw .unauthorized(reason) }
                failures += 1
                if stopRequested || failures > 10 { throw .unavailable(Bridge.describe(error)) }
                let delay = min(errorDelay * (1 << min(failures - 1, 20)), .seconds(60))
                log.error(
                    "\(messenger.channel) cannot be reached (\(Bridge.describe(error))); again in \(delay.seconds) s"
                )
                try? await Task.sleep(for: delay)
            }
        }
    }

    /// Handles one batch: bot first (all messages at once: the bot commits them together), then the
    /// replies (chats in parallel, each chat in order), then the confirmations.
    ///
    /// A message the bot refused or gave up on is skipped (said in the log) and confirmed; a batch the
    /// bot could not take at all (stopping, or a bot that cannot run any more) is not confirmed.
    /// - Throws: ``BridgeFailure/bot(_:)`` when the bot cannot run any more.
    private func process(_ updates: [IncomingUpdate]) async throws(BridgeFailure) {
        var work: [InboundMessage] = []
        var keys: Set<String> = []
        var duplicates = 0
        for message in updates.compactMap(\.message) {
            if done.contains(message.key) || !keys.insert(message.key).inserted {
                duplicates += 1
            } else {
                work.append(message)
            }
        }
        if duplicates > 0 { log.info("skipped \(duplicates) updates delivered twice") }
        do {
            try journal?.save(work)
        } catch {
            log.error(error.description)
        }
        for message in work { await deliverer.unblock(message.chat) }

        let results = await bot.send(work)
        for update in updates where update.buttonQueryID != nil {
            await messenger.acknowledgeButton(update)
        }
        var unfinished: BotFailure?
        var byChat: [String: [(InboundMessage, MessageResult)]] = [:]
        var chats: [String] = []
        for (message, result) in zip(work, results) {
            switch result {
            case .success(let answer):
                if byChat[message.chat] == nil { chats.append(message.chat) }
                byChat[message.chat, default: []].append((message, answer))
            case .failure(let failure):
                switch failure {
                case .refused, .gaveUp:
                    log.error(
                        "message \(message.messageID) of chat \(message.chat) skipped: \(failure.description)"
                    )
                case .stopped, .cannotStart, .handshake:
                    unfinished = failure
                }
            }
        }
        let abandoned = await withTaskGroup(of: Bool.self) { group in
            for chat in chats {
                let answers = byChat[chat] ?? []
                group.addTask { [deliverer] in
                    for (_, answer) in answers {
                        let outcome = await deliverer.deliver(answer.replies, to: chat)
                        if outcome == Deliverer.abandoned { return true }
                        if outcome == .blocked { break }
                    }
                    return false
                }
            }
            var any = false
            for await abandoned in group where abandoned { any = true }
            return any
        }
        // Replies that could not go out before a stop: left unconfirmed, to be delivered again.
        if abandoned { return }
        // A batch the bot could not take is not confirmed: the messenger (or the journal) gives it again.
        if let unfinished {
            if unfinished == .stopped { return }
            throw .bot(unfinished.description)
        }
        for update in updates { await messenger.confirm(update) }
        for message in work { done.remember(message.key, true) }
        if !work.isEmpty { journal?.clear() }
    }

    private static func describe(_ error: any Error) -> String {
        switch error as? MessengerError {
        case .unauthorized(let reason)?: return reason
        case .unavailable(let reason, _)?: return reason
        case .cancelled?: return "cancelled"
        case nil: return "\(type(of: error))"
        }
    }
}

/// Why the bridge stopped on its own.
public enum BridgeFailure: Error, Equatable, Sendable {
    /// The messenger refused the token.
    case unauthorized(String)
    /// The messenger could not be reached at start.
    case unavailable(String)
    /// The bot could not be started.
    case bot(String)
}
