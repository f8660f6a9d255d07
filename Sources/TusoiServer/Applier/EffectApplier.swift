import TusoiEngine
import TusoiStore
import TusoiWire

/// Carries out deciders' effects: the only code that writes to the store while the bot serves.
///
/// Runs inside the batch's transaction (and the message's savepoint); it decides nothing, except
/// how a notification reaches a member (every identity that has not blocked the bot).
struct EffectApplier {
    let store: any BotStore

    /// The message the effects are about, if any.
    struct Inbound {
        var message: InboundMessage
        /// The session the message continues; a `startSession` or `restartSession` changes it.
        var sessionID: Int64?
    }

    /// What applying changed that the host keeps in memory.
    struct Applied {
        /// The message's session after the effects (a new one after a start or restart).
        var sessionID: Int64?
        /// Sessions of other members whose state changed (a return for revision).
        var reopened: [(memberID: Int64, sessionID: Int64, state: SessionState)] = []
        /// How many identities notifications reached.
        var notified = 0
    }

    /// Applies `effects` in order.
    /// - Parameters:
    ///   - inbound: the message being handled, for effects about it and its session.
    @discardableResult
    func apply(_ effects: [BotEffect], inbound: Inbound?, now: Int64) throws -> Applied {
        var applied = Applied(sessionID: inbound?.sessionID)
        var inboundID: Int64?
        for effect in effects {
            switch effect {
            case .startSession(let row, let campaignID, let memberID):
                let message = try required(inbound)
                applied.sessionID = try store.createSession(
                    channel: message.message.channel, user: message.message.user, chat: message.message.chat,
                    questionnaireRow: row, state: SessionState(), memberID: memberID, campaignID: campaignID,
                    now: now)
            case .recordMessage(let replies, let inSession):
                let message = try required(inbound).message
                inboundID = try store.recordInbound(
                    InboundRecord(
                        channel: message.channel, chat: message.chat, messageID: message.messageID,
                        user: message.user, sessionID: inSession ? applied.sessionID : nil,
                        sentAt: message.time,
                        receivedAt: now, text: message.text, button: message.button,
                        repliesUTF8: ReplyCoding.encodeUTF8(replies)))
            case .recordAnswer(let key, let answer):
                try store.recordAnswer(
                    sessionID: try required(applied.sessionID), key: key, answer: answer,
                    inboundID: inboundID,
                    now: now)
            case .clearAnswer(let key):
                try store.clearAnswer(
                    sessionID: try required(applied.sessionID), key: key, inboundID: inboundID, now: now)
            case .sessionEvent(let kind, let document):
                try store.recordEvent(
                    sessionID: try required(applied.sessionID), kind: kind.rawValue, inboundID: inboundID,
                    now: now, document: document)
            case .restartSession(let state, let row, let campaignID, let memberID):
                let message = try required(inbound).message
                let old = try required(applied.sessionID)
                try store.recordEvent(
                    sessionID: old, kind: SessionEventKind.discarded.rawValue, inboundID: inboundID, now: now,
                    document: nil)
                try store.markDiscarded(id: old, now: now)
                applied.sessionID = try store.createSession(
                    channel: message.channel, user: message.user, chat: message.chat,
                    questionnaireRow: row, state: state, memberID: memberID, campaignID: campaignID, now: now)
            case .reopened(let memberID, let sessionID, let state, let comment):
                try store.recordEvent(
                    sessionID: sessionID, kind: SessionEventKind.returned.rawValue, inboundID: nil, now: now,
                    document: comment)
                applied.reopened.append((memberID, sessionID, state))
            case .concluded(let memberID, let sessionID, let state, let document):
                try store.recordEvent(
                    sessionID: sessionID, kind: SessionEventKind.concluded.rawValue, inboundID: nil, now: now,
                    document: document)
                applied.reopened.append((memberID, sessionID, state))
            case .notify(let memberID, let replies, let kind):
                let encoded = ReplyCoding.encode(replies)
                for identity in try store.identities(memberID: memberID) where !identity.blocked {
                    // Private chats have the member's id as chat id on every messenger we know.
                    try store.enqueue(
                        channel: identity.channel, chat: identity.user, memberID: memberID,
                        kind: kind.rawValue,
                        replies: encoded, now: now)
                    applied.notified += 1
                }
            case .audit(let line):
                try store.audit(
                    actor: line.actor, action: line.action, subject: line.subject, channel: line.channel,
                    now: now)
            case .unblock(let channel, let user):
                try store.unblock(channel: channel, user: user)
            case .redeemInvite(let code, let memberID, let channel, let user):
                try store.useInvite(code: code, now: now)
                try store.voidInvites(memberID: memberID, now: now)
                try store.bindIdentity(channel: channel, user: user, memberID: memberID, now: now)
                try store.setInviteFailures(channel: channel, user: user, nil)
            case .issueInvite(let code, let memberID, let purpose, let expiresAt):
                try store.addInvite(
                    code: code, memberID: memberID, purpose: purpose, now: now, expiresAt: expiresAt)
            case .unlinkAccounts(let memberID, let channel):
                try store.unbindIdentities(memberID: memberID, channel: channel)
                try store.voidInvites(memberID: memberID, now: now)
            case .awaitConfirmation(let channel, let user, let pending):
                try store.setPendingConfirmation(channel: channel, user: user, pending)
            case .inviteFailed(let channel, let user, let failures):
                try store.setInviteFailures(channel: channel, user: user, failures)
            case .settleTimer(let id, let fired):
                try store.settleTimer(id: id, fired: fired, now: now)
            }
        }
        return applied
    }

    private func required<T>(_ value: T?) throws -> T {
        guard let value else { throw EffectError.outOfContext }
        return value
    }
}

/// A decider produced an effect the applier cannot place: a bug, never a member's doing.
enum EffectError: Error, CustomStringConvertible {
    case outOfContext

    var description: String { "an effect about a message or session came without one" }
}
