/// A stored timer: remind a member of a campaign at `dueAt`, unless they moved on since it was set.
public struct TimerRecord: Equatable, Sendable {
    public enum Kind: String, Sendable {
        /// No activity for the campaign's number of days.
        case inactive
        /// The campaign's end is near.
        case deadline
    }

    public var id: Int64
    public var memberID: Int64
    public var campaignID: Int64
    public var kind: Kind
    public var dueAt: Int64
    /// The member's last activity when the timer was set: if it changed, the timer is dropped.
    public var marker: Int64
}

/// Where a member is in a campaign, as far as timers care.
public struct CampaignActivity: Equatable, Sendable {
    /// The last time the member's session changed; 0 before they started.
    public var lastActivity: Int64
    public var submitted: Bool
}

extension SessionStore {
    private static let day: Int64 = 86_400

    /// Sets the timers each open campaign asks for that are not set yet: one deadline reminder per
    /// member, and the next inactivity reminder, counted from the member's last activity (or the last
    /// reminder, or the opening).
    public func ensureTimers(now: Int64) throws {
        let inactive = try database.cachedStatement(
            """
            INSERT INTO timers(member_id, campaign_id, kind, due_at, marker)
            SELECT m.id, c.id, 'inactive',
                max(c.opens_at, coalesce(a.activity, 0), coalesce(f.last, 0)) + c.remind_after_days * 86400,
                coalesce(a.activity, 0)
            FROM campaigns c
            JOIN campaign_branches cb ON cb.campaign_id = c.id
            JOIN members m ON m.branch_id = cb.branch_id AND m.revoked = 0
            LEFT JOIN (
                SELECT member_id, campaign_id, max(updated_at) AS activity, max(status = 'submitted') AS done
                FROM sessions WHERE status != 'discarded' AND member_id IS NOT NULL
                GROUP BY member_id, campaign_id) a ON a.member_id = m.id AND a.campaign_id = c.id
            LEFT JOIN (
                SELECT member_id, campaign_id, max(settled_at) AS last FROM timers
                WHERE kind = 'inactive' AND status = 'fired' GROUP BY member_id, campaign_id
            ) f ON f.member_id = m.id AND f.campaign_id = c.id
            WHERE c.closed_at IS NULL AND c.opens_at <= ?1 AND c.closes_at > ?1 AND c.remind_after_days > 0
                AND coalesce(a.done, 0) = 0
                AND NOT EXISTS (
                    SELECT 1 FROM timers t WHERE t.member_id = m.id AND t.campaign_id = c.id
                    AND t.kind = 'inactive' AND t.status = 'pending')
            """)
        try inactive.bind(now)
        try inactive.run()
        try database.execute(
            sql: """
                INSERT INTO timers(member_id, campaign_id, kind, due_at, marker)
                SELECT m.id, c.id, 'deadline', c.closes_at - c.remind_before_days * 86400, 0
                FROM campaigns c
                JOIN campaign_branches cb ON cb.campaign_id = c.id
                JOIN members m ON m.branch_id = cb.branch_id AND m.revoked = 0
                WHERE c.closed_at IS NULL AND c.opens_at <= ?1 AND c.closes_at > ?1 AND c.remind_before_days > 0
                    AND NOT EXISTS (
                        SELECT 1 FROM timers t WHERE t.member_id = m.id AND t.campaign_id = c.id
                        AND t.kind = 'deadline')
                """, arguments: now)
    }

    /// Pending timers due at `now`, earliest first.
    public func dueTimers(now: Int64, limit: Int) throws -> [TimerRecord] {
        let statement = try database.cachedStatement(
            """
            SELECT id, member_id, campaign_id, kind, due_at, marker FROM timers
            WHERE status = 'pending' AND due_at <= ? ORDER BY due_at, id LIMIT ?
            """)
        try statement.bind(now, limit)
        defer { statement.reset() }
        var result: [TimerRecord] = []
        while try statement.step() {
            result.append(
                TimerRecord(
                    id: statement.int64(0), memberID: statement.int64(1), campaignID: statement.int64(2),
                    kind: TimerRecord.Kind(rawValue: statement.text(3) ?? "") ?? .inactive,
                    dueAt: statement.int64(4), marker: statement.int64(5)))
        }
        return result
    }

    /// The timers of a member, for tests and the operator: kind, due time and status.
    public func timers(memberID: Int64) throws -> [(kind: String, dueAt: Int64, status: String)] {
        let statement = try database.cachedStatement(
            "SELECT kind, due_at, status FROM timers WHERE member_id = ? ORDER BY id")
        try statement.bind(memberID)
        defer { statement.reset() }
        var result: [(kind: String, dueAt: Int64, status: String)] = []
        while try statement.step() {
            result.append((statement.text(0) ?? "", statement.int64(1), statement.text(2) ?? ""))
        }
        return result
    }

    /// A member's last activity in a campaign, and whether they submitted.
    public func activity(memberID: Int64, campaignID: Int64) throws -> CampaignActivity {
        let statement = try database.cachedStatement(
            """
            SELECT coalesce(max(updated_at), 0), coalesce(max(status = 'submitted'), 0) FROM sessions
            WHERE member_id = ? AND campaign_id = ? AND status != 'discarded'
            """)
        try statement.bind(memberID, campaignID)
        defer { statement.reset() }
        _ = try statement.step()
        return CampaignActivity(lastActivity: statement.int64(0), submitted: statement.int64(1) != 0)
    }

    /// Marks a timer as fired or dropped.
    public func settleTimer(id: Int64, fired: Bool, now: Int64) throws {
        try database.execute(
            sql: "UPDATE timers SET status = ?, settled_at = ? WHERE id = ? AND status = 'pending'",
            arguments: fired ? "fired" : "dropped", now, id)
    }
}
