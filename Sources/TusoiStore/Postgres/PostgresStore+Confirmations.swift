import TusoiEngine

// The secretaries' questions awaiting a yes, and the earlier versions of a self-review, as the
// SQLite store has them (`SessionStore+Confirmations.swift`, `SessionStore+Reports.swift`).

extension PostgresStore: ConfirmationPort {
    public func pendingConfirmation(channel: String, user: String) throws -> PendingConfirmation? {
        let row = try connection.fetchOne(
            sql: """
                SELECT actor_id, action, member_id, member_channel, asked_at FROM confirmations
                WHERE channel = $1 AND user_id = $2
                """,
            arguments: channel, user
        ) { row -> PendingConfirmation? in
            guard let action = PendingConfirmation.Action(rawValue: row.text(1) ?? "") else { return nil }
            return PendingConfirmation(
                actorID: row.int64(0), action: action, memberID: row.int64(2), memberChannel: row.text(3),
                askedAt: row.int64(4))
        }
        return row ?? nil
    }

    public func setPendingConfirmation(channel: String, user: String, _ pending: PendingConfirmation?) throws
    {
        try connection.execute(
            sql: "DELETE FROM confirmations WHERE channel = $1 AND user_id = $2", arguments: channel, user)
        guard let pending else { return }
        try connection.execute(
            sql: """
                INSERT INTO confirmations(channel, user_id, actor_id, action, member_id, member_channel, asked_at)
                VALUES ($1, $2, $3, $4, $5, $6, $7)
                """,
            arguments: channel, user, pending.actorID, pending.action.rawValue, pending.memberID,
            pending.memberChannel, pending.askedAt)
    }
}

extension PostgresStore {
    public func answers(sessionID: Int64, asOfSubmission number: Int) throws -> [String: Answer]? {
        guard number >= 1 else { return nil }
        let event = try connection.fetchOne(
            sql: """
                SELECT inbound_id, at FROM session_events WHERE session_id = $1 AND kind = 'submitted'
                ORDER BY id LIMIT 1 OFFSET $2
                """,
            arguments: sessionID, Int64(number - 1)
        ) { row in (row.isNull(0) ? nil : row.int64(0), row.int64(1)) as (Int64?, Int64) }
        guard let (inbound, at) = event else { return nil }
        // Answers carry the message that recorded them; the submission, the message that submitted.
        // A submission without one (none is written so) falls back to the time.
        let rows = try connection.fetchAll(
            sql: """
                SELECT question_key, kind, value FROM answers
                WHERE session_id = $1 AND (CASE WHEN $2::BIGINT IS NULL THEN answered_at <= $3 ELSE inbound_id <= $2 END)
                ORDER BY id
                """,
            arguments: sessionID, inbound, at
        ) { (key: $0.text(0) ?? "", kind: $0.text(1) ?? "", value: $0.text(2) ?? "") }
        return try AnswerCoding.standing(rows)
    }
}
