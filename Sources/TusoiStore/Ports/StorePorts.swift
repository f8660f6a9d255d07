import TusoiEngine

/// The conversations' record: sessions, the messages in and out, answers and their history.
///
/// Everything above the store reaches the record through these ports, never through SQL: a second
/// backend implements them and nothing above changes.
public protocol SessionPort: AnyObject {
    func latestSession(channel: String, user: String) throws -> StoredSession?
    func latestSession(memberID: Int64) throws -> StoredSession?
    func currentAnswers(sessionID: Int64) throws -> [String: Answer]
    func createSession(
        channel: String, user: String, chat: String, questionnaireRow: Int64, state: SessionState,
        memberID: Int64?, campaignID: Int64?, now: Int64
    ) throws -> Int64
    func updateSession(id: Int64, state: SessionState, now: Int64) throws
    func markDiscarded(id: Int64, now: Int64) throws
    /// The stored replies of a message seen before, for a replay; nil for a new message.
    func replies(channel: String, chat: String, messageID: String) throws -> String?
    func recordInbound(_ record: InboundRecord) throws -> Int64
    func recordAnswer(sessionID: Int64, key: String, answer: Answer, inboundID: Int64?, now: Int64) throws
    func clearAnswer(sessionID: Int64, key: String, inboundID: Int64?, now: Int64) throws
    func recordEvent(sessionID: Int64, kind: String, inboundID: Int64?, now: Int64, document: String?) throws
    func answerHistory(sessionID: Int64) throws -> [(key: String, revision: Int, answer: Answer)]
    func history(sessionID: Int64) throws -> [(kind: String, at: Int64, document: String?)]
    func submittedDocument(sessionID: Int64) throws -> (document: String, at: Int64)?
    /// The answers as they stood at the session's `number`th submission (from 1); nil when there
    /// was none: an earlier version of a self-review returned for revision.
    func answers(sessionID: Int64, asOfSubmission number: Int) throws -> [String: Answer]?
    func progress(branchCode: String?, campaignID: Int64?) throws -> [MemberProgress]
    func questionnaireRow(name: String, version: String, source: String, now: Int64) throws -> Int64
    func questionnaireSource(row: Int64) throws -> (name: String, source: String)?
}

/// Who is who: branches, members, the messenger identities bound to them, invite codes.
public protocol RosterPort: AnyObject {
    func hasRoster() throws -> Bool
    func branches() throws -> [(id: Int64, code: String, name: String, committee: String)]
    func branchID(code: String) throws -> Int64?
    func member(id: Int64) throws -> MemberRecord?
    func members(branchCode: String?) throws -> [MemberRecord]
    func member(channel: String, user: String) throws -> MemberRecord?
    func hasIdentity(memberID: Int64) throws -> Bool
    func identities(memberID: Int64) throws -> [BoundIdentity]
    func bindIdentity(channel: String, user: String, memberID: Int64, now: Int64) throws
    func unblock(channel: String, user: String) throws
    func invite(code: String) throws -> InviteRecord?
    func useInvite(code: String, now: Int64) throws
    /// Voids every unused code of the member (a newer code was issued, or one was redeemed).
    func voidInvites(memberID: Int64, now: Int64) throws
    func usableInvite(memberID: Int64, now: Int64) throws -> InviteRecord?
    /// Adds a code for the member, voiding their earlier ones.
    func addInvite(code: String, memberID: Int64, purpose: InviteRecord.Purpose, now: Int64, expiresAt: Int64)
        throws
    @discardableResult
    func unbindIdentities(memberID: Int64, channel: String?) throws -> Int
    func inviteFailures(channel: String, user: String) throws -> InviteFailures?
    func setInviteFailures(channel: String, user: String, _ failures: InviteFailures?) throws
}

/// Campaigns: which questionnaire, which branches, from when to when.
public protocol CampaignPort: AnyObject {
    func hasCampaigns() throws -> Bool
    func campaigns() throws -> [CampaignRecord]
    func campaign(id: Int64) throws -> CampaignRecord?
    func openCampaign(branchID: Int64, now: Int64) throws -> CampaignRecord?
}

/// The messages the bot starts (reminders, notifications), until the bridge confirms them.
public protocol OutboxPort: AnyObject {
    @discardableResult
    func enqueue(channel: String, chat: String, memberID: Int64?, kind: String, replies: String, now: Int64)
        throws -> Int64
    func pendingOutbox(now: Int64, limit: Int) throws -> [OutboxItem]
    func markDelivered(outboxID: Int64, now: Int64) throws
    func markUndelivered(outboxID: Int64, reason: String, now: Int64) throws
}

/// The campaigns' reminders, stored so that a restart neither loses nor repeats one.
public protocol TimerPort: AnyObject {
    func ensureTimers(now: Int64) throws
    func dueTimers(now: Int64, limit: Int) throws -> [TimerRecord]
    func activity(memberID: Int64, campaignID: Int64) throws -> CampaignActivity
    func settleTimer(id: Int64, fired: Bool, now: Int64) throws
}

/// The secretaries' commands that wait for a yes, one per messenger identity.
public protocol ConfirmationPort: AnyObject {
    func pendingConfirmation(channel: String, user: String) throws -> PendingConfirmation?
    /// Sets the identity's waiting command (replacing any earlier one), or clears it with nil.
    func setPendingConfirmation(channel: String, user: String, _ pending: PendingConfirmation?) throws
}

/// Who did what to whom, allowed or not.
public protocol AuditPort: AnyObject {
    func audit(actor: String, action: String, subject: String?, channel: String?, now: Int64) throws
}

/// A unit of work: everything in `transaction` is stored, or none of it; a savepoint undoes one
/// message's writes and lets the batch go on.
public protocol UnitOfWork: AnyObject {
    func transaction<T>(_ body: () throws -> T) throws -> T
    func savepoint<T>(_ body: () throws -> T) throws -> T
    /// False once the backend itself rolled the transaction back (some I/O errors do): the batch
    /// must then fail as a whole rather than go on outside a transaction.
    var isInsideTransaction: Bool { get }
    /// Moves the backend's housekeeping (checkpoints) off the writer, where it has any.
    func checkpointInBackground() throws
    /// From now on, a commit returns before it is durable, where the backend can do that safely; the
    /// returned ``CommitSync`` makes everything committed before it is called durable, on any thread,
    /// and must have returned before a commit is acknowledged. nil: each commit stays durable itself.
    func syncCommitsBehind() throws -> (any CommitSync)?
    /// Each commit durable in itself again, once what was committed meanwhile is synced.
    func syncCommitsAtCommit() throws
    /// Makes this process the store's only long-running writer, or throws ``StoreError/inUse(path:holder:)``.
    func claimSoleWriter() throws
    func close()
}

/// Makes commits durable after they returned (``UnitOfWork/syncCommitsBehind()``).
public protocol CommitSync: AnyObject, Sendable {
    /// Everything committed before this call is durable when it returns; throws when the disk
    /// failed, and then nothing committed since the last sync that returned may be acknowledged.
    func sync() throws
}

/// Everything the bot needs of a store: the ports, one backend behind all of them.
public typealias BotStore = SessionPort & RosterPort & CampaignPort & OutboxPort & TimerPort & AuditPort
    & ConfirmationPort & UnitOfWork

/// An invite code as stored: whose it is, what it is for, and whether it can still be used.
public struct InviteRecord: Equatable, Sendable {
    /// What a code lets its holder do.
    public enum Purpose: String, Sendable {
        /// Link the member's first messenger account.
        case first
        /// Link another account to a member who has one already (a new phone), issued on purpose.
        case reissue
    }

    public var code: String
    public var memberID: Int64
    public var purpose: Purpose
    public var createdAt: Int64
    public var expiresAt: Int64
    public var usedAt: Int64?
    /// When a newer code, or the redemption of another, made this one void.
    public var voidedAt: Int64?

    public init(
        code: String, memberID: Int64, purpose: Purpose, createdAt: Int64, expiresAt: Int64, usedAt: Int64?,
        voidedAt: Int64?
    ) {
        self.code = code
        self.memberID = memberID
        self.purpose = purpose
        self.createdAt = createdAt
        self.expiresAt = expiresAt
        self.usedAt = usedAt
        self.voidedAt = voidedAt
    }
}

/// How many wrong codes a messenger identity sent in a row, and when the last one came.
public struct InviteFailures: Equatable, Sendable {
    public var count: Int
    public var lastAt: Int64

    public init(count: Int, lastAt: Int64) {
        self.count = count
        self.lastAt = lastAt
    }
}
