import TusoiEngine
import TusoiStore
import TusoiWire

/// The door: decides who may talk to the bot, from what the store knows of the sender.
///
/// A group chat is refused. Once the store has members, only identities bound to an active member
/// may chat; an unknown identity can only redeem an invite code. Every refusal, and every
/// redemption, is audited with the identity that tried.
///
/// A code works once, only before it expires, only while it is the member's latest code, and only
/// for a member's first account, unless it was issued for another account on purpose (a re-issue):
/// then the member's other accounts and the branch's secretaries are told.
enum Door {
    /// What the store knows that the door needs, loaded before deciding.
    struct View: Equatable, Sendable {
        /// Whether the store has members at all: until then the bot is open to anyone.
        var rosterInUse: Bool
        /// The member the sender's identity is bound to, revoked or not.
        var bound: MemberRecord?
        /// The invite code the message carries, if it reads as one.
        var code: String?
        var invite: InviteRecord?
        /// The code's member, and whether they have an account linked already.
        var inviteMember: MemberRecord?
        var inviteMemberLinked = false
        /// The secretaries of the code's member's branch (told when a second account is linked).
        var secretaries: [Int64] = []
        var failures: InviteFailures?
    }

    enum Verdict: Equatable, Sendable {
        /// The sender goes on to their conversation (or a staff command); `member` is nil on an open bot.
        case admitted(MemberRecord?, [BotEffect])
        /// The sender just redeemed a code: greet them, then start.
        case welcomed(MemberRecord, Reply, [BotEffect])
        /// The message is answered with `reply` and goes no further.
        case refused(Reply, [BotEffect])
    }

    static func decide(
        _ message: InboundMessage, view: View, isStaffCommand: Bool, catalog: Catalog, now: Int64
    ) -> Verdict {
        var who: String { AuditLine.identity(message.channel, message.user) }
        func refusedCommand(_ reason: String) -> [BotEffect] {
            guard isStaffCommand, let text = message.text,
                let command = StaffCommand.parse(text, names: catalog.commandNames)
            else { return [] }
            return [
                .audit(
                    AuditLine(
                        actor: who, action: command.auditName + "-refused", subject: reason,
                        channel: message.channel))
            ]
        }
        if message.chatType == .group {
            let reply = Reply(text: catalog.text(.groupChat, .vi) + "\n\n" + catalog.text(.groupChat, .en))
            return .refused(reply, refusedCommand("group chat"))
        }
        guard view.rosterInUse else { return .admitted(nil, []) }
        let unblock = BotEffect.unblock(channel: message.channel, user: message.user)
        if let member = view.bound {
            if member.revoked {
                return .refused(
                    Reply(text: catalog.text(.memberRevoked, .vi)), refusedCommand("not an active member"))
            }
            return .admitted(member, [unblock])
        }
        guard let code = view.code else {
            return .refused(
                Reply(text: catalog.text(.inviteNeeded, .vi) + "\n\n" + catalog.text(.inviteNeeded, .en)),
                refusedCommand("not an active member"))
        }
        func audit(_ action: String, _ subject: String) -> BotEffect {
            .audit(AuditLine(actor: who, action: action, subject: subject, channel: message.channel))
        }
        var count = view.failures?.count ?? 0
        if let last = view.failures?.lastAt {
            if now - last >= SessionStore.throttleSeconds { count = 0 }
            if count >= SessionStore.allowedFailures {
                let until = last + SessionStore.throttleSeconds
                let minutes = String(max(1, (until - now + 59) / 60))
                return .refused(
                    Reply(text: catalog.text(.inviteThrottled, .vi, ["minutes": minutes])),
                    [audit("redeem-invite-refused", "throttled")])
            }
        }
        guard let reason = refusal(view, now: now) else {
            guard let invite = view.invite, let member = view.inviteMember else {
                preconditionFailure("a usable invite has a member")
            }
            var effects: [BotEffect] = [
                .redeemInvite(code: code, memberID: member.id, channel: message.channel, user: message.user),
                audit(
                    invite.purpose == .reissue ? "redeem-invite-device" : "redeem-invite",
                    "member \(member.id)"),
            ]
            if invite.purpose == .reissue && view.inviteMemberLinked {
                // The member's other accounts, and the secretaries, hear of the new one at once.
                let values = ["name": member.name, "channel": displayName(ofChannel: message.channel)]
                effects.append(
                    .notify(
                        memberID: member.id, replies: [Reply(text: catalog.text(.deviceAdded, .vi, values))],
                        kind: .device))
                for secretary in view.secretaries where secretary != member.id {
                    effects.append(
                        .notify(
                            memberID: secretary,
                            replies: [Reply(text: catalog.text(.notifyDeviceAdded, .vi, values))],
                            kind: .device))
                }
            }
            let text = catalog.text(.inviteWelcome, .vi, ["name": member.name, "branch": member.branchName])
            return .welcomed(member, Reply(text: text), effects)
        }
        return .refused(
            Reply(text: catalog.text(.inviteRefused, .vi)),
            [
                .inviteFailed(
                    channel: message.channel, user: message.user,
                    InviteFailures(count: count + 1, lastAt: now)),
                audit("redeem-invite-refused", reason),
            ])
    }

    /// Why the code in the view cannot be used (for the audit log; the sender gets one answer for all,
    /// so that codes cannot be probed), or nil when it can.
    static func refusal(_ view: View, now: Int64) -> String? {
        guard let invite = view.invite, let member = view.inviteMember else { return "unknown code" }
        if invite.usedAt != nil { return "used code of member \(member.id)" }
        if invite.voidedAt != nil { return "voided code of member \(member.id)" }
        if invite.expiresAt <= now { return "expired code of member \(member.id)" }
        if member.revoked { return "code of revoked member \(member.id)" }
        if view.inviteMemberLinked && invite.purpose != .reissue {
            return "code of member \(member.id), who is linked already"
        }
        return nil
    }

    /// A messenger's name as people write it.
    static func displayName(ofChannel channel: String) -> String {
        switch channel.lowercased() {
        case "telegram": return "Telegram"
        case "zalo": return "Zalo"
        default: return channel
        }
    }
}
