/// A secretary's command that waits for their yes before it acts (unlinking a member's accounts).
public struct PendingConfirmation: Equatable, Sendable {
    /// What the command will do once confirmed.
    public enum Action: String, Sendable {
        /// Unbind the member's messenger accounts (those of `memberChannel` only, if set) and void
        /// their codes.
        case unlink
    }

    /// Who asked (a facilitator or a committee member).
    public var actorID: Int64
    public var action: Action
    /// The member the command is about.
    public var memberID: Int64
    /// The one messenger the command is limited to, if any.
    public var memberChannel: String?
    public var askedAt: Int64

    public init(actorID: Int64, action: Action, memberID: Int64, memberChannel: String?, askedAt: Int64) {
        self.actorID = actorID
        self.action = action
        self.memberID = memberID
        self.memberChannel = memberChannel
        self.askedAt = askedAt
    }
}

extension SessionStore {
    /// The command waiting for the yes of this messenger identity, if any.
    public func pendingConfirmation(channel: String, user: String) throws -> PendingConfirmation? {
        let statement = try database.cachedStatement(
            """
            SELECT actor_id, action, member_id, member_channel, asked_at FROM confirmations
            WHERE channel = ? AND user_id = ?
            """)
        try statement.bind(channel, user)
        defer { statement.reset() }
        guard try statement.step(), let action = PendingConfirmation.Action(rawValue: statement.text(1) ?? "")
        else { return nil }
        return PendingConfirmation(
            actorID: statement.int64(0), action: action, memberID: statement.int64(2),
            memberChannel: statement.text(3), askedAt: statement.int64(4))
    }

    /// Sets the command waiting for this identity's yes (replacing any earlier one), or clears it.
    public func setPendingConfirmation(channel: String, user: String, _ pending: PendingConfirmation?) throws
    {
        try database.execute(
            sql: "DELETE FROM confirmations WHERE channel = ? AND user_id = ?", arguments: channel, user)
        guard let pending else { return }
        try database.execute(
            sql: """
                INSERT INTO confirmations(channel, user_id, actor_id, action, member_id, member_channel, asked_at)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """, arguments: channel, user, pending.actorID, pending.action.rawValue, pending.memberID,
            pending.memberChannel, pending.askedAt)
    }
}
