import TusoiEngine
import TusoiStore

/// What a decider wants done, as data: the ``EffectApplier`` carries it out, in order, inside the
/// batch's transaction. Deciders never write; they are tested by comparing whole effect lists.
///
/// Effects about "the session" concern the session of the message being handled: the one it
/// continues, or the one a `startSession` before them opened.
enum BotEffect: Equatable, Sendable {
    /// Open a new session for the message's sender; the effects after it are about that session.
    case startSession(questionnaireRow: Int64, campaignID: Int64?, memberID: Int64?)
    /// Keep the message and the replies it got, for the record and for replays. Every message that
    /// is not a replay gets exactly one, before any answer it carries.
    case recordMessage(replies: [Reply], inSession: Bool)
    /// A new revision of an answer of the session.
    case recordAnswer(key: String, answer: Answer)
    /// An answer of the session no longer stands.
    case clearAnswer(key: String)
    /// Something that happened to the session: submitted (with the member's copy), paused…
    case sessionEvent(SessionEventKind, document: String?)
    /// The draft is set aside with its answers; the member goes on in a new session of the same
    /// questionnaire and campaign, starting from `state`.
    indirect case restartSession(
        state: SessionState, questionnaireRow: Int64, campaignID: Int64?, memberID: Int64?)
    /// A submitted self-review of another member was returned for revision and is open again.
    indirect case reopened(memberID: Int64, sessionID: Int64, state: SessionState, comment: String)
    /// The branch's conclusion on a submitted self-review: kept in its history (`document`: the
    /// comment and the proposed rating, as JSON), the member's state updated to await their answer.
    indirect case concluded(memberID: Int64, sessionID: Int64, state: SessionState, document: String)
    /// Queue messages for every messenger identity of a member (reminders, notifications).
    case notify(memberID: Int64, replies: [Reply], kind: NotificationKind)
    /// One line of the audit log.
    case audit(AuditLine)
    /// The identity wrote again: it has not blocked the bot.
    case unblock(channel: String, user: String)
    /// Bind the identity to the code's member, use the code, void the member's other codes and
    /// forget the identity's wrong codes.
    case redeemInvite(code: String, memberID: Int64, channel: String, user: String)
    /// A new code for the member, their earlier ones void (a secretary's `/capma`).
    case issueInvite(code: String, memberID: Int64, purpose: InviteRecord.Purpose, expiresAt: Int64)
    /// Unbind the member's messenger accounts (those of `channel` only, if set) and void their codes.
    case unlinkAccounts(memberID: Int64, channel: String?)
    /// Keep a command waiting for the yes of this identity (replacing any earlier one); nil: clear it.
    case awaitConfirmation(channel: String, user: String, PendingConfirmation?)
    /// Count a wrong code of the identity.
    case inviteFailed(channel: String, user: String, InviteFailures)
    /// A reminder timer was handled: fired, or dropped because the member moved on.
    case settleTimer(id: Int64, fired: Bool)
}

/// What can happen to a session, as its history records it.
enum SessionEventKind: String, Sendable {
    case submitted, discarded, paused, returned, concluded
    case tookIn = "took-in"
}

/// Why the bot starts a message to a member.
enum NotificationKind: String, Sendable {
    case reminder, submitted, returned, concluded
    case device
}

/// One line of the audit log: who (a member, a messenger identity, the operator), what, to whom.
struct AuditLine: Equatable, Sendable {
    var actor: String
    var action: String
    var subject: String?
    var channel: String?

    /// A messenger identity, as the audit log names one.
    static func identity(_ channel: String, _ user: String) -> String { "\(channel):\(user)" }
}
