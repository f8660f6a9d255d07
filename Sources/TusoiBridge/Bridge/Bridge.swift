import TusoiWire

/// The bridge's loop: receive a batch of updates, keep them in the journal, hand their messages to the
/// bot, and queue the replies to each chat; then poll again at once.
///
/// Each chat's replies go out in order, behind that chat's earlier replies, but no chat waits for
/// another and the next poll waits for none of them: a chat whose sends keep failing is retried with
/// its own backoff while everyone else is answered.
///
/// Nothing is lost to a crash of either process. With a journal, an update is written there (flushed
/// to disk) before anything else is done with it, and confirmed to the messenger right after; a
/// message whose replies were not all sent is taken up from the journal at the next start. Without
/// one, an update is confirmed only once its replies went out (Telegram's offset stays at the first
/// update still in progress, so Telegram delivers it again after a crash). Either way the bot answers
/// a message it already has as a replay, without a second effect, and the bridge sends those replies
/// again (at least once; see docs/BRIDGES.md). Within one run, a message is recognised by its chat
/// and id and handled once.
public actor Bridge {
    private let messenger: any Messenger
    private let bot: BotConnection
    private let deliverer: Deliverer
    private let journal: Journal?
    private let log: BridgeLog
    private let errorDelay: Duration
    private let maxErrorDelay: Duration
    /// Whether another part of the process starts and stops the bot (several messengers, one bot).
    private let sharesBot: Bool
    /// Where the bridge writes its status line for the operator (the deliverer's), if anywhere.
    private let health: HealthReport?
    private let deleteWebhook: Bool
    /// Messages whose replies went out, with the number of polls asked for before the messenger was
    /// told (`Int.max` while it is being told): given again by a poll asked for later, it was
    /// delivered twice; by one asked for earlier, the messenger only had not heard yet.
    private var done = RecentMemory<Int>(capacity: 10_000)
    private var polls = 0
    private var stopRequested = false
    private var poll: Task<[IncomingUpdate], any Error>?
    /// Messages handed to the bot whose replies are not all sent yet.
    private var inFlight: Set<String> = []
    /// The deliveries under way, by number; each chat's newest, which the next one waits for.
    private var deliveries: [Int: Task<Void, Never>] = [:]
    private var lastOfChat: [String: (number: Int, task: Task<Void, Never>)] = [:]
    private var deliveryCount = 0
    /// Why the bot cannot go on, found while handling a batch.
    private var fatal: BridgeFailure?

    /// - Parameters:
    ///   - errorDelay: the wait after a failed poll; doubles, with jitter, up to `maxErrorDelay`.
    ///   - deleteWebhook: remove a webhook set on the bot before polling (Telegram).
    public init(
        messenger: any Messenger, bot: BotConnection, deliverer: Deliverer, journal: Journal?, log: BridgeLog,
        errorDelay: Duration = .seconds(1), maxErrorDelay: Duration = .seconds(5), sharesBot: Bool = false,
        deleteWebhook: Bool = false
    ) {
        self.deleteWebhook = deleteWebhook
        self.sharesBot = sharesBot
        self.messenger = messenger
        self.bot = bot
        self.deliverer = deliverer
        self.journal = journal
        self.log = log
        self.errorDelay = errorDelay
        self.maxErrorDelay = max(maxErrorDelay, errorDelay)
        health = deliverer.health
    }

    /// Runs until ``stop()``: the bot is started, the journal taken up, then updates are polled.
    ///
    /// - Throws: ``BridgeFailure`` when the token is refused, the bot cannot be started, or another
    ///   program takes this bot's updates.
    public func run() async throws(BridgeFailure) {
        let name = try await identify()
        log.info("connected to \(messenger.channel) as \(name)")
        if deleteWebhook {
            do throws(MessengerError) {
                try await messenger.deleteWebhook()
                log.info("the webhook of \(name) was removed; polling")
            } catch {
                if case .unauthorized(let reason) = error { throw .unauthorized(reason) }
                throw .unavailable("the webhook could not be removed: \(Bridge.describe(error))")
            }
        }
        if !sharesBot {
            do {
                try await bot.start()
            } catch {
                throw .bot((error as? BotFailure)?.description ?? "the bot did not start")
            }
        }
        if let journal {
            let left = journal.load()
            // Rewritten with only what is left, so that the file does not grow across restarts.
            do { try journal.save(left) } catch { log.error(error.description) }
            if !left.isEmpty {
                log.info("taking up \(left.count) messages left in progress by the last run")
                await process(left.map { IncomingUpdate(message: $0) }, journaled: true, asked: 0)
            }
        }
        var failures = 0
        var conflicts = 0
        while !stopRequested, fatal == nil {
            polls += 1
            let asked = polls
            let task = Task { [messenger] in try await messenger.receive() }
            poll = task
            let updates: [IncomingUpdate]
            do {
                updates = try await task.value
                failures = 0
                conflicts = 0
                health?.polled()
            } catch MessengerError.unauthorized(let reason) {
                throw .unauthorized(reason)
            } catch {
                if stopRequested { break }
                failures += 1
                health?.pollFailed()
                if case MessengerError.conflict(let reason) = error {
                    conflicts += 1
                    if conflicts >= 3 { await finishDeliveries(); throw .conflict(reason) }
                }
                var delay = Self.backoff(errorDelay, failures: failures, max: maxErrorDelay)
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
            let fresh = await process(updates, journaled: false, asked: asked)
            // Only updates still in progress came back (Telegram without a journal keeps its offset
            // at the first of them): a short pause instead of asking again at once.
            if fresh == 0, !updates.isEmpty, journal == nil { try? await Task.sleep(for: .milliseconds(500)) }
        }
        await finishDeliveries()
        await messenger.flushConfirmations()
        if !sharesBot { await bot.stop() }
        if let fatal { throw fatal }
        log.info("stopped \(messenger.channel)")
    }

    /// Ends the loop: a poll in progress is cancelled, replies in progress are finished first (unless
    /// the messenger cannot be reached: then they are left unconfirmed, to be delivered again).
    public func stop() async {
        stopRequested = true
        poll?.cancel()
        await deliverer.stop()
    }

    /// A wait that doubles with each failure, up to `max`, with ±20 % jitter so that bridges that
    /// failed together do not come back together.
    static func backoff(_ base: Duration, failures: Int, max: Duration) -> Duration {
        let doubled = min(base * (1 << min(failures - 1, 20)), max)
        return doubled * Double.random(in: 0.8...1.2)
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
                let delay = Self.backoff(errorDelay, failures: failures, max: maxErrorDelay)
                log.error(
                    "\(messenger.channel) cannot be reached (\(Bridge.describe(error))); again in \(delay.seconds) s"
                )
                try? await Task.sleep(for: delay)
            }
        }
    }

    /// What one message became: the update it came in, and what the bot answered.
    private struct Item: Sendable {
        var update: IncomingUpdate
        var message: InboundMessage
        /// Confirmed to the messenger already (it is in the journal).
        var confirmed: Bool
    }

    /// Handles one batch: journal first, then the bot (all messages at once: the bot commits them
    /// together), then each chat's replies are queued. Returns how many messages were new.
    ///
    /// A message the bot refused or gave up on is skipped (said in the log) and confirmed; a message
    /// the bot could not take at all (stopping, or a bot that cannot run any more) is left unconfirmed.
    @discardableResult
    private func process(_ updates: [IncomingUpdate], journaled: Bool, asked: Int) async -> Int {
        var work: [Item] = []
        var confirmNow: [IncomingUpdate] = []
        var duplicates = 0
        for update in updates {
            guard let message = update.message else {
                confirmNow.append(update)
                continue
            }
            if inFlight.contains(message.key), update.sequence != nil,
                !work.contains(where: { $0.message.key == message.key })
            {
                // Given again only because the messenger's offset still points at it (Telegram
                // without a journal): it is on its way.
                continue
            }
            if let told = done[message.key] {
                // Without offsets (Zalo) every repeat is a second delivery.
                if told < asked || update.sequence == nil { duplicates += 1 }
                confirmNow.append(update)
                continue
            }
            if inFlight.contains(message.key) {
                duplicates += 1
                confirmNow.append(update)
                continue
            }
            inFlight.insert(message.key)
            work.append(Item(update: update, message: message, confirmed: false))
        }
        if duplicates > 0 { log.info("skipped \(duplicates) updates delivered twice") }
        var durable = journaled
        if let journal, !journaled, !work.isEmpty {
            do {
                try journal.append(work.map(\.message))
                durable = true
            } catch {
                log.error(error.description)
            }
        }
        if durable, journal != nil {
            for index in work.indices {
                await messenger.confirm(work[index].update)
                work[index].confirmed = true
            }
        }
        for update in confirmNow { await messenger.confirm(update) }
        for item in work { await deliverer.unblock(item.message.chat) }
        guard !work.isEmpty else { return 0 }

        // A press is answered at once (Telegram spins the button until then), beside the bot's work.
        for item in work where item.update.buttonQueryID != nil {
            Task { [messenger] in await messenger.acknowledgeButton(item.update) }
        }
        let results = await bot.send(work.map(\.message))
        var byChat: [String: [(Item, [WireReply])]] = [:]
        var chats: [String] = []
        var skipped: [Item] = []
        for (item, result) in zip(work, results) {
            switch result {
            case .success(let answer):
                if byChat[item.message.chat] == nil { chats.append(item.message.chat) }
                byChat[item.message.chat, default: []].append((item, answer.replies))
            case .failure(let failure):
                switch failure {
                case .refused, .gaveUp:
                    log.error(
                        "message \(item.message.messageID) of chat \(item.message.chat) skipped: \(failure.description)"
                    )
                    skipped.append(item)
                case .stopped, .cannotStart, .handshake:
                    // Left for the messenger (or the journal) to give again.
                    inFlight.remove(item.message.key)
                    if failure != .stopped { fatal = .bot(failure.description) }
                }
            }
        }
        await finished(skipped, abandoned: false)
        for chat in chats { queue(byChat[chat] ?? [], to: chat) }
        return work.count
    }

    /// Sends a chat's replies after that chat's earlier ones, without holding up anything else.
    private func queue(_ items: [(Item, [WireReply])], to chat: String) {
        deliveryCount += 1
        let number = deliveryCount
        let previous = lastOfChat[chat]?.task
        let task = Task { [deliverer] in
            await previous?.value
            var abandoned = false
            for (_, replies) in items {
                let outcome = await deliverer.deliver(replies, to: chat)
                if outcome == Deliverer.abandoned {
                    abandoned = true
                    break
                }
                if outcome == .blocked { break }
            }
            await self.delivered(number, chat: chat, items.map(\.0), abandoned: abandoned)
        }
        deliveries[number] = task
        lastOfChat[chat] = (number, task)
        health?.queued(deliveries.count)
    }

    private func delivered(_ number: Int, chat: String, _ items: [Item], abandoned: Bool) async {
        deliveries[number] = nil
        if lastOfChat[chat]?.number == number { lastOfChat[chat] = nil }
        health?.queued(deliveries.count)
        await finished(items, abandoned: abandoned)
    }

    /// Messages whose replies went out (or were given up): confirmed, remembered, marked done.
    /// Replies that could not go out before a stop are left unconfirmed, to be delivered again.
    private func finished(_ items: [Item], abandoned: Bool) async {
        guard !items.isEmpty else { return }
        let keys = items.map(\.message.key)
        // Everything that tells a message apart is settled before the first suspension: the poll
        // loop may run meanwhile and must see the message either in flight or done.
        if !abandoned {
            for item in items { done.remember(item.message.key, item.confirmed ? polls : .max) }
        }
        inFlight.subtract(keys)
        if abandoned { return }
        journal?.markDone(keys)
        if inFlight.isEmpty { journal?.clear() }
        for item in items where !item.confirmed {
            await messenger.confirm(item.update)
            done.remember(item.message.key, polls)
        }
    }

    /// Waits for every delivery under way (a stop makes those still retrying give up quickly).
    private func finishDeliveries() async {
        while let (_, task) = deliveries.first {
            await task.value
        }
    }

    private static func describe(_ error: any Error) -> String {
        switch error as? MessengerError {
        case .unauthorized(let reason)?: return reason
        case .unavailable(let reason, _)?: return reason
        case .conflict(let reason)?: return reason
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
    /// Another program takes this bot's updates (a webhook, or a second bridge with the same token).
    case conflict(String)
}
