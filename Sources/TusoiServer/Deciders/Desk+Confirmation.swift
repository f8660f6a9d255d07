import Foundation
import TusoiEngine
import TusoiStore

/// The secretary's answer to a command that waits for their yes (`/golienket`): the next message
/// from the identity that was asked. Only a yes acts; anything else cancels, and nothing is done.
extension Desk {
    /// How long a question waits: after that, a yes is refused and other messages go on as usual.
    static let confirmationSeconds: Int64 = 15 * 60
    /// The payloads of the question's buttons; a desk button is never an answer of the self-review.
    static let confirmYes = "s/yes"
    static let confirmNo = "s/no"
    static let buttonPrefix = "s/"

    /// What the answer decided.
    struct Answered {
        var replies: [Reply]
        var effects: [BotEffect]
        /// Whether the message then goes on as it would have without the question: a staff command
        /// (after the cancellation is said), or anything once the question is too old.
        var goesOn: Bool
    }

    /// Decides the message that answers `pending` (nil: a stale button of a question already
    /// settled). `command` is the message read as a staff command, if it is one.
    static func answer(
        _ pending: PendingConfirmation?, text: String?, button: String?, command: StaffCommand?,
        reads: any DeskReads, catalog: Catalog, actor: MemberRecord, channel: String, user: String, now: Int64
    ) throws -> Answered {
        var desk = Desk(reads: reads, catalog: catalog, actor: actor, channel: channel, user: user, now: now)
        let isButton = button?.hasPrefix(buttonPrefix) ?? false
        let yes = button == confirmYes || (button == nil && text.map { desk.isYes($0) } ?? false)
        guard let pending else {
            desk.audit("unlink-accounts-refused", subject: "no question waiting")
            return Answered(
                replies: [Reply(text: desk.text(.staffConfirmStale))], effects: desk.effects, goesOn: false)
        }
        desk.emit(.awaitConfirmation(channel: channel, user: user, nil))
        let subject = "member \(pending.memberID)" + (pending.memberChannel.map { " on \($0)" } ?? "")
        if now - pending.askedAt > confirmationSeconds {
            guard yes || isButton else {
                desk.audit("unlink-expired", subject: subject)
                return Answered(replies: [], effects: desk.effects, goesOn: true)
            }
            desk.audit("unlink-accounts-refused", subject: subject + " (question expired)")
            let minutes = String(confirmationSeconds / 60)
            return Answered(
                replies: [Reply(text: desk.text(.staffConfirmExpired, ["minutes": minutes]))],
                effects: desk.effects,
                goesOn: false)
        }
        guard yes else {
            desk.audit("unlink-cancelled", subject: subject)
            // A plain answer may have been meant for the secretary's own self-review: say so.
            let key: MessageKey =
                command == nil && !isButton ? .staffUnlinkCancelledResend : .staffUnlinkCancelled
            return Answered(
                replies: [Reply(text: desk.text(key))], effects: desk.effects,
                goesOn: command != nil && !isButton)
        }
        return Answered(
            replies: [try desk.unlink(pending, subject: subject)], effects: desk.effects, goesOn: false)
    }

    /// Whether a typed answer is a yes: a word of `words.yes` and nothing else, without a question
    /// mark, or "1" (the first of the numbered options where the channel has no buttons).
    func isYes(_ text: String) -> Bool {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        // "ok?" asks back; it is no yes.
        guard !trimmed.contains("?") else { return false }
        if Folding.fold(trimmed) == "1" { return true }
        return catalog.vocabulary.meanings(of: trimmed) == [.yes]
    }

    /// Carries out a confirmed unlink, with the member still within reach.
    private mutating func unlink(_ pending: PendingConfirmation, subject: String) throws -> Reply {
        let reachable = Set(try reach().map(\.id))
        guard pending.actorID == actor.id,
            let member = try reads.members().first(where: {
                $0.id == pending.memberID && reachable.contains($0.branchID)
            })
        else {
            audit("unlink-accounts-refused", subject: subject + " (out of reach)")
            return Reply(text: text(.staffUnknownMember, ["who": String(pending.memberID)]))
        }
        let accounts = try reads.identities(memberID: member.id).filter { identity in
            pending.memberChannel.map { identity.channel == $0 } ?? true
        }
        emit(.unlinkAccounts(memberID: member.id, channel: pending.memberChannel))
        if let only = pending.memberChannel, !accounts.isEmpty {
            // The member's other accounts hear of it: a phone taken without their knowing shows here.
            let language = try reads.session(ofMember: member.id)?.state.language ?? .vi
            let told = catalog.text(
                .deviceRemoved, language, ["name": member.name, "channel": Door.displayName(ofChannel: only)])
            emit(.notify(memberID: member.id, replies: [Reply(text: told)], kind: .device))
        }
        audit(
            "unlink-accounts",
            subject: "member \(member.id): \(accounts.count)"
                + (pending.memberChannel.map { " on \($0)" } ?? ""))
        let values = [
            "name": member.name, "count": String(accounts.count), "number": try reference(member),
            "accounts": Self.channelNames(accounts.map(\.channel)),
        ]
        return Reply(text: text(accounts.isEmpty ? .staffUnlinkedCode : .staffUnlinked, values))
    }
}
