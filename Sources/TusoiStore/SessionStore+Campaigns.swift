/// A campaign (đợt): one questionnaire version, for a set of branches, between two dates.
public struct CampaignRecord: Equatable, Sendable {
    public var id: Int64
    public var code: String
    public var title: String
    public var questionnaireRow: Int64
    /// When members may start, and when the campaign ends (the end is exclusive), in seconds since 1970.
    public var opensAt: Int64
    public var closesAt: Int64
    /// Set when the operator closed the campaign before its end.
    public var closedAt: Int64?
    /// Remind a member after this many days without activity; 0 for never.
    public var remindAfterDays: Int
    /// Remind everyone who has not submitted this many days before the end; 0 for never.
    public var remindBeforeDays: Int
    public var branchCodes: [String]

    /// Whether members may work on their self-review at `now`.
    public func isOpen(at now: Int64) -> Bool {
        closedAt == nil && opensAt <= now && now < closesAt
    }

    /// When the campaign stopped or stops taking answers.
    public var endsAt: Int64 { min(closedAt ?? closesAt, closesAt) }
}

extension SessionStore {
    /// Opens a campaign for the given branches and returns its id.
    @discardableResult
    public func addCampaign(
        code: String, title: String, questionnaireRow: Int64, opensAt: Int64, closesAt: Int64,
        remindAfterDays: Int, remindBeforeDays: Int, branchIDs: [Int64], now: Int64
    ) throws -> Int64 {
        try database.execute(
            sql: """
                INSERT INTO campaigns(code, title, questionnaire_id, opens_at, closes_at, remind_after_days,
                    remind_before_days, created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: code, title, questionnaireRow, opensAt, closesAt, remindAfterDays,
            remindBeforeDays, now)
        let id = database.lastInsertRowID
        let link = try database.cachedStatement(
            "INSERT INTO campaign_branches(campaign_id, branch_id) VALUES (?, ?)")
        for branch in Set(branchIDs).sorted() {
            try link.bind(id, branch)
            try link.run()
        }
        return id
    }

    /// Every campaign, oldest first.
    public func campaigns() throws -> [CampaignRecord] {
        try campaigns(where: "", bind: { _ in })
    }

    public func campaign(code: String) throws -> CampaignRecord? {
        try campaigns(where: "WHERE c.code = ?", bind: { try $0.bind(code) }).first
    }

    public func campaign(id: Int64) throws -> CampaignRecord? {
        try campaigns(where: "WHERE c.id = ?", bind: { try $0.bind(id) }).first
    }

    /// The campaign open for a branch at `now`; the newest if several overlap.
    public func openCampaign(branchID: Int64, now: Int64) throws -> CampaignRecord? {
        let statement = try database.cachedStatement(
            """
            SELECT c.id FROM campaigns c JOIN campaign_branches cb ON cb.campaign_id = c.id
            WHERE cb.branch_id = ? AND c.closed_at IS NULL AND c.opens_at <= ? AND c.closes_at > ?
            ORDER BY c.id DESC LIMIT 1
            """)
        try statement.bind(branchID, now, now)
        let id: Int64? = try statement.step() ? statement.int64(0) : nil
        statement.reset()
        return try id.flatMap { try campaign(id: $0) }
    }

    /// Whether the store runs campaigns: once it does, a member can only work inside an open one.
    public func hasCampaigns() throws -> Bool {
        let statement = try database.cachedStatement("SELECT EXISTS (SELECT 1 FROM campaigns)")
        defer { statement.reset() }
        _ = try statement.step()
        return statement.int64(0) == 1
    }

    /// Closes a campaign now; its pending reminders are dropped.
    public func closeCampaign(id: Int64, now: Int64) throws {
        try database.execute(
            sql: "UPDATE campaigns SET closed_at = ? WHERE id = ? AND closed_at IS NULL", arguments: now, id)
        try database.execute(
            sql:
                "UPDATE timers SET status = 'dropped', settled_at = ? WHERE campaign_id = ? AND status = 'pending'",
            arguments: now, id)
    }

    private func campaigns(where filter: String, bind: (Statement) throws -> Void) throws -> [CampaignRecord]
    {
        let statement = try database.prepare(
            """
            SELECT c.id, c.code, c.title, c.questionnaire_id, c.opens_at, c.closes_at, c.closed_at,
                c.remind_after_days, c.remind_before_days,
                (SELECT group_concat(code, ',') FROM (
                    SELECT b.code FROM campaign_branches cb JOIN branches b ON b.id = cb.branch_id
                    WHERE cb.campaign_id = c.id ORDER BY b.code))
            FROM campaigns c \(filter) ORDER BY c.id
            """)
        try bind(statement)
        var result: [CampaignRecord] = []
        while try statement.step() {
            result.append(
                CampaignRecord(
                    id: statement.int64(0), code: statement.text(1) ?? "", title: statement.text(2) ?? "",
                    questionnaireRow: statement.int64(3), opensAt: statement.int64(4),
                    closesAt: statement.int64(5), closedAt: statement.isNull(6) ? nil : statement.int64(6),
                    remindAfterDays: statement.int(7), remindBeforeDays: statement.int(8),
                    branchCodes: (statement.text(9) ?? "").split(separator: ",").map(String.init)))
        }
        return result
    }
}
