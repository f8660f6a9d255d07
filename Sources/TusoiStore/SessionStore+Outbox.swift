/// A message the bot starts (a reminder, a notification), waiting to be sent or confirmed.
public struct OutboxItem: Equatable, Sendable {
    public var id: Int64
    public var channel: String
    public var chat: String
    /// The replies, in the neutral JSON of the `replies` table.
    public var replies: String
    public var attempts: Int
}

/// A messenger identity bound to a member, and whether the member blocked the bot there.
public struct BoundIdentity: Equatable, Sendable {
    public var channel: String
    public var user: String
    public var blocked: Bool
}

extension SessionStore {
    /// The most attempts at a message the bridge keeps refusing before the bot gives up on it.
    public static let outboxAttempts = 8

    /// Queues a message to a chat; it is sent with the next batch and again after a restart until the
    /// bridge confirms it.
    @discardableResult
    public func enqueue(
        channel: String, chat: String, memberID: Int64?, kind: String, replies: String, now: Int64
    ) throws -> Int64 {
        try database.execute(
            sql: """
                INSERT INTO outbox(channel, chat_id, member_id, kind, replies, created_at, next_at)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """, arguments: channel, chat, memberID, kind, replies, now, now)
        return database.lastInsertRowID
    }

    /// Messages due at `now` that are neither confirmed nor given up, oldest first.
    public func pendingOutbox(now: Int64, limit: Int) throws -> [OutboxItem] {
        let statement = try database.cachedStatement(
            """
            SELECT id, channel, chat_id, replies, attempts FROM outbox
            WHERE delivered_at IS NULL AND failure IS NULL AND next_at <= ? ORDER BY id LIMIT ?
            """)
        try statement.bind(now, limit)
        defer { statement.reset() }
        var items: [OutboxItem] = []
        while try statement.step() {
            items.append(
                OutboxItem(
                    id: statement.int64(0), channel: statement.text(1) ?? "", chat: statement.text(2) ?? "",
                    replies: statement.text(3) ?? "[]", attempts: statement.int(4)))
        }
        return items
    }

    /// The bridge sent the message.
    public func markDelivered(outboxID: Int64, now: Int64) throws {
        try database.execute(
            sql: "UPDATE outbox SET delivered_at = ? WHERE id = ? AND delivered_at IS NULL", arguments: now,
            outboxID)
    }

    /// The bridge could not send the message. A member who blocked the bot is not written to again
    /// until they write first; other failures are retried later, with a growing wait, a few times.
    public func markUndelivered(outboxID: Int64, reason: String, now: Int64) throws {
        let find = try database.cachedStatement("SELECT channel, chat_id, attempts FROM outbox WHERE id = ?")
        try find.bind(outboxID)
        guard try find.step() else { return find.reset() }
        let channel = find.text(0) ?? ""
        let chat = find.text(1) ?? ""
        let attempts = find.int(2) + 1
        find.reset()
        let blocked = reason == "blocked"
        let giveUp = blocked || attempts >= SessionStore.outboxAttempts
        try database.execute(
            sql:
                "UPDATE outbox SET attempts = ?, next_at = ?, failure = ? WHERE id = ? AND delivered_at IS NULL",
            arguments: attempts, now + min(3_600, 30 << min(attempts, 7)),
            giveUp ? String(reason.prefix(200)) : nil, outboxID)
        if blocked {
            try database.execute(
                sql: "UPDATE identities SET blocked_at = ? WHERE channel = ? AND user_id = ?", arguments: now,
                channel, chat)
        }
    }

    /// The identity wrote to the bot: if it had blocked the bot, it no longer does.
    public func unblock(channel: String, user: String) throws {
        try database.execute(
            sql:
                "UPDATE identities SET blocked_at = NULL WHERE channel = ? AND user_id = ? AND blocked_at IS NOT NULL",
            arguments: channel, user)
    }

    /// The messenger identities bound to a member, oldest first.
    public func identities(memberID: Int64) throws -> [BoundIdentity] {
        let statement = try database.cachedStatement(
            "SELECT channel, user_id, blocked_at IS NOT NULL FROM identities WHERE member_id = ? ORDER BY bound_at"
        )
        try statement.bind(memberID)
        defer { statement.reset() }
        var result: [BoundIdentity] = []
        while try statement.step() {
            result.append(
                BoundIdentity(
                    channel: statement.text(0) ?? "", user: statement.text(1) ?? "",
                    blocked: statement.int64(2) != 0))
        }
        return result
    }
}
