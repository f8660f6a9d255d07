import TusoiEngine
import TusoiStore

/// The door: once the store has members, only identities bound to an active member may chat.
///
/// An unknown identity can only redeem an invite code; everything else gets a polite explanation of
/// how to get one. Wrong codes are counted per identity and throttled by the store.
struct Admission {
    enum Verdict {
        case admitted(MemberRecord)
        /// The identity just redeemed a code: greet them, then start.
        case welcomed(MemberRecord, Reply)
        case refused(Reply)
    }

    let store: SessionStore
    let catalog: Catalog

    func check(_ message: InboundMessage, now: Int64) throws -> Verdict {
        if let member = try store.member(channel: message.channel, user: message.user) {
            return member.revoked
                ? .refused(Reply(text: catalog.text(.memberRevoked, .vi))) : .admitted(member)
        }
        guard let code = message.text.flatMap(InviteCode.read) else {
            return .refused(
                Reply(text: catalog.text(.inviteNeeded, .vi) + "\n\n" + catalog.text(.inviteNeeded, .en)))
        }
        switch try store.redeem(code: code, channel: message.channel, user: message.user, now: now) {
        case .bound(let member):
            let text = catalog.text(.inviteWelcome, .vi, ["name": member.name, "branch": member.branchName])
            return .welcomed(member, Reply(text: text))
        case .refused:
            return .refused(Reply(text: catalog.text(.inviteRefused, .vi)))
        case .throttled(let until):
            let minutes = String(max(1, (until - now + 59) / 60))
            return .refused(Reply(text: catalog.text(.inviteThrottled, .vi, ["minutes": minutes])))
        }
    }
}
