import TusoiEngine
import TusoiStore

/// Queues the messages the bot starts (reminders, notifications) for every messenger identity of a
/// member, except where the member blocked the bot. The server sends them after the batch commits.
struct Notifier {
    let store: SessionStore

    /// Queues `replies` to each reachable identity of the member; returns how many were queued.
    @discardableResult
    func send(_ replies: [Reply], toMember memberID: Int64, kind: String, now: Int64) throws -> Int {
        var queued = 0
        let encoded = ReplyCoding.encode(replies)
        for identity in try store.identities(memberID: memberID) where !identity.blocked {
            // Private chats with a member have the member's id as chat id on every messenger we know.
            try store.enqueue(
                channel: identity.channel, chat: identity.user, memberID: memberID, kind: kind,
                replies: encoded,
                now: now)
            queued += 1
        }
        return queued
    }
}
