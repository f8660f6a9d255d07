/// Campaigns, the outbox and the timers: each method does what the SQLite one of the same name does
/// (``SessionStore``), in PostgreSQL.
extension PostgresStore: CampaignPort {
    public func hasCampaigns() throws -> Bool {
        try connection.fetchOne(sql: "SELECT EXISTS (SELECT 1 FROM campaigns)") { $0.bool(0) } ?? false
    }

    public func campaigns() throws -> [CampaignRecord] {
        try connection.fetchAll(
            sql: PostgresStore.campaignColumns + " ORDER BY c.id", row: PostgresStore.campaign)
    }

    public func campaign(id: Int64) throws -> CampaignRecord? {
        try connection.fetchOne(
            sql: PostgresStore.campaignColumns + " WHERE c.id = $1", arguments: id,
            row: PostgresStore.campaign)
    }

    public func campaign(code: String) throws -> CampaignRecord? {
        try connection.fetchOne(
            sql: PostgresStore.campaignColumns + " WHERE c.code = $1", arguments: code,
            row: PostgresStore.campaign)
    }

    public func openCampaign(branchID: Int64, now: Int64) throws -> CampaignRecord? {
        let id = try connection.fetchOne(
            sql: """
                SELECT c.id FROM campaigns c JOIN campaign_branches cb ON cb.campaign_id = c.id
                WHERE cb.branch_id = $1 AND c.closed_at IS NULL AND c.opens_at <= $2 AND c.closes_at > $2
                ORDER BY c.id DESC LIMIT 1
                """, arguments: branchID, now, row: { $0.int64(0) })
        return try id.flatMap { try campaign(id: $0) }
    }

    /// The branch codes in byte order, as SQLite's `group_concat` over `ORDER BY b.code` gives them.
    private static let campaignColumns = """
        SELECT c.id, c.code, c.title, c.questionnaire_id, c.opens_at, c.closes_at, c.closed_at,
            c.remind_after_days, c.remind_before_days,
            (SELECT string_agg(b.code, ',' ORDER BY b.code COLLATE "C")
                FROM campaign_branches cb JOIN branches b ON b.id = cb.branch_id WHERE cb.campaign_id = c.id)
        FROM campaigns c
        """

    private static func campaign(_ row: PostgresRow) -> CampaignRecord {
        CampaignRecord(
            id: row.int64(0), code: row.text(1) ?? "", title: row.text(2) ?? "",
            questionnaireRow: row.int64(3),
            opensAt: row.int64(4), closesAt: row.int64(5), closedAt: row.optionalInt64(6),
            remindAfterDays: row.int(7), remindBeforeDays: row.int(8),
            branchCodes: (row.text(9) ?? "").split(separator: ",").map(String.init))
    }

    /// Opens a campaign for the given branches and returns its id.
    @discardableResult
    public func addCampaign(
        code: String, title: String, questionnaireRow: Int64, opensAt: Int64, closesAt: Int64,
        remindAfterDays: Int, remindBeforeDays: Int, branchIDs: [Int64], now: Int64
    ) throws -> Int64 {
        let id =
            try connection.fetchOne(
                sql: """
                    INSERT INTO campaigns(code, title, questionnaire_id, opens_at, closes_at, remind_after_days,
                        remind_before_days, created_at)
                    VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id
                    """, arguments: code, title, questionnaireRow, opensAt, closesAt, remindAfterDays,
                remindBeforeDays, now, row: { $0.int64(0) }) ?? 0
        for branch in Set(branchIDs).sorted() {
            try connection.execute(
                sql: "INSERT INTO campaign_branches(campaign_id, branch_id) VALUES ($1, $2)", arguments: id,
                branch)
        }
        return id
    }

    /// Closes a campaign now; its pending reminders are dropped.
    public func closeCampaign(id: Int64, now: Int64) throws {
        try connection.execute(
            sql: "UPDATE campaigns SET closed_at = $1 WHERE id = $2 AND closed_at IS NULL", arguments: now, id
        )
        try connection.execute(
            sql:
                "UPDATE timers SET status = 'dropped', settled_at = $1 WHERE campaign_id = $2 AND status = 'pending'",
            arguments: now, id)
    }
}

extension PostgresStore: OutboxPort {
    @discardableResult
    public func enqueue(
        channel: String, chat: String, memberID: Int64?, kind: String, replies: String, now: Int64
    ) throws -> Int64 {
        try connection.fetchOne(
            sql: """
                INSERT INTO outbox(channel, chat_id, member_id, kind, replies, created_at, next_at)
                VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id
                """, arguments: channel, chat, memberID, kind, replies, now, now, row: { $0.int64(0) }) ?? 0
    }

    public func pendingOutbox(now: Int64, limit: Int) throws -> [OutboxItem] {
        if sharedWriters, !connection.isInsideTransaction { return try claimOutbox(now: now, limit: limit) }
        return try connection.fetchAll(
            sql: """
                SELECT id, channel, chat_id, replies, attempts FROM outbox
                WHERE delivered_at IS NULL AND failure IS NULL AND next_at <= $1 ORDER BY id LIMIT $2
                """, arguments: now, limit
        ) {
            OutboxItem(
                id: $0.int64(0), channel: $0.text(1) ?? "", chat: $0.text(2) ?? "",
                replies: $0.text(3) ?? "[]",
                attempts: $0.int(4))
        }
    }

    public func markDelivered(outboxID: Int64, now: Int64) throws {
        try connection.execute(
            sql: "UPDATE outbox SET delivered_at = $1 WHERE id = $2 AND delivered_at IS NULL", arguments: now,
            outboxID)
    }

    /// As ``SessionStore/markUndelivered(outboxID:reason:now:)``: a growing wait, given up after
    /// ``SessionStore/outboxAttempts`` or at once when the member blocked the bot.
    public func markUndelivered(outboxID: Int64, reason: String, now: Int64) throws {
        guard
            let row = try connection.fetchOne(
                sql: "SELECT channel, chat_id, attempts FROM outbox WHERE id = $1", arguments: outboxID,
                row: { ($0.text(0) ?? "", $0.text(1) ?? "", $0.int(2) + 1) })
        else { return }
        let (channel, chat, attempts) = row
        let blocked = reason == "blocked"
        let giveUp = blocked || attempts >= SessionStore.outboxAttempts
        try connection.execute(
            sql: """
                UPDATE outbox SET attempts = $1, next_at = $2, failure = $3 WHERE id = $4 AND delivered_at IS NULL
                """, arguments: attempts, now + min(3_600, 30 << min(attempts, 7)),
            giveUp ? String(reason.prefix(200)) : nil, outboxID)
        if blocked {
            try connection.execute(
                sql: "UPDATE identities SET blocked_at = $1 WHERE channel = $2 AND user_id = $3",
                arguments: now,
                channel, chat)
        }
    }
}
