import Foundation
import TusoiWire

#if canImport(Glibc)
    @preconcurrency import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The messages in progress, kept in a file so that a bridge killed half-way takes them up at start.
///
/// Zalo hands each update out once, with nothing to confirm: without the journal, a message that was
/// received but not yet acknowledged by the bot, or whose replies were not all sent, would be lost
/// with the bridge. The bridge appends each message here, flushed to disk (`fsync`), before it does
/// anything else with it, and appends a `done` line once its replies went out; the file is emptied
/// whenever nothing is in progress. One JSON line per entry: a message's `message` params, or
/// `{"done": KEY}`. A line cut short by a crash is skipped. The file holds members' texts, so it is
/// created owner-only, like the store.
public struct Journal: Sendable {
    public let path: String

    public init(path: String) {
        self.path = path
    }

    /// The messages left in progress by the last run, oldest first.
    public func load() -> [InboundMessage] {
        guard let data = FileManager.default.contents(atPath: path) else { return [] }
        var pending: [InboundMessage] = []
        var finished: Set<String> = []
        for line in data.split(separator: 0x0A) {
            guard let json = try? JSONValue.parse(Data(line)) else { continue }
            if let key = json["done"]?.stringValue {
                finished.insert(key)
            } else if let message = InboundMessage(params: json) {
                pending.append(message)
            }
        }
        var seen: Set<String> = []
        return pending.filter { !finished.contains($0.key) && seen.insert($0.key).inserted }
    }

    /// Adds `messages` to the journal, durably (flushed to disk before it returns).
    ///
    /// - Throws: `JournalError` when the file cannot be written.
    public func append(_ messages: [InboundMessage]) throws(JournalError) {
        guard !messages.isEmpty else { return }
        try write(messages.map { $0.params.text + "\n" }.joined(), sync: true)
    }

    /// Marks messages as done. Not flushed: losing a mark only means the replies are sent again.
    public func markDone(_ keys: [String]) {
        guard !keys.isEmpty else { return }
        try? write(keys.map { JSONValue.object(["done": .string($0)]).text + "\n" }.joined(), sync: false)
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
        let written = Self.write(text, to: descriptor)
        let synced = fsync(descriptor)
        close(descriptor)
        guard written, synced == 0, rename(temporary, path) == 0 else {
            throw JournalError(path: path, code: errno)
        }
    }

    public func clear() {
        unlink(path)
    }

    private func write(_ text: String, sync: Bool) throws(JournalError) {
        let descriptor = open(path, O_RDWR | O_CREAT | O_APPEND, 0o600)
        guard descriptor >= 0 else { throw JournalError(path: path, code: errno) }
        defer { close(descriptor) }
        // A line cut short by a crash is ended first, so that it does not swallow the next one.
        var text = text
        let size = lseek(descriptor, 0, SEEK_END)
        var last: UInt8 = 0x0A
        if size > 0, pread(descriptor, &last, 1, size - 1) == 1, last != 0x0A { text = "\n" + text }
        guard Self.write(text, to: descriptor), !sync || fsync(descriptor) == 0 else {
            throw JournalError(path: path, code: errno)
        }
    }

    private static func write(_ text: String, to descriptor: Int32) -> Bool {
        let bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes {
                posixWrite(descriptor, $0.baseAddress, $0.count)
            }
            if written <= 0 { return false }
            offset += written
        }
        return true
    }
}

/// The system's `write(2)`, named apart from the journal's methods.
private func posixWrite(_ descriptor: Int32, _ bytes: UnsafeRawPointer?, _ count: Int) -> Int {
    write(descriptor, bytes, count)
}

public struct JournalError: Error, Equatable {
    public var path: String
    public var code: Int32

    public var description: String {
        "the journal \(path) cannot be written: \(String(cString: strerror(code)))"
    }
}
