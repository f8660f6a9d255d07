import Foundation
import TusoiWire

#if canImport(Glibc)
    @preconcurrency import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The bridge's health, written as one JSON line to a file an operator (or a monitor) can watch:
/// when the last poll succeeded, how many polls failed since, how many deliveries wait, and the
/// counts of send retries, 429s and 5xx answers since start. Replaced atomically, at most about once
/// a second, and always on a poll; it never holds what members wrote.
///
/// `{"channel":"telegram","pid":812,"updated":"2026-12-02T03:00:05Z","lastPoll":"2026-12-02T03:00:05Z",
/// "pollFailures":0,"waiting":2,"retries":7,"rateLimited":1,"serverErrors":6}`
public final class HealthReport: @unchecked Sendable {
    public let path: String
    private let channel: String
    private let lock = NSLock()
    private var lastPoll: Date?
    private var pollFailures = 0
    private var waiting = 0
    private var retries = 0
    private var rateLimited = 0
    private var serverErrors = 0
    private var written = Date.distantPast

    public init(path: String, channel: String) {
        self.path = path
        self.channel = channel
    }

    func polled() {
        update(force: true) {
            lastPoll = Date()
            pollFailures = 0
        }
    }

    func pollFailed() {
        update(force: true) { pollFailures += 1 }
    }

    func queued(_ count: Int) {
        update { waiting = count }
    }

    /// A send failed and will be tried again; `status` is the HTTP status, if one came back.
    func sendFailed(status: Int?) {
        update {
            retries += 1
            if status == 429 { rateLimited += 1 }
            if let status, status >= 500 { serverErrors += 1 }
        }
    }

    /// The status line as written.
    public var line: String {
        lock.lock()
        defer { lock.unlock() }
        return render(now: Date())
    }

    private func update(force: Bool = false, _ change: () -> Void) {
        lock.lock()
        change()
        let now = Date()
        guard force || now.timeIntervalSince(written) >= 1 else {
            lock.unlock()
            return
        }
        written = now
        let text = render(now: now) + "\n"
        lock.unlock()
        let temporary = path + ".tmp"
        guard FileManager.default.createFile(atPath: temporary, contents: Data(text.utf8)) else { return }
        rename(temporary, path)
    }

    private func render(now: Date) -> String {
        let formatter = ISO8601DateFormatter()
        var members: [String: JSONValue] = [
            "channel": .string(channel), "pid": .integer(Int64(getpid())),
            "updated": .string(formatter.string(from: now)), "pollFailures": .integer(Int64(pollFailures)),
            "waiting": .integer(Int64(waiting)), "retries": .integer(Int64(retries)),
            "rateLimited": .integer(Int64(rateLimited)), "serverErrors": .integer(Int64(serverErrors)),
        ]
        members["lastPoll"] = lastPoll.map { .string(formatter.string(from: $0)) } ?? .null
        return JSONValue.object(members).text
    }
}
