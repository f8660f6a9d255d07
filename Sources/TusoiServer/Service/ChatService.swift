import TusoiEngine
import TusoiStore

/// Runs members' conversations over the store: finds the session, runs the reducer, records the effects.
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

    /// A member as a messenger knows them.
    private struct Identity: Hashable {
        var channel: String
        var user: String
    }

    private struct LiveSession {
        var id: Int64
        var questionnaireRow: Int64
        var state: SessionState
        var dirty: Bool
        /// The steps that apply to `state.answers`, kept between messages (see `Conversation.reduce`).
        var steps: [Step]? = nil
    }

    public let store: SessionStore
    public let library: PromptLibrary
    private let questionnaireID: String
    private var defaultRow: Int64?
    private var questionnaires: [Int64: Questionnaire] = [:]
    private var sessions: [Identity: LiveSession] = [:]
    private let cacheLimit: Int
    /// Set once the store has members: from then on the bot is closed to unknown identities.
    private var rosterSeen = false
    /// The fellow members of a member's branch, for `member` questions; empty until rosters exist.
    public var roster: (_ channel: String, _ user: String) -> [RosterEntry] = { _, _ in [] }

    /// - Parameters:
    ///   - questionnaireID: the questionnaire new sessions start on.
    ///   - cacheLimit: how many sessions are kept in memory between messages.
    public init(
        store: SessionStore, library: PromptLibrary, questionnaireID: String, cacheLimit: Int = 3_000
    )
        throws(ServiceError)
    {
        guard library.questionnaires[questionnaireID] != nil else {
            let known = library.questionnaires.keys.sorted().joined(separator: ", ")
            throw .unknownQuestionnaire(questionnaireID, known: known)
        }
        self.store = store
        self.library = library
        self.questionnaireID = questionnaireID
        self.cacheLimit = cacheLimit
    }

    /// Handles one message: replays the stored replies of a message seen before, else runs the reducer.
    ///
    /// Runs inside a savepoint of the caller's transaction: if anything fails, what the message wrote
    /// is undone and nothing it changed stays in memory either; earlier messages of the batch stand.
    public func handle(_ message: InboundMessage, now: Int64) throws -> Outcome {
        var changed: (Identity, LiveSession)?
        do {
            let outcome = try store.savepoint { try handleInSavepoint(message, now: now, changed: &changed) }
            if let (key, session) = changed { sessions[key] = session }
            return outcome
        } catch {
            defaultRow = nil
            questionnaires.removeAll()
            throw error
        }
    }

    private func handleInSavepoint(
        _ message: InboundMessage, now: Int64, changed: inout (Identity, LiveSession)?
    )
        throws -> Outcome
    {
        if let stored = try store.replies(
            channel: message.channel, chat: message.chat, messageID: message.messageID)
        {
            return Outcome(replies: ReplyCoding.decode(stored) ?? [], replay: true)
        }
        if message.chatType == .group {
            let reply = Reply(
                text: library.catalog.text(.groupChat, .vi) + "\n\n" + library.catalog.text(.groupChat, .en))
            try record(message, sessionID: nil, replies: [reply], now: now)
            return Outcome(replies: [reply], replay: false)
        }
        var welcome: [Reply] = []
        if try rosterInUse() {
            switch try admission(message, now: now) {
            case .admitted: break
            case .welcomed(let reply): welcome = [reply]
            case .refused(let reply):
                try record(message, sessionID: nil, replies: [reply], now: now)
                return Outcome(replies: [reply], replay: false)
            }
        }
        let key = Identity(channel: message.channel, user: message.user)
        var session = try sessions[key] ?? loadOrCreate(message, now: now)
        let context = ConversationContext(
            questionnaire: try questionnaire(row: session.questionnaireRow), catalog: library.catalog,
            now: now, roster: roster(message.channel, message.user))
        let event: Event =
            welcome.isEmpty
            ? message.button.map(Event.button) ?? message.text.map(Event.text) ?? .open : .open
        let effects = Conversation.reduce(
            into: &session.state, event: event, context: context, steps: &session.steps)
        let replies =
            welcome
            + effects.compactMap { effect -> Reply? in
                if case .reply(let reply) = effect { return reply }
                return nil
            }
        let inboundID = try record(message, sessionID: session.id, replies: replies, now: now)
        for effect in effects {
            switch effect {
            case .reply: break
            case .record(let key, let answer):
                try store.recordAnswer(
                    sessionID: session.id, key: key, answer: answer, inboundID: inboundID, now: now)
            case .clear(let key):
                try store.clearAnswer(sessionID: session.id, key: key, inboundID: inboundID, now: now)
            case .submitted:
                let document = replies.compactMap(\.attachment).first?.text
                try store.recordEvent(
                    sessionID: session.id, kind: "submitted", inboundID: inboundID, now: now,
                    document: document)
            case .discarded:
                // The discarded draft keeps its answers; the member goes on in a new session.
                try store.recordEvent(
                    sessionID: session.id, kind: "discarded", inboundID: inboundID, now: now, document: nil)
                try store.markDiscarded(id: session.id, now: now)
                session.id = try store.createSession(
                    channel: message.channel, user: message.user, chat: message.chat,
                    questionnaireRow: try currentQuestionnaireRow(now: now), state: session.state, now: now)
                session.questionnaireRow = try currentQuestionnaireRow(now: now)
            case .paused:
                try store.recordEvent(
                    sessionID: session.id, kind: "paused", inboundID: inboundID, now: now, document: nil)
            }
        }
        session.dirty = true
        changed = (key, session)
        return Outcome(replies: replies, replay: false, paused: effects.contains(.paused))
    }

    /// Whether members are registered; once they are, only bound identities may chat (checked until true).
    private func rosterInUse() throws -> Bool {
        if rosterSeen { return true }
        rosterSeen = try store.hasRoster()
        return rosterSeen
    }

    private enum Admission {
        case admitted
        case welcomed(Reply)
        case refused(Reply)
    }

    /// Lets a bound, active member in; binds an identity that sends a valid invite code; refuses the rest
    /// with a polite explanation of how to get a code.
    private func admission(_ message: InboundMessage, now: Int64) throws -> Admission {
        let catalog = library.catalog
        if let member = try store.member(channel: message.channel, user: message.user) {
            return member.revoked ? .refused(Reply(text: catalog.text(.memberRevoked, .vi))) : .admitted
        }
        guard let code = message.text.flatMap(InviteCode.read) else {
            return .refused(
                Reply(text: catalog.text(.inviteNeeded, .vi) + "\n\n" + catalog.text(.inviteNeeded, .en)))
        }
        switch try store.redeem(code: code, channel: message.channel, user: message.user, now: now) {
        case .bound(let member):
            let text = catalog.text(.inviteWelcome, .vi, ["name": member.name, "branch": member.branchName])
            return .welcomed(Reply(text: text))
        case .refused:
            return .refused(Reply(text: catalog.text(.inviteRefused, .vi)))
        case .throttled(let until):
            let minutes = String(max(1, (until - now + 59) / 60))
            return .refused(Reply(text: catalog.text(.inviteThrottled, .vi, ["minutes": minutes])))
        }
    }

    /// Writes every session changed since the last flush; call it inside the batch's transaction.
    public func flush(now: Int64) throws {
        for (key, session) in sessions where session.dirty {
            try store.updateSession(id: session.id, state: session.state, now: now)
            sessions[key]?.dirty = false
        }
        if sessions.count > cacheLimit {
            sessions.removeAll(keepingCapacity: true)
        }
    }

    /// Drops every session held in memory: after a failed transaction they may be ahead of the store.
    public func forgetCache() {
        sessions.removeAll()
        defaultRow = nil
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
                button: message.button, replies: ReplyCoding.encode(replies)))
    }

    private func loadOrCreate(_ message: InboundMessage, now: Int64) throws -> LiveSession {
        if let stored = try store.latestSession(channel: message.channel, user: message.user) {
            return LiveSession(
                id: stored.id, questionnaireRow: stored.questionnaireRow, state: stored.state, dirty: false)
        }
        let row = try currentQuestionnaireRow(now: now)
        let state = SessionState()
        let id = try store.createSession(
            channel: message.channel, user: message.user, chat: message.chat, questionnaireRow: row,
            state: state,
            now: now)
        return LiveSession(id: id, questionnaireRow: row, state: state, dirty: false)
    }

    private func currentQuestionnaireRow(now: Int64) throws -> Int64 {
        if let defaultRow { return defaultRow }
        guard let entry = library.questionnaires[questionnaireID] else {
            throw ServiceError.unknownQuestionnaire(questionnaireID, known: "")
        }
        let row = try store.questionnaireRow(
            name: entry.questionnaire.id, version: entry.questionnaire.version, source: entry.source, now: now
        )
        questionnaires[row] = entry.questionnaire
        defaultRow = row
        return row
    }

    /// The questionnaire a session is pinned to, read back from the store's copy when it is not current.
    private func questionnaire(row: Int64) throws -> Questionnaire {
        if let loaded = questionnaires[row] { return loaded }
        guard let stored = try store.questionnaireSource(row: row) else {
            throw ServiceError.missingQuestionnaire(row: row)
        }
        let questionnaire = try QuestionnaireParser.load(stored.source, file: "store:questionnaire/\(row)")
        questionnaires[row] = questionnaire
        return questionnaire
    }
}
