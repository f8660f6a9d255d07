import Testing
import TusoiEngine

@testable import TusoiStore

/// The behaviour of a store that the bot relies on, written once and run on each backend
/// (`StoreContractTests`): whatever a test here expects of SQLite, it expects of PostgreSQL.
enum StoreContract {
    struct Fixture {
        var questionnaire: Int64
        var branch: Int64
        var member: Int64
        var secretary: Int64
    }

    /// A questionnaire, a branch with a member and a facilitator.
    static func roster(_ store: any ContractStore) throws -> Fixture {
        let questionnaire = try store.questionnaireRow(name: "q", version: "1", source: "text", now: 1)
        let branch = try store.addBranch(code: "b1", name: "Chi bộ 1", committee: "Đảng ủy")
        let member = try store.addMember(
            branchID: branch, name: "Nguyễn Văn An", role: .member, phone: nil, email: nil,
            birthDate: "1980-01-02",
            unit: "Tổ 3", now: 1)
        let secretary = try store.addMember(
            branchID: branch, name: "Trần Thị Bình", role: .facilitator, phone: "0900", email: nil,
            birthDate: nil,
            unit: nil, now: 1)
        return Fixture(questionnaire: questionnaire, branch: branch, member: member, secretary: secretary)
    }

    static func inbound(_ messageID: String, session: Int64?, replies: String) -> InboundRecord {
        InboundRecord(
            channel: "telegram", chat: "c1", messageID: messageID, user: "u1", sessionID: session,
            sentAt: nil,
            receivedAt: 5, text: "Có ạ", button: nil, replies: replies)
    }

    static func replayKey(_ store: any ContractStore) throws {
        let replies = #"[{"text":"Cảm ơn đồng chí"}]"#
        #expect(try store.replies(channel: "telegram", chat: "c1", messageID: "m1") == nil)
        let first = try store.recordInbound(inbound("m1", session: nil, replies: replies))
        let second = try store.recordInbound(inbound("m2", session: nil, replies: "[]"))
        #expect(second > first)
        #expect(try store.replies(channel: "telegram", chat: "c1", messageID: "m1") == replies)
        #expect(try store.replies(channel: "telegram", chat: "c2", messageID: "m1") == nil)
        #expect(try store.replies(channel: "zalo", chat: "c1", messageID: "m1") == nil)
        // The same (channel, chat, message) twice is refused by the store itself.
        #expect(throws: (any Error).self) {
            try store.transaction { try store.recordInbound(inbound("m1", session: nil, replies: "[]")) }
        }
        #expect(try store.replies(channel: "telegram", chat: "c1", messageID: "m1") == replies)
    }

    /// However the store keeps reply texts (once each, in SQL), every message gets its own back, also
    /// after a savepoint or a transaction that wrote the same text was rolled back.
    static func repliesKeptOnce(_ store: any ContractStore) throws {
        let prompt = #"[{"text":"Câu 1. Đồng chí có ưu điểm gì?"}]"#
        let other = #"[{"text":"Đã ghi: “đi họp muộn”."}]"#
        try store.transaction {
            for number in 1...5 {
                _ = try store.recordInbound(inbound("p\(number)", session: nil, replies: prompt))
            }
            _ = try store.recordInbound(inbound("o1", session: nil, replies: other))
        }
        for number in 1...5 {
            #expect(try store.replies(channel: "telegram", chat: "c1", messageID: "p\(number)") == prompt)
        }
        #expect(try store.replies(channel: "telegram", chat: "c1", messageID: "o1") == other)
        // A new text met three times inside a savepoint that fails, then again: stored for good.
        let fresh = #"[{"text":"Cảm ơn đồng chí."}]"#
        try store.transaction {
            for attempt in 0..<2 {
                #expect(throws: Planned.self) {
                    try store.savepoint {
                        for number in 1...3 {
                            _ = try store.recordInbound(
                                inbound("u\(attempt)-\(number)", session: nil, replies: fresh))
                        }
                        throw Planned()
                    }
                }
            }
            _ = try store.recordInbound(inbound("f1", session: nil, replies: fresh))
            _ = try store.recordInbound(inbound("f2", session: nil, replies: fresh))
        }
        #expect(try store.replies(channel: "telegram", chat: "c1", messageID: "u0-1") == nil)
        #expect(try store.replies(channel: "telegram", chat: "c1", messageID: "f1") == fresh)
        #expect(try store.replies(channel: "telegram", chat: "c1", messageID: "f2") == fresh)
        // The same in a whole transaction rolled back.
        let late = #"[{"text":"Hẹn gặp lại."}]"#
        #expect(throws: Planned.self) {
            try store.transaction {
                for number in 1...3 {
                    _ = try store.recordInbound(inbound("l\(number)", session: nil, replies: late))
                }
                throw Planned()
            }
        }
        _ = try store.recordInbound(inbound("l9", session: nil, replies: late))
        _ = try store.recordInbound(inbound("p9", session: nil, replies: prompt))
        #expect(try store.replies(channel: "telegram", chat: "c1", messageID: "l9") == late)
        #expect(try store.replies(channel: "telegram", chat: "c1", messageID: "p9") == prompt)
    }

    static func answerRevisions(_ store: any ContractStore) throws {
        let fixture = try roster(store)
        #expect(
            try store.questionnaireRow(name: "q", version: "1", source: "text", now: 9)
                == fixture.questionnaire)
        #expect(try store.questionnaireSource(row: fixture.questionnaire)?.source == "text")
        #expect(try store.questionnaireSource(row: 999) == nil)
        let id = try store.createSession(
            channel: "telegram", user: "u1", chat: "c1", questionnaireRow: fixture.questionnaire,
            state: SessionState(), memberID: fixture.member, campaignID: nil, now: 1)
        let message = try store.recordInbound(inbound("m1", session: id, replies: "[]"))
        try store.transaction {
            try store.recordAnswer(sessionID: id, key: "a", answer: .yesNo(true), inboundID: message, now: 2)
            try store.recordAnswer(
                sessionID: id, key: "b", answer: .choices(["x", "y"]), inboundID: nil, now: 2)
            try store.recordAnswer(sessionID: id, key: "a", answer: .yesNo(false), inboundID: nil, now: 3)
            try store.recordAnswer(
                sessionID: id, key: "c", answer: .member(id: "7", name: "Bình"), inboundID: nil, now: 3)
            try store.clearAnswer(sessionID: id, key: "c", inboundID: nil, now: 4)
            var state = SessionState(phase: .asking("d"), language: .en)
            state.buttons = ["a/1/yes", "tab\there"]
            state.answers = ["a": .yesNo(false)]
            try store.updateSession(id: id, state: state, now: 4)
        }
        let history = try store.answerHistory(sessionID: id)
        #expect(history.map(\.key) == ["a", "b", "a", "c"])
        #expect(history.map(\.revision) == [1, 1, 2, 1])
        #expect(try store.currentAnswers(sessionID: id) == ["a": .yesNo(false), "b": .choices(["x", "y"])])
        let session = try #require(try store.latestSession(memberID: fixture.member))
        #expect(session.id == id)
        #expect(session.state.phase == .asking("d"))
        #expect(session.state.language == .en)
        #expect(session.state.buttons == ["a/1/yes", "tab\there"])
        #expect(session.state.answers["a"] == .yesNo(false))
        #expect(try store.latestSession(channel: "telegram", user: "u1")?.id == id)
        #expect(try store.latestSession(channel: "telegram", user: "u2") == nil)
        let progress = try store.progress(branchCode: "b1", campaignID: nil)
        #expect(progress.map(\.status) == [.inProgress, .notStarted])
        #expect(progress.first?.updatedAt == 4)
        try store.markDiscarded(id: id, now: 5)
        #expect(
            try store.progress(branchCode: nil, campaignID: nil).map(\.status) == [.notStarted, .notStarted])
        let newer = try store.createSession(
            channel: "zalo", user: "z1", chat: "z1", questionnaireRow: fixture.questionnaire,
            state: SessionState(), memberID: fixture.member, campaignID: nil, now: 6)
        #expect(try store.latestSession(memberID: fixture.member)?.id == newer)
        #expect(try store.progress(branchCode: "other", campaignID: nil).isEmpty)
    }

    static func sessionEvents(_ store: any ContractStore) throws {
        let fixture = try roster(store)
        let id = try store.createSession(
            channel: "telegram", user: "u1", chat: "c1", questionnaireRow: fixture.questionnaire,
            state: SessionState(), memberID: fixture.member, campaignID: nil, now: 1)
        #expect(try store.submittedDocument(sessionID: id) == nil)
        try store.recordEvent(sessionID: id, kind: "paused", inboundID: nil, now: 2, document: nil)
        try store.recordEvent(sessionID: id, kind: "submitted", inboundID: nil, now: 3, document: "v1")
        try store.recordEvent(sessionID: id, kind: "returned", inboundID: nil, now: 4, document: "Bổ sung")
        try store.recordEvent(sessionID: id, kind: "submitted", inboundID: nil, now: 5, document: "v2")
        try store.recordEvent(sessionID: id, kind: "discarded", inboundID: nil, now: 6, document: nil)
        let history = try store.history(sessionID: id)
        #expect(history.map(\.kind) == ["submitted", "returned", "submitted"])
        #expect(history.map(\.at) == [3, 4, 5])
        #expect(history.map(\.document) == ["v1", "Bổ sung", "v2"])
        let last = try #require(try store.submittedDocument(sessionID: id))
        #expect(last.document == "v2" && last.at == 5)
        var submitted = SessionState(phase: .submitted)
        submitted.answers = ["a": .yesNo(true)]
        try store.updateSession(id: id, state: submitted, now: 7)
        #expect(try store.progress(branchCode: "b1", campaignID: nil).first?.status == .submitted)
        var returned = SessionState(phase: .reviewing)
        returned.returnNote = "Bổ sung phần 2"
        try store.updateSession(id: id, state: returned, now: 8)
        #expect(try store.progress(branchCode: "b1", campaignID: nil).first?.status == .returned)
        #expect(try store.latestSession(memberID: fixture.member)?.state.returnNote == "Bổ sung phần 2")
    }

    static func invitesAndIdentities(_ store: any ContractStore) throws {
        #expect(try store.hasRoster() == false)
        let fixture = try roster(store)
        try store.addBranch(code: "a0", name: "Chi bộ 0", committee: "")
        #expect(try store.hasRoster())
        #expect(try store.branches().map(\.code) == ["a0", "b1"])
        #expect(try store.branchID(code: "b1") == fixture.branch)
        #expect(try store.branchID(code: "zz") == nil)
        #expect(try store.members(branchCode: "b1").map(\.name) == ["Nguyễn Văn An", "Trần Thị Bình"])
        #expect(try store.members(branchCode: "a0").isEmpty)
        let member = try #require(try store.member(id: fixture.member))
        #expect(member.branchCode == "b1" && member.committee == "Đảng ủy" && member.role == .member)
        #expect(member.birthDate == "1980-01-02" && member.unit == "Tổ 3" && !member.revoked)

        try store.addInvite(
            code: "AAAA-1111", memberID: fixture.member, purpose: .first, now: 10, expiresAt: 100)
        try store.addInvite(
            code: "BBBB-2222", memberID: fixture.member, purpose: .reissue, now: 11, expiresAt: 100)
        #expect(try store.invite(code: "AAAA-1111")?.voidedAt == 11)
        let usable = try #require(try store.usableInvite(memberID: fixture.member, now: 50))
        #expect(usable.code == "BBBB-2222" && usable.purpose == .reissue && usable.voidedAt == nil)
        #expect(try store.usableInvite(memberID: fixture.member, now: 100) == nil)
        #expect(try store.invite(code: "nope") == nil)
        try store.useInvite(code: "BBBB-2222", now: 20)
        #expect(try store.invite(code: "BBBB-2222")?.usedAt == 20)
        #expect(try store.usableInvite(memberID: fixture.member, now: 50) == nil)
        try store.addInvite(
            code: "CCCC-3333", memberID: fixture.member, purpose: .first, now: 30, expiresAt: 100)
        try store.voidInvites(memberID: fixture.member, now: 31)
        #expect(try store.invite(code: "CCCC-3333")?.voidedAt == 31)
        // A used code is not voided afterwards.
        #expect(try store.invite(code: "BBBB-2222")?.voidedAt == nil)

        #expect(try store.hasIdentity(memberID: fixture.member) == false)
        try store.bindIdentity(channel: "zalo", user: "z1", memberID: fixture.member, now: 40)
        try store.bindIdentity(channel: "telegram", user: "u1", memberID: fixture.member, now: 40)
        #expect(try store.hasIdentity(memberID: fixture.member))
        #expect(try store.member(channel: "telegram", user: "u1")?.id == fixture.member)
        #expect(try store.member(channel: "telegram", user: "u9") == nil)
        #expect(try store.identities(memberID: fixture.member).map(\.user) == ["z1", "u1"])
        // Rebinding an identity moves it (to the secretary here), unblocked.
        let outbox = try store.enqueue(
            channel: "zalo", chat: "z1", memberID: fixture.member, kind: "reminder", replies: "[]", now: 41)
        try store.markUndelivered(outboxID: outbox, reason: "blocked", now: 42)
        #expect(try store.identities(memberID: fixture.member).first?.blocked == true)
        try store.bindIdentity(channel: "zalo", user: "z1", memberID: fixture.secretary, now: 43)
        #expect(
            try store.identities(memberID: fixture.secretary) == [
                BoundIdentity(channel: "zalo", user: "z1", blocked: false)
            ])
        #expect(try store.unbindIdentities(memberID: fixture.member, channel: "zalo") == 0)
        #expect(try store.unbindIdentities(memberID: fixture.member, channel: nil) == 1)
        #expect(try store.hasIdentity(memberID: fixture.member) == false)
    }

    static func throttling(_ store: any ContractStore) throws {
        #expect(try store.inviteFailures(channel: "telegram", user: "u1") == nil)
        try store.setInviteFailures(channel: "telegram", user: "u1", InviteFailures(count: 1, lastAt: 10))
        try store.setInviteFailures(channel: "telegram", user: "u1", InviteFailures(count: 2, lastAt: 20))
        try store.setInviteFailures(channel: "zalo", user: "u1", InviteFailures(count: 5, lastAt: 30))
        #expect(
            try store.inviteFailures(channel: "telegram", user: "u1") == InviteFailures(count: 2, lastAt: 20))
        #expect(try store.inviteFailures(channel: "zalo", user: "u1") == InviteFailures(count: 5, lastAt: 30))
        try store.setInviteFailures(channel: "telegram", user: "u1", nil)
        #expect(try store.inviteFailures(channel: "telegram", user: "u1") == nil)
        #expect(try store.inviteFailures(channel: "zalo", user: "u1") != nil)
    }

    static func outbox(_ store: any ContractStore) throws {
        let fixture = try roster(store)
        try store.bindIdentity(channel: "telegram", user: "u1", memberID: fixture.member, now: 1)
        let first = try store.enqueue(
            channel: "telegram", chat: "u1", memberID: fixture.member, kind: "reminder",
            replies: #"[{"text":"Nhắc"}]"#,
            now: 100)
        let second = try store.enqueue(
            channel: "telegram", chat: "s1", memberID: nil, kind: "notice", replies: "[]", now: 100)
        #expect(try store.pendingOutbox(now: 99, limit: 10).isEmpty)
        let pending = try store.pendingOutbox(now: 100, limit: 10)
        #expect(pending.map(\.id) == [first, second])
        #expect(pending.first?.replies == #"[{"text":"Nhắc"}]"# && pending.first?.attempts == 0)
        #expect(try store.pendingOutbox(now: 100, limit: 1).map(\.id) == [first])
        try store.markDelivered(outboxID: second, now: 101)
        // A failure is retried after 60 s, then 120 s, … up to an hour; the eighth gives up.
        try store.markUndelivered(outboxID: first, reason: "timeout", now: 100)
        #expect(try store.pendingOutbox(now: 159, limit: 10).isEmpty)
        #expect(try store.pendingOutbox(now: 160, limit: 10).map(\.attempts) == [1])
        var now: Int64 = 160
        for attempt in 2...7 {
            try store.markUndelivered(outboxID: first, reason: "timeout", now: now)
            now += min(3_600, 30 << Int64(min(attempt, 7)))
            #expect(try store.pendingOutbox(now: now, limit: 10).map(\.attempts) == [attempt])
        }
        try store.markUndelivered(outboxID: first, reason: "timeout", now: now)
        #expect(try store.pendingOutbox(now: now + 100_000, limit: 10).isEmpty)
        // A member who blocked the bot: given up at once, the identity marked until they write.
        let third = try store.enqueue(
            channel: "telegram", chat: "u1", memberID: fixture.member, kind: "reminder", replies: "[]",
            now: 200)
        try store.markUndelivered(outboxID: third, reason: "blocked", now: 201)
        #expect(try store.pendingOutbox(now: 100_000, limit: 10).isEmpty)
        #expect(try store.identities(memberID: fixture.member).map(\.blocked) == [true])
        try store.unblock(channel: "telegram", user: "u1")
        #expect(try store.identities(memberID: fixture.member).map(\.blocked) == [false])
        // Unknown rows and confirmed ones are left alone.
        try store.markUndelivered(outboxID: 999, reason: "timeout", now: 300)
        try store.markUndelivered(outboxID: second, reason: "timeout", now: 300)
        #expect(try store.pendingOutbox(now: 100_000, limit: 10).isEmpty)
    }

    static let day: Int64 = 86_400

    static func campaignsAndTimers(_ store: any ContractStore) throws {
        let fixture = try roster(store)
        let other = try store.addBranch(code: "a2", name: "Chi bộ 2", committee: "")
        #expect(try store.hasCampaigns() == false)
        let opens: Int64 = 1_000 * day
        let campaign = try store.addCampaign(
            code: "2026", title: "Tự soi", questionnaireRow: fixture.questionnaire, opensAt: opens,
            closesAt: opens + 30 * day, remindAfterDays: 3, remindBeforeDays: 2,
            branchIDs: [fixture.branch, other, other],
            now: opens)
        #expect(try store.hasCampaigns())
        let record = try #require(try store.campaign(id: campaign))
        #expect(record.branchCodes == ["a2", "b1"] && record.remindAfterDays == 3 && record.closedAt == nil)
        #expect(try store.campaign(code: "2026") == record)
        #expect(try store.campaigns() == [record])
        #expect(try store.openCampaign(branchID: fixture.branch, now: opens - 1) == nil)
        #expect(try store.openCampaign(branchID: fixture.branch, now: opens)?.id == campaign)

        // Set once, however often asked.
        try store.ensureTimers(now: opens)
        try store.ensureTimers(now: opens + 10)
        #expect(
            try store.timers(memberID: fixture.member).map { "\($0.kind) \($0.dueAt) \($0.status)" } == [
                "inactive \(opens + 3 * day) pending", "deadline \(opens + 28 * day) pending",
            ])
        #expect(try store.dueTimers(now: opens + 3 * day - 1, limit: 10).isEmpty)
        let due = try store.dueTimers(now: opens + 3 * day, limit: 10)
        #expect(due.map(\.memberID) == [fixture.member, fixture.secretary])
        #expect(due.allSatisfy { $0.kind == .inactive && $0.marker == 0 && $0.campaignID == campaign })
        #expect(try store.dueTimers(now: opens + 3 * day, limit: 1).count == 1)

        // Fires once; the next one is counted from when it fired.
        let timer = try #require(due.first)
        try store.settleTimer(id: timer.id, fired: true, now: opens + 3 * day + 5)
        try store.settleTimer(id: timer.id, fired: false, now: opens + 3 * day + 6)
        #expect(try store.timers(memberID: fixture.member).first?.status == "fired")
        try store.ensureTimers(now: opens + 3 * day + 5)
        #expect(
            try store.timers(memberID: fixture.member).map(\.dueAt).last == opens + 6 * day + 5)

        // Activity moves the next one; a submission stops them.
        let session = try store.createSession(
            channel: "telegram", user: "u1", chat: "u1", questionnaireRow: fixture.questionnaire,
            state: SessionState(), memberID: fixture.member, campaignID: campaign, now: opens + 7 * day)
        #expect(
            try store.activity(memberID: fixture.member, campaignID: campaign)
                == CampaignActivity(lastActivity: opens + 7 * day, submitted: false))
        #expect(
            try store.activity(memberID: fixture.secretary, campaignID: campaign)
                == CampaignActivity(lastActivity: 0, submitted: false))
        var submitted = SessionState(phase: .submitted)
        submitted.answers = ["a": .yesNo(true)]
        try store.updateSession(id: session, state: submitted, now: opens + 8 * day)
        #expect(try store.activity(memberID: fixture.member, campaignID: campaign).submitted)
        #expect(
            try store.progress(branchCode: "b1", campaignID: campaign).map(\.status) == [
                .submitted, .notStarted,
            ])
        #expect(
            try store.progress(branchCode: "b1", campaignID: campaign + 1).map(\.status) == [
                .notStarted, .notStarted,
            ])
        for pending in try store.dueTimers(now: opens + 30 * day, limit: 10) {
            try store.settleTimer(id: pending.id, fired: false, now: opens + 9 * day)
        }
        try store.ensureTimers(now: opens + 9 * day)
        #expect(try store.timers(memberID: fixture.member).filter { $0.status == "pending" }.isEmpty)
        #expect(try store.timers(memberID: fixture.secretary).filter { $0.status == "pending" }.count == 1)

        // Closing drops what is pending; a closed campaign sets nothing more.
        try store.closeCampaign(id: campaign, now: opens + 10 * day)
        #expect(try store.timers(memberID: fixture.secretary).filter { $0.status == "pending" }.isEmpty)
        #expect(try store.campaign(id: campaign)?.closedAt == opens + 10 * day)
        #expect(try store.openCampaign(branchID: fixture.branch, now: opens + 10 * day) == nil)
        try store.ensureTimers(now: opens + 11 * day)
        #expect(try store.dueTimers(now: opens + 60 * day, limit: 10).isEmpty)
    }

    static func audit(_ store: any ContractStore) throws {
        try store.audit(actor: "cli", action: "invite", subject: "member 1", channel: nil, now: 1)
        try store.audit(
            actor: "telegram:u1", action: "refused /pull", subject: nil, channel: "telegram", now: 2)
        try store.audit(
            actor: "telegram:u2", action: "redeemed", subject: "member 2", channel: "telegram", now: 3)
        #expect(
            try store.auditLog(limit: 2) == [
                AuditEntry(
                    at: 2, actor: "telegram:u1", action: "refused /pull", subject: nil, channel: "telegram"),
                AuditEntry(
                    at: 3, actor: "telegram:u2", action: "redeemed", subject: "member 2", channel: "telegram"),
            ])
        #expect(try store.auditLog(limit: 10).map(\.action) == ["invite", "refused /pull", "redeemed"])
    }

    struct Planned: Error {}

    static func transactions(_ store: any ContractStore) throws {
        #expect(store.isInsideTransaction == false)
        // A failed transaction leaves nothing behind.
        #expect(throws: Planned.self) {
            try store.transaction {
                #expect(store.isInsideTransaction)
                try store.audit(actor: "a", action: "lost", subject: nil, channel: nil, now: 1)
                throw Planned()
            }
        }
        #expect(store.isInsideTransaction == false)
        #expect(try store.auditLog(limit: 10).isEmpty)
        // A savepoint undoes one message's writes and the batch goes on.
        try store.transaction { try batchWithSavepoints(store) }
        #expect(try store.auditLog(limit: 10).map(\.action) == ["kept 1", "kept 2"])
        #expect(try store.replies(channel: "telegram", chat: "c1", messageID: "m1") == nil)
        #expect(try store.replies(channel: "telegram", chat: "c1", messageID: "m2") == "[]")
    }

    /// One batch: a message that fails is undone alone, the others are kept.
    private static func batchWithSavepoints(_ store: any ContractStore) throws {
        try store.audit(actor: "a", action: "kept 1", subject: nil, channel: nil, now: 1)
        var failed = 0
        do {
            try store.savepoint {
                try store.audit(actor: "a", action: "undone", subject: nil, channel: nil, now: 2)
                _ = try store.recordInbound(inbound("m1", session: nil, replies: "[]"))
                throw Planned()
            }
        } catch is Planned {
            failed += 1
        }
        // A statement that fails inside a savepoint (the replay key) is undone the same way.
        _ = try store.recordInbound(inbound("m2", session: nil, replies: "[]"))
        do {
            try store.savepoint { _ = try store.recordInbound(inbound("m2", session: nil, replies: "[]")) }
        } catch {
            failed += 1
        }
        #expect(failed == 2)
        #expect(store.isInsideTransaction)
        try store.savepoint {
            try store.audit(actor: "a", action: "kept 2", subject: nil, channel: nil, now: 3)
        }
    }
}
