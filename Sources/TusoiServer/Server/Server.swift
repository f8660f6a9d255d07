import TusoiEngine
import TusoiStore
import TusoiWire

/// The JSON-lines server behind `tusoi serve`: reads batches of lines, handles them in one
/// transaction (group commit), and only then writes their replies and acknowledgements.
public final class Server {
    private let service: ChatService
    private let clock: () -> Int64
    private var channels: [String: ChannelCapabilities] = [:]
    private var initialized = false
    /// Messages the bot started that were written to the bridge and not answered yet, with when.
    private var inFlight: [Int64: Int64] = [:]
    /// When timers are next looked at; 0 right after the handshake, so that a restart catches up.
    private var nextTick: Int64 = 0
    /// When the timers were last looked at.
    private var lastTick: Int64 = 0
    /// Seconds between looks at the timers and at messages to send again.
    public var tickInterval: Int64 = 30
    /// A message the bot started that the bridge did not answer for this long is sent again.
    static let resendAfter: Int64 = 600
    /// Counts for the operator's log; never any text of a message.
    public private(set) var stats = Stats()
    /// Whether ``run(source:sink:)`` reads on a thread of its own that also works out members'
    /// turns ahead (``ReadAhead``, ``Speculator``); the replies are the same either way.
    public var readsAhead = true
    /// Whether the reading thread works out turns ahead even while the service waits for lines
    /// (it does not, so as not to make it wait longer): the tests set it, so that every message
    /// takes the path of a busy server.
    var worksAheadWhenIdle = false
    /// Where a batch's leftovers go once handled (``ReadAhead/giveBack(_:)``), if not dropped here.
    private var giveBack: ((consuming Any) -> Void)?
    /// Set when the disk failed to sync what was committed: ``run(source:sink:)`` stopped without
    /// acknowledging it, and the store must be opened again (`tusoi serve` exits with 74).
    public private(set) var syncFailure: String?
    /// Batches the store refused, for the operator's log without a line each.
    private var failures = FailureDigest()

    /// What the server has done, for the log line at exit.
    public struct Stats: Equatable, Sendable {
        public var messages = 0
        public var replays = 0
        public var errors = 0
        public var batches = 0
        /// Messages the bot started (`send` requests written), and reminders fired by timers.
        public var sends = 0
        public var reminders = 0
        /// Members' turns worked out ahead on the reading thread and taken as they were.
        public var speculated = 0
    }

    /// A line as the reading thread leaves it: decoded, and for a member's message, perhaps with
    /// its turn worked out ahead.
    typealias Parsed = (request: Result<Request, ProtocolError>, speculation: Speculation?)

    /// One read's worth of lines, with the time the batch is handled at.
    struct Incoming {
        var items: [Parsed]
        var now: Int64
        var ended: Bool
        /// The reading thread's number for the batch (0 without one).
        var sequence = 0
    }

    /// - Parameter clock: the current time in seconds since 1970; tests pass a fixed one. With
    ///   ``readsAhead`` it is read on the reading thread too: it must be safe to call from there.
    public init(service: ChatService, clock: @escaping () -> Int64) {
        self.service = service
        self.clock = clock
    }

    /// Serves until the input ends (or a signal ends it), then returns.
    ///
    /// Between batches (the source wakes up at least every few seconds), looks at the timers and
    /// at the messages to send.
    ///
    /// On standard output (a ``FileLineSink``), the replies of a batch are rendered and written on a
    /// second thread (``OutputWriter``) while the next batch is handled; elsewhere, in turn. With
    /// ``readsAhead``, lines are read and decoded on a third thread, which also works out members'
    /// turns ahead while the batch before is stored (``ReadAhead``).
    ///
    /// Where the store can (SQLite in WAL mode), a commit does not wait for the disk: its output is
    /// written once a sync of the log that began after the commit has returned, on the output thread
    /// while the next batch is handled (``UnitOfWork/syncCommitsBehind()``). If that sync fails,
    /// nothing more is written and the server stops (``syncFailure``).
    public func run(source: inout some LineSource, sink: inout some LineSink) {
        do {
            try service.store.checkpointInBackground()
        } catch {
            Log.error("checkpoints stay in the commits: \(Server.explain(error))")
        }
        var commitSync: (any CommitSync)?
        do {
            commitSync = try service.store.syncCommitsBehind()
        } catch {
            Log.error("each commit waits for the disk: \(Server.explain(error))")
        }
        defer {
            if commitSync != nil, syncFailure == nil {
                do {
                    try service.store.syncCommitsAtCommit()
                } catch {
                    syncFailure = Server.explain(error)
                    Log.error("the last commits could not be synced to disk: \(syncFailure ?? "")")
                }
            }
        }
        let readAhead =
            readsAhead
            ? service.startSpeculating().map {
                ReadAhead(source: source, clock: clock, speculator: $0, alwaysAhead: worksAheadWhenIdle)
            } : nil
        giveBack = readAhead.map { readAhead in { readAhead.giveBack($0) } }
        defer { giveBack = nil }
        func next() -> Incoming {
            if let readAhead { return readAhead.next() }
            let (lines, ended) = source.nextBatch()
            return Incoming(items: lines.map { (Self.parse($0), nil) }, now: clock(), ended: ended)
        }
        if let file = sink as? FileLineSink {
            // A failed sync ends the input as SIGTERM does: the server stops at once, not at the next line.
            let readsFile = source is FileLineSource
            let endInput: @Sendable () -> Void = { if readsFile { FileLineSource.endInput() } }
            let writer = OutputWriter(sink: file, commitSync: commitSync, syncFailed: endInput)
            serve(next: next) { writer.enqueue($0) }
            writer.finish()
            syncFailure = writer.syncFailure
        } else {
            serve(next: next) { output in
                do {
                    try commitSync?.sync()
                } catch {
                    syncFailure = Server.explain(error)
                    return false
                }
                return output.isEmpty || sink.write(output.rendered())
            }
        }
        if let syncFailure {
            Log.error(
                "stopped; no message after this point was acknowledged (the bridge sends them again once "
                    + "serve runs): \(syncFailure)")
        }
        if let readAhead { Self.take(readAhead.finish(), into: &source) }
    }

    /// The source as the reading thread left it, back in the caller's variable.
    private static func take<Source: LineSource>(_ finished: any LineSource, into source: inout Source) {
        if let finished = finished as? Source { source = finished }
    }

    /// The loop of ``run(source:sink:)``: `write` returns false when the other side is gone.
    private func serve(next: () -> Incoming, write: (Output) -> Bool) {
        while true {
            let (items, read, ended, sequence) = { ($0.items, $0.now, $0.ended, $0.sequence) }(next())
            // A batch read before the timers were last looked at is handled at that later time, so
            // that time never goes back (its turns worked out ahead at the earlier time are not taken).
            let now = max(read, lastTick)
            if sequence != 0 { service.batchSequence = sequence }
            // Handed over, not kept here: the batch's lines and turns worked out ahead are let go
            // (given back to the reading thread) once the batch is handled.
            var output = items.isEmpty ? Output() : handleBatch(consume items, now: now)
            if initialized && clock() >= nextTick {
                output.append(tick())
            }
            // Written even when empty: a batch that answers nothing (a bridge's delivery
            // confirmations, timers) is synced all the same, and when idle (the source wakes every
            // few seconds) the sync finds a log deleted under the server within seconds.
            if !write(output) { return }
            if ended { return }
        }
    }

    /// Fires the due timers and returns the `send` requests of every message waiting to be sent,
    /// including those a restart left unconfirmed. Nothing is sent before the handshake.
    public func tick() -> [UInt8] {
        guard initialized else { return [] }
        let now = clock()
        lastTick = now
        nextTick = now + tickInterval
        do {
            let (fired, dropped) = try service.store.transaction { try service.tick(now: now) }
            stats.reminders += fired
            if fired + dropped > 0 { Log.info("timers: \(fired) reminders sent, \(dropped) dropped") }
        } catch {
            service.forgetCache()
            Log.error("timers could not be handled: \(Server.explain(error))")
        }
        return outbound(now: now)
    }

    /// The `send` requests for queued messages that are not in flight (or were in flight too long).
    private func outbound(now: Int64) -> [UInt8] {
        let items: [OutboxItem]
        do {
            items = try service.store.pendingOutbox(now: now, limit: 200)
        } catch {
            Log.error("the outbox could not be read: \(Server.explain(error))")
            return []
        }
        var out: [UInt8] = []
        for item in items {
            if let sentAt = inFlight[item.id], now - sentAt < Server.resendAfter { continue }
            guard let replies = ReplyCoding.decode(item.replies) else {
                Log.error("an outbox message (\(item.id)) cannot be read back; skipped")
                continue
            }
            let renderer = ReplyRenderer(capabilities: channels[item.channel] ?? .plain)
            WireWriter.send(
                id: "b-\(item.id)", channel: item.channel, chat: item.chat, renderer.render(replies), to: &out
            )
            inFlight[item.id] = now
            stats.sends += 1
        }
        return out
    }

    private enum Pending {
        /// Already answered: an error, the handshake's result, nothing for a response.
        case done([UInt8])
        /// A member's message, to handle inside the batch's transaction.
        case toHandle(id: JSONValue, InboundMessage, Speculation?)
        case message(id: JSONValue, channel: String, ChatService.Outcome)
        case failed(id: JSONValue, reason: String)
        /// The bridge's answer to a message the bot started: recorded inside the transaction.
        case confirmation(outboxID: Int64, error: String?)
    }

    /// Handles one batch of lines in one transaction and returns the bytes to write after it committed.
    ///
    /// Lines are decoded first, outside the transaction, so that a store that cannot even begin a
    /// transaction still answers every line: messages with `-32002 Not stored`, the rest as usual.
    public func process(_ lines: [LineReader.Line]) -> [UInt8] {
        handleBatch(lines.map { (Self.parse($0), nil) }, now: clock()).rendered()
    }

    /// The same, up to rendering the replies, which can wait for another thread.
    private func handleBatch(_ lines: consuming [Parsed], now: Int64) -> Output {
        stats.batches += 1
        // Kept as decoded for a second pass; each pass writes what it made of them into a new list.
        let accepted = (consume lines).map(accept)
        var handled: [Pending] = []
        // First without a savepoint a message (two statements a message saved, and on PostgreSQL two
        // round trips). If a message fails that way, what it wrote is mixed with the others': the
        // whole transaction is rolled back and the batch handled again, each message in its own
        // savepoint, so that only the failing one is refused (StoreFailureTests).
        var isolated = false
        let statsBefore = stats
        while true {
            do {
                handled = try handleAll(accepted, now: now, isolated: isolated)
                if let line = failures.stored() { Log.info(line) }
            } catch is RetryIsolated {
                service.forgetCache()
                stats = statsBefore
                isolated = true
                continue
            } catch {
                service.forgetCache()
                let reason = Server.explain(error)
                if let line = failures.failed(count: accepted.count, reason: reason, now: now) {
                    Log.error(line)
                }
                handled = accepted.map { item in
                    switch item {
                    case .toHandle(let id, _, _), .message(let id, _, _), .failed(let id, _):
                        return .failed(id: id, reason: reason)
                    case .done, .confirmation:
                        return item
                    }
                }
            }
            break
        }
        let output = output(of: handled, now: now)
        giveBack?((consume accepted, consume handled))
        return output
    }

    /// A message failed in a batch handled without savepoints: the batch must be handled again.
    private struct RetryIsolated: Error {}

    /// Handles the batch's messages and confirmations in one transaction, flushes the sessions, and
    /// returns each line's result. A second pass (`isolated`, after a rollback) takes no turn
    /// worked out ahead: none would be for the sessions as they are then.
    private func handleAll(_ pending: [Pending], now: Int64, isolated: Bool) throws -> [Pending] {
        try service.store.transaction {
            if let shared = service.sharedWriter {
                // Every chat of the batch at once, in one order: two processes never wait for each other.
                try shared.lockChats(
                    pending.compactMap {
                        guard case .toHandle(_, let message, _) = $0 else { return nil }
                        return (message.channel, message.chat)
                    })
            }
            var handled: [Pending] = []
            handled.reserveCapacity(pending.count)
            for item in pending {
                switch item {
                case .toHandle(let id, let message, let speculation):
                    handled.append(
                        try handle(
                            message, id: id, now: now, isolated: isolated,
                            speculation: isolated ? nil : speculation))
                case .confirmation(let outboxID, let error):
                    if let error {
                        try service.store.markUndelivered(outboxID: outboxID, reason: error, now: now)
                    } else {
                        try service.store.markDelivered(outboxID: outboxID, now: now)
                    }
                    inFlight[outboxID] = nil
                    handled.append(item)
                default:
                    handled.append(item)
                }
            }
            try service.flush(now: now)
            return handled
        }
    }

    /// The batch's output, line for line.
    private func output(of pending: [Pending], now: Int64) -> Output {
        var output = Output()
        output.items.reserveCapacity(pending.count)
        for item in pending {
            switch item {
            case .done(let bytes):
                output.append(bytes)
            case .message(let id, let channel, let outcome):
                output.items.append(
                    .replies(
                        id: id, capabilities: channels[channel] ?? .plain, replies: outcome.replies,
                        replay: outcome.replay))
            case .failed(let id, let reason):
                stats.errors += 1
                var out: [UInt8] = []
                WireWriter.error(.storeFailure(reason, id: id), to: &out)
                output.append(out)
            case .toHandle(let id, _, _):
                // Unreachable: every message is handled or failed above; never leave a line unanswered.
                stats.errors += 1
                var out: [UInt8] = []
                WireWriter.error(.storeFailure("not handled", id: id), to: &out)
                output.append(out)
            case .confirmation:
                break
            }
        }
        if initialized { output.append(outbound(now: now)) }
        return output
    }

    /// Decodes a line; touches nothing (the reading thread calls it).
    static func parse(_ line: LineReader.Line) -> Result<Request, ProtocolError> {
        switch line {
        case .tooLong(let length): return .failure(.lineTooLong(length))
        case .line(let bytes):
            // A blank line is answered like any line the bot cannot read: a bridge that pairs
            // responses with the lines it wrote must never wait for one that does not come.
            if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) {
                return .failure(.parse("an empty line (only white space): no JSON object"))
            }
            return bytes.withUnsafeBytes { raw in
                Result { () throws(ProtocolError) in try Request.decode(raw) }
            }
        }
    }

    /// Answers a decoded line in everything that does not touch the store.
    private func accept(_ parsed: Parsed) -> Pending {
        var out: [UInt8] = []
        let request: Request
        switch parsed.request {
        case .success(let decoded): request = decoded
        case .failure(let error):
            stats.errors += 1
            WireWriter.error(error, to: &out)
            return .done(out)
        }
        switch request {
        case .initialize(let id, let version, let declared):
            channels = declared
            initialized = true
            // A new bridge (or a restarted one) gets everything not confirmed yet, at once.
            inFlight.removeAll()
            nextTick = 0
            WireWriter.result(
                id: id,
                .object([
                    "protocolVersion": .string(version),
                    "server": .object(["name": .string("tusoi"), "version": .string(Version.current)]),
                ]), to: &out)
            return .done(out)
        case .response(let id, let error):
            // Only answers to the bot's own `send` requests ("b-N") mean anything; others are ignored.
            guard case .string(let text) = id, text.hasPrefix("b-"), let outboxID = Int64(text.dropFirst(2))
            else {
                return .done([])
            }
            return .confirmation(outboxID: outboxID, error: error)
        case .message(let id, let message):
            guard initialized else {
                stats.errors += 1
                WireWriter.error(.notInitialized(id: id), to: &out)
                return .done(out)
            }
            return .toHandle(id: id, message, parsed.speculation)
        }
    }

    /// Handles one message inside the batch's transaction.
    ///
    /// - Throws: when the transaction itself is gone (SQLite rolls it back on some I/O errors):
    ///   the whole batch must then fail, not go on outside a transaction.
    private func handle(
        _ message: InboundMessage, id: JSONValue, now: Int64, isolated: Bool, speculation: Speculation?
    ) throws -> Pending {
        do {
            let outcome = try service.handle(
                message, now: now, isolated: isolated, speculation: speculation)
            stats.messages += 1
            if outcome.replay { stats.replays += 1 }
            if outcome.workedAhead { stats.speculated += 1 }
            return .message(id: id, channel: message.channel, outcome)
        } catch {
            guard isolated else { throw RetryIsolated() }
            let reason = Server.explain(error)
            Log.error("a message could not be stored: \(reason)")
            guard service.store.isInsideTransaction else { throw error }
            return .failed(id: id, reason: reason)
        }
    }

    /// A failure of the store in words an operator can act on, never with a member's text.
    static func explain(_ error: any Error) -> String {
        if let reason = StoreError.explain(error) { return reason }
        if error is DiagnosticsError { return "a stored questionnaire has errors" }
        if let service = error as? ServiceError { return service.description }
        if let effect = error as? EffectError { return effect.description }
        return "an unexpected error (\(type(of: error)))"
    }
}
