/// The operator's log while the store refuses batch after batch (a full disk, a lock held
/// elsewhere): the first failure, then at most one line a minute with how many more failed, and a
/// line when the store takes writes again. A tester's full disk wrote 2,800 lines in one run, and
/// the log, on the same disk, was cut short.
struct FailureDigest {
    /// Seconds between two lines about failures for the same reason.
    static let interval: Int64 = 60

    private var reason: String?
    private var lastLine: Int64 = 0
    private var batches = 0
    private var lines = 0

    /// A batch of `count` lines was not stored: the line to log, or nil while the same failure
    /// was logged less than ``interval`` seconds ago (it is counted instead).
    mutating func failed(count: Int, reason: String, now: Int64) -> String? {
        if reason == self.reason, now - lastLine < FailureDigest.interval {
            batches += 1
            lines += count
            return nil
        }
        let since =
            batches > 0 ? " (and \(batches) more batches, \(lines) lines, since the last such line)" : ""
        self.reason = reason
        lastLine = now
        batches = 0
        lines = 0
        return "a batch of \(count) lines was not stored: \(reason)\(since)"
    }

    /// A batch was stored: the line that says the store takes writes again, once after failures.
    mutating func stored() -> String? {
        guard reason != nil else { return nil }
        let since = batches > 0 ? ", after \(batches) more batches (\(lines) lines) not stored" : ""
        reason = nil
        batches = 0
        lines = 0
        return "the store takes writes again\(since)"
    }
}
