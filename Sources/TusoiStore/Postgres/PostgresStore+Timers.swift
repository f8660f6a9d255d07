/// The campaigns' reminders: each method does what the SQLite one of the same name does
/// (``SessionStore``), in PostgreSQL (`GREATEST` for SQLite's scalar `max`, `bool_or` for the
/// maximum of a comparison).
extension PostgresStore: TimerPort {
    public func ensureTimers(now: Int64) throws {
        try connection.execute(
            sql: """
                INSERT INTO timers(member_id, campaign_id, kind, due_at, marker)
                SELECT m.id, c.id, 'inactive',
                    GREATEST(c.opens_at, coalesce(a.activity, 0), coalesce(f.last, 0)) + c.remind_after_days * 86400,
                    coalesce(a.activity, 0)
                FROM campaigns c
                JOIN campaign_branches cb ON cb.campaign_id = c.id
                JOIN members m ON m.branch_id = cb.branch_id AND m.revoked = 0
                LEFT JOIN (
                    SELECT member_id, campaign_id, max(updated_at) AS activity, bool_or(status = 'submitted') AS done
                    FROM sessions WHERE status != 'discarded' AND member_id IS NOT NULL
                    GROUP BY member_id, campaign_id) a ON a.member_id = m.id AND a.campaign_id = c.id
                LEFT JOIN (
                    SELECT member_id, campaign_id, max(settled_at) AS last FROM timers
                    WHERE kind = 'inactive' AND status = 'fired' GROUP BY member_id, campaign_id
                ) f ON f.member_id = m.id AND f.campaign_id = c.id
                WHERE c.closed_at IS NULL AND c.opens_at <= $1 AND c.closes_at > $1 AND c.remind_after_days > 0
                    AND NOT coalesce(a.done, false)
                    AND NOT EXISTS (
                        SELECT 1 FROM timers t WHERE t.member_id = m.id AND t.campaign_id = c.id
                        AND t.kind = 'inactive' AND t.status = 'pending')
                """, arguments: now)
        try connection.execute(
            sql: """
                INSERT INTO timers(member_id, campaign_id, kind, due_at, marker)
                SELECT m.id, c.id, 'deadline', c.closes_at - c.remind_before_days * 86400, 0
                FROM campaigns c
                JOIN campaign_branches cb ON cb.campaign_id = c.id
                JOIN members m ON m.branch_id = cb.branch_id AND m.revoked = 0
                WHERE c.closed_at IS NULL AND c.opens_at <= $1 AND c.closes_at > $1 AND c.remind_before_days > 0
                    AND NOT EXISTS (
                        SELECT 1 FROM timers t WHERE t.member_id = m.id AND t.campaign_id = c.id
                        AND t.kind = 'deadline')
                """, arguments: now)
    }

    public func dueTimers(now: Int64, limit: Int) throws -> [TimerRecord] {
        try connection.fetchAll(
            sql: """
                SELECT id, member_id, campaign_id, kind, due_at, marker FROM timers
                WHERE status = 'pending' AND due_at <= $1 ORDER BY due_at, id LIMIT $2
                """, arguments: now, limit
        ) {
            TimerRecord(
                id: $0.int64(0), memberID: $0.int64(1), campaignID: $0.int64(2),
                kind: TimerRecord.Kind(rawValue: $0.text(3) ?? "") ?? .inactive, dueAt: $0.int64(4),
                marker: $0.int64(5))
        }
    }

    /// The timers of a member, for tests and the operator: kind, due time and status.
    public func timers(memberID: Int64) throws -> [(kind: String, dueAt: Int64, status: String)] {
        try connection.fetchAll(
            sql: "SELECT kind, due_at, status FROM timers WHERE member_id = $1 ORDER BY id",
            arguments: memberID
        ) { ($0.text(0) ?? "", $0.int64(1), $0.text(2) ?? "") }
    }

    public func activity(memberID: Int64, campaignID: Int64) throws -> CampaignActivity {
        try connection.fetchOne(
            sql: """
                SELECT coalesce(max(updated_at), 0), coalesce(bool_or(status = 'submitted'), false) FROM sessions
                WHERE member_id = $1 AND campaign_id = $2 AND status != 'discarded'
                """, arguments: memberID, campaignID
        ) { CampaignActivity(lastActivity: $0.int64(0), submitted: $0.bool(1)) }
            ?? CampaignActivity(lastActivity: 0, submitted: false)
    }

    public func settleTimer(id: Int64, fired: Bool, now: Int64) throws {
        try connection.execute(
            sql: "UPDATE timers SET status = $1, settled_at = $2 WHERE id = $3 AND status = 'pending'",
            arguments: fired ? "fired" : "dropped", now, id)
    }
}
