import TusoiEngine

/// The store's ports over plain values in memory: the twin of the SQLite store for tests of the host
/// and the deciders, and for trying the bot without a file. Nothing survives the process.
///
/// Every method does what the SQLite backend's does (the same store contract), from the same rows:
/// ids count from 1 per table, a message's replay key and a branch's, campaign's and invite's codes
/// are unique, a transaction or a savepoint that throws leaves the tables as they were.
public final class MemoryStore {
    /// A write the SQLite schema would refuse (a duplicate key), said in the same words.
    public struct ConstraintError: Error, Equatable, CustomStringConvertible {
        public var description: String
    }

    var tables = Tables()
    private var transactionDepth = 0

    public init() {}

    /// The rows, one array a table, in insertion (id) order.
    struct Tables {
        var questionnaires: [Questionnaire] = []
        var branches: [Branch] = []
        var members: [Member] = []
        var identities: [Identity] = []
        var invites: [InviteRecord] = []
        var inviteFailures: [String: InviteFailures] = [:]
        var sessions: [Session] = []
        var inbound: [Inbound] = []
        var replayKeys: [String: Int] = [:]
        var answers: [AnswerRow] = []
        var events: [Event] = []
        var campaigns: [Campaign] = []
        var outbox: [Outbox] = []
        var timers: [Timer] = []
        var audit: [AuditEntry] = []
        var confirmations: [String: PendingConfirmation] = [:]
    }

    struct Questionnaire {
        var id: Int64, name: String, version: String, source: String
    }
    struct Branch {
        var id: Int64, code: String, name: String, committee: String
    }
    struct Member {
        var id: Int64, branchID: Int64, name: String, role: MemberRecord.Role, revoked: Bool
        var birthDate: String?, unit: String?
    }
    struct Identity {
        var channel: String, user: String, memberID: Int64, boundAt: Int64, blocked: Bool
    }
    struct Session {
        var id: Int64, channel: String, user: String, memberID: Int64?, campaignID: Int64?
        var questionnaireRow: Int64, status: String, state: String, updatedAt: Int64
    }
    struct Inbound {
        var id: Int64, replies: String
    }
    struct AnswerRow {
        var sessionID: Int64, key: String, kind: String, value: String, inboundID: Int64?, at: Int64
    }
    struct Event {
        var sessionID: Int64, kind: String, inboundID: Int64?, at: Int64, document: String?
    }
    struct Campaign {
        var record: CampaignRecord
        var branchIDs: [Int64]
    }
    struct Outbox {
        var item: OutboxItem
        var nextAt: Int64, delivered: Bool, failure: String?
    }
    struct Timer {
        var record: TimerRecord
        var status: String, settledAt: Int64?
    }

    static func key(_ parts: String...) -> String { parts.joined(separator: "\u{1F}") }
}

// MARK: The unit of work

extension MemoryStore: UnitOfWork {
    public func transaction<T>(_ body: () throws -> T) throws -> T {
        try undoing(body)
    }

    public func savepoint<T>(_ body: () throws -> T) throws -> T {
        try undoing(body)
    }

    /// Runs `body`; if it throws, the tables are put back as they were before it.
    private func undoing<T>(_ body: () throws -> T) throws -> T {
        let before = tables
        transactionDepth += 1
        defer { transactionDepth -= 1 }
        do {
            return try body()
        } catch {
            tables = before
            throw error
        }
    }

    public var isInsideTransaction: Bool { transactionDepth > 0 }
    public func checkpointInBackground() throws {}
    public func syncCommitsBehind() throws -> (any CommitSync)? { nil }
    public func syncCommitsAtCommit() throws {}
    public func claimSoleWriter() throws {}
    public func close() {}
}

// MARK: Sessions and the record of messages

extension MemoryStore: SessionPort {
    public func latestSession(channel: String, user: String) throws -> StoredSession? {
        try stored(tables.sessions.last { $0.channel == channel && $0.user == user })
    }

    public func latestSession(memberID: Int64) throws -> StoredSession? {
        try stored(tables.sessions.last { $0.memberID == memberID })
    }

    private func stored(_ session: Session?) throws -> StoredSession? {
        guard let session else { return nil }
        var state = try SessionCoding.decode(session.state)
        state.answers = try currentAnswers(sessionID: session.id)
        return StoredSession(
            id: session.id, questionnaireRow: session.questionnaireRow, state: state,
            campaignID: session.campaignID)
    }

    public func currentAnswers(sessionID: Int64) throws -> [String: Answer] {
        try answers(tables.answers.filter { $0.sessionID == sessionID })
    }

    /// The answers that stand after `rows`, in order (``AnswerCoding/standing(_:)``).
    private func answers(_ rows: [AnswerRow]) throws -> [String: Answer] {
        try AnswerCoding.standing(rows.lazy.map { (key: $0.key, kind: $0.kind, value: $0.value) })
    }

    public func createSession(
        channel: String, user: String, chat: String, questionnaireRow: Int64, state: SessionState,
        memberID: Int64?, campaignID: Int64?, now: Int64
    ) throws -> Int64 {
        let id = Int64(tables.sessions.count + 1)
        tables.sessions.append(
            Session(
                id: id, channel: channel, user: user, memberID: memberID, campaignID: campaignID,
                questionnaireRow: questionnaireRow, status: SessionStore.status(of: state),
                state: SessionCoding.encode(state), updatedAt: now))
        return id
    }

    public func updateSession(id: Int64, state: SessionState, now: Int64) throws {
        guard let index = tables.sessions.firstIndex(where: { $0.id == id }) else { return }
        tables.sessions[index].state = SessionCoding.encode(state)
        tables.sessions[index].status = SessionStore.status(of: state)
        tables.sessions[index].updatedAt = now
    }

    public func markDiscarded(id: Int64, now: Int64) throws {
        guard let index = tables.sessions.firstIndex(where: { $0.id == id }) else { return }
        tables.sessions[index].status = "discarded"
        tables.sessions[index].updatedAt = now
    }

    public func replies(channel: String, chat: String, messageID: String) throws -> String? {
        tables.replayKeys[Self.key(channel, chat, messageID)].map { tables.inbound[$0].replies }
    }

    public func recordInbound(_ record: InboundRecord) throws -> Int64 {
        let key = Self.key(record.channel, record.chat, record.messageID)
        guard tables.replayKeys[key] == nil else {
            throw ConstraintError(
                description: "UNIQUE constraint failed: inbound.channel, inbound.chat_id, inbound.message_id")
        }
        let id = Int64(tables.inbound.count + 1)
        tables.replayKeys[key] = tables.inbound.count
        tables.inbound.append(Inbound(id: id, replies: record.replies))
        return id
    }

    public func recordAnswer(sessionID: Int64, key: String, answer: Answer, inboundID: Int64?, now: Int64)
        throws
    {
        let (kind, value) = AnswerCoding.encode(answer)
        tables.answers.append(
            AnswerRow(sessionID: sessionID, key: key, kind: kind, value: value, inboundID: inboundID, at: now)
        )
    }

    public func clearAnswer(sessionID: Int64, key: String, inboundID: Int64?, now: Int64) throws {
        tables.answers.append(
            AnswerRow(
                sessionID: sessionID, key: key, kind: AnswerCoding.cleared, value: "", inboundID: inboundID,
                at: now))
    }

    public func recordEvent(sessionID: Int64, kind: String, inboundID: Int64?, now: Int64, document: String?)
        throws
    {
        tables.events.append(
            Event(sessionID: sessionID, kind: kind, inboundID: inboundID, at: now, document: document))
    }

    public func answerHistory(sessionID: Int64) throws -> [(key: String, revision: Int, answer: Answer)] {
        var revisions: [String: Int] = [:]
        var rows: [(key: String, revision: Int, answer: Answer)] = []
        for row in tables.answers where row.sessionID == sessionID {
            revisions[row.key, default: 0] += 1
            guard let answer = AnswerCoding.decode(kind: row.kind, value: row.value) else { continue }
            rows.append((row.key, revisions[row.key]!, answer))
        }
        return rows
    }

    public func history(sessionID: Int64) throws -> [(kind: String, at: Int64, document: String?)] {
        let kinds: Set = ["submitted", "returned", "concluded", "took-in"]
        return tables.events.filter { $0.sessionID == sessionID && kinds.contains($0.kind) }
            .map { ($0.kind, $0.at, $0.document) }
    }

    public func submittedDocument(sessionID: Int64) throws -> (document: String, at: Int64)? {
        guard
            let event = tables.events.last(where: { $0.sessionID == sessionID && $0.kind == "submitted" }),
            let document = event.document
        else { return nil }
        return (document, event.at)
    }

    public func answers(sessionID: Int64, asOfSubmission number: Int) throws -> [String: Answer]? {
        let submissions = tables.events.filter { $0.sessionID == sessionID && $0.kind == "submitted" }
        guard number >= 1, number <= submissions.count else { return nil }
        let submission = submissions[number - 1]
        // The answers recorded up to the message that submitted (by time, when no message did).
        return try answers(
            tables.answers.filter { row in
                guard row.sessionID == sessionID else { return false }
                guard let inbound = submission.inboundID else { return row.at <= submission.at }
                return row.inboundID.map { $0 <= inbound } ?? false
            })
    }

    public func progress(branchCode: String?, campaignID: Int64?) throws -> [MemberProgress] {
        try members(branchCode: branchCode).map { member in
            let session = tables.sessions.last {
                $0.memberID == member.id && $0.status != "discarded"
                    && (campaignID == nil || $0.campaignID == campaignID)
            }
            return MemberProgress(
                member: member, sessionID: session?.id, questionnaireRow: session?.questionnaireRow,
                status: session.flatMap { ReviewStatus(rawValue: $0.status) } ?? .notStarted,
                updatedAt: session?.updatedAt)
        }
    }

    public func questionnaireRow(name: String, version: String, source: String, now: Int64) throws -> Int64 {
        if let known = tables.questionnaires.first(where: { $0.source == source }) { return known.id }
        let id = Int64(tables.questionnaires.count + 1)
        tables.questionnaires.append(Questionnaire(id: id, name: name, version: version, source: source))
        return id
    }

    public func questionnaireSource(row: Int64) throws -> (name: String, source: String)? {
        tables.questionnaires.first { $0.id == row }.map { ($0.name, $0.source) }
    }
}
