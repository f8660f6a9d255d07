import Testing
import TusoiEngine
import TusoiStore
import TusoiWire

@testable import TusoiServer

/// The door decided without a store: whole verdicts, with every effect, from a view of what the
/// store knows.
@Suite("The door, decided")
struct DoorTests {
    let catalog: Catalog
    init() throws { catalog = try GoldenHarness.library().catalog }

    static let secretary = MemberRecord(
        id: 1, branchID: 1, branchCode: "cb24", branchName: "Chi bộ 24", committee: "Đảng ủy phường",
        name: "Phạm Thu Hà", role: .facilitator, revoked: false)

    func message(_ text: String, user: String = "666", chatType: InboundMessage.ChatType = .private)
        -> InboundMessage
    {
        InboundMessage(
            channel: "telegram", chat: user, user: user, messageID: "1", content: .text(text),
            chatType: chatType)
    }

    func view(_ invite: InviteRecord?, linked: Bool, failures: InviteFailures? = nil) -> Door.View {
        var view = Door.View(rosterInUse: true)
        view.code = invite?.code ?? "ZZZZZZZZZZ"
        view.invite = invite
        view.inviteMember = invite.map { _ in DoorTests.secretary }
        view.inviteMemberLinked = linked
        view.secretaries = [1, 9]
        view.failures = failures
        return view
    }

    func invite(purpose: InviteRecord.Purpose = .first, used: Int64? = nil, voided: Int64? = nil)
        -> InviteRecord
    {
        InviteRecord(
            code: "HAAAAAAAA2", memberID: 1, purpose: purpose, createdAt: 0, expiresAt: 10_000, usedAt: used,
            voidedAt: voided)
    }

    func refusal(_ subject: String, count: Int = 1) -> [BotEffect] {
        [
            .inviteFailed(channel: "telegram", user: "666", InviteFailures(count: count, lastAt: 100)),
            .audit(
                AuditLine(
                    actor: "telegram:666", action: "redeem-invite-refused", subject: subject,
                    channel: "telegram")),
        ]
    }

    @Test("the secretary's earlier code, voided by a later one, lets no stranger in, and the try is audited")
    func voidedCode() {
        let verdict = Door.decide(
            message("HAAAA-AAAA2"), view: view(invite(voided: 50), linked: true), isStaffCommand: false,
            catalog: catalog, now: 100)
        #expect(
            verdict
                == .refused(
                    Reply(text: catalog.text(.inviteRefused, .vi)), refusal("voided code of member 1")))
    }

    @Test("an unused first code of a member who has an account links nobody else")
    func firstCodeOfLinkedMember() {
        let verdict = Door.decide(
            message("HAAAA-AAAA2"), view: view(invite(), linked: true), isStaffCommand: false,
            catalog: catalog,
            now: 100)
        #expect(
            verdict
                == .refused(
                    Reply(text: catalog.text(.inviteRefused, .vi)),
                    refusal("code of member 1, who is linked already")))
    }

    @Test("a re-issued code links a second account, and the member's accounts and the secretaries are told")
    func reissue() {
        let verdict = Door.decide(
            message("HAAAA-AAAA2"), view: view(invite(purpose: .reissue), linked: true),
            isStaffCommand: false,
            catalog: catalog, now: 100)
        let values = ["name": "Phạm Thu Hà", "channel": "Telegram"]
        #expect(
            verdict
                == .welcomed(
                    DoorTests.secretary,
                    Reply(
                        text: catalog.text(
                            .inviteWelcome, .vi, ["name": "Phạm Thu Hà", "branch": "Chi bộ 24"])),
                    [
                        .redeemInvite(code: "HAAAAAAAA2", memberID: 1, channel: "telegram", user: "666"),
                        .audit(
                            AuditLine(
                                actor: "telegram:666", action: "redeem-invite-device", subject: "member 1",
                                channel: "telegram")),
                        .notify(
                            memberID: 1, replies: [Reply(text: catalog.text(.deviceAdded, .vi, values))],
                            kind: .device),
                        .notify(
                            memberID: 9,
                            replies: [Reply(text: catalog.text(.notifyDeviceAdded, .vi, values))],
                            kind: .device),
                    ]))
    }

    @Test("the fifth wrong code throttles; within 15 minutes even a good code is refused unread")
    func throttle() {
        let sixth = Door.decide(
            message("HAAAA-AAAA2"),
            view: view(invite(), linked: false, failures: InviteFailures(count: 5, lastAt: 90)),
            isStaffCommand: false, catalog: catalog, now: 100)
        #expect(
            sixth
                == .refused(
                    Reply(text: catalog.text(.inviteThrottled, .vi, ["minutes": "15"])),
                    [
                        .audit(
                            AuditLine(
                                actor: "telegram:666", action: "redeem-invite-refused", subject: "throttled",
                                channel: "telegram"))
                    ]))
        let later = Door.decide(
            message("HAAAA-AAAA2"),
            view: view(invite(), linked: false, failures: InviteFailures(count: 5, lastAt: 100 - 15 * 60)),
            isStaffCommand: false, catalog: catalog, now: 100)
        guard case .welcomed(let member, _, _) = later else {
            Issue.record("a good code after the throttle must bind: \(later)")
            return
        }
        #expect(member == DoorTests.secretary)
    }

    @Test("a staff command in a group chat is refused and audited; a bound member is admitted")
    func groupAndBound() {
        let group = Door.decide(
            message("/xemchibo", chatType: .group), view: Door.View(rosterInUse: false), isStaffCommand: true,
            catalog: catalog, now: 100)
        guard case .refused(_, let effects) = group else {
            Issue.record("a group chat must be refused")
            return
        }
        #expect(
            effects == [
                .audit(
                    AuditLine(
                        actor: "telegram:666", action: "pull-branch-refused", subject: "group chat",
                        channel: "telegram"))
            ])
        var bound = Door.View(rosterInUse: true)
        bound.bound = DoorTests.secretary
        #expect(
            Door.decide(message("có"), view: bound, isStaffCommand: false, catalog: catalog, now: 100)
                == .admitted(DoorTests.secretary, [.unblock(channel: "telegram", user: "666")]))
    }
}
