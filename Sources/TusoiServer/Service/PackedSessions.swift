import Foundation
import TusoiEngine

/// The sessions the service holds packed between batches (``PackedSession``), and what their
/// members' next turns read besides them: shared by the service's thread, which writes it at each
/// flush, and the reading thread, whose ``Speculator`` reads it.
///
/// `@unchecked Sendable`: every field is read under `lock` for reading and written under it for
/// writing; the values are immutable once stored (packed bytes, questionnaires, rosters). A
/// readers-writer lock: the service looks a session up for each message and the reading thread
/// for each message it works out ahead, and these never wait for each other; only a flush does.
final class PackedSessions: @unchecked Sendable {
    /// What the service did in a flush, for the reading thread.
    struct Flush {
        var batch: Int
        /// The messenger identity each member owner wrote from, and that member's branch.
        var members: [(identity: Speculator.Identity, memberID: Int64, branchID: Int64)] = []
        /// The questionnaires of the sessions packed, by row.
        var questionnaires: [Int64: Questionnaire] = [:]
        /// Each branch's members as the service read them for `member` questions.
        var rosters: [Int64: [RosterEntry]] = [:]
        /// The roster of a messenger identity without a member (a store without a roster), when
        /// not empty (``ChatService/roster``: tests and previews; `serve` gives none).
        var identityRosters: [Speculator.Identity: [RosterEntry]] = [:]
        /// What a new session's first turn read, if one started.
        var newSessions: (questionnaire: Questionnaire, roster: [RosterEntry])?
    }

    private let lock = ReadersWriterLock()
    private var table: [ChatService.Owner: PackedSession] = [:]
    private var memberOf: [Speculator.Identity: Int64] = [:]
    private var branchOf: [Int64: Int64] = [:]
    private var rosters: [Int64: [RosterEntry]] = [:]
    private var identityRosters: [Speculator.Identity: [RosterEntry]] = [:]
    private var questionnaires: [Int64: Questionnaire] = [:]
    private var newSessions: (questionnaire: Questionnaire, roster: [RosterEntry])?
    private var flushed = 0

    /// The last batch the service flushed (``ReadAhead``'s number).
    var flushedBatch: Int {
        lock.lockForReading()
        defer { lock.unlock() }
        return flushed
    }

    subscript(owner: ChatService.Owner) -> PackedSession? {
        lock.lockForReading()
        defer { lock.unlock() }
        return table[owner]
    }

    var count: Int {
        lock.lockForReading()
        defer { lock.unlock() }
        return table.count
    }

    /// Stores the sessions a flush packed, with what it learnt for the speculator.
    func store(_ sessions: [(ChatService.Owner, PackedSession)], _ flush: Flush) {
        lock.lockForWriting()
        defer { lock.unlock() }
        for (owner, session) in sessions { table[owner] = session }
        for member in flush.members {
            memberOf[member.identity] = member.memberID
            branchOf[member.memberID] = member.branchID
        }
        questionnaires.merge(flush.questionnaires) { $1 }
        rosters.merge(flush.rosters) { $1 }
        identityRosters.merge(flush.identityRosters) { $1 }
        if let started = flush.newSessions { newSessions = started }
        flushed = flush.batch
    }

    func removeAll() {
        lock.lockForWriting()
        defer { lock.unlock() }
        table.removeAll(keepingCapacity: true)
        memberOf.removeAll()
        branchOf.removeAll()
        rosters.removeAll()
        identityRosters.removeAll()
        questionnaires.removeAll()
        newSessions = nil
    }

    /// What the speculator starts a member's next turn from, as of the last flush.
    struct Start {
        var packed: PackedSession?
        var questionnaire: Questionnaire?
        var roster: [RosterEntry]
        var newSessions: (questionnaire: Questionnaire, roster: [RosterEntry])?
        /// The last batch flushed: a turn the speculator worked out in a later batch is newer.
        var flushedBatch: Int
    }

    /// The session of the member writing from `identity`, and what their turn would read.
    func start(for identity: Speculator.Identity) -> Start {
        lock.lockForReading()
        // Most stores have no roster, or no roster for identities: a lookup less a message.
        let memberID = memberOf.isEmpty ? nil : memberOf[identity]
        let owner: ChatService.Owner =
            memberID.map { .member($0) } ?? .identity(channel: identity.channel, user: identity.user)
        let packed = table[owner]
        var start = Start(
            packed: packed, questionnaire: packed.flatMap { questionnaires[$0.questionnaireRow] },
            roster: memberID == nil && !identityRosters.isEmpty ? identityRosters[identity] ?? [] : [],
            newSessions: memberID == nil ? newSessions : nil, flushedBatch: flushed)
        let branch = memberID.flatMap { branchOf[$0] }.flatMap { rosters[$0] }
        lock.unlock()
        if let memberID, let branch {
            // As the service gives it (``ChatService``'s roster): the branch without the member.
            let own = "m\(memberID)"
            start.roster = branch.filter { $0.id != own }
        }
        return start
    }
}
