import Foundation
import TusoiTestSupport

#if canImport(Glibc)
    @preconcurrency import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A built program run as a child of the tests, its standard error collected (the bridge's log and
/// its bot's), its standard input and output as pipes.
final class ChildRunner: @unchecked Sendable {
    let process = Process()
    private let input = Pipe()
    private let output = Pipe()
    private let errors = Pipe()
    private let lock = NSLock()
    private var errorText = ""
    private var outputText = Data()
    private let finished = DispatchSemaphore(value: 0)
    private var status: Int32?
    private var readers: [PipeReader] = []

    init(_ program: String, _ arguments: [String], environment: [String: String] = [:]) throws {
        process.executableURL = URL(fileURLWithPath: program)
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        process.standardInput = input
        process.standardOutput = output
        process.standardError = errors
        process.terminationHandler = { [finished] _ in finished.signal() }
        try process.run()
        readers = [
            PipeReader(errors.fileHandleForReading) { [weak self] data in
                guard let self else { return }
                self.lock.lock()
                self.errorText += String(decoding: data, as: UTF8.self)
                self.lock.unlock()
            },
            PipeReader(output.fileHandleForReading) { [weak self] data in
                guard let self else { return }
                self.lock.lock()
                self.outputText.append(data)
                self.lock.unlock()
            },
        ]
    }

    var log: String {
        lock.lock()
        defer { lock.unlock() }
        return errorText
    }

    /// The complete lines written to standard output so far.
    var outputLines: [String] {
        lock.lock()
        defer { lock.unlock() }
        guard let end = outputText.lastIndex(of: 0x0A) else { return [] }
        return String(decoding: outputText[..<end], as: UTF8.self).split(separator: "\n").map(String.init)
    }

    func write(_ text: String) {
        try? input.fileHandleForWriting.write(contentsOf: Data(text.utf8))
    }

    func closeInput() {
        try? input.fileHandleForWriting.close()
    }

    /// The pid of the last bot the bridge started, from its log line "started the bot, pid N".
    var botPID: Int32? {
        guard let range = log.range(of: "started the bot, pid ", options: .backwards) else { return nil }
        return Int32(log[range.upperBound...].prefix { $0.isNumber })
    }

    /// How many bots the bridge started so far.
    var botStarts: Int { log.components(separatedBy: "started the bot, pid ").count - 1 }

    func waitForLog(_ text: String, count: Int = 1, timeout: Double = 10) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if log.components(separatedBy: text).count - 1 >= count { return true }
            Thread.sleep(forTimeInterval: 0.005)
        }
        return false
    }

    func signal(_ number: Int32) {
        lock.lock()
        defer { lock.unlock() }
        if status == nil { kill(process.processIdentifier, number) }
    }

    /// Waits for the end (at most `timeout` seconds) and returns the exit status.
    @discardableResult
    func wait(timeout: Double = 10) -> Int32? {
        lock.lock()
        if let status {
            lock.unlock()
            return status
        }
        lock.unlock()
        guard finished.wait(timeout: .now() + timeout) == .success else { return nil }
        lock.lock()
        defer { lock.unlock() }
        status = process.terminationStatus
        return status
    }

    /// Stops the program with SIGTERM and waits; kills it if it does not stop in time.
    @discardableResult
    func stop(timeout: Double = 10) -> Int32? {
        signal(SIGTERM)
        if let status = wait(timeout: timeout) { return status }
        signal(SIGKILL)
        return wait()
    }
}
