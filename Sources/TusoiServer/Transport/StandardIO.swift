#if canImport(Glibc)
    @preconcurrency import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The write end of the pipe that signal handlers write to, so that a blocked read wakes up.
nonisolated(unsafe) private var signalPipeWriteEnd: Int32 = -1

/// Reads lines from a file descriptor (standard input), stopping cleanly on SIGTERM or SIGINT.
public struct FileLineSource: LineSource {
    private let descriptor: Int32
    private var reader = LineReader()
    private var buffer = [UInt8](repeating: 0, count: 1 << 20)
    private let signalReadEnd: Int32
    private var ended = false
    private let wakeMilliseconds: Int32

    /// Reads from `descriptor`; SIGTERM and SIGINT end the input as if it had closed.
    ///
    /// - Parameter wakeMilliseconds: with no input for this long, ``nextBatch()`` returns an empty
    ///   batch, so that the server can look at its timers.
    public init(descriptor: Int32 = 0, wakeMilliseconds: Int32 = 5_000) {
        self.descriptor = descriptor
        self.wakeMilliseconds = wakeMilliseconds
        var ends: [Int32] = [0, 0]
        if pipe(&ends) == 0 {
            signalReadEnd = ends[0]
            signalPipeWriteEnd = ends[1]
            _ = fcntl(ends[1], F_SETFL, fcntl(ends[1], F_GETFL) | O_NONBLOCK)
            let handler: @convention(c) (Int32) -> Void = { _ in
                var byte: UInt8 = 1
                _ = write(signalPipeWriteEnd, &byte, 1)
            }
            signal(SIGTERM, handler)
            signal(SIGINT, handler)
            // A parent may have started us with these signals blocked; unblock them.
            var unblock = sigset_t()
            sigemptyset(&unblock)
            sigaddset(&unblock, SIGTERM)
            sigaddset(&unblock, SIGINT)
            pthread_sigmask(SIG_UNBLOCK, &unblock, nil)
        } else {
            signalReadEnd = -1
        }
        signal(SIGPIPE, SIG_IGN)
        // Over a file-size limit a write must fail with an error the store reports, not kill the server.
        signal(SIGXFSZ, SIG_IGN)
    }

    /// Ends the input of the source reading now as SIGTERM does, from any thread: the server stops
    /// cleanly after the batch it is handling (``Server`` calls it when the disk failed).
    static func endInput() {
        guard signalPipeWriteEnd >= 0 else { return }
        var byte: UInt8 = 1
        _ = write(signalPipeWriteEnd, &byte, 1)
    }

    public mutating func nextBatch() -> (lines: [LineReader.Line], ended: Bool) {
        if ended { return ([], true) }
        while true {
            var fds = [
                pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0),
                pollfd(fd: signalReadEnd, events: Int16(POLLIN), revents: 0),
            ]
            let ready = poll(&fds, signalReadEnd >= 0 ? 2 : 1, wakeMilliseconds)
            if ready < 0 {
                if errno == EINTR { continue }
                return finish()
            }
            if ready == 0 { return ([], false) }
            if signalReadEnd >= 0 && fds[1].revents != 0 {
                // Stopped (SIGTERM, SIGINT, a failed sync): a line the bridge was still writing is
                // not a request; it sends it again to the next run. Only end of input takes a last
                // line without its newline.
                ended = true
                return ([], true)
            }
            if fds[0].revents == 0 { continue }
            let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            if count <= 0 { return finish() }
            let lines = buffer.withUnsafeBytes {
                reader.feed(UnsafeRawBufferPointer(rebasing: $0[0..<count]))
            }
            if !lines.isEmpty { return (lines, false) }
        }
    }

    private mutating func finish() -> (lines: [LineReader.Line], ended: Bool) {
        ended = true
        return (reader.finish(), true)
    }
}

/// Writes to a file descriptor (standard output), whole buffers at once, retrying short writes.
public struct FileLineSink: LineSink, Sendable {
    private let descriptor: Int32

    public init(descriptor: Int32 = 1) {
        self.descriptor = descriptor
    }

    public mutating func write(_ bytes: [UInt8]) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { raw in
                #if canImport(Glibc)
                    Glibc.write(descriptor, raw.baseAddress! + offset, raw.count - offset)
                #else
                    Darwin.write(descriptor, raw.baseAddress! + offset, raw.count - offset)
                #endif
            }
            if written < 0 {
                if errno == EINTR { continue }
                return false
            }
            offset += written
        }
        return true
    }
}
