import Foundation
import TusoiWire

/// The server's reading thread: reads the next batch of lines, decodes them and works out members'
/// turns ahead (``Speculator``) while the service stores the batch before, then hands the batch over.
///
/// At most ``depth`` batches wait to be handled: past that the thread stops reading, the pipe fills
/// and the bridge waits, as it would for a server reading in turn. When the service is idle,
/// waiting for lines (a few messages a second), a batch goes to it as soon as it is decoded: turns
/// are worked out ahead only while the service is busy with the batch before. A batch's time (`now`) is taken
/// when it is read, so that the turns worked out ahead and the service see the same time.
///
/// `@unchecked Sendable`: `source`, `clock` and the speculator's reading side are used by the
/// thread alone until it has finished; the queue is guarded by `condition`.
final class ReadAhead: @unchecked Sendable {
    static var depth: Int { 1 }

    private var source: any LineSource
    private let clock: () -> Int64
    private let speculator: Speculator
    private let condition = NSCondition()
    private var queue: [Server.Incoming] = []
    /// What the service has finished with, freed on this thread (``giveBack(_:)``).
    private var returned: [Any] = []
    private var stopping = false
    private var finished = false
    /// Whether the service is waiting for a batch: then the next one goes to it at once, without
    /// turns worked out ahead (they would only make it wait longer).
    private var consumerWaiting = false

    /// Whether turns are worked out ahead even for an idle service (tests: every path taken).
    private let alwaysAhead: Bool

    init(
        source: any LineSource, clock: @escaping () -> Int64, speculator: Speculator,
        alwaysAhead: Bool = false
    ) {
        self.alwaysAhead = alwaysAhead
        self.source = source
        self.clock = clock
        self.speculator = speculator
        let thread = Thread { [self] in run() }
        thread.name = "tusoi-read"
        thread.start()
    }

    /// The next batch, once read (it may be empty: the source woke up with nothing).
    func next() -> Server.Incoming {
        condition.lock()
        defer { condition.unlock() }
        while queue.isEmpty && !finished {
            consumerWaiting = true
            condition.wait()
        }
        consumerWaiting = false
        guard !queue.isEmpty else {
            return Server.Incoming(items: [], now: clock(), ended: true, sequence: 0)
        }
        condition.broadcast()
        return queue.removeFirst()
    }

    /// Takes what the service has finished with (a batch's decoded lines and turns worked out
    /// ahead): they were allocated on this thread, and freed here they go back to this thread's
    /// memory arena without the service's thread waiting for its lock (the C library's allocator
    /// keeps an arena a thread; a chunk freed on another thread locks the arena it came from).
    func giveBack(_ leftovers: consuming Any) {
        condition.lock()
        returned.append(leftovers)
        condition.unlock()
    }

    /// Stops reading (after the batch being read, if any) and returns the source as the thread left it.
    func finish() -> any LineSource {
        condition.lock()
        stopping = true
        condition.broadcast()
        while !finished { condition.wait() }
        condition.unlock()
        return source
    }

    private func run() {
        while true {
            condition.lock()
            while queue.count >= Self.depth && !stopping { condition.wait() }
            let stop = stopping
            let leftovers = returned
            returned = []
            condition.unlock()
            withExtendedLifetime(leftovers) {}  // freed here: on this thread, outside the lock
            if stop { break }
            let (lines, ended) = source.nextBatch()
            let now = clock()
            // A wake-up with nothing read (every few seconds while idle) is no batch.
            let sequence = lines.isEmpty ? 0 : speculator.beginBatch()
            condition.lock()
            let idle = consumerWaiting && queue.isEmpty && !alwaysAhead
            condition.unlock()
            let items: [Server.Parsed] = lines.map { line in
                let request = Server.parse(line)
                guard !idle, case .success(.message(_, let message)) = request else { return (request, nil) }
                return (request, speculator.speculate(message, now: now))
            }
            condition.lock()
            queue.append(Server.Incoming(items: items, now: now, ended: ended, sequence: sequence))
            condition.broadcast()
            condition.unlock()
            if ended { break }
        }
        condition.lock()
        finished = true
        condition.broadcast()
        condition.unlock()
    }
}
