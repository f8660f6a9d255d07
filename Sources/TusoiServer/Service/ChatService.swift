import TusoiEngine
import TusoiStore
import TusoiWire

/// The path of every inbound event: load what the deciders need, let a pure decider decide (the
/// door, the member's conversation, the desk, the timekeeper), and hand its effects to the one
/// ``EffectApplier``. Holds what the host keeps between messages: the session cache.
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
        /// Whether the turn was the one worked out ahead on the reading thread (``Speculator``).
        public var workedAhead: Bool = false
    }

    /// Whose session it is: a member's (whatever messenger they write from), or, in a store without
    /// a roster, a messenger identity's.
    ///
    /// Hashed once, when made: a message's owner is looked up in several tables, and hashing an
    /// identity's two strings each time was about 2.5 % of the service thread's instructions.
    struct Owner: Hashable, Sendable {
        enum Kind: Hashable, Sendable {
            case identity(channel: String, user: String)
            case member(Int64)
        }
        let kind: Kind
        private let hashed: Int

        init(_ kind: Kind) {
            self.kind = kind
            self.hashed = kind.hashValue
        }

        static func identity(channel: String, user: String) -> Owner {
            Owner(.identity(channel: channel, user: user))
        }

        static func member(_ id: Int64) -> Owner { Owner(.member(id)) }

        func hash(into hasher: inout Hasher) { hasher.combine(hashed) }

        static func == (a: Owner, b: Owner) -> Bool { a.hashed == b.hashed && a.kind == b.kind }
    }

    public let store: any BotStore
    /// The store's locks when other processes write it too (`serve --shared-store`); nil otherwise.
    /// The session cache then lives for one batch (`cacheLimit` 0), read again under the locks.
    let sharedWriter: (any SharedWriterPort)?
    /// The store's connection count when the cache was last known good (a store that reconnects).
    private let reconnecting: (any SharedWriterPort)?
    private var knownConnections = 0
    public let library: PromptLibrary
    let shelf: QuestionnaireShelf
    let applier: EffectApplier
    /// The sessions messages of this batch went to, as the reducer works on them; packed into
    /// `packed` by the flush that writes them.
    private var sessions: [Owner: LiveSession] = [:]
    /// Sessions held between batches, packed (about a third of the memory: ``PackedSession``);
    /// shared with the reading thread's ``Speculator``.
    private let packed = PackedSessions()
    /// Where sessions are packed before they are copied out at their exact size.
    private var packing: [UInt8] = []
    /// Sessions changed by the message being handled, put in `sessions` once its savepoint is released.
    private var changed: [Owner: LiveSession] = [:]
    /// The sessions in `sessions` whose state changed since the last flush, which writes them.
    private var unsaved: Set<Owner> = []
    private let cacheLimit: Int
    /// Works out turns ahead on the server's reading thread, once ``startSpeculating()`` made it.
    private(set) var speculator: Speculator?
    /// The token the next packed session gets (even: the speculator's are odd).
    private var nextToken: UInt64 = 2
    /// What the speculator needs to know of this batch, given to it by the flush.
    private var learnt = PackedSessions.Flush(batch: 0)
    /// The number the reading thread gave the batch being handled (``Speculator``).
    var batchSequence = 0
    /// Set once the store has members: from then on the bot is closed to unknown identities.
    var rosterSeen = false
    /// Set once the store was seen without members in this batch: members are added by other
    /// processes only, which cannot write during the batch's transaction. Cleared by the flush.
    var noRosterInBatch = false
    /// Set once the store has campaigns: from then on members work inside an open campaign only.
    var campaignsSeen = false
    /// Fellow members for `member` questions in a store without a roster (tests, previews); once the
    /// store has members, a member's branch is used.
    public var roster: (_ channel: String, _ user: String) -> [RosterEntry] = { _, _ in [] }
    /// Each branch's members for `member` questions, read once a batch.
    var branchRosters: [Int64: [RosterEntry]] = [:]

    /// The library's wording, kept apart: read for every message, it is not copied out each time.
    let catalog: Catalog
    /// What the reducer remembers between messages (steps, prompts, the meaning of short texts), for
    /// this catalog: the host's cache, not the engine's.
    let memos = EngineMemos()
    /// Draws a new invite code for a secretary's `/capma` (the system's randomness; a seeded
    /// sequence in tests).
    public var newInviteCode: () -> String = {
        var generator = SystemRandomNumberGenerator()
        return InviteCode.make(using: &generator)
    }

    /// - Parameters:
    ///   - questionnaireID: the questionnaire new sessions start on when no campaign says otherwise.
    ///   - cacheLimit: how many sessions are kept in memory between messages.
    public init(
        store: any BotStore, library: PromptLibrary, questionnaireID: String, cacheLimit: Int = 10_000
    )
        throws(ServiceError)
    {
        self.store = store
        self.sharedWriter = (store as? any SharedWriterPort).flatMap { $0.isShared ? $0 : nil }
        self.reconnecting = store as? any SharedWriterPort
        self.knownConnections = reconnecting?.connections ?? 0
        self.library = library
        self.catalog = library.catalog
        self.shelf = try QuestionnaireShelf(store: store, library: library, defaultID: questionnaireID)
        self.applier = EffectApplier(store: store)
        self.cacheLimit = sharedWriter == nil ? cacheLimit : 0
    }

    /// Handles one message: replays the stored replies of a message seen before, else decides and
    /// applies.
    ///
    /// Runs inside a savepoint of the caller's transaction: if anything fails, what the message wrote
    /// is undone and nothing it changed stays in memory either; earlier messages of the batch stand.
    /// `opening` makes the turn open the conversation (resume or greet) whatever the message says: the
    /// terminal chat starts that way, before the member has typed anything.
    ///
    /// With `isolated` false there is no savepoint: if the message fails, what it wrote stays in the
    /// caller's transaction, which the caller must then roll back whole (the server does, and handles
    /// the batch again with `isolated`). Nothing it changed stays in memory either way.
    ///
    /// `speculation` is this message's turn worked out ahead (``Speculator``): taken only if it
    /// started from the very session, event, questionnaire, roster and time the reducer would get.
    func handle(
        _ message: InboundMessage, now: Int64, opening: Bool = false, isolated: Bool = true,
        speculation: Speculation?
    ) throws -> Outcome {
        forgetCacheIfReconnected()
        changed.removeAll(keepingCapacity: true)
        do {
            let outcome =
                isolated
                ? try store.savepoint {
                    try handleInSavepoint(message, now: now, opening: opening, speculation: speculation)
                }
                : try handleInSavepoint(message, now: now, opening: opening, speculation: speculation)
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

    /// The same, without a turn worked out ahead.
    public func handle(_ message: InboundMessage, now: Int64, opening: Bool = false, isolated: Bool = true)
        throws -> Outcome
    {
        try handle(message, now: now, opening: opening, isolated: isolated, speculation: nil)
    }

    private func handleInSavepoint(
        _ message: InboundMessage, now: Int64, opening: Bool, speculation: Speculation?
    ) throws -> Outcome {
        try sharedWriter?.lockChats([(message.channel, message.chat)])
        if let stored = try store.replies(
            channel: message.channel, chat: message.chat, messageID: message.messageID)
        {
            return Outcome(replies: ReplyCoding.decode(stored) ?? [], replay: true)
        }
        let command = message.text.flatMap { StaffCommand.parse($0, names: catalog.commandNames) }
        let verdict = Door.decide(
            message, view: try doorView(message), isStaffCommand: command != nil, catalog: catalog, now: now)
        var welcome: [Reply] = []
        var effects: [BotEffect]
        let member: MemberRecord?
        switch verdict {
        case .refused(let reply, let doorEffects):
            try apply(doorEffects + [.recordMessage(replies: [reply], inSession: false)], message, nil, now)
            return Outcome(replies: [reply], replay: false)
        case .admitted(let admitted, let doorEffects):
            member = admitted
            effects = doorEffects
        case .welcomed(let admitted, let reply, let doorEffects):
            member = admitted
            welcome = [reply]
            effects = doorEffects
        }
        // A secretary's command waiting for their yes takes their next message first.
        var preface: [Reply] = []
        if let member, welcome.isEmpty, member.role != .member {
            let pending = try store.pendingConfirmation(channel: message.channel, user: message.user)
            if pending != nil || message.button?.hasPrefix(Desk.buttonPrefix) == true {
                let answered = try Desk.answer(
                    pending, text: message.text, button: message.button, command: command, reads: self,
                    catalog: catalog, actor: member, channel: message.channel, user: message.user, now: now)
                guard answered.goesOn else {
                    effects +=
                        [.recordMessage(replies: answered.replies, inSession: false)] + answered.effects
                    try apply(effects, message, nil, now)
                    return Outcome(replies: answered.replies, replay: false)
                }
                preface = answered.replies
                effects += answered.effects
            }
        }
        if let member, welcome.isEmpty, let command {
            var newCode: String?
            if case .reissue = command, member.role != .member { newCode = newInviteCode() }
            let desk = try Desk.decide(
                command, reads: self, catalog: catalog, actor: member, channel: message.channel,
                user: message.user, now: now, newCode: newCode)
            let replies = preface + desk.replies
            effects += [.recordMessage(replies: replies, inSession: false)] + desk.effects
            try apply(effects, message, nil, now)
            return Outcome(replies: replies, replay: false)
        }
        let owner: Owner =
            member.map { .member($0.id) } ?? .identity(channel: message.channel, user: message.user)
        var session: LiveSession
        // Whether `session` is already the speculation's result (the turn worked out ahead from it).
        var ahead = false
        switch try lookup(owner, member: member, now: now, speculation: speculation) {
        case .found(let found, let speculated):
            session = found
            ahead = speculated
        case .start(let row, let campaignID):
            effects.append(.startSession(questionnaireRow: row, campaignID: campaignID, memberID: member?.id))
            session = LiveSession(
                id: 0, questionnaireRow: row, campaignID: campaignID, state: SessionState(), dirty: false)
            session.token = LiveSession.newSessionToken
        case .refused(let reply):
            try apply(effects + [.recordMessage(replies: [reply], inSession: false)], message, nil, now)
            return Outcome(replies: [reply], replay: false)
        }
        let context = ConversationContext(
            questionnaire: try shelf.questionnaire(row: session.questionnaireRow), catalog: catalog, now: now,
            roster: try member.map(roster) ?? roster(message.channel, message.user),
            sentAt: message.time.flatMap(MessageTime.seconds), memos: memos)
        let event: Event = welcome.isEmpty && !opening ? Self.event(of: message) : .open
        let turn: [Effect]
        var workedAhead = false
        // A new session's first turn, worked out ahead from the same empty state.
        let fresh = session.token == LiveSession.newSessionToken
        let startsHere = ahead || (fresh && speculation?.beforeToken == LiveSession.newSessionToken)
        if startsHere, let speculation, speculation.matches(event: event, context: context) {
            if fresh {
                session.state = speculation.after.state
                session.steps = speculation.after.steps
                session.token = speculation.after.token
            }
            turn = speculation.effects
            workedAhead = true
        } else {
            if ahead, let before = sessions[owner] ?? packed[owner]?.unpacked() { session = before }
            turn = Conversation.reduce(
                into: &session.state, event: event, context: context, steps: &session.steps)
            session.token = 0
        }
        if speculator != nil {
            learnt.questionnaires[session.questionnaireRow] = context.questionnaire
            let identity = Speculator.Identity(channel: message.channel, user: message.user)
            if let member {
                learnt.members.append((identity, member.id, member.branchID))
            } else if !context.roster.isEmpty {
                learnt.identityRosters[identity] = context.roster
            }
            if fresh { learnt.newSessions = (context.questionnaire, context.roster) }
        }
        let replies = welcome + preface + turn.replies
        MemberTurn.effects(of: turn, replies: replies, session: session, memberID: member?.id, into: &effects)
        if let member, turn.contains(.submitted) {
            effects += try submissionNotice(member, session: session)
        }
        let applied = try apply(effects, message, session.id, now)
        if let id = applied.sessionID { session.id = id }
        session.dirty = true
        changed[owner] = session
        return Outcome(
            replies: replies, replay: false, paused: turn.contains(.paused), workedAhead: workedAhead)
    }

    /// The event a member's message is to the reducer.
    static func event(of message: InboundMessage) -> Event {
        if let button = message.button { return .button(button) }
        if let text = message.text { return .text(text) }
        switch message.kind {
        case .media: return .notText
        case .edited: return .edited
        case nil: return .open
        }
    }

    /// Applies `effects` for `message`, and keeps in memory what they changed of other sessions.
    @discardableResult
    private func apply(_ effects: [BotEffect], _ message: InboundMessage?, _ sessionID: Int64?, _ now: Int64)
        throws -> EffectApplier.Applied
    {
        let applied = try applier.apply(
            effects,
            // A session not started yet has no row: the decision starts it.
            inbound: message.map {
                EffectApplier.Inbound(message: $0, sessionID: sessionID == 0 ? nil : sessionID)
            },
            now: now)
        for reopened in applied.reopened {
            guard var session = try currentSession(ofMember: reopened.memberID) else { continue }
            session.state = reopened.state
            session.steps = nil
            session.token = 0
            session.dirty = true
            changed[.member(reopened.memberID)] = session
        }
        return applied
    }

    private enum Lookup {
        /// The session, or with `ahead` the result of the speculation that started from it.
        case found(LiveSession, ahead: Bool)
        /// A new session on this questionnaire row, in this campaign.
        case start(row: Int64, campaignID: Int64?)
        case refused(Reply)
    }

    /// The session the message continues: the owner's latest, or a new one. Once the store runs
    /// campaigns, a member works in the campaign open for their branch, and nowhere else.
    private func lookup(_ owner: Owner, member: MemberRecord?, now: Int64, speculation: Speculation?) throws
        -> Lookup
    {
        var latest: LiveSession?
        // A packed session is unpacked only if its turn was not worked out ahead.
        var latestPacked: PackedSession?
        if case .member(let id) = owner.kind { try sharedWriter?.lockMember(id) }
        if let cached = sessions[owner] {
            latest = cached
        } else if let cached = packed[owner] {
            latestPacked = cached
        } else {
            switch owner.kind {
            case .member(let id): latest = try store.latestSession(memberID: id).map(LiveSession.init)
            case .identity(let channel, let user):
                latest = try store.latestSession(channel: channel, user: user).map(LiveSession.init)
            }
        }
        func found() -> Lookup {
            let token = latest?.token ?? latestPacked?.token ?? 0
            if let speculation, token != 0, speculation.beforeToken == token {
                // The row, questionnaire and campaign are the service's; the state is the turn's.
                var session =
                    latest
                    ?? LiveSession(
                        id: latestPacked!.id, questionnaireRow: latestPacked!.questionnaireRow,
                        campaignID: latestPacked!.campaignID, state: speculation.after.state, dirty: false)
                session.state = speculation.after.state
                session.steps = speculation.after.steps
                session.token = speculation.after.token
                return .found(session, ahead: true)
            }
            return .found(latest ?? latestPacked!.unpacked(), ahead: false)
        }
        let exists = latest != nil || latestPacked != nil
        guard let member, try campaignsInUse() else {
            if exists { return found() }
            return .start(row: try shelf.defaultRow(now: now), campaignID: nil)
        }
        let open = try store.openCampaign(branchID: member.branchID, now: now)
        if exists, let open, (latest?.campaignID ?? latestPacked?.campaignID) == open.id { return found() }
        if let open { return .start(row: open.questionnaireRow, campaignID: open.id) }
        let language = (latest ?? latestPacked?.unpacked())?.state.language ?? .vi
        if let campaignID = latest?.campaignID ?? latestPacked?.campaignID,
            let ended = try store.campaign(id: campaignID)
        {
            let values = ["title": ended.title, "date": CampaignCalendar.day(ended.endsAt - 1)]
            return .refused(Reply(text: catalog.text(.campaignClosed, language, values)))
        }
        return .refused(Reply(text: catalog.text(.campaignNone, language)))
    }

    /// A member's current session as the service knows it (the cache is ahead of the store).
    func currentSession(ofMember memberID: Int64) throws -> LiveSession? {
        let owner = Owner.member(memberID)
        try sharedWriter?.lockMember(memberID)
        if let session = changed[owner] ?? sessions[owner] ?? packed[owner]?.unpacked() { return session }
        return try store.latestSession(memberID: memberID).map(LiveSession.init)
    }

    // MARK: Batches

    /// Writes every session changed since the last flush; call it inside the batch's transaction.
    public func flush(now: Int64) throws {
        // Not a loop over `sessions` that sets `dirty` as it goes: that would copy the whole cache.
        for owner in unsaved {
            guard let session = sessions[owner], session.dirty else { continue }
            try store.updateSession(id: session.id, state: session.state, now: now)
        }
        unsaved.removeAll(keepingCapacity: true)
        noRosterInBatch = false
        // Written: from here on the store has them, and memory keeps them packed. A failed commit
        // after this point drops the whole cache (``forgetCache()``), packed sessions with the rest.
        if cacheLimit > 0 {
            var packedNow: [(Owner, PackedSession)] = []
            packedNow.reserveCapacity(sessions.count)
            for (owner, session) in sessions {
                // Packing keeps the state as it is: a session the speculator left keeps its token.
                var token = session.token
                if token == 0 || token == LiveSession.newSessionToken {
                    token = nextToken
                    nextToken += 2
                }
                packedNow.append((owner, PackedSession(session, scratch: &packing, token: token)))
            }
            learnt.batch = batchSequence
            learnt.rosters = branchRosters
            packed.store(packedNow, learnt)
        }
        sessions.removeAll(keepingCapacity: true)
        learnt = PackedSessions.Flush(batch: batchSequence)
        if packed.count > cacheLimit {
            // All at once. Dropping some (a quarter, say) one by one in the table's order, or copying
            // the rest in that order into a new table, leaves the entries so clustered that every
            // later lookup probes for microseconds (Swift's tables of one size share their hashing).
            packed.removeAll()
        }
        branchRosters.removeAll(keepingCapacity: true)
    }

    /// Drops the sessions held in memory when the store had to connect again since they were read:
    /// another process may have written meanwhile.
    func forgetCacheIfReconnected() {
        guard let reconnecting, reconnecting.connections != knownConnections else { return }
        knownConnections = reconnecting.connections
        if unsaved.isEmpty { forgetCache() }
    }

    /// Drops every session held in memory: after a failed transaction they may be ahead of the store.
    public func forgetCache() {
        sessions.removeAll()
        packed.removeAll()
        unsaved.removeAll()
        noRosterInBatch = false
        changed.removeAll()
        branchRosters.removeAll()
        learnt = PackedSessions.Flush(batch: batchSequence)
        shelf.forget()
    }

    /// Makes the ``Speculator`` that works out turns ahead from the sessions this service packs;
    /// nil when it keeps none between batches (`cacheLimit` 0, a shared store).
    func startSpeculating() -> Speculator? {
        guard cacheLimit > 0 else { return nil }
        if speculator == nil {
            speculator = Speculator(catalog: catalog, memos: memos, sessions: packed)
        }
        return speculator
    }
}
