import Foundation

/// Reads one pipe from a child process to its end on a thread of its own, handing each chunk to
/// `received` in order.
///
/// Blocking reads, not `FileHandle.readabilityHandler`: a readability handler is a dispatch read
/// source, and on Linux a source still registered when its pipe is closed (the handle released at
/// the end of a test) can crash the whole test process in libdispatch's event loop, a test or two
/// later (CI, stop 21: signal 11 in `_dispatch_event_loop_drain`). A thread that owns its handle
/// until end of file has nothing left registered anywhere.
public final class PipeReader: @unchecked Sendable {
    private let ended = DispatchSemaphore(value: 0)
    private let lock = NSLock()
    private var finished = false

    /// Starts reading `handle`; `received` is called on the reader's thread, never with empty data.
    public init(_ handle: FileHandle, received: @escaping @Sendable (Data) -> Void) {
        Thread.detachNewThread { [ended, weak self] in
            while true {
                let chunk = handle.availableData
                if chunk.isEmpty { break }
                received(chunk)
            }
            self?.markFinished()
            ended.signal()
        }
    }

    private func markFinished() {
        lock.lock()
        finished = true
        lock.unlock()
    }

    /// Whether the pipe reached its end (every writer closed it) and every chunk was handed over.
    public var isFinished: Bool {
        lock.lock()
        defer { lock.unlock() }
        return finished
    }

    /// Waits until the pipe's end (at most `seconds`); true when it was reached.
    @discardableResult
    public func waitForEnd(seconds: Double) -> Bool {
        if isFinished { return true }
        guard ended.wait(timeout: .now() + seconds) == .success else { return false }
        ended.signal()
        return true
    }
}
