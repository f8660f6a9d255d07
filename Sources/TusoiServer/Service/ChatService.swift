import TusoiEngine
import TusoiStore

/// Runs members' conversations over the store: admits the sender, finds their session, runs the
/// reducer, records the effects; hands the facilitator's commands to the ``StaffDesk``.
///
/// Used by both `serve` and `chat`. The caller wraps a batch of ``handle(_:now:)`` calls and one
/// ``flush(now:)`` in a transaction, and calls ``forgetCache()`` if that transaction fails.
public final class ChatService {
    /// What a message produced: the replies, and whether they are a replay of a message seen before.
    public struct Outcome: Equatable, Sendable {
        public var replies: [Reply]
        public var replay: Bool
        /// Whether the member asked to stop for now.
        public var paused: Bool = false
    }

    /// Whose session it is: a member's (whatever messenger they write from), or, in a store without
    /// a roster, a messenger identity's.
    enum Owner: Hashable {
        case identity(channel: String, user: String)
        case member(Int64)
    }

    struct LiveSession {
        var id: Int64
        var questionnaireRow: Int64
        var campaignID: Int64?
        var state: SessionState
        var dirty: Bool
        /// The steps that apply to `state.answers`, kept between messages (see `Conversation.reduce`).
        var steps: [Step]? = nil

        init(_ stored: StoredSession) {
            self.init(
                id: stored.id, questionnaireRow: stored.questionnaireRow, campaignID: stored.campaignID,
                state: stored.state, dirty: false)
        }

        init(id: Int64, questionnaireRow: Int64, campaignID: Int64?, state: SessionState, dirty: Bool) {
            self.id = id
            self.questionnaireRow = questionnaireRow
            self.campaignID = campaignID
            self.state = state
            self.dirty = dirty
        }
    }

    public let store: SessionStore
    public let library: PromptLibrary
    let shelf: QuestionnaireShelf
    private var sessions: [Owner: LiveSession] = [:]
    /// Sessions changed by the message being handled, put in `sessions` once its savepoint is released.
    private var changed: [Owner: LiveSession] = [:]
    /// The sessions in `sessions` whose state changed since the last flush, which writes them.
    private var unsaved: Set<Owner> = []
    private let cacheLimit: Int
    /// Set once the store has members: from then on the bot is closed to unknown identities.
    private var rosterSeen = false
    /// Set once the store was seen without members in this batch: members are added by other
    /// processes only, which cannot write during the batch's transaction. Cleared by the flush.
    private var noRosterInBatch = false
    /// Set once the store has campaigns: from then on members work inside an open campaign only.
    private var campaignsSeen = false
    /// Fellow members for `member` questions in a store without a roster (tests, previews); once the
    /// store has members, a member's branch is used.
    public var roster: (_ channel: String, _ user: String) -> [RosterEntry] = { _, _ in [] }
    /// Each branch's members for `member` questions, read once a batch.
    private var branchRosters: [Int64: [RosterEntry]] = [:]

    var catalog: Catalog { library.catalog }

    /// - Parameters:
    ///   - questionnaireID: the questionnaire new sessions start on when no campaign says otherwise.
    ///   - cacheLimit: how many sessions are kept in memory between messages.
    public init(
        store: SessionStore, library: PromptLibrary, questionnaireID: String, cacheLimit: Int = 10_000
    )
        throws(ServiceError)
    {
        self.store = store
        self.library = library
        self.shelf = try QuestionnaireShelf(store: store, library: library, defaultID: questionnaireID)
        self.cacheLimit = cacheLimit
    }

    /// Handles one message: replays the stored replies of a message seen before, else runs the reducer.
    ///
    /// Runs inside a savepoint of the caller's transaction: if anything fails, what the message wrote
    /// is undone and nothing it changed stays in memory either; earlier messages of the batch stand.
    public func handle(_ message: InboundMessage, now: Int64) throws -> Outcome {
        changed.removeAll(keepingCapacity: true)
        do {
            let outcome = try store.savepoint { try handleInSavepoint(message, now: now) }
            for (owner, session) in changed {
                sessions[owner] = session
                if session.dirty { unsaved.insert(owner) }
            }
            changed.removeAll(keepingCapacity: true)
            return outcome
        } catch {
            changed.removeAll()
            shelf.forget()
            throw error
        }
    }

    private func handleInSavepoint(_ message: InboundMessage, now: Int64) throws -> Outcome {
        if let stored = try store.replies(
            channel: message.channel, chat: message.chat, messageID: message.messageID)
        {
            return Outcome(replies: ReplyCoding.decode(stored) ?? [], replay: true)
        }
        if message.chatType == .group {
            let reply = Reply(text: catalog.text(.groupChat, .vi) + "\n\n" + catalog.text(.groupChat, .en))
            try auditRefusedCommand(message, reason: "group chat", now: now)
            return try refuse(message, with: reply, now: now)
        }
        var welcome: [Reply] = []
        var member: MemberRecord?
        if try rosterInUse() {
            switch try Admission(store: store, catalog: catalog).check(message, now: now) {
            case .admitted(let admitted): member = admitted
            case .welcomed(let admitted, let reply):
                member = admitted
                welcome = [reply]
            case .refused(let reply):
                try auditRefusedCommand(message, reason: "not an active member", now: now)
                return try refuse(message, with: reply, now: now)
            }
            try store.unblock(channel: message.channel, user: message.user)
        }
        if let member, welcome.isEmpty, let text = message.text,
            let command = StaffCommand.parse(text, names: catalog.commandNames)
        {
            let desk = StaffDesk(service: self, actor: member, channel: message.channel, now: now)
            let replies = try desk.run(command)
            try record(message, sessionID: nil, replies: replies, now: now)
            return Outcome(replies: replies, replay: false)
        }
        let owner: Owner =
            member.map { .member($0.id) } ?? .identity(channel: message.channel, user: message.user)
        var session: LiveSession
        switch try lookup(owner, member: member, message: message, now: now) {
        case .found(let found): session = found
        case .refused(let reply): return try refuse(message, with: reply, now: now)
        }
        let context = ConversationContext(
            questionnaire: try shelf.questionnaire(row: session.questionnaireRow), catalog: catalog, now: now,
            roster: try member.map(roster) ?? roster(message.channel, message.user))
        let event: Event =
            welcome.isEmpty
            ? message.button.map(Event.button) ?? message.text.map(Event.text) ?? .open : .open
        let effects = Conversation.reduce(
            into: &session.state, event: event, context: context, steps: &session.steps)
        let replies = welcome + effects.replies
        let inboundID = try record(message, sessionID: session.id, replies: replies, now: now)
        for effect in effects {
            switch effect {
            case .reply, .reopened: break
            case .record(let key, let answer):
                try store.recordAnswer(
                    sessionID: session.id, key: key, answer: answer, inboundID: inboundID, now: now)
            case .clear(let key):
                try store.clearAnswer(sessionID: session.id, key: key, inboundID: inboundID, now: now)
            case .submitted:
                let document = replies.compactMap(\.attachment).first?.text
                let again = try store.submittedDocument(sessionID: session.id) != nil
                try store.recordEvent(
                    sessionID: session.id, kind: "submitted", inboundID: inboundID, now: now,
                    document: document)
                if let member {
                    try StaffDesk.notifySubmission(
                        of: member, campaignID: session.campaignID, again: again, service: self, now: now)
                }
            case .discarded:
                // The discarded draft keeps its answers; the member goes on in a new session.
                try store.recordEvent(
                    sessionID: session.id, kind: "discarded", inboundID: inboundID, now: now, document: nil)
                try store.markDiscarded(id: session.id, now: now)
                session.id = try store.createSession(
                    channel: message.channel, user: message.user, chat: message.chat,
                    questionnaireRow: session.questionnaireRow, state: session.state, memberID: member?.id,
                    campaignID: session.campaignID, now: now)
            case .paused:
                try store.recordEvent(
                    sessionID: session.id, kind: "paused", inboundID: inboundID, now: now, document: nil)
            }
        }
        session.dirty = true
        changed[owner] = session
        return Outcome(replies: replies, replay: false, paused: effects.contains(.paused))
    }

    /// A facilitator's command sent where no command may run (a group chat, by a stranger or a revoked
    /// member) is refused like any message, and written to the audit log.
    private func auditRefusedCommand(_ message: InboundMessage, reason: String, now: Int64) throws {
        guard let text = message.text, let command = StaffCommand.parse(text, names: catalog.commandNames)
        else {
            return
        }
        try store.audit(
            actor: "\(message.channel):\(message.user)", action: command.auditName + "-refused",
            subject: reason,
            channel: message.channel, now: now)
    }

    private func refuse(_ message: InboundMessage, with reply: Reply, now: Int64) throws -> Outcome {
        try record(message, sessionID: nil, replies: [reply], now: now)
        return Outcome(replies: [reply], replay: false)
    }

    /// Whether members are registered; once they are, only bound identities may chat (checked until true).
    private func rosterInUse() throws -> Bool {
        if rosterSeen { return true }
        if noRosterInBatch { return false }
        rosterSeen = try store.hasRoster()
        noRosterInBatch = !rosterSeen
        return rosterSeen
    }

    private func campaignsInUse() throws -> Bool {
        if campaignsSeen { return true }
        campaignsSeen = try store.hasCampaigns()
        return campaignsSeen
    }

    private enum Lookup {
        case found(LiveSession)
        case refused(Reply)
    }

    /// The session the message continues: the owner's latest, or a new one. Once the store runs
    /// campaigns, a member works in the campaign open for their branch, and nowhere else.
    private func lookup(_ owner: Owner, member: MemberRecord?, message: InboundMessage, now: Int64) throws
        -> Lookup
    {
        let latest: LiveSession?
        if let cached = sessions[owner] {
            latest = cached
        } else {
            switch owner {
            case .member(let id): latest = try store.latestSession(memberID: id).map(LiveSession.init)
            case .identity(let channel, let user):
                latest = try store.latestSession(channel: channel, user: user).map(LiveSession.init)
            }
        }
        guard let member, try campaignsInUse() else {
            if let latest { return .found(latest) }
            return .found(
                try create(
                    message, member: member, row: try shelf.defaultRow(now: now), campaign: nil, now: now))
        }
        let open = try store.openCampaign(branchID: member.branchID, now: now)
        if let latest, let open, latest.campaignID == open.id { return .found(latest) }
        if let open {
            return .found(
                try create(message, member: member, row: open.questionnaireRow, campaign: open.id, now: now))
        }
        let language = latest?.state.language ?? .vi
        if let campaignID = latest?.campaignID, let ended = try store.campaign(id: campaignID) {
            let values = ["title": ended.title, "date": CampaignCalendar.day(ended.endsAt - 1)]
            return .refused(Reply(text: catalog.text(.campaignClosed, language, values)))
        }
        return .refused(Reply(text: catalog.text(.campaignNone, language)))
    }

    private func create(
        _ message: InboundMessage, member: MemberRecord?, row: Int64, campaign: Int64?, now: Int64
    ) throws -> LiveSession {
        let state = SessionState()
        let id = try store.createSession(
            channel: message.channel, user: message.user, chat: message.chat, questionnaireRow: row,
            state: state, memberID: member?.id, campaignID: campaign, now: now)
        return LiveSession(id: id, questionnaireRow: row, campaignID: campaign, state: state, dirty: false)
    }

    /// The member's fellow members, for `member` questions.
    private func roster(_ member: MemberRecord) throws -> [RosterEntry] {
        if let cached = branchRosters[member.branchID] { return cached.filter { $0.id != "m\(member.id)" } }
        let entries = try store.members(branchCode: member.branchCode).filter { !$0.revoked }.map {
            RosterEntry(id: "m\($0.id)", name: $0.name)
        }
        branchRosters[member.branchID] = entries
        return entries.filter { $0.id != "m\(member.id)" }
    }

    // MARK: Sessions of other members (the facilitator's actions)

    /// A member's current session as the service knows it (the cache is ahead of the store).
    func currentSession(ofMember memberID: Int64) throws -> LiveSession? {
        let owner = Owner.member(memberID)
        if let session = changed[owner] ?? sessions[owner] { return session }
        return try store.latestSession(memberID: memberID).map(LiveSession.init)
    }

    /// Sends a member's submitted self-review back for revision: the reducer reopens it, the member
    /// is told through the outbox, and the comment is kept with the session's history.
    ///
    /// - Returns: false when the member's latest self-review is not a submitted one.
    func returnForRevision(memberID: Int64, comment: String, now: Int64) throws -> Bool {
        guard var session = try currentSession(ofMember: memberID), session.state.phase == .submitted else {
            return false
        }
        let context = ConversationContext(
            questionnaire: try shelf.questionnaire(row: session.questionnaireRow), catalog: catalog, now: now)
        let effects = Conversation.reduce(
            into: &session.state, event: .returned(comment: comment), context: context, steps: &session.steps)
        guard effects.contains(.reopened) else { return false }
        try store.recordEvent(
            sessionID: session.id, kind: "returned", inboundID: nil, now: now, document: comment)
        try Notifier(store: store).send(effects.replies, toMember: memberID, kind: "returned", now: now)
        session.dirty = true
        changed[.member(memberID)] = session
        return true
    }

    // MARK: Batches

    /// Writes every session changed since the last flush; call it inside the batch's transaction.
    public func flush(now: Int64) throws {
        // Not a loop over `sessions` that sets `dirty` as it goes: that would copy the whole cache.
        for owner in unsaved {
            guard let session = sessions[owner], session.dirty else { continue }
            try store.updateSession(id: session.id, state: session.state, now: now)
            sessions[owner]?.dirty = false
        }
        unsaved.removeAll(keepingCapacity: true)
        noRosterInBatch = false
        if sessions.count > cacheLimit {
            // All at once. Dropping some (a quarter, say) one by one in the table's order, or copying
            // the rest in that order into a new table, leaves the entries so clustered that every
            // later lookup probes for microseconds (Swift's tables of one size share their hashing).
            sessions.removeAll(keepingCapacity: true)
        }
        branchRosters.removeAll(keepingCapacity: true)
    }

    /// Drops every session held in memory: after a failed transaction they may be ahead of the store.
    public func forgetCache() {
        sessions.removeAll()
        unsaved.removeAll()
        noRosterInBatch = false
        changed.removeAll()
        branchRosters.removeAll()
        shelf.forget()
    }

    @discardableResult
    private func record(_ message: InboundMessage, sessionID: Int64?, replies: [Reply], now: Int64) throws
        -> Int64
    {
        try store.recordInbound(
            InboundRecord(
                channel: message.channel, chat: message.chat, messageID: message.messageID,
                user: message.user,
                sessionID: sessionID, sentAt: message.time, receivedAt: now, text: message.text,
                button: message.button, repliesUTF8: ReplyCoding.encodeUTF8(replies)))
    }
}

extension [Effect] {
    /// The replies among the effects, in order.
    var replies: [Reply] {
        compactMap { effect -> Reply? in
            if case .reply(let reply) = effect { return reply }
            return nil
        }
    }
}
