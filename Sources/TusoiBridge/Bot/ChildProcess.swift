import Foundation

#if canImport(Glibc)
    @preconcurrency import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// One run of the bot as a child process: its pipes, and a thread that turns its output into lines.
///
/// The child's standard error is inherited, so the bot's log lands where the bridge's does. Writes
/// go through a serial queue so that a slow child never blocks the caller; a write to a child that
/// died fails quietly (`SIGPIPE` is ignored process-wide) and the end of the run is seen on `events`.
final class ChildProcess: @unchecked Sendable {
    /// What happens on the child's side, in order: complete lines, then the end of the run.
    enum Event: Sendable {
        case line(Data)
        case ended(status: Int32)
    }

    let events: AsyncStream<Event>
    let pid: Int32
    private let process = Process()
    private let input: FileHandle
    private let writer = DispatchQueue(label: "tusoi.bridge.bot-input")

    /// Starts `command` (a program, found on `PATH` unless it contains a slash, and its arguments).
    ///
    /// - Throws: ``LaunchError`` when the program cannot be found or started.
    init(command: [String]) throws(LaunchError) {
        guard let program = command.first else { throw LaunchError(reason: "no command to start the bot") }
        guard let executable = ChildProcess.locate(program) else {
            throw LaunchError(reason: "\(program) was not found or is not executable")
        }
        // A write to a bot that just died must fail with EPIPE, not kill the whole process.
        signal(SIGPIPE, SIG_IGN)
        let stdinPipe = Pipe()
        let stdoutPipe = Pipe()
        process.executableURL = executable
        process.arguments = Array(command.dropFirst())
        process.standardInput = stdinPipe
        process.standardOutput = stdoutPipe
        let exited = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in exited.signal() }
        do {
            try process.run()
        } catch {
            throw LaunchError(reason: "\(program) could not be started (\(error.localizedDescription))")
        }
        pid = process.processIdentifier
        input = stdinPipe.fileHandleForWriting
        let (stream, continuation) = AsyncStream.makeStream(of: Event.self)
        events = stream
        let output = stdoutPipe.fileHandleForReading
        let process = self.process
        Thread.detachNewThread {
            ChildProcess.read(output, into: continuation)
            exited.wait()
            continuation.yield(.ended(status: process.terminationStatus))
            continuation.finish()
        }
    }

    /// Reads `output` to its end, yielding each complete line. A partial last line is dropped: the
    /// bot died while writing it, and whatever it would have acknowledged is sent again.
    private static func read(_ output: FileHandle, into continuation: AsyncStream<Event>.Continuation) {
        var buffer = Data()
        while true {
            let chunk = output.availableData
            if chunk.isEmpty { return }
            buffer.append(chunk)
            while let newline = buffer.firstIndex(of: 0x0A) {
                continuation.yield(.line(buffer.subdata(in: buffer.startIndex..<newline)))
                buffer.removeSubrange(buffer.startIndex...newline)
            }
        }
    }

    func write(_ data: Data) {
        writer.async { [input] in try? input.write(contentsOf: data) }
    }

    /// Closes the child's standard input: `tusoi serve` then finishes its batch and exits.
    func closeInput() {
        writer.async { [input] in try? input.close() }
    }

    func send(signal number: Int32) {
        if process.isRunning { kill(pid, number) }
    }

    /// The program's file: `program` itself when it contains a slash, else the first match on `PATH`.
    static func locate(_ program: String, path: String? = ProcessInfo.processInfo.environment["PATH"]) -> URL?
    {
        let candidates: [String]
        if program.contains("/") {
            candidates = [program]
        } else {
            candidates = (path ?? "/usr/local/bin:/usr/bin:/bin").split(separator: ":").map {
                String($0) + "/" + program
            }
        }
        for candidate in candidates where access(candidate, X_OK) == 0 {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: candidate, isDirectory: &isDirectory),
                !isDirectory.boolValue
            {
                return URL(fileURLWithPath: candidate)
            }
        }
        return nil
    }
}

/// The bot's command could not be started.
struct LaunchError: Error {
    var reason: String
}
