import Foundation

/// Results of a pure function, remembered by its input: for work the reducer repeats from one
/// message to the next with the same input (which steps apply, what a short message means).
///
/// Bounded (emptied when full, a cheap and fair policy for a handful of hot keys), and shared by
/// whoever holds its owner, across threads: `@unchecked Sendable`, every access under the lock.
final class Memo<Key: Hashable & Sendable, Value: Sendable>: @unchecked Sendable {
    private let capacity: Int
    private let lock = NSLock()
    private var entries: [Key: Value] = [:]

    init(capacity: Int) {
        self.capacity = capacity
    }

    /// The value remembered for `key`, or the one `compute` gives, remembered from now on.
    func value(for key: Key, compute: () -> Value) -> Value {
        lock.lock()
        let found = entries[key]
        lock.unlock()
        if let found { return found }
        let value = compute()
        lock.lock()
        if entries.count >= capacity { entries.removeAll() }
        entries[key] = value
        lock.unlock()
        return value
    }
}
