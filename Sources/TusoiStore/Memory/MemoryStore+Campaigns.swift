// Campaigns, the outbox and the reminders' timers, as the SQLite store has them.

extension MemoryStore: CampaignPort {
    @discardableResult
    public func addCampaign(
        code: String, title: String, questionnaireRow: Int64, opensAt: Int64, closesAt: Int64,
        remindAfterDays: Int, remindBeforeDays: Int, branchIDs: [Int64], now: Int64
    ) throws -> Int64 {
        guard !tables.campaigns.contains(where: { $0.record.code == code }) else {
            throw ConstraintError(description: "UNIQUE constraint failed: campaigns.code")
        }
        let id = Int64(tables.campaigns.count + 1)
        let branches = Set(branchIDs).sorted()
        let record = CampaignRecord(
            id: id, code: code, title: title, questionnaireRow: questionnaireRow, opensAt: opensAt,
            closesAt: closesAt, closedAt: nil, remindAfterDays: remindAfterDays,
            remindBeforeDays: remindBeforeDays, branchCodes: [])
        tables.campaigns.append(Campaign(record: record, branchIDs: branches))
        return id
    }

    public func closeCampaign(id: Int64, now: Int64) throws {
        for index in tables.campaigns.indices where tables.campaigns[index].record.id == id {
            if tables.campaigns[index].record.closedAt == nil {
                tables.campaigns[index].record.closedAt = now
            }
        }
        for index in tables.timers.indices
        where tables.timers[index].record.campaignID == id && tables.timers[index].status == "pending" {
            tables.timers[index].status = "dropped"
            tables.timers[index].settledAt = now
        }
    }

    private func record(_ campaign: Campaign) -> CampaignRecord {
        var record = campaign.record
        record.branchCodes = tables.branches.filter { campaign.branchIDs.contains($0.id) }.map(\.code)
            .sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        return record
    }

    public func hasCampaigns() throws -> Bool { !tables.campaigns.isEmpty }

    public func campaigns() throws -> [CampaignRecord] { tables.campaigns.map(record) }

    public func campaign(id: Int64) throws -> CampaignRecord? {
        tables.campaigns.first { $0.record.id == id }.map(record)
    }

    public func campaign(code: String) throws -> CampaignRecord? {
        tables.campaigns.first { $0.record.code == code }.map(record)
    }

    public func openCampaign(branchID: Int64, now: Int64) throws -> CampaignRecord? {
        tables.campaigns.last { $0.branchIDs.contains(branchID) && $0.record.isOpen(at: now) }.map(record)
    }
}

extension MemoryStore: OutboxPort {
    @discardableResult
    public func enqueue(
        channel: String, chat: String, memberID: Int64?, kind: String, replies: String, now: Int64
    )
        throws -> Int64
    {
        let id = Int64(tables.outbox.count + 1)
        let item = OutboxItem(id: id, channel: channel, chat: chat, replies: replies, attempts: 0)
        tables.outbox.append(Outbox(item: item, nextAt: now, delivered: false, failure: nil))
        return id
    }

    public func pendingOutbox(now: Int64, limit: Int) throws -> [OutboxItem] {
        Array(
            tables.outbox.lazy.filter { !$0.delivered && $0.failure == nil && $0.nextAt <= now }.map(\.item)
                .prefix(limit))
    }

    public func markDelivered(outboxID: Int64, now: Int64) throws {
        guard let index = tables.outbox.firstIndex(where: { $0.item.id == outboxID }) else { return }
        tables.outbox[index].delivered = true
    }

    public func markUndelivered(outboxID: Int64, reason: String, now: Int64) throws {
        guard let index = tables.outbox.firstIndex(where: { $0.item.id == outboxID }) else { return }
        let attempts = tables.outbox[index].item.attempts + 1
        let blocked = reason == "blocked"
        let giveUp = blocked || attempts >= SessionStore.outboxAttempts
        if !tables.outbox[index].delivered {
            tables.outbox[index].item.attempts = attempts
            tables.outbox[index].nextAt = now + min(3_600, 30 << min(attempts, 7))
            tables.outbox[index].failure = giveUp ? String(reason.prefix(200)) : nil
        }
        if blocked {
            let item = tables.outbox[index].item
            for identity in tables.identities.indices
            where tables.identities[identity].channel == item.channel
                && tables.identities[identity].user == item.chat
            {
                tables.identities[identity].blocked = true
            }
        }
    }
}

extension MemoryStore: TimerPort {
    private static let day: Int64 = 86_400

    public func ensureTimers(now: Int64) throws {
        var added: [Timer] = []
        for campaign in tables.campaigns.map(\.record) where campaign.isOpen(at: now) {
            let branches = tables.campaigns.first { $0.record.id == campaign.id }?.branchIDs ?? []
            for member in tables.members where branches.contains(member.branchID) && !member.revoked {
                let mine = (tables.timers + added).filter {
                    $0.record.memberID == member.id && $0.record.campaignID == campaign.id
                }
                if campaign.remindAfterDays > 0,
                    !mine.contains(where: { $0.record.kind == .inactive && $0.status == "pending" })
                {
                    let sessions = tables.sessions.filter {
                        $0.memberID == member.id && $0.campaignID == campaign.id && $0.status != "discarded"
                    }
                    if !sessions.contains(where: { $0.status == "submitted" }) {
                        let activity = sessions.map(\.updatedAt).max() ?? 0
                        let lastFired =
                            mine.filter { $0.record.kind == .inactive && $0.status == "fired" }
                            .compactMap(\.settledAt).max() ?? 0
                        let due =
                            max(campaign.opensAt, activity, lastFired) + Int64(campaign.remindAfterDays)
                            * Self.day
                        added.append(timer(member.id, campaign.id, .inactive, due, marker: activity))
                    }
                }
                if campaign.remindBeforeDays > 0, !mine.contains(where: { $0.record.kind == .deadline }) {
                    let due = campaign.closesAt - Int64(campaign.remindBeforeDays) * Self.day
                    added.append(timer(member.id, campaign.id, .deadline, due, marker: 0))
                }
            }
        }
        // The SQLite store adds every inactive reminder first, then every deadline.
        let ordered =
            added.filter { $0.record.kind == .inactive } + added.filter { $0.record.kind == .deadline }
        for var timer in ordered {
            timer.record.id = Int64(tables.timers.count + 1)
            tables.timers.append(timer)
        }
    }

    private func timer(
        _ member: Int64, _ campaign: Int64, _ kind: TimerRecord.Kind, _ due: Int64, marker: Int64
    ) -> Timer {
        Timer(
            record: TimerRecord(
                id: 0, memberID: member, campaignID: campaign, kind: kind, dueAt: due, marker: marker),
            status: "pending", settledAt: nil)
    }

    /// A member's reminders, as `tusoi` shows them to the operator.
    public func timers(memberID: Int64) throws -> [(kind: String, dueAt: Int64, status: String)] {
        tables.timers.filter { $0.record.memberID == memberID }.map {
            ($0.record.kind.rawValue, $0.record.dueAt, $0.status)
        }
    }

    public func dueTimers(now: Int64, limit: Int) throws -> [TimerRecord] {
        Array(
            tables.timers.filter { $0.status == "pending" && $0.record.dueAt <= now }.map(\.record)
                .sorted { ($0.dueAt, $0.id) < ($1.dueAt, $1.id) }.prefix(limit))
    }

    public func activity(memberID: Int64, campaignID: Int64) throws -> CampaignActivity {
        let sessions = tables.sessions.filter {
            $0.memberID == memberID && $0.campaignID == campaignID && $0.status != "discarded"
        }
        return CampaignActivity(
            lastActivity: sessions.map(\.updatedAt).max() ?? 0,
            submitted: sessions.contains { $0.status == "submitted" })
    }

    public func settleTimer(id: Int64, fired: Bool, now: Int64) throws {
        for index in tables.timers.indices where tables.timers[index].record.id == id {
            guard tables.timers[index].status == "pending" else { continue }
            tables.timers[index].status = fired ? "fired" : "dropped"
            tables.timers[index].settledAt = now
        }
    }
}

/// The operator's writes and reads, as the command line makes them on either store.
extension MemoryStore: OperatorPort {}
