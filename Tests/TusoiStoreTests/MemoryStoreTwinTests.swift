import Testing
import TusoiEngine

@testable import TusoiStore

/// The in-memory twin does what the SQLite store does: the same operations on both, every read
/// compared after each step, rollbacks included.
@Suite("The in-memory store is the SQLite store's twin")
struct MemoryStoreTwinTests {
    /// Every read the ports offer, as text, for one store.
    static func snapshot(_ store: some BotStore, now: Int64) throws -> [String] {
        var lines: [String] = []
        lines.append("roster \(try store.hasRoster()) campaigns \(try store.hasCampaigns())")
        lines.append(
            "branches \(try store.branches().map { "\($0.id) \($0.code) \($0.name) \($0.committee)" })")
        for member in try store.members(branchCode: nil) {
            lines.append("member \(member) identity \(try store.hasIdentity(memberID: member.id))")
            lines.append("  identities \(try store.identities(memberID: member.id))")
            lines.append(
                "  usable \(String(describing: try store.usableInvite(memberID: member.id, now: now)))")
            lines.append("  latest \(String(describing: try store.latestSession(memberID: member.id)))")
        }
        for code in ["b1", "b2"] {
            lines.append("members \(code) \(try store.members(branchCode: code).map(\.id))")
            for progress in try store.progress(branchCode: code, campaignID: nil) {
                lines.append(
                    "  progress \(progress.member.id) \(String(describing: progress.sessionID)) \(progress.status) \(String(describing: progress.updatedAt))"
                )
            }
        }
        for progress in try store.progress(branchCode: nil, campaignID: 1) {
            lines.append("  in campaign 1: \(progress.member.id) \(String(describing: progress.sessionID))")
        }
        lines.append("latest u1 \(String(describing: try store.latestSession(channel: "t", user: "u1")))")
        for session in Int64(1)...3 {
            lines.append(
                "answers \(session) \(try store.currentAnswers(sessionID: session).sorted { $0.key < $1.key })"
            )
            lines.append("history \(session) \(try store.answerHistory(sessionID: session))")
            lines.append("events \(session) \(try store.history(sessionID: session))")
            lines.append(
                "submitted \(session) \(String(describing: try store.submittedDocument(sessionID: session)))")
        }
        lines.append(
            "replies \(String(describing: try store.replies(channel: "t", chat: "u1", messageID: "m1")))")
        lines.append("invite X \(String(describing: try store.invite(code: "X")))")
        lines.append("failures \(String(describing: try store.inviteFailures(channel: "t", user: "u9")))")
        lines.append("confirm \(String(describing: try store.pendingConfirmation(channel: "t", user: "u2")))")
        lines.append("campaigns \(try store.campaigns())")
        lines.append("open b1 \(String(describing: try store.openCampaign(branchID: 1, now: now)))")
        lines.append("outbox \(try store.pendingOutbox(now: now, limit: 10))")
        lines.append("timers \(try store.dueTimers(now: now + 40 * 86_400, limit: 50))")
        lines.append("activity \(try store.activity(memberID: 1, campaignID: 1))")
        lines.append("questionnaire \(String(describing: try store.questionnaireSource(row: 1)))")
        return lines
    }

    /// One step of the script, run on a store that has the operator's writes too.
    typealias Step = @Sendable (any OperatorStore) throws -> Void

    static let steps: [(String, Step)] = [
        (
            "roster",
            { store in
                _ = try store.questionnaireRow(name: "q", version: "1", source: "[question a]", now: 1)
                _ = try store.questionnaireRow(name: "q", version: "1", source: "[question a]", now: 2)
                let b1 = try store.addBranch(code: "b1", name: "Chi bộ 1", committee: "Đảng ủy phường Bồ Đề")
                let b2 = try store.addBranch(code: "b2", name: "Chi bộ 2", committee: "Đảng ủy phường Bồ Đề")
                try store.addMember(
                    branchID: b1, name: "An", role: .member, phone: nil, email: nil, birthDate: "1970-01-01",
                    unit: "Tổ 1", now: 1)
                try store.addMember(
                    branchID: b1, name: "Bình", role: .facilitator, phone: nil, email: nil, birthDate: nil,
                    unit: nil, now: 1)
                try store.addMember(
                    branchID: b2, name: "Cúc", role: .member, phone: nil, email: nil, birthDate: nil,
                    unit: nil, now: 1)
            }
        ),
        (
            "invites",
            { store in
                try store.addInvite(code: "W", memberID: 1, purpose: .first, now: 5, expiresAt: 100)
                try store.addInvite(code: "X", memberID: 1, purpose: .first, now: 6, expiresAt: 100)
                try store.addInvite(code: "Y", memberID: 2, purpose: .first, now: 6, expiresAt: 7)
                try store.setInviteFailures(channel: "t", user: "u9", InviteFailures(count: 2, lastAt: 9))
            }
        ),
        (
            "bind",
            { store in
                try store.useInvite(code: "X", now: 10)
                try store.bindIdentity(channel: "t", user: "u1", memberID: 1, now: 10)
                try store.bindIdentity(channel: "z", user: "u1", memberID: 1, now: 11)
                try store.voidInvites(memberID: 1, now: 11)
                try store.setInviteFailures(channel: "t", user: "u9", nil)
            }
        ),
        (
            "campaign",
            { store in
                try store.addCampaign(
                    code: "dot", title: "Đợt 1", questionnaireRow: 1, opensAt: 0, closesAt: 30 * 86_400,
                    remindAfterDays: 3, remindBeforeDays: 2, branchIDs: [2, 1, 1], now: 12)
                try store.ensureTimers(now: 12)
                try store.ensureTimers(now: 13)
            }
        ),
        (
            "sessions",
            { store in
                var state = SessionState()
                let one = try store.createSession(
                    channel: "t", user: "u1", chat: "u1", questionnaireRow: 1, state: state, memberID: 1,
                    campaignID: 1, now: 20)
                let inbound = try store.recordInbound(
                    InboundRecord(
                        channel: "t", chat: "u1", messageID: "m1", user: "u1", sessionID: one, sentAt: nil,
                        receivedAt: 20, text: "Có ạ", button: nil, replies: #"[{"text":"Cảm ơn"}]"#))
                try store.recordAnswer(
                    sessionID: one, key: "a", answer: .yesNo(true), inboundID: inbound, now: 20)
                try store.recordAnswer(
                    sessionID: one, key: "a", answer: .yesNo(false), inboundID: nil, now: 21)
                try store.recordAnswer(
                    sessionID: one, key: "b", answer: .text("Đọc nghị quyết"), inboundID: nil, now: 21)
                try store.clearAnswer(sessionID: one, key: "b", inboundID: nil, now: 22)
                state.answers = ["a": .yesNo(false)]
                try store.updateSession(id: one, state: state, now: 22)
                try store.recordEvent(
                    sessionID: one, kind: "submitted", inboundID: nil, now: 23, document: "{}")
                try store.recordEvent(sessionID: one, kind: "paused", inboundID: nil, now: 24, document: nil)
                _ = try store.createSession(
                    channel: "t", user: "u3", chat: "u3", questionnaireRow: 1, state: SessionState(),
                    memberID: 3,
                    campaignID: nil, now: 25)
                try store.markDiscarded(id: 2, now: 26)
            }
        ),
        (
            "a failed message is undone",
            { store in
                #expect(throws: (any Error).self) {
                    try store.savepoint {
                        try store.recordAnswer(
                            sessionID: 1, key: "z", answer: .number(5), inboundID: nil, now: 30)
                        _ = try store.recordInbound(
                            InboundRecord(
                                channel: "t", chat: "u1", messageID: "m1", user: "u1", sessionID: 1,
                                sentAt: nil,
                                receivedAt: 30, text: "again", button: nil, replies: "[]"))
                    }
                }
            }
        ),
        (
            "outbox and timers",
            { store in
                let first = try store.enqueue(
                    channel: "t", chat: "u1", memberID: 1, kind: "remind", replies: "[]", now: 30)
                let second = try store.enqueue(
                    channel: "z", chat: "u1", memberID: 1, kind: "remind", replies: "[]", now: 30)
                try store.markDelivered(outboxID: first, now: 31)
                try store.markUndelivered(outboxID: second, reason: "timeout", now: 31)
                try store.markUndelivered(outboxID: second, reason: "blocked", now: 32)
                try store.unblock(channel: "t", user: "u1")
                for timer in try store.dueTimers(now: 10 * 86_400, limit: 10) {
                    try store.settleTimer(id: timer.id, fired: timer.memberID == 1, now: 10 * 86_400)
                }
                try store.ensureTimers(now: 10 * 86_400 + 1)
                try store.audit(actor: "member 2", action: "pull", subject: "member 1", channel: "t", now: 33)
            }
        ),
        (
            "unbind and close",
            { store in
                #expect(try store.unbindIdentities(memberID: 1, channel: "z") == 1)
                try store.setPendingConfirmation(channel: "t", user: "u2", nil)
                try store.closeCampaign(id: 1, now: 40)
            }
        ),
    ]

    @Test("every read the same after every step")
    func sameReads() throws {
        let sqlite = try SessionStore(path: ":memory:")
        let memory = MemoryStore()
        for (name, step) in Self.steps {
            try sqlite.transaction { try step(sqlite) }
            try memory.transaction { try step(memory) }
            for now: Int64 in [15, 10 * 86_400 + 2, 41] {
                let expected = try Self.snapshot(sqlite, now: now)
                let actual = try Self.snapshot(memory, now: now)
                let differing = zip(actual, expected).first { $0 != $1 }
                #expect(actual.count == expected.count, "after \(name), at \(now)")
                #expect(differing == nil, "after \(name), at \(now): \(String(describing: differing))")
            }
        }
        #expect(try memory.auditLog(limit: 5) == sqlite.auditLog(limit: 5))
        #expect(try memory.timers(memberID: 1).map { "\($0)" } == sqlite.timers(memberID: 1).map { "\($0)" })
    }

    @Test("a transaction that throws leaves nothing behind; a duplicate replay key is refused")
    func rollback() throws {
        let memory = MemoryStore()
        #expect(throws: (any Error).self) {
            try memory.transaction {
                try memory.addBranch(code: "b1", name: "x", committee: "y")
                try memory.addBranch(code: "b1", name: "x", committee: "y")
            }
        }
        #expect(try memory.branches().isEmpty)
        #expect(!memory.isInsideTransaction)
    }
}
