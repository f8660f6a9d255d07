import TusoiEngine

/// A session as stored: its row, the questionnaire row it is pinned to, and its state.
public struct StoredSession: Equatable, Sendable {
    public var id: Int64
    public var questionnaireRow: Int64
    public var state: SessionState
    /// The campaign the session belongs to; nil for a store that runs no campaigns.
    public var campaignID: Int64?
}

extension SessionStore {
    /// The newest session of a messenger identity, if it has one.
    public func latestSession(channel: String, user: String) throws -> StoredSession? {
        let statement = try database.cachedStatement(
            """
            SELECT id, questionnaire_id, state, campaign_id FROM sessions
            WHERE channel = ? AND user_id = ? ORDER BY id DESC LIMIT 1
            """)
        try statement.bind(channel, user)
        return try storedSession(statement)
    }

    /// The newest session of a member, whichever messenger identity they wrote from.
    public func latestSession(memberID: Int64) throws -> StoredSession? {
        let statement = try database.cachedStatement(
            """
            SELECT id, questionnaire_id, state, campaign_id FROM sessions
            WHERE member_id = ? ORDER BY id DESC LIMIT 1
            """)
        try statement.bind(memberID)
        return try storedSession(statement)
    }

    private func storedSession(_ statement: Statement) throws -> StoredSession? {
        defer { statement.reset() }
        guard try statement.step() else { return nil }
        let id = statement.int64(0)
        let questionnaireRow = statement.int64(1)
        var state = try SessionCoding.decode(statement.text(2) ?? "")
        let campaignID: Int64? = statement.isNull(3) ? nil : statement.int64(3)
        statement.reset()
        state.answers = try currentAnswers(sessionID: id)
        return StoredSession(id: id, questionnaireRow: questionnaireRow, state: state, campaignID: campaignID)
    }

    /// The current answer of every step of a session: the last revision of each.
    public func currentAnswers(sessionID: Int64) throws -> [String: Answer] {
        let statement = try database.cachedStatement(
            "SELECT question_key, kind, value FROM answers WHERE session_id = ? ORDER BY id")
        try statement.bind(sessionID)
        defer { statement.reset() }
        var answers: [String: Answer] = [:]
        while try statement.step() {
            let kind = statement.text(1) ?? ""
            if kind == AnswerCoding.cleared {
                answers[statement.text(0) ?? ""] = nil
                continue
            }
            guard let answer = AnswerCoding.decode(kind: kind, value: statement.text(2) ?? "")
            else { throw StoreError.corruptSession("an answer of unknown kind") }
            answers[statement.text(0) ?? ""] = answer
        }
        return answers
    }

    /// Marks a session as discarded by the member; it stays, with its answers, in the history.
    public func markDiscarded(id: Int64, now: Int64) throws {
        try database.execute(
            sql: "UPDATE sessions SET status = 'discarded', updated_at = ? WHERE id = ?", arguments: now, id)
    }

    /// Creates a session pinned to a questionnaire row and returns its id; `memberID` and `campaignID`
    /// are set once the store has a roster and campaigns.
    public func createSession(
        channel: String, user: String, chat: String, questionnaireRow: Int64, state: SessionState,
        memberID: Int64? = nil, campaignID: Int64? = nil, now: Int64
    ) throws -> Int64 {
        try database.execute(
            sql: """
                INSERT INTO sessions(channel, user_id, chat_id, questionnaire_id, status, state, created_at, updated_at,
                    member_id, campaign_id)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: channel, user, chat, questionnaireRow, SessionStore.status(of: state),
            SessionCoding.encode(state), now, now, memberID, campaignID)
        return database.lastInsertRowID
    }

    /// Writes a session's current state.
    public func updateSession(id: Int64, state: SessionState, now: Int64) throws {
        try database.execute(
            sql: "UPDATE sessions SET state = ?, status = ?, updated_at = ? WHERE id = ?",
            arguments: SessionCoding.encode(state), SessionStore.status(of: state), now, id)
    }

    /// The coarse status a facilitator sees: `not-started`, `in-progress`, `submitted`, or `returned`
    /// (sent back for revision and not submitted again yet).
    static func status(of state: SessionState) -> String {
        switch state.phase {
        case .submitted: return "submitted"
        case _ where state.returnNote != nil: return "returned"
        // A member who opened the chat and answered nothing has not started: the secretary's list
        // must not show them as "in progress, 0%".
        default: return state.answers.isEmpty ? "not-started" : "in-progress"
        }
    }
}
