import Foundation
import Testing
import TusoiTestSupport

/// The built `tusoi` binary run as a child process with pipes, for the end-to-end tests.
final class BinaryProcess: @unchecked Sendable {
    /// The `tusoi` built with the tests: next to the test bundle, whatever the scratch path
    /// (`swift test --scratch-path .build-x` as well as `.build`), or in `$TUSOI_BIN_DIR`.
    static let binary: URL = {
        if let directory = ProcessInfo.processInfo.environment["TUSOI_BIN_DIR"] {
            return URL(fileURLWithPath: directory).appendingPathComponent("tusoi")
        }
        let starts = [
            Bundle(for: BinaryProcess.self).bundleURL, Bundle.main.bundleURL,
            URL(fileURLWithPath: CommandLine.arguments[0]),
        ]
        for start in starts {
            var directory = start
            for _ in 0..<5 {
                let candidate = directory.appendingPathComponent("tusoi")
                var isDirectory: ObjCBool = false
                if FileManager.default.fileExists(atPath: candidate.path, isDirectory: &isDirectory),
                    !isDirectory.boolValue, FileManager.default.isExecutableFile(atPath: candidate.path)
                {
                    return candidate
                }
                directory.deleteLastPathComponent()
            }
        }
        return GoldenHarness.packageRoot.appendingPathComponent(".build/debug/tusoi")
    }()

    let process = Process()
    private let input = Pipe()
    private let output = Pipe()
    private let errors = Pipe()
    private let lock = NSLock()
    private var lines: [String] = []
    private var partial = Data()
    private var errorBytes = Data()
    private var readers: [PipeReader] = []
    /// What the process wrote to standard error so far.
    var errorText: String {
        lock.lock()
        defer { lock.unlock() }
        return String(decoding: errorBytes, as: UTF8.self)
    }
    private let finished = DispatchSemaphore(value: 0)

    init(arguments: [String], environment: [String: String] = [:]) throws {
        process.executableURL = BinaryProcess.binary
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        process.standardInput = input
        process.standardOutput = output
        process.standardError = errors
        process.terminationHandler = { [finished] _ in finished.signal() }
        try process.run()
        readers = [
            PipeReader(output.fileHandleForReading) { [weak self] data in self?.collect(data) },
            PipeReader(errors.fileHandleForReading) { [weak self] data in
                guard let self else { return }
                self.lock.lock()
                self.errorBytes.append(data)
                self.lock.unlock()
            },
        ]
    }

    private func collect(_ data: Data) {
        lock.lock()
        defer { lock.unlock() }
        partial.append(data)
        while let newline = partial.firstIndex(of: 0x0A) {
            lines.append(String(decoding: partial[partial.startIndex..<newline], as: UTF8.self))
            partial.removeSubrange(partial.startIndex...newline)
        }
    }

    /// Every complete line written so far.
    var outputLines: [String] {
        lock.lock()
        defer { lock.unlock() }
        return lines
    }

    func send(_ text: String) {
        input.fileHandleForWriting.write(Data(text.utf8))
    }

    func closeInput() {
        try? input.fileHandleForWriting.close()
    }

    /// Waits for the process to end (at most `seconds`), then for its last output to be read.
    @discardableResult
    func wait(seconds: Double = 20) -> Int32? {
        guard finished.wait(timeout: .now() + seconds) == .success else { return nil }
        // The rest of both pipes: the readers reach their end once the process (and any child that
        // inherited them) has closed them.
        for reader in readers { reader.waitForEnd(seconds: seconds) }
        return process.terminationStatus
    }

    func kill() {
        Foundation.kill(process.processIdentifier, SIGKILL)
    }

    /// Waits until `count` output lines are there (at most `seconds`).
    func waitForLines(_ count: Int, seconds: Double = 20) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if outputLines.count >= count { return true }
            Thread.sleep(forTimeInterval: 0.005)
        }
        return false
    }
}
