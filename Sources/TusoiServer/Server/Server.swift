import TusoiEngine
import TusoiStore

/// The JSON-lines server behind `tusoi serve`: reads batches of lines, handles them in one
/// transaction (group commit), and only then writes their replies and acknowledgements.
public final class Server {
    private let service: ChatService
    private let clock: () -> Int64
    private var channels: [String: ChannelCapabilities] = [:]
    private var initialized = false
    /// Counts for the operator's log; never any text of a message.
    public private(set) var stats = Stats()

    /// What the server has done, for the log line at exit.
    public struct Stats: Equatable, Sendable {
        public var messages = 0
        public var replays = 0
        public var errors = 0
        public var batches = 0
    }

    /// - Parameter clock: the current time in seconds since 1970; tests pass a fixed one.
    public init(service: ChatService, clock: @escaping () -> Int64) {
        self.service = service
        self.clock = clock
    }

    /// Serves until the input ends (or a signal ends it), then returns.
    public func run(source: inout some LineSource, sink: inout some LineSink) {
        while true {
            let (lines, ended) = source.nextBatch()
            if !lines.isEmpty {
                let output = process(lines)
                if !sink.write(output) { return }
            }
            if ended { return }
        }
    }

    private enum Pending {
        case done([UInt8])
        case message(id: JSONValue, channel: String, ChatService.Outcome)
        case failed(id: JSONValue)
    }

    /// Handles one batch of lines in one transaction and returns the bytes to write after it committed.
    public func process(_ lines: [LineReader.Line]) -> [UInt8] {
        stats.batches += 1
        let now = clock()
        var pending: [Pending] = []
        var failure = "the store could not commit"
        pending.reserveCapacity(lines.count)
        do {
            try service.store.transaction {
                for line in lines {
                    pending.append(handle(line, now: now))
                }
                try service.flush(now: now)
            }
        } catch {
            service.forgetCache()
            failure = Server.explain(error)
            Log.error("a batch of \(lines.count) lines was not stored: \(failure)")
            pending = pending.map { item in
                if case .message(let id, _, _) = item { return .failed(id: id) }
                return item
            }
        }
        var out: [UInt8] = []
        out.reserveCapacity(lines.count * 512)
        for item in pending {
            switch item {
            case .done(let bytes):
                out.append(contentsOf: bytes)
            case .message(let id, let channel, let outcome):
                let renderer = ReplyRenderer(capabilities: channels[channel] ?? .plain)
                WireWriter.replies(id: id, renderer.render(outcome.replies), replay: outcome.replay, to: &out)
            case .failed(let id):
                stats.errors += 1
                WireWriter.error(.storeFailure(failure, id: id), to: &out)
            }
        }
        return out
    }

    private func handle(_ line: LineReader.Line, now: Int64) -> Pending {
        var out: [UInt8] = []
        let request: Request
        do {
            switch line {
            case .tooLong(let length): throw ProtocolError.lineTooLong(length)
            case .line(let bytes):
                if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { return .done([]) }
                request = try bytes.withUnsafeBytes { raw throws(ProtocolError) in try Request.decode(raw) }
            }
        } catch let error as ProtocolError {
            stats.errors += 1
            WireWriter.error(error, to: &out)
            return .done(out)
        } catch {
            return .done(out)
        }
        switch request {
        case .initialize(let id, let version, let declared):
            channels = declared
            initialized = true
            WireWriter.result(
                id: id,
                .object([
                    "protocolVersion": .string(version),
                    "server": .object(["name": .string("tusoi"), "version": .string(Version.current)]),
                ]), to: &out)
            return .done(out)
        case .response:
            return .done([])
        case .message(let id, let message):
            guard initialized else {
                stats.errors += 1
                WireWriter.error(.notInitialized(id: id), to: &out)
                return .done(out)
            }
            do {
                let outcome = try service.store.savepoint { try service.handle(message, now: now) }
                stats.messages += 1
                if outcome.replay { stats.replays += 1 }
                return .message(id: id, channel: message.channel, outcome)
            } catch {
                Log.error("a message could not be stored: \(Server.explain(error))")
                return .failed(id: id)
            }
        }
    }

    /// A failure of the store in words an operator can act on (never a member's text).
    static func explain(_ error: any Error) -> String {
        guard let sqlite = error as? SQLiteError else { return "\(error)" }
        if sqlite.isFull || sqlite.primaryCode == 10 {
            return "the disk is full or the store file cannot grow (SQLite \(sqlite.code))"
        }
        if sqlite.isCorrupt || sqlite.isNotADatabase {
            return "the store file is damaged (SQLite \(sqlite.code))"
        }
        if sqlite.isBusy { return "the store is locked by another process (SQLite \(sqlite.code))" }
        return "SQLite error \(sqlite.code)"
    }
}
