import TusoiWire

/// Sends replies to chats through a messenger: in order within a chat, spaced by the rate limiter,
/// waiting out "too many requests", retrying when the network fails, and never writing again to a
/// chat whose member blocked the bot until that member writes again.
public actor Deliverer {
    /// How long to wait after a network failure before trying again; doubles up to a maximum.
    public struct RetryPolicy: Sendable {
        public var delay: Duration
        public var maxDelay: Duration

        public init(delay: Duration = .seconds(1), maxDelay: Duration = .seconds(30)) {
            self.delay = delay
            self.maxDelay = maxDelay
        }
    }

    private let messenger: any Messenger
    private let limiter: RateLimiter
    private let retry: RetryPolicy
    private let log: BridgeLog
    /// Where send retries are counted for the operator, if anywhere; the bridge writes there too.
    public nonisolated let health: HealthReport?
    private var blocked: Set<String> = []
    private var stopping = false
    /// The chats being written to, with the deliveries waiting for their turn.
    private var busy: [String: [CheckedContinuation<Void, Never>]] = [:]

    public init(
        messenger: any Messenger, limiter: RateLimiter, retry: RetryPolicy, log: BridgeLog,
        health: HealthReport? = nil
    ) {
        self.health = health
        self.messenger = messenger
        self.limiter = limiter
        self.retry = retry
        self.log = log
    }

    /// Sends `replies` to `chat` after every delivery to that chat that started before.
    public func deliver(_ replies: [WireReply], to chat: String) async -> SendOutcome {
        await acquire(chat)
        let outcome = await sendAll(OutboundPart.parts(for: replies, on: messenger.capabilities), to: chat)
        release(chat)
        return outcome
    }

    /// Forgets that `chat` blocked the bot: its member just wrote, so they unblocked it.
    public func unblock(_ chat: String) {
        blocked.remove(chat)
    }

    public func isBlocked(_ chat: String) -> Bool {
        blocked.contains(chat)
    }

    /// What ``deliver(_:to:)`` says when the bridge stopped while the messenger could not be reached.
    public static let abandoned = SendOutcome.failed("the bridge stopped before it could send")

    /// Gives up messages that wait for the network to come back, so that the bridge can stop.
    public func stop() {
        stopping = true
    }

    private enum PartOutcome {
        case sent
        case blocked
        case rejected(String)
        case abandoned
    }

    private func sendAll(_ parts: [OutboundPart], to chat: String) async -> SendOutcome {
        if blocked.contains(chat) { return .blocked }
        var outcome = SendOutcome.delivered
        for part in parts {
            switch await sendOne(part, to: chat) {
            case .sent: continue
            case .blocked: return .blocked
            case .rejected(let reason): outcome = .failed(reason)
            case .abandoned: return Self.abandoned
            }
        }
        return outcome
    }

    /// Sends one message, waiting and trying again until the messenger takes it or refuses it for good.
    private func sendOne(_ part: OutboundPart, to chat: String) async -> PartOutcome {
        var failures = 0
        while true {
            await limiter.waitForTurn(chat: chat)
            do throws(SendFailure) {
                try await messenger.send(part, to: chat)
                return .sent
            } catch {
                switch error {
                case .rateLimited(let seconds):
                    health?.sendFailed(status: 429)
                    log.info("\(messenger.channel) asked to slow down; waiting \(seconds) s")
                    await limiter.pause(chat: chat, seconds: seconds)
                case .blocked:
                    blocked.insert(chat)
                    log.info("chat \(chat) blocked the bot; nothing more is sent to it")
                    return .blocked
                case .rejected(let reason):
                    log.error("\(messenger.channel) refused a message to chat \(chat): \(reason)")
                    return .rejected(reason)
                case .unavailable(let reason, let status):
                    health?.sendFailed(status: status)
                    failures += 1
                    // Only this chat waits: the bridge polls and answers the other chats meanwhile.
                    let delay = min(retry.delay * (1 << min(failures - 1, 20)), retry.maxDelay)
                    log.error(
                        "sending to \(messenger.channel) failed (\(reason)); trying again in \(delay.seconds) s"
                    )
                    if stopping { return .abandoned }
                    try? await Task.sleep(for: delay)
                    if stopping || Task.isCancelled { return .abandoned }
                }
            }
        }
    }

    private func acquire(_ chat: String) async {
        if busy[chat] == nil {
            busy[chat] = []
            return
        }
        await withCheckedContinuation { busy[chat]!.append($0) }
    }

    private func release(_ chat: String) {
        guard var waiters = busy[chat], !waiters.isEmpty else {
            busy[chat] = nil
            return
        }
        let next = waiters.removeFirst()
        busy[chat] = waiters
        next.resume()
    }
}
