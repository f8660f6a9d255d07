import Foundation
import TusoiEngine
import TusoiWire

/// A member's turn worked out ahead of time on the reading thread, for the service to take instead
/// of reducing the message itself, if and only if everything the reducer reads is what it would
/// read: the same session (``LiveSession/token``), event, questionnaire, roster and time.
///
/// The reducer is a pure function of those (its memos only remember results), so a turn taken
/// from here is the turn the service would have worked out; when anything differs, the service
/// reduces the message itself and the speculation is dropped.
///
/// A class: it goes from the reading thread to the service through several values (the batch, the
/// pending line, the lookup), and a copy of a reference is one count where a copy of the session
/// and its effects was dozens.
final class Speculation: Sendable {
    /// The token of the session the turn started from, as packed by the service's last flush (or
    /// as left by the speculation before it in the same batch).
    let beforeToken: UInt64
    /// The session after the turn; its token is new, never given to another session.
    let after: LiveSession
    let effects: [Effect]
    let event: Event
    let questionnaire: Questionnaire
    let roster: [RosterEntry]
    let now: Int64
    let sentAt: Int64?

    init(
        beforeToken: UInt64, after: LiveSession, effects: [Effect], event: Event,
        questionnaire: Questionnaire,
        roster: [RosterEntry], now: Int64, sentAt: Int64?
    ) {
        self.beforeToken = beforeToken
        self.after = after
        self.effects = effects
        self.event = event
        self.questionnaire = questionnaire
        self.roster = roster
        self.now = now
        self.sentAt = sentAt
    }

    /// Whether this turn is the one `event` would give in `context` on the session it started from
    /// (the caller has checked that session's token).
    func matches(event: Event, context: ConversationContext) -> Bool {
        event == self.event && context.now == now && context.sentAt == sentAt
            && context.questionnaire === questionnaire && Self.sameBytes(context.roster, roster)
    }

    /// Equal entry by entry in their bytes, not only as Unicode text: a name stored again in
    /// another normalization form is shown and stored as the service reads it.
    static func sameBytes(_ one: [RosterEntry], _ other: [RosterEntry]) -> Bool {
        one.count == other.count
            && zip(one, other).allSatisfy {
                $0.id.utf8.elementsEqual($1.id.utf8) && $0.name.utf8.elementsEqual($1.name.utf8)
            }
    }
}

/// Works out members' turns on the reading thread while the service stores the batch before
/// (``Speculation``), from the sessions the service holds packed (``PackedSessions``, shared).
///
/// The packed sessions are as of the service's last flush, so the speculator also goes on from its
/// own turns: a member who writes again before the service has flushed their last message starts
/// from the turn worked out for it, which the service has taken if it matched (a session keeps its
/// token when packed). A member the service has no session for starts from the empty state, with
/// what the last new session read. Whatever it guesses, the service takes a turn only for the very
/// session it started from.
///
/// `@unchecked Sendable`: `chain`, `recent` and `nextToken` belong to the reading thread alone;
/// `sessions` is shared under its own lock.
final class Speculator: @unchecked Sendable {
    /// A messenger identity, hashed once when made (it keys several tables).
    struct Identity: Hashable {
        let channel: String
        let user: String
        private let hashed: Int

        init(channel: String, user: String) {
            self.channel = channel
            self.user = user
            var hasher = Hasher()
            hasher.combine(channel)
            hasher.combine(user)
            self.hashed = hasher.finalize()
        }

        func hash(into hasher: inout Hasher) { hasher.combine(hashed) }

        static func == (a: Identity, b: Identity) -> Bool {
            a.hashed == b.hashed && a.channel == b.channel && a.user == b.user
        }
    }

    /// A turn worked out here that the service may not have flushed yet.
    private struct Chained {
        var session: LiveSession
        var questionnaire: Questionnaire
        var roster: [RosterEntry]
        var batch: Int
    }

    private let catalog: Catalog
    private let memos: EngineMemos
    private let sessions: PackedSessions
    private var chain: [Identity: Chained] = [:]
    /// The identities of each recent batch's turns, oldest first, to let go of their chain once
    /// the service has flushed that batch.
    private var recent: [(batch: Int, identities: [Identity])] = []
    /// Odd from 3, so never equal to a token of the service's (even) or a new session's (1).
    private var nextToken: UInt64 = 3
    /// The number of the last batch begun: from 1, and on across the server's runs.
    private var batch = 0

    init(catalog: Catalog, memos: EngineMemos, sessions: PackedSessions) {
        self.catalog = catalog
        self.memos = memos
        self.sessions = sessions
    }

    /// Numbers the next batch read and lets go of the turns of batches the service has flushed.
    func beginBatch() -> Int {
        batch += 1
        let flushed = sessions.flushedBatch
        while let oldest = recent.first, oldest.batch <= flushed {
            for identity in oldest.identities where chain[identity]?.batch == oldest.batch {
                chain[identity] = nil
            }
            recent.removeFirst()
        }
        recent.append((batch, []))
        return batch
    }

    /// The turn `message` would give on its member's session as the service will have it, or nil
    /// when there is nothing to start from or the service will not reduce the message (a command,
    /// a group chat).
    func speculate(_ message: InboundMessage, now: Int64) -> Speculation? {
        guard message.chatType != .group else { return nil }
        if let text = message.text, StaffCommand.parse(text, names: catalog.commandNames) != nil {
            return nil
        }
        let identity = Identity(channel: message.channel, user: message.user)
        var before: LiveSession
        let questionnaire: Questionnaire
        let roster: [RosterEntry]
        let start = sessions.start(for: identity)
        if let chained = chain[identity], chained.batch > start.flushedBatch {
            (before, questionnaire, roster) = (chained.session, chained.questionnaire, chained.roster)
        } else if let packed = start.packed, let known = start.questionnaire {
            (before, questionnaire, roster) = (packed.unpacked(), known, start.roster)
        } else if start.packed == nil, let fresh = start.newSessions {
            before = LiveSession(
                id: 0, questionnaireRow: 0, campaignID: nil, state: SessionState(), dirty: false)
            before.token = LiveSession.newSessionToken
            (questionnaire, roster) = fresh
        } else {
            return nil
        }
        let event = ChatService.event(of: message)
        let sentAt = message.time.flatMap(MessageTime.seconds)
        let context = ConversationContext(
            questionnaire: questionnaire, catalog: catalog, now: now, roster: roster, sentAt: sentAt,
            memos: memos)
        // Moved, not copied (nor left in `chain`): the reducer then changes the state's tables in
        // place instead of copying them.
        let beforeToken = before.token
        chain[identity] = nil
        var after = consume before
        let effects = Conversation.reduce(
            into: &after.state, event: event, context: context, steps: &after.steps)
        after.token = nextToken
        nextToken += 2
        chain[identity] = Chained(session: after, questionnaire: questionnaire, roster: roster, batch: batch)
        recent[recent.count - 1].identities.append(identity)
        return Speculation(
            beforeToken: beforeToken, after: after, effects: effects, event: event,
            questionnaire: questionnaire,
            roster: roster, now: now, sentAt: sentAt)
    }
}
