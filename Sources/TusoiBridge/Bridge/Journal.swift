import Foundation

#if canImport(Glibc)
    @preconcurrency import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The messages in progress, kept in a file so that a bridge killed half-way takes them up at start.
///
/// Zalo hands each update out once, with nothing to confirm: without the journal, a message that was
/// received but not yet acknowledged by the bot, or whose replies were not all sent, would be lost
/// with the bridge. The file holds members' texts, so it is created owner-only, like the store, and
/// emptied as soon as the messages are done. One JSON line per message (the `message` params).
public struct Journal: Sendable {
    public let path: String

    public init(path: String) {
        self.path = path
    }

    /// The messages left in progress by the last run, oldest first.
    public func load() -> [InboundMessage] {
        guard let data = FileManager.default.contents(atPath: path) else { return [] }
        return data.split(separator: 0x0A).compactMap { line in
            (try? JSON.parse(Data(line))).flatMap(InboundMessage.init(params:))
        }
    }

    /// Replaces the journal with `messages`, durably: written to a temporary file, flushed, renamed.
    ///
    /// - Throws: `JournalError` when the file cannot be written.
    public func save(_ messages: [InboundMessage]) throws(JournalError) {
        if messages.isEmpty {
            clear()
            return
        }
        let text = messages.map { $0.params.text + "\n" }.joined()
        let temporary = path + ".tmp"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        guard descriptor >= 0 else { throw JournalError(path: path, code: errno) }
        let written = text.utf8CString.withUnsafeBufferPointer { bytes in
            write(descriptor, bytes.baseAddress, bytes.count - 1)
        }
        let synced = fsync(descriptor)
        close(descriptor)
        guard written == text.utf8.count, synced == 0, rename(temporary, path) == 0 else {
            throw JournalError(path: path, code: errno)
        }
    }

    public func clear() {
        unlink(path)
    }
}

public struct JournalError: Error, Equatable {
    public var path: String
    public var code: Int32

    public var description: String {
        "the journal \(path) cannot be written: \(String(cString: strerror(code)))"
    }
}
