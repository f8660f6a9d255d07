/// A dictionary that keeps only the last `capacity` keys remembered: enough to recognise a redelivered
/// update or a repeated request without growing forever.
struct RecentMemory<Value: Sendable>: Sendable {
    private var values: [String: Value] = [:]
    private var order: [String] = []
    private var next = 0
    let capacity: Int

    init(capacity: Int) {
        precondition(capacity > 0)
        self.capacity = capacity
    }

    subscript(key: String) -> Value? { values[key] }

    func contains(_ key: String) -> Bool { values[key] != nil }

    /// Remembers `value` under `key`, forgetting the oldest key when full.
    mutating func remember(_ key: String, _ value: Value) {
        if values.updateValue(value, forKey: key) != nil { return }
        if order.count < capacity {
            order.append(key)
        } else {
            values[order[next]] = nil
            order[next] = key
            next = (next + 1) % capacity
        }
    }
}
