/// When each message may go out: at most one per `perChat` seconds in a chat, and any two messages
/// at least `overallInterval` seconds apart (1/30 s for Telegram's 30 messages per second).
///
/// A pure value: it is given the time and returns times, so that tests need no clock. Slots are
/// reserved ahead (a chat's next message may be a second away); a message to another chat fits in
/// between them rather than queueing behind.
public struct RateSchedule: Sendable {
    public var perChat: Double
    public var overallInterval: Double
    /// The slots taken, in order; those further back than one interval are forgotten.
    private var reserved: [Double] = []
    private var nextByChat: [String: Double] = [:]
    private var pausedUntil = -Double.infinity

    public init(perChat: Double, overallPerSecond: Double) {
        self.perChat = perChat
        self.overallInterval = overallPerSecond > 0 ? 1 / overallPerSecond : 0
    }

    /// Takes the earliest slot for a message to `chat` at or after `now`, and returns its time.
    public mutating func reserve(chat: String, now: Double) -> Double {
        if let stale = reserved.firstIndex(where: { $0 > now - overallInterval }) {
            reserved.removeFirst(stale)
        } else {
            reserved.removeAll()
        }
        var slot = max(now, pausedUntil, nextByChat[chat] ?? now)
        var position = reserved.count
        for (index, taken) in reserved.enumerated() where taken > slot - overallInterval {
            if taken >= slot + overallInterval {
                position = index
                break
            }
            slot = taken + overallInterval
            position = index + 1
        }
        reserved.insert(slot, at: position)
        nextByChat[chat] = slot + perChat
        if nextByChat.count > 10_000 {
            nextByChat = nextByChat.filter { $0.value > now }
        }
        return slot
    }

    /// Holds every message back until `until`: the messenger answered "too many requests".
    ///
    /// Telegram does not say whether the limit it hit was the chat's or the bot's, so all wait.
    public mutating func pause(chat: String, until: Double) {
        pausedUntil = max(pausedUntil, until)
        nextByChat[chat] = max(nextByChat[chat] ?? until, until)
    }
}
