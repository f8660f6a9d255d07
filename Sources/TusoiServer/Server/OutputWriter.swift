import Foundation

/// Renders and writes the server's output on a thread of its own, in order, so that the server goes
/// on with the next batch meanwhile: the replies of a batch are still written only after its commit,
/// since the server hands them over only then.
///
/// At most one output waits while another is written, which bounds the memory held. Once a write
/// fails (the bridge is gone), the rest is dropped and ``enqueue(_:)`` says so.
///
/// `@unchecked Sendable`: everything shared with the thread is guarded by `condition`; the sink is
/// the thread's own.
final class OutputWriter: @unchecked Sendable {
    private let condition = NSCondition()
    private var waiting: [Output] = []
    private var closing = false
    private var finished = false
    private var failed = false

    /// Starts the thread that writes to `sink`.
    init(sink: FileLineSink) {
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

    private func run(_ sink: FileLineSink) {
        var sink = sink
        while let output = next() {
            let bytes = output.rendered()
            let written = bytes.isEmpty || sink.write(bytes)
            condition.lock()
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
