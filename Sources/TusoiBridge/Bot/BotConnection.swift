import Foundation
import TusoiWire

/// The bot as a supervised child process, and a JSON-lines client of it.
///
/// Starts the bot's command, performs the `initialize` handshake with the channels' capabilities and
/// correlates responses with requests by id. If the bot dies, it is started again after a delay that
/// doubles up to a maximum, and every request it had not answered is written again, in order: the
/// bot's idempotency makes that safe. Requests the bot starts itself (`send`) go to `onSend`, and
/// their answers are remembered by id so that a repeated request is answered without a second delivery.
public actor BotConnection {
    /// Hands a bot-initiated `send` request to the messenger and says how it went.
    public typealias SendHandler = @Sendable (SendRequest) async -> SendOutcome

    private let options: BotOptions
    private let log: BridgeLog
    private let onSend: SendHandler
    private var child: ChildProcess?
    private var generation = 0
    private var ready = false
    private var everReady = false
    private var stopping = false
    private var fatal: BotFailure?
    /// Consecutive runs that ended without answering anything: the exponent of the restart delay.
    private var failures = 0
    private var pending = PendingRequests()
    private var readyWaiters: [CheckedContinuation<Void, any Error>] = []
    private var stopWaiters: [CheckedContinuation<Void, Never>] = []
    /// Answers to the bot's requests written while no bot was ready; written after the next handshake.
    private var deferredAnswers: [Data] = []
    private var requests = BotRequestLedger()

    public init(options: BotOptions, log: BridgeLog, onSend: @escaping SendHandler) {
        self.options = options
        self.log = log
        self.onSend = onSend
    }

    /// Starts the bot and waits for its handshake.
    ///
    /// - Throws: ``BotFailure`` when the command cannot be started, the bot exits before answering the
    ///   handshake, or refuses it.
    public func start() async throws {
        do {
            try launch()
        } catch {
            throw BotFailure.cannotStart(error.reason)
        }
        try await withCheckedThrowingContinuation { readyWaiters.append($0) }
    }

    /// Sends members' messages, in this order, and waits for the bot's answers, across restarts.
    ///
    /// The lines are written together, so the bot handles them in one batch and one transaction.
    /// - Returns: for each message its replies (receiving them is the bot's acknowledgement), or why
    ///   there are none: the bot refused the message, gave up on it, or the connection stopped.
    public func send(_ messages: [InboundMessage]) async -> [Result<MessageResult, BotFailure>] {
        let ids = messages.map(enqueue)
        var results: [Result<MessageResult, BotFailure>] = []
        for id in ids {
            results.append(await answer(to: id))
        }
        return results
    }

    /// Sends one message and waits for the bot's answer.
    ///
    /// - Throws: ``BotFailure``.
    public func send(_ message: InboundMessage) async throws(BotFailure) -> MessageResult {
        try await answer(to: enqueue(message)).get()
    }

    private func enqueue(_ message: InboundMessage) -> Int {
        if let failure = fatal ?? (stopping ? .stopped : nil) {
            return pending.add(failing: failure)
        }
        let (id, _) = pending.add(message)
        if ready, let line = pending.lineToWrite(id) { child?.write(line) }
        return id
    }

    private func answer(to id: Int) async -> Result<MessageResult, BotFailure> {
        if let outcome = pending.takeFinished(id) { return outcome }
        return await withCheckedContinuation { pending.wait(for: id, $0) }
    }

    /// The process id of the current run of the bot, if one is running.
    public var botProcessID: Int32? { child?.pid }

    /// Closes the bot's input so that it commits, answers what it has and exits; waits for that (at
    /// most `options.stopTimeout`, then the bot is terminated).
    public func stop() async {
        stopping = true
        guard let child else {
            failAll(.stopped)
            return
        }
        child.closeInput()
        let run = generation
        let timeout = options.stopTimeout
        Task {
            try? await Task.sleep(for: timeout)
            self.terminate(run: run)
        }
        await withCheckedContinuation { stopWaiters.append($0) }
    }

    private func terminate(run: Int) {
        guard run == generation, let child else { return }
        log.error("the bot did not stop in time; terminating it")
        child.send(signal: SIGTERM)
    }

    // MARK: - Runs of the bot

    private func launch() throws(LaunchError) {
        let child = try ChildProcess(command: options.command)
        generation += 1
        self.child = child
        let run = generation
        log.info("started the bot, pid \(child.pid)")
        child.write(BotWire.initialize(channels: options.channels))
        Task {
            for await event in child.events {
                self.handle(event, run: run)
            }
        }
    }

    private func handle(_ event: ChildProcess.Event, run: Int) {
        guard run == generation else { return }
        switch event {
        case .line(let data): handleLine(data)
        case .ended(let status): ended(status: status)
        }
    }

    private func ended(status: Int32) {
        child = nil
        ready = false
        if stopping {
            failAll(.stopped)
            for waiter in stopWaiters { waiter.resume() }
            stopWaiters = []
            return
        }
        if !everReady {
            let failure = BotFailure.cannotStart("the bot exited with status \(status) before its handshake")
            fatal = failure
            failAll(failure)
            return
        }
        failures += 1
        for id in pending.giveUp(after: options.maxAttempts) {
            log.error(
                "request \(id) was in flight each time the bot died, \(options.maxAttempts) times; given up")
        }
        let delay = restartDelay()
        log.error(
            "the bot exited with status \(status), \(pending.count) requests unanswered; "
                + "starting it again in \(delay.seconds) s")
        scheduleRestart(after: delay)
    }

    private func scheduleRestart(after delay: Duration) {
        Task {
            try? await Task.sleep(for: delay)
            self.restart()
        }
    }

    private func restart() {
        guard !stopping, child == nil else { return }
        do {
            try launch()
        } catch {
            failures += 1
            let delay = restartDelay()
            log.error("\(error.reason); trying again in \(delay.seconds) s")
            scheduleRestart(after: delay)
        }
    }

    private func restartDelay() -> Duration {
        let factor = 1 << min(max(failures - 1, 0), 20)
        return min(options.restartDelay * factor, options.maxRestartDelay)
    }

    // MARK: - Lines from the bot

    private func handleLine(_ data: Data) {
        switch BotLine.decode(data) {
        case .response(let id, let result):
            if id == BotWire.initializeID {
                handshake(result)
            } else if let number = id.int64Value, pending.contains(Int(number)) {
                answer(Int(number), result)
            } else {
                log.error("the bot answered a request it was not asked (id \(id.text)); ignored")
            }
        case .send(let id, let request):
            handleSend(id: id, request)
        case .unknownRequest(let id, let method):
            log.error("the bot asked for \"\(method)\", which this bridge does not know")
            if let id { write(BotWire.methodNotFound(id: id, method: method)) }
        case .unreadable:
            log.error("the bot wrote a line that is not JSON-RPC; skipped")
        }
    }

    private func handshake(_ result: Result<JSONValue, BotError>) {
        switch result {
        case .success:
            ready = true
            everReady = true
            for id in pending.ids {
                if let line = pending.lineToWrite(id) { child?.write(line) }
            }
            if pending.count > 0 { log.info("sent \(pending.count) unanswered requests to the bot again") }
            for line in deferredAnswers { child?.write(line) }
            deferredAnswers = []
            for waiter in readyWaiters { waiter.resume() }
            readyWaiters = []
        case .failure(let error):
            let failure = BotFailure.handshake(error)
            fatal = failure
            log.error("the bot refused the handshake: \(error.description)")
            failAll(failure)
            stopping = true
            child?.closeInput()
        }
    }

    private func answer(_ id: Int, _ result: Result<JSONValue, BotError>) {
        switch result {
        case .success(let json):
            failures = 0
            let replay = json["replay"]?.boolValue ?? false
            pending.complete(
                id, .success(MessageResult(replay: replay, replies: WireReply.list(json["replies"]))))
        case .failure(let error) where error.code == BotError.notStored:
            log.error("the bot could not store request \(id) (\(error.description)); sending it again later")
            let run = generation
            Task {
                try? await Task.sleep(for: self.options.notStoredDelay)
                self.resend(id, run: run)
            }
        case .failure(let error):
            pending.complete(id, .failure(.refused(error)))
        }
    }

    private func resend(_ id: Int, run: Int) {
        // After a restart the new run was given every pending request already.
        guard run == generation, ready, let line = pending.line(id) else { return }
        child?.write(line)
    }

    private func handleSend(id: JSONValue, _ request: SendRequest) {
        let key = id.text
        switch requests.begin(key: key, chat: request.chat) {
        case .answer(let answer):
            write(answer)
        case .ignore:
            break
        case .deliver(let previous):
            // One chat's requests are delivered in the order the bot wrote them.
            let onSend = self.onSend
            let task = Task {
                await previous?.value
                let outcome = await onSend(request)
                let answer = BotWire.answer(id: id, outcome)
                self.requests.finish(key: key, chat: request.chat, answer: answer)
                self.write(answer)
            }
            requests.started(task, chat: request.chat)
        }
    }

    /// Writes an answer to the running bot, or keeps it for the next one if none is ready.
    private func write(_ line: Data) {
        if ready, let child {
            child.write(line)
        } else {
            deferredAnswers.append(line)
        }
    }

    private func failAll(_ failure: BotFailure) {
        pending.completeAll(failure)
        for waiter in readyWaiters { waiter.resume(throwing: failure) }
        readyWaiters = []
    }
}
