import Testing
import TusoiEngine

@testable import TusoiServer
@testable import TusoiStore

/// The desk's roster commands (`/danhsach`, `/capma`, `/golienket` and its confirmation) decided
/// without a store: whole replies and effect lists.
@Suite("The desk's roster commands without a store")
struct RosterDeskTests {
    let reads: MemoryDeskReads
    var catalog: Catalog { reads.library.catalog }
    init() throws { reads = try MemoryDeskReads() }

    func actor(_ id: Int64) throws -> MemberRecord { try #require(try reads.members().first { $0.id == id }) }

    func decide(_ text: String, by id: Int64, code: String? = nil) throws -> (
        replies: [Reply], effects: [BotEffect]
    ) {
        let command = try #require(StaffCommand.parse(text, names: catalog.commandNames))
        return try Desk.decide(
            command, reads: reads, catalog: catalog, actor: try actor(id), channel: "t", user: "u\(id)",
            now: 100,
            newCode: code)
    }

    func answer(_ pending: PendingConfirmation?, _ text: String?, button: String? = nil, now: Int64 = 200)
        throws
        -> Desk.Answered
    {
        try Desk.answer(
            pending, text: text, button: button,
            command: text.flatMap { StaffCommand.parse($0, names: catalog.commandNames) }, reads: reads,
            catalog: catalog, actor: try actor(1), channel: "t", user: "u1", now: now)
    }

    func audit(_ actor: Int64, _ action: String, _ subject: String?) -> BotEffect {
        .audit(
            AuditLine(actor: "member \(actor) (t:u\(actor))", action: action, subject: subject, channel: "t"))
    }

    /// The question `/golienket 2` leaves for the secretary (An's one account, on "t").
    var unlinkAn: PendingConfirmation {
        PendingConfirmation(actorID: 1, action: .unlink, memberID: 2, memberChannel: nil, askedAt: 100)
    }

    @Test("a member is refused every roster command, each refusal audited, nothing else done")
    func memberRefused() throws {
        for (text, action) in [
            ("/danhsach", "list-members"), ("/capma 3", "reissue-invite"),
            ("/golienket 3", "unlink-accounts"),
        ] {
            let (replies, effects) = try decide(text, by: 2, code: "RAAAAAAAA2")
            #expect(replies.map(\.text) == [catalog.text(.staffOnly, .vi)])
            #expect(effects == [audit(2, action + "-refused", nil)])
        }
    }

    @Test(
        "/capma: a re-issue code for a member with an account, a first code for one without; out of reach refused"
    )
    func reissue() throws {
        let (replies, effects) = try decide("/capma 2", by: 1, code: "RAAAAAAAA2")
        let expires = 100 + 14 * 86_400
        #expect(
            effects == [
                .issueInvite(code: "RAAAAAAAA2", memberID: 2, purpose: .reissue, expiresAt: Int64(expires)),
                audit(1, "reissue-invite", "member 2"),
            ])
        #expect(replies.first?.text.contains("RAAAA-AAAA2") == true)
        #expect(
            replies.first?.text.contains(catalog.text(.staffReissuedLinked, .vi, ["accounts": "t"])) == true)
        let (_, first) = try decide("/capma 3", by: 1, code: "RBAAAAAAA2")
        #expect(
            first == [
                .issueInvite(code: "RBAAAAAAA2", memberID: 3, purpose: .first, expiresAt: Int64(expires)),
                audit(1, "issue-invite", "member 3"),
            ])
        // Tâm is in another branch: answered like nobody, and no code is issued.
        let (unknown, refused) = try decide("/capma 4", by: 1, code: "RCAAAAAAA2")
        #expect(unknown.map(\.text) == [catalog.text(.staffUnknownMember, .vi, ["who": "4"])])
        #expect(refused == [audit(1, "reissue-invite-refused", "4")])
    }

    @Test("/golienket asks first and keeps the question; nothing is unlinked by asking")
    func unlinkAsks() throws {
        let (replies, effects) = try decide("/golienket 2", by: 1)
        #expect(
            effects == [
                .awaitConfirmation(channel: "t", user: "u1", unlinkAn), audit(1, "unlink-asked", "member 2"),
            ])
        #expect(replies.first?.buttons.map(\.payload) == [Desk.confirmYes, Desk.confirmNo])
        // A messenger An has no account on: refused, nothing asked.
        let (_, none) = try decide("/golienket 2 zalo", by: 1)
        #expect(none == [audit(1, "unlink-accounts-refused", "member 2 (no account on zalo)")])
        // Bình has neither an account nor a code: nothing to unlink.
        let (_, nothing) = try decide("/golienket 3", by: 1)
        #expect(nothing == [audit(1, "unlink-accounts-refused", "member 3 (nothing to unlink)")])
        // The secretary's own account, in use for this very command.
        let (_, own) = try decide("/golienket 1", by: 1)
        #expect(own == [audit(1, "unlink-accounts-refused", "member 1 (the account in use)")])
    }

    @Test("only a yes unlinks; anything else cancels and does nothing; a command runs after the cancellation")
    func confirmation() throws {
        let clear = BotEffect.awaitConfirmation(channel: "t", user: "u1", nil)
        for yes in ["có", "co", "Có ạ", "1"] {
            let answered = try answer(unlinkAn, yes)
            #expect(
                answered.effects == [
                    clear, .unlinkAccounts(memberID: 2, channel: nil),
                    audit(1, "unlink-accounts", "member 2: 1"),
                ], "\(yes)")
            #expect(!answered.goesOn)
        }
        let pressed = try answer(unlinkAn, nil, button: Desk.confirmYes)
        #expect(pressed.effects.contains(.unlinkAccounts(memberID: 2, channel: nil)))
        for other in ["không", "2", "có lẽ không", "0", "dung", "ok?"] {
            let answered = try answer(unlinkAn, other)
            #expect(
                answered.effects == [clear, audit(1, "unlink-cancelled", "member 2")],
                "\(other) read as a yes")
            #expect(answered.replies.map(\.text) == [catalog.text(.staffUnlinkCancelledResend, .vi)])
            #expect(!answered.goesOn)
        }
        let command = try answer(unlinkAn, "/tiendo")
        #expect(command.effects == [clear, audit(1, "unlink-cancelled", "member 2")])
        #expect(command.goesOn)
        // Too old: a yes is refused; anything else goes on as if nothing had been asked.
        let late = 100 + Desk.confirmationSeconds + 1
        let lateYes = try answer(unlinkAn, "có", now: late)
        #expect(
            lateYes.effects == [clear, audit(1, "unlink-accounts-refused", "member 2 (question expired)")])
        #expect(!lateYes.goesOn)
        let lateOther = try answer(unlinkAn, "2", now: late)
        #expect(lateOther.effects == [clear, audit(1, "unlink-expired", "member 2")])
        #expect(lateOther.goesOn && lateOther.replies.isEmpty)
        // A button of a question already settled does nothing.
        let stale = try answer(nil, nil, button: Desk.confirmYes)
        #expect(stale.effects == [audit(1, "unlink-accounts-refused", "no question waiting")])
    }

    @Test("/danhsach of a branch of 40 fits a 2000-character channel, split between members, none cut")
    func longList() throws {
        for id in Int64(5)...Int64(41) {
            reads.people.append(
                (
                    MemberRecord(
                        id: id, branchID: 1, branchCode: "cb24", branchName: "Chi bộ 24",
                        committee: "Đảng ủy phường",
                        name: "Nguyễn Thị Phương Thảo \(id)", role: .member, revoked: false), .notStarted
                ))
            reads.invites[id] = InviteRecord(
                code: "X", memberID: id, purpose: .first, createdAt: 0, expiresAt: 2_000_000_000, usedAt: nil,
                voidedAt: nil)
        }
        let (replies, effects) = try decide("/danhsach", by: 1)
        #expect(effects == [audit(1, "list-members", "branch cb24 (40 members)")])
        let lines = try #require(replies.first?.text).split(separator: "\n").filter {
            $0.first?.isNumber == true
        }
        #expect(lines.count == 40)
        let parts = ReplyRenderer(capabilities: .plain).render(replies).compactMap { part -> String? in
            if case .text(let text, _) = part { return text }
            return nil
        }
        #expect(parts.count >= 2)
        #expect(parts.allSatisfy { $0.utf16.count <= 2000 })
        for line in lines {
            #expect(parts.filter { $0.contains(line) }.count == 1, "\(line) is cut or missing")
        }
    }

    @Test("a version is written after the member: v1, lần 1; a name alone has none")
    func versionSuffix() {
        #expect(Desk.versionSuffix("2 v1")! == ("2", 1))
        #expect(Desk.versionSuffix("cb24 2 lần 3")! == ("cb24 2", 3))
        #expect(Desk.versionSuffix("Nguyễn Văn An V2")! == ("Nguyễn Văn An", 2))
        #expect(Desk.versionSuffix("Nguyễn Văn An") == nil)
        #expect(Desk.versionSuffix("v1") == nil)
    }
}
