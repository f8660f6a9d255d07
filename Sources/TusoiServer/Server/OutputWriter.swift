import Foundation
import TusoiStore

/// Renders and writes the server's output on a thread of its own, in order, so that the server goes
/// on with the next batch meanwhile: the replies of a batch are still written only after its commit,
/// since the server hands them over only then.
///
/// At most one output waits while another is written, which bounds the memory held. Once a write
/// fails (the bridge is gone), the rest is dropped and ``enqueue(_:)`` says so.
///
/// With a ``CommitSync`` (the store's commits synced behind them), each output is written only once
/// the sync that followed its hand-over returned: the thread waits for the disk while the server
/// handles the next batch. A failed sync stops the writing as a failed write does: nothing after
/// it is acknowledged, and ``syncFailure`` says why.
///
/// `@unchecked Sendable`: everything shared with the thread is guarded by `condition`; the sink is
/// the thread's own.
final class OutputWriter: @unchecked Sendable {
    private let condition = NSCondition()
    private var waiting: [Output] = []
    private var closing = false
    private var finished = false
    private var failed = false
    private var failure: String?
    private let commitSync: (any CommitSync)?
    private let syncFailed: @Sendable () -> Void

    /// Starts the thread that writes to `sink`, syncing `commitSync` before each output if given;
    /// `syncFailed` is called on the thread when a sync fails, to stop the server's reading.
    init(sink: FileLineSink, commitSync: (any CommitSync)?, syncFailed: @escaping @Sendable () -> Void) {
        self.commitSync = commitSync
        self.syncFailed = syncFailed
        let thread = Thread { [self] in run(sink) }
        thread.name = "tusoi-output"
        thread.start()
    }

    /// Hands an output over, waiting while another one already waits; false once writing has failed.
    func enqueue(_ output: Output) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        while !waiting.isEmpty && !failed { condition.wait() }
        guard !failed else { return false }
        waiting.append(output)
        condition.broadcast()
        return true
    }

    /// Waits until everything handed over is written (or writing failed), then stops the thread.
    func finish() {
        condition.lock()
        closing = true
        condition.broadcast()
        while !finished { condition.wait() }
        condition.unlock()
    }

    /// Why the writing stopped short of the disk, once it did (read after ``finish()``).
    var syncFailure: String? {
        condition.lock()
        defer { condition.unlock() }
        return failure
    }

    private func run(_ sink: FileLineSink) {
        var sink = sink
        while let output = next() {
            var reason: String?
            if let commitSync {
                do { try commitSync.sync() } catch { reason = Server.explain(error) }
            }
            let bytes = reason == nil ? output.rendered() : []
            let written = reason == nil && (bytes.isEmpty || sink.write(bytes))
            if reason != nil { syncFailed() }
            condition.lock()
            if let reason { failure = reason }
            if !written { failed = true }
            condition.broadcast()
            condition.unlock()
        }
        condition.lock()
        finished = true
        condition.broadcast()
        condition.unlock()
    }

    /// The next output to write; nil once closing with nothing left, or once writing failed.
    private func next() -> Output? {
        condition.lock()
        defer { condition.unlock() }
        while waiting.isEmpty && !closing && !failed { condition.wait() }
        guard !failed, !waiting.isEmpty else { return nil }
        let output = waiting.removeFirst()
        condition.broadcast()
        return output
    }
}
